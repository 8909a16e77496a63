"""Consultation pages: plan and record consultations, participants, the inputs register
("you said, we did"), commitments and the coverage dashboard."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from facilitation.access import process_access
from facilitation.crafted_input import bounded_int
from facilitation.early_headers import sends_headers_early
from facilitation.extensions import db
from facilitation.models import CATEGORY_LABELS, OrganisationCategory
from facilitation.paging import matches_text, requested_page
from facilitation.scoped import get_in_process_or_404
from facilitation.sorting import collation_key
from facilitation.stages import STAGE_BY_KEY, STAGES
from facilitation.validation import ValidationFailed

from .. import consultations as service
from .. import services
from ..coverage import draft_section_titles
from ..forms import CommitmentForm, ConfirmForm, ConsultationForm, InputForm, ParticipantForm
from ..models import (
    Commitment,
    Consultation,
    ConsultationInput,
    ConsultationParticipant,
    Disposition,
)
from . import bp
from .common import choose_label, organisation_choices, status


def _consultation_choices(process_id: int):
    rows = db.session.execute(
        db.select(Consultation.id, Consultation.title)
        .where(Consultation.process_id == process_id)
        .order_by(Consultation.starts_on.desc().nulls_last())
    ).all()
    return [(0, _("— none —"))] + [(r.id, r.title) for r in rows]


@bp.route("/consultations")
@process_access("read")
@sends_headers_early
def consultations(process_id: int):
    return render_template(
        "stakeholders/consultations.html",
        rows=service.consultations(process_id),
        stages=STAGE_BY_KEY,
    )


def _save_consultation(process_id: int, consultation: Consultation | None):
    form = ConsultationForm(obj=consultation)
    if form.validate_on_submit():
        fields = {name: getattr(form, name).data for name in service.CONSULTATION_FIELDS}
        try:
            consultation = service.save_consultation(process_id, consultation, **fields)
        except ValidationFailed as failed:
            db.session.rollback()
            failed.apply_to_form(form)
        else:
            db.session.commit()
            flash(_("Consultation saved."), "success")
            return redirect(
                url_for(".consultation", process_id=process_id, consultation_id=consultation.id)
            )
    return render_template(
        "stakeholders/consultation_form.html", form=form, consultation=consultation
    ), status(form)


@bp.route("/consultations/new", methods=["GET", "POST"])
@process_access("write")
def new_consultation(process_id: int):
    return _save_consultation(process_id, None)


@bp.route("/consultations/<int:consultation_id>/edit", methods=["GET", "POST"])
@process_access("write")
def edit_consultation(process_id: int, consultation_id: int):
    return _save_consultation(
        process_id, get_in_process_or_404(Consultation, consultation_id, process_id)
    )


def _consultation_page(process_id, consultation, participant_form=None, code=200):
    participant_form = participant_form or ParticipantForm()
    participant_form.organisation_id.choices = organisation_choices(process_id, choose_label())
    participants = sorted(
        consultation.participants, key=lambda p: collation_key(p.organisation.name)
    )
    return render_template(
        "stakeholders/consultation.html",
        consultation=consultation,
        participants=participants,
        stage=STAGE_BY_KEY[consultation.stage],
        form=participant_form,
        confirm_form=ConfirmForm(),
        commitments=db.session.execute(
            db.select(Commitment).where(Commitment.consultation_id == consultation.id)
        )
        .scalars()
        .all(),
        categories=CATEGORY_LABELS,
    ), code


@bp.route("/consultations/<int:consultation_id>")
@process_access("read")
def consultation(process_id: int, consultation_id: int):
    return _consultation_page(
        process_id, get_in_process_or_404(Consultation, consultation_id, process_id)
    )


def _participants_fragment(process_id, consultation, form, saved: bool):
    """The participants section alone, for htmx: errors show inline, a save shows the
    updated list with an empty form (status 200 so htmx swaps it in)."""
    if saved:
        form = ParticipantForm(formdata=None)
    form.organisation_id.choices = organisation_choices(process_id, choose_label())
    db.session.refresh(consultation)
    return render_template(
        "stakeholders/_participants.html",
        consultation=consultation,
        participants=sorted(
            consultation.participants, key=lambda p: collation_key(p.organisation.name)
        ),
        form=form,
        confirm_form=ConfirmForm(),
        saved=saved,
    )


@bp.route("/consultations/<int:consultation_id>/participants", methods=["POST"])
@process_access("write")
def set_participant(process_id: int, consultation_id: int):
    consultation = get_in_process_or_404(Consultation, consultation_id, process_id)
    form = ParticipantForm()
    form.organisation_id.choices = organisation_choices(process_id, choose_label())
    saved = False
    if form.validate_on_submit():
        try:
            service.set_participant(
                consultation,
                form.organisation_id.data,
                women=form.women.data or 0,
                men=form.men.data or 0,
                other=form.other.data or 0,
            )
        except ValidationFailed as failed:
            db.session.rollback()
            failed.apply_to_form(form)
        else:
            db.session.commit()
            saved = True
    if request.headers.get("HX-Request"):
        return _participants_fragment(process_id, consultation, form, saved)
    if saved:
        flash(_("Participation saved."), "success")
        return redirect(
            url_for(".consultation", process_id=process_id, consultation_id=consultation.id)
        )
    return _consultation_page(process_id, consultation, form, code=400)


@bp.route(
    "/consultations/<int:consultation_id>/participants/<int:participant_id>/delete",
    methods=["POST"],
)
@process_access("write")
def delete_participant(process_id: int, consultation_id: int, participant_id: int):
    row = get_in_process_or_404(ConsultationParticipant, participant_id, process_id)
    if row.consultation_id != consultation_id:
        return redirect(url_for(".consultations", process_id=process_id))
    if ConfirmForm().validate_on_submit():
        db.session.delete(row)
        db.session.commit()
        flash(_("Participant removed."), "success")
    return redirect(
        url_for(".consultation", process_id=process_id, consultation_id=consultation_id)
    )


@bp.route("/inputs")
@process_access("read")
@sends_headers_early
def inputs(process_id: int):
    show = request.args.get("show", "")
    rows = service.inputs(process_id)
    if show == "open":
        rows = [r for r in rows if not r.disposition]
    words = request.args.get("q", "").strip()[:200]
    if words:
        rows = [
            r
            for r in rows
            if matches_text(
                words, r.text, r.concerns, r.justification, r.organisation and r.organisation.name
            )
        ]
    page = requested_page(len(rows))
    return render_template(
        "stakeholders/inputs.html",
        rows=page.slice(rows),
        page=page,
        words=words,
        show=show,
        commitments=service.commitments(process_id),
        today=date.today(),
        dispositions=Disposition,
    )


def _input_form(process_id: int, row=None) -> InputForm:
    form = InputForm(obj=row)
    form.organisation_id.choices = organisation_choices(process_id, choose_label())
    form.consultation_id.choices = _consultation_choices(process_id)
    form.concerns.render_kw = {"list": "concern-suggestions"}
    if request.method == "GET" and row is None:
        form.consultation_id.data = request.args.get("consultation", 0, type=bounded_int)
    if request.method == "GET" and row is not None:
        form.disposition.data = row.disposition or ""
        form.consultation_id.data = row.consultation_id or 0
    return form


def _save_input(process_id: int, row: ConsultationInput | None):
    form = _input_form(process_id, row)
    if form.validate_on_submit():
        fields = {
            name: getattr(form, name).data
            for name in (
                "organisation_id",
                "consultation_id",
                "text",
                "concerns",
                "disposition",
                "justification",
                "feedback_sent_on",
            )
        }
        try:
            service.save_input(process_id, row, **fields)
        except ValidationFailed as failed:
            db.session.rollback()
            failed.apply_to_form(form)
        else:
            db.session.commit()
            flash(_("Input saved."), "success")
            return redirect(url_for(".inputs", process_id=process_id))
    suggestions = [str(s.label) for s in STAGES] + draft_section_titles(process_id)
    return render_template(
        "stakeholders/input_form.html", form=form, row=row, suggestions=suggestions
    ), status(form)


@bp.route("/inputs/new", methods=["GET", "POST"])
@process_access("write")
def new_input(process_id: int):
    return _save_input(process_id, None)


@bp.route("/inputs/<int:input_id>/edit", methods=["GET", "POST"])
@process_access("write")
def edit_input(process_id: int, input_id: int):
    return _save_input(process_id, get_in_process_or_404(ConsultationInput, input_id, process_id))


def _save_commitment(process_id: int, row: Commitment | None):
    form = CommitmentForm(obj=row)
    form.organisation_id.choices = organisation_choices(process_id, _("— none —"))
    form.consultation_id.choices = _consultation_choices(process_id)
    if request.method == "GET" and row is not None:
        form.organisation_id.data = row.organisation_id or 0
        form.consultation_id.data = row.consultation_id or 0
    if form.validate_on_submit():
        fields = {
            name: getattr(form, name).data
            for name in (
                "text",
                "organisation_id",
                "consultation_id",
                "responsible",
                "status",
                "due_on",
            )
        }
        try:
            service.save_commitment(process_id, row, **fields)
        except ValidationFailed as failed:
            db.session.rollback()
            failed.apply_to_form(form)
        else:
            db.session.commit()
            flash(_("Commitment saved."), "success")
            return redirect(url_for(".inputs", process_id=process_id) + "#commitments")
    return render_template("stakeholders/commitment_form.html", form=form, row=row), status(form)


@bp.route("/commitments/new", methods=["GET", "POST"])
@process_access("write")
def new_commitment(process_id: int):
    return _save_commitment(process_id, None)


@bp.route("/commitments/<int:commitment_id>/edit", methods=["GET", "POST"])
@process_access("write")
def edit_commitment(process_id: int, commitment_id: int):
    return _save_commitment(
        process_id, get_in_process_or_404(Commitment, commitment_id, process_id)
    )


@bp.route("/coverage")
@process_access("read")
@sends_headers_early
def coverage(process_id: int):
    result = services.coverage(process_id)
    return render_template(
        "stakeholders/coverage.html",
        cov=result,
        stages=STAGES,
        stage_by_key=STAGE_BY_KEY,
        category_labels={c.value: CATEGORY_LABELS[c] for c in OrganisationCategory},
        today=date.today(),
    )


def _delete(process_id: int, model, object_id: int, message: str, endpoint: str):
    row = get_in_process_or_404(model, object_id, process_id)
    if ConfirmForm().validate_on_submit():
        db.session.delete(row)
        db.session.commit()
        flash(message, "success")
    return redirect(url_for(endpoint, process_id=process_id))


@bp.route("/consultations/<int:consultation_id>/delete", methods=["POST"])
@process_access("write")
def delete_consultation(process_id: int, consultation_id: int):
    """Its participants go with it; its inputs and commitments stay, unlinked."""
    return _delete(
        process_id, Consultation, consultation_id, _("Consultation removed."), ".consultations"
    )


@bp.route("/inputs/<int:input_id>/delete", methods=["POST"])
@process_access("write")
def delete_input(process_id: int, input_id: int):
    return _delete(process_id, ConsultationInput, input_id, _("Input removed."), ".inputs")


@bp.route("/commitments/<int:commitment_id>/delete", methods=["POST"])
@process_access("write")
def delete_commitment(process_id: int, commitment_id: int):
    return _delete(process_id, Commitment, commitment_id, _("Commitment removed."), ".inputs")
