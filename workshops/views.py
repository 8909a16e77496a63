"""Member pages: plan a session, run it (console and projector), and its records."""

from __future__ import annotations

import io

import segno
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from facilitation.access import MANAGE, can, process_access
from facilitation.early_headers import sends_headers_early
from facilitation.extensions import db
from facilitation.scoped import get_in_process_or_404
from facilitation.validation import ValidationFailed
from policycycle import workshop_links

from . import intake, join_address, live, records, report, services
from .forms import AgendaItemForm, ConfirmForm, WorkshopForm
from .models import ActivityKind, AgendaItem, CycleTarget, Workshop, WorkshopStatus

bp = Blueprint("workshops", __name__, static_folder="static", static_url_path="/workshops-static")


def _status(form) -> int:
    return 400 if form.is_submitted() and form.errors else 200


def _workshop(process_id: int, workshop_id: int) -> Workshop:
    return get_in_process_or_404(Workshop, workshop_id, process_id)


def _item(workshop: Workshop, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.workshop_id != workshop.id:
        abort(404)
    return item


def join_url(workshop: Workshop) -> str:
    return join_address.join_url(workshop)


def qr_inline(workshop: Workshop) -> Markup:
    """The join address as an inline SVG QR code (markup generated here, no user text)."""
    svg = segno.make(join_url(workshop), error="m").svg_inline(
        scale=10,
        border=2,
        dark="#000",
        light="#fff",
        omitsize=True,
        title=_("QR code of the join address"),
    )
    return Markup(svg)


# --- Sessions ------------------------------------------------------------------------------


@bp.route("/p/<int:process_id>/workshops/")
@process_access("read")
@sends_headers_early
def index(process_id: int):
    return render_template("workshops/index.html", workshops=services.workshops_of(process_id))


@bp.route("/p/<int:process_id>/workshops/new", methods=["GET", "POST"])
@process_access("write")
def create(process_id: int):
    form = WorkshopForm()
    if form.validate_on_submit():
        workshop = services.create_workshop(
            process_id,
            current_user,
            title=form.title.data,
            session_date=form.session_date.data,
            venue=form.venue.data or "",
            purpose=form.purpose.data or "",
        )
        db.session.commit()
        flash(_("The session is planned. Add its agenda next."), "success")
        return redirect(url_for(".detail", process_id=process_id, workshop_id=workshop.id))
    return render_template("workshops/workshop_form.html", form=form, workshop=None), _status(form)


@bp.route("/p/<int:process_id>/workshops/<int:workshop_id>/")
@process_access("read")
def detail(process_id: int, workshop_id: int):
    workshop = _workshop(process_id, workshop_id)
    return render_template(
        "workshops/detail.html",
        workshop=workshop,
        join_url=join_url(workshop),
        loopback_only=join_address.listens_on_loopback_only(current_app.config.get("LISTENING_ON")),
        qr=qr_inline(workshop),
        confirm_form=ConfirmForm(),
        participants=services.participant_count(workshop),
    )


@bp.route("/p/<int:process_id>/workshops/<int:workshop_id>/edit", methods=["GET", "POST"])
@process_access("write")
def edit(process_id: int, workshop_id: int):
    workshop = _workshop(process_id, workshop_id)
    form = WorkshopForm(obj=workshop)
    if form.validate_on_submit():
        services.update_workshop(
            workshop,
            title=form.title.data,
            session_date=form.session_date.data,
            venue=form.venue.data or "",
            purpose=form.purpose.data or "",
        )
        db.session.commit()
        flash(_("The session is saved."), "success")
        return redirect(url_for(".detail", process_id=process_id, workshop_id=workshop.id))
    return (
        render_template("workshops/workshop_form.html", form=form, workshop=workshop),
        _status(form),
    )


@bp.route("/p/<int:process_id>/workshops/<int:workshop_id>/delete", methods=["POST"])
@process_access("manage")
def delete(process_id: int, workshop_id: int):
    workshop = _workshop(process_id, workshop_id)
    if ConfirmForm().validate_on_submit():
        services.delete_workshop(workshop)
        db.session.commit()
        flash(_("The session and its records are deleted."), "success")
    return redirect(url_for(".index", process_id=process_id))


# --- Agenda ----------------------------------------------------------------------------------


def _item_form(workshop: Workshop, item: AgendaItem | None = None) -> AgendaItemForm:
    form = AgendaItemForm(obj=item)
    form.source_item_id.choices = [(0, _("— the process's own items —"))] + [
        (i.id, i.title)
        for i in workshop.items
        if i.kind == ActivityKind.BRAINSTORM and (item is None or i.id != item.id)
    ]
    objectives = workshop_links.objectives(workshop.process_id, specific_only=True)
    form.objective_id.choices = [(0, _("— none —"))] + [(o.id, o.title) for o in objectives]
    return form


def _save_item(workshop: Workshop, form: AgendaItemForm, item: AgendaItem | None):
    try:
        saved = services.save_item(
            workshop,
            item,
            title=form.title.data,
            duration_minutes=form.duration_minutes.data,
            kind=form.kind.data,
            feeds=form.feeds.data,
            anonymous=form.anonymous.data,
            dots=form.dots.data,
            max_per_choice=form.max_per_choice.data,
            source_item_id=form.source_item_id.data,
            objective_id=form.objective_id.data,
            statement=form.statement.data,
        )
    except ValidationFailed as failed:
        db.session.rollback()
        failed.apply_to_form(form)
        return None
    db.session.commit()
    return saved


@bp.route("/p/<int:process_id>/workshops/<int:workshop_id>/items/new", methods=["GET", "POST"])
@process_access("write")
def item_create(process_id: int, workshop_id: int):
    workshop = _workshop(process_id, workshop_id)
    form = _item_form(workshop)
    if form.validate_on_submit() and _save_item(workshop, form, None):
        flash(_("The agenda item is added."), "success")
        return redirect(url_for(".detail", process_id=process_id, workshop_id=workshop.id))
    return render_template(
        "workshops/item_form.html",
        form=form,
        workshop=workshop,
        item=None,
        kinds=ActivityKind,
        targets=CycleTarget,
    ), _status(form)


@bp.route(
    "/p/<int:process_id>/workshops/<int:workshop_id>/items/<int:item_id>/edit",
    methods=["GET", "POST"],
)
@process_access("write")
def item_edit(process_id: int, workshop_id: int, item_id: int):
    workshop = _workshop(process_id, workshop_id)
    item = _item(workshop, item_id)
    form = _item_form(workshop, item)
    if request.method == "GET":
        form.source_item_id.data = item.source_item_id or 0
        form.objective_id.data = item.objective_id or 0
    if form.validate_on_submit() and _save_item(workshop, form, item):
        flash(_("The agenda item is saved."), "success")
        return redirect(url_for(".detail", process_id=process_id, workshop_id=workshop.id))
    return render_template(
        "workshops/item_form.html",
        form=form,
        workshop=workshop,
        item=item,
        kinds=ActivityKind,
        targets=CycleTarget,
    ), _status(form)


@bp.route(
    "/p/<int:process_id>/workshops/<int:workshop_id>/items/<int:item_id>/delete",
    methods=["POST"],
)
@process_access("write")
def item_delete(process_id: int, workshop_id: int, item_id: int):
    workshop = _workshop(process_id, workshop_id)
    item = _item(workshop, item_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.delete_item(workshop, item)
            db.session.commit()
            flash(_("The agenda item is removed."), "success")
        except ValidationFailed as failed:
            db.session.rollback()
            flash(str(failed), "error")
    return redirect(url_for(".detail", process_id=process_id, workshop_id=workshop.id))


@bp.route(
    "/p/<int:process_id>/workshops/<int:workshop_id>/items/<int:item_id>/move",
    methods=["POST"],
)
@process_access("write")
def item_move(process_id: int, workshop_id: int, item_id: int):
    workshop = _workshop(process_id, workshop_id)
    item = _item(workshop, item_id)
    if ConfirmForm().validate_on_submit():
        services.move_item(workshop, item, -1 if request.form.get("direction") == "up" else 1)
        db.session.commit()
    return redirect(url_for(".detail", process_id=process_id, workshop_id=workshop.id))


# --- Live screens ---------------------------------------------------------------------------


@bp.route("/p/<int:process_id>/workshops/<int:workshop_id>/console")
@process_access("read")
def console(process_id: int, workshop_id: int):
    workshop = _workshop(process_id, workshop_id)
    objectives = workshop_links.objectives(process_id)
    return render_template(
        "workshops/console.html",
        workshop=workshop,
        join_url=join_url(workshop),
        join_bases=join_address.offered(),
        on_network=bool(join_address.lan_addresses())
        or not request.host.startswith(("127.", "localhost", "[::1]")),
        loopback_only=join_address.listens_on_loopback_only(current_app.config.get("LISTENING_ON")),
        objectives=objectives,
        can_run=g.membership.can_write,
        strings=live.client_strings(),
        quadrants=[{"key": key, "label": label} for key, label in workshop_links.swot_quadrants()],
        drafts=[{"id": d.id, "title": d.title} for d in intake.drafts_of(process_id)],
    )


@bp.route("/p/<int:process_id>/workshops/<int:workshop_id>/projector")
@process_access("read")
def projector(process_id: int, workshop_id: int):
    workshop = _workshop(process_id, workshop_id)
    return render_template(
        "workshops/projector.html",
        workshop=workshop,
        join_url=join_url(workshop),
        qr_url=join_address.session_fields(workshop)["qr_url"],
        strings=live.client_strings(),
    )


@bp.route("/p/<int:process_id>/workshops/<int:workshop_id>/qr.svg")
@process_access("read")
def qr_code(process_id: int, workshop_id: int):
    workshop = _workshop(process_id, workshop_id)
    out = io.BytesIO()
    segno.make(join_url(workshop), error="m").save(
        out, kind="svg", scale=10, border=2, dark="#000", light="#fff", xmldecl=False
    )
    response = Response(out.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


# --- Records ----------------------------------------------------------------------------------


@bp.route("/p/<int:process_id>/workshops/<int:workshop_id>/records")
@process_access("read")
def records_page(process_id: int, workshop_id: int):
    workshop = _workshop(process_id, workshop_id)
    return render_template(
        "workshops/records.html",
        workshop=workshop,
        record=records.session_record(workshop),
        target_label=intake.target_label,
        confirm_form=ConfirmForm(),
        consultation_available=records.consultation_service() is not None,
    )


@bp.route("/p/<int:process_id>/workshops/<int:workshop_id>/report.docx")
@process_access("read")
def report_docx(process_id: int, workshop_id: int):
    workshop = _workshop(process_id, workshop_id)
    record = records.session_record(workshop)
    if workshop.status == WorkshopStatus.PLANNED and not record["attendance"]["total"]:
        flash(
            _(
                "This workshop has not taken place yet, so there is nothing to report. "
                "The report can be downloaded once the session has been run."
            ),
            "warning",
        )
        return redirect(url_for(".records_page", process_id=process_id, workshop_id=workshop.id))
    # Each participant's sex only when a coordinator asks; the totals by sex always.
    personal = request.args.get("personal") == "1"
    if personal and not can(MANAGE):
        abort(403)
    data = report.build(workshop, record, include_personal=personal)
    filename = f"workshop-{workshop.session_date.isoformat()}-{workshop.id}.docx"
    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/p/<int:process_id>/workshops/<int:workshop_id>/record-consultation", methods=["POST"])
@process_access("write")
def record_consultation(process_id: int, workshop_id: int):
    workshop = _workshop(process_id, workshop_id)
    if ConfirmForm().validate_on_submit():
        try:
            records.record_as_consultation(workshop)
            db.session.commit()
            flash(
                _("The session is recorded as a consultation of the stakeholders present."),
                "success",
            )
        except ValidationFailed as failed:
            db.session.rollback()
            flash(str(failed), "error")
    return redirect(url_for(".records_page", process_id=process_id, workshop_id=workshop.id))
