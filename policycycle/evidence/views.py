"""Pages of the inventory: the list of sources with their quality profiles, one source's
page (ratings and their history), the source form, and the downloads."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from facilitation.access import process_access
from facilitation.early_headers import sends_headers_early
from facilitation.extensions import db
from facilitation.forms import ConfirmForm
from facilitation.paging import matches_text, requested_page
from facilitation.validation import ValidationFailed

from . import services
from .catalogue import (
    GUIDANCE,
    SCORE_LABELS,
    SCORE_MAX,
    STANDARD_VARIABLE_LABELS,
    USABLE_DEFINITION,
    Dimension,
    SourceType,
)
from .exports import inventory_xlsx, quality_profile_png
from .forms import RateAllForm, RatingForm, SourceForm
from .models import DataSource, IndicatorSource

bp = Blueprint("evidence", __name__, url_prefix="/p/<int:process_id>/evidence")


def status_for(form) -> int:
    return 400 if form.is_submitted() and (form.errors or form.form_errors) else 200


def source_or_404(process_id: int, source_id: int) -> DataSource:
    source = services.get_source(process_id, source_id)
    if source is None:
        abort(404)
    return source


# The usability states a reader can filter the inventory by (services.usability).
USABLE_STATES = (
    ("usable", _l("Usable")),
    ("not_rated", _l("Not rated yet")),
    ("not_usable", _l("Not usable")),
)


@bp.app_template_global("evidence_score_label")
def score_label(score):
    return SCORE_LABELS.get(score, "")


def _chart_context() -> dict:
    return {"dimensions": list(Dimension), "score_max": SCORE_MAX, "score_labels": SCORE_LABELS}


@bp.route("/")
@process_access("read")
@sends_headers_early
def inventory(process_id: int):
    sources = services.list_sources(process_id)
    types_used = {s.source_type for s in sources}
    usable = {s.id: services.usability(s) for s in sources}
    # Filters (type, usability, words) and pages of 50 for a large inventory.
    filters = {
        "type": request.args.get("type", ""),
        "state": request.args.get("state", ""),
        "q": request.args.get("q", "").strip()[:200],
    }
    listed = [
        s
        for s in sources
        if (not filters["type"] or str(s.source_type) == filters["type"])
        and (not filters["state"] or usable[s.id][0] == filters["state"])
        and matches_text(filters["q"], s.name, s.owner.display_name if s.owner else "", s.notes)
    ]
    page = requested_page(len(listed))
    listed = page.slice(listed)
    return render_template(
        "policycycle/evidence/inventory.html",
        sources=listed,
        any_source=bool(sources),
        page=page,
        filters=filters,
        usable_states=USABLE_STATES,
        usable=usable,
        profiles={s.id: services.quality_profile(s) for s in listed},
        guidance=GUIDANCE,
        source_types=list(SourceType),
        types_used=types_used,
        usable_definition=USABLE_DEFINITION,
        **_chart_context(),
    )


def _owner_choices(process_id: int):
    return [(0, _("— choose an institution —"))] + [
        (o.id, o.display_name) for o in services.organisations(process_id)
    ]


def _source_form_page(form, source=None):
    form.owner_id.choices = _owner_choices(g.process.id)
    return render_template(
        "policycycle/evidence/source_form.html", form=form, source=source, guidance=GUIDANCE
    ), status_for(form)


@bp.route("/sources/new", methods=["GET", "POST"])
@process_access("write")
def new_source(process_id: int):
    form = SourceForm()
    if request.method == "GET" and request.args.get("type") in {t.value for t in SourceType}:
        form.source_type.data = request.args["type"]
    if form.validate_on_submit():
        try:
            source = services.save_source(process_id, form.service_data())
        except ValidationFailed as exc:
            db.session.rollback()
            exc.apply_to_form(form)
        else:
            db.session.commit()
            flash(_("The source is added to the inventory. Rate its quality next."), "success")
            return redirect(url_for(".source", process_id=process_id, source_id=source.id))
    return _source_form_page(form)


@bp.route("/sources/<int:source_id>/edit", methods=["GET", "POST"])
@process_access("write")
def edit_source(process_id: int, source_id: int):
    source = source_or_404(process_id, source_id)
    form = SourceForm(obj=source)
    if request.method == "GET":
        form.variables.data = [v for v in source.variable_list if v in STANDARD_VARIABLE_LABELS]
        form.other_variables.data = ", ".join(
            v for v in source.variable_list if v not in STANDARD_VARIABLE_LABELS
        )
    if form.validate_on_submit():
        try:
            services.save_source(process_id, form.service_data(), source)
        except ValidationFailed as exc:
            db.session.rollback()
            exc.apply_to_form(form)
        else:
            db.session.commit()
            flash(_("The source is saved."), "success")
            return redirect(url_for(".source", process_id=process_id, source_id=source.id))
    return _source_form_page(form, source)


@bp.route("/sources/<int:source_id>/delete", methods=["POST"])
@process_access("write")
def delete_source(process_id: int, source_id: int):
    source = source_or_404(process_id, source_id)
    if ConfirmForm().validate_on_submit():
        services.delete_source(source)
        db.session.commit()
        flash(_("The source is removed from the inventory."), "success")
    return redirect(url_for(".inventory", process_id=process_id))


def _source_page(
    source: DataSource,
    rating_form: RatingForm | None = None,
    status: int = 200,
    all_errors: dict | None = None,
    all_values=None,
):
    rating_form = rating_form or RatingForm()
    indicator_links = (
        db.session.execute(
            db.select(IndicatorSource)
            .where(
                IndicatorSource.process_id == source.process_id,
                IndicatorSource.source_id == source.id,
            )
            .order_by(IndicatorSource.id)
        )
        .scalars()
        .all()
    )
    return render_template(
        "policycycle/evidence/source.html",
        source=source,
        profile=services.quality_profile(source),
        usable=services.usability(source),
        history=list(reversed(source.ratings)),
        rating_form=rating_form,
        all_errors=all_errors or {},
        all_values=all_values or {},
        confirm_form=ConfirmForm(),
        indicator_links=indicator_links,
        guidance=GUIDANCE.get(SourceType(source.source_type)),
        usable_definition=USABLE_DEFINITION,
        **_chart_context(),
    ), status


@bp.route("/sources/<int:source_id>")
@process_access("read")
def source(process_id: int, source_id: int):
    source = source_or_404(process_id, source_id)
    form = RatingForm()
    if request.args.get("dimension") in {d.value for d in Dimension}:
        form.dimension.data = request.args["dimension"]
    return _source_page(source, form)


@bp.route("/sources/<int:source_id>/ratings", methods=["POST"])
@process_access("write")
def add_rating(process_id: int, source_id: int):
    source = source_or_404(process_id, source_id)
    form = RatingForm()
    if request.form.get("mode") == "all":
        return _add_all_ratings(process_id, source, RateAllForm())
    if form.validate_on_submit():
        try:
            services.add_rating(
                process_id,
                source.id,
                dimension=form.dimension.data,
                score=form.score.data,
                note=form.note.data,
                rater=current_user,
                rated_on=form.rated_on.data,
            )
        except ValidationFailed as exc:
            db.session.rollback()
            exc.apply_to_form(form)
        else:
            db.session.commit()
            flash(_("The rating is added; earlier ratings stay in the history."), "success")
            return redirect(
                url_for(".source", process_id=process_id, source_id=source.id) + "#profile"
            )
    return _source_page(source, form, 400)


def _add_all_ratings(process_id: int, source, form):
    """The six dimensions on one form: fields ``score-<dimension>``, ``note-<dimension>``."""
    errors = {}
    if form.validate_on_submit():  # the CSRF token and the shared date
        ratings = {
            d.value: (request.form.get(f"score-{d.value}"), request.form.get(f"note-{d.value}"))
            for d in Dimension
        }
        try:
            services.add_ratings(
                process_id, source.id, ratings, rater=current_user, rated_on=form.rated_on.data
            )
        except ValidationFailed as exc:
            db.session.rollback()
            errors = exc.errors if isinstance(exc.errors, dict) else {"form": str(exc)}
        else:
            db.session.commit()
            flash(_("The ratings are added; earlier ratings stay in the history."), "success")
            return redirect(
                url_for(".source", process_id=process_id, source_id=source.id) + "#profile"
            )
    else:
        errors = {"form": _("The form could not be checked; try again.")}
    return _source_page(source, None, 400, all_errors=errors, all_values=request.form)


@bp.route("/sources/<int:source_id>/profile.png")
@process_access("read")
def profile_png(process_id: int, source_id: int):
    source = source_or_404(process_id, source_id)
    return Response(quality_profile_png(source.id), mimetype="image/png")


@bp.route("/inventory.xlsx")
@process_access("read")
def download_xlsx(process_id: int):
    data = inventory_xlsx(process_id)
    filename = f"data-sources-{process_id}.xlsx"
    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/sharing")
@process_access("read")
def sharing(process_id: int):
    from .sharing import sharing_overview

    return render_template(
        "policycycle/evidence/sharing.html",
        overview=sharing_overview(process_id),
        sources=services.list_sources(process_id),
    )
