"""Pages of the sign-off: the matrix of a draft (with the form to record a position),
one position with the difference since it was given, and the reservations register."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitation.access import can, process_access
from facilitation.extensions import db
from facilitation.scoped import get_in_process_or_404
from facilitation.validation import ValidationFailed

from .. import services as drafting_services
from ..forms import choices
from ..models import Draft
from . import services
from .forms import ResolveForm, SignoffForm
from .models import ReservationStatus

bp = Blueprint("signoff", __name__, url_prefix="/p/<int:process_id>")


def _draft(process_id: int, draft_id: int) -> Draft:
    return get_in_process_or_404(Draft, draft_id, process_id)


def section_label(section) -> str:
    return f"{section.position}. {section.title or _('Opening text')}"


def _signoff_form(sections, institutions) -> SignoffForm:
    form = SignoffForm()
    form.section_key.choices = choices((s.key, section_label(s)) for s in sections)
    form.organisation_id.choices = choices((str(o.id), o.display_name) for o in institutions)
    if not form.is_submitted():
        own = getattr(g.get("membership"), "organisation_id", None)
        wanted = request.args.get("institution", type=int) or own
        if any(o.id == wanted for o in institutions):
            form.organisation_id.data = str(wanted)
        if request.args.get("section") in {s.key for s in sections}:
            form.section_key.data = request.args["section"]
        form.stance.data = form.stance.data or "agree"
    return form


def _next_section(process_id, draft, sections, row) -> str | None:
    """The next section this institution has no position on the current text of, so a
    focal point goes through the draft in order."""
    grid = services.matrix(process_id, draft, sections)
    institution = row.organisation
    after = [s for s in sections if s.position > row.section_position]
    before = [s for s in sections if s.position <= row.section_position]
    for section in after + before:
        placed = grid.cell(section, institution)
        if placed is None or not placed.on_current_text:
            return section.key
    return None


@bp.route("/drafts/<int:draft_id>/signoff", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def matrix(process_id: int, draft_id: int):
    draft = _draft(process_id, draft_id)
    sections = services.current_sections(process_id, draft)  # before any write
    institutions = services.core_institutions(process_id)
    form = _signoff_form(sections, institutions)
    status = 200
    if form.validate_on_submit():
        try:
            row = services.record(
                process_id,
                draft,
                current_user,
                sections,
                organisation_id=form.organisation_id.data,
                section_key=form.section_key.data,
                stance=form.stance.data,
                reason=form.reason.data,
                proposed_wording=form.proposed_wording.data,
            )
        except ValidationFailed as exc:
            db.session.rollback()
            exc.apply_to_form(form)
            status = 400
        else:
            db.session.commit()
            flash(
                _(
                    "The position of %(institution)s on “%(section)s” is recorded.",
                    institution=row.organisation.name,
                    section=row.section_title or _("Opening text"),
                ),
                "success",
            )
            return redirect(
                url_for(
                    "signoff.matrix",
                    process_id=process_id,
                    draft_id=draft_id,
                    institution=row.organisation_id,
                    section=_next_section(process_id, draft, sections, row),
                )
            )
    elif form.is_submitted():
        status = 400
    return render_template(
        "drafting/signoff/matrix.html",
        draft=draft,
        grid=services.matrix(process_id, draft, sections),
        form=form,
        section_label=section_label,
    ), status


def _entry(process_id: int, signoff_id: int):
    row = services.get_signoff(process_id, signoff_id)
    if row is None:
        abort(404)
    return row


def _detail(process_id: int, row, form: ResolveForm, status: int = 200):
    draft = row.draft
    sections = services.current_sections(process_id, draft)
    placed = next(
        p
        for p in services.place(services.signoffs_of(process_id, draft.id), sections)
        if p.signoff.id == row.id
    )
    return render_template(
        "drafting/signoff/detail.html",
        draft=draft,
        entry=row,
        placed=placed,
        form=form,
    ), status


@bp.route("/signoffs/<int:signoff_id>")
@process_access("read")
def detail(process_id: int, signoff_id: int):
    return _detail(process_id, _entry(process_id, signoff_id), ResolveForm())


@bp.route("/signoffs/<int:signoff_id>/resolve", methods=["POST"])
@process_access("manage")
def resolve(process_id: int, signoff_id: int):
    row = _entry(process_id, signoff_id)
    form = ResolveForm()
    if not form.validate_on_submit():
        return _detail(process_id, row, form, 400)
    try:
        services.resolve(
            process_id,
            row,
            current_user,
            form.status.data,
            form.resolution.data,
            form.decision_reference.data,
        )
    except ValidationFailed as exc:
        db.session.rollback()
        exc.apply_to_form(form)
        return _detail(process_id, row, form, 400)
    db.session.commit()
    flash(_("The outcome is recorded in the register."), "success")
    return redirect(url_for("signoff.register", process_id=process_id))


@bp.route("/reservations")
@process_access("read")
def register(process_id: int):
    rows = services.register(process_id)
    wanted = request.args.get("status", "")
    if wanted in {s.value for s in ReservationStatus}:
        rows = [r for r in rows if r.status == ReservationStatus(wanted)]
    return render_template(
        "drafting/signoff/register.html",
        rows=rows,
        wanted=wanted,
        statuses=list(ReservationStatus),
        drafts=drafting_services.drafts_of(process_id),
        may_resolve=can("manage"),
    )
