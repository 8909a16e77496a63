"""The validation stage: is the policy ready, which round tables reviewed it, which
versions exist, and who endorsed it."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitation import services as process_services
from facilitation.access import process_access
from facilitation.early_headers import sends_headers_early
from facilitation.extensions import db
from facilitation.forms import ConfirmForm, StageDecisionForm
from facilitation.models import StageState
from facilitation.scoped import get_in_process_or_404
from facilitation.validation import ValidationFailed

from .forms import EndorsementForm
from .models import Decision, Endorsement

bp = Blueprint("validation", __name__, url_prefix="/p/<int:process_id>/validation")
ROUND_TABLE = "validation_round_table"


def endorsements(process_id: int) -> list[Endorsement]:
    return list(
        db.session.scalars(
            db.select(Endorsement)
            .where(Endorsement.process_id == process_id)
            .order_by(Endorsement.decided_on.desc(), Endorsement.id.desc())
        )
    )


def _round_tables(process_id: int) -> list[dict]:
    if "stakeholders" not in current_app.blueprints:
        return []
    from stakeholders.services import consultation_summaries

    return consultation_summaries(process_id, method=ROUND_TABLE)[0]


VERSIONS_LISTED = 8


def _versions(process_id: int) -> list:
    if "drafting" not in current_app.blueprints:
        return []
    from drafting.services import latest_versions

    return latest_versions(process_id, VERSIONS_LISTED)


def _signoff(process_id: int) -> dict | None:
    """Open objections and reservations of the sign-off, when the drafting package is on."""
    if "signoff" not in current_app.blueprints:
        return None
    from drafting.signoff import services as signoff_services

    rows = [r for r in signoff_services.register(process_id) if r.is_open]
    return {
        "objections": [r for r in rows if r.stance.value == "object"],
        "reservations": [r for r in rows if r.stance.value == "reservation"],
        "drafts": _policy_drafts(process_id),
    }


def _policy_drafts(process_id: int) -> list:
    from drafting.services import drafts_of

    return [d for d in drafts_of(process_id) if d.kind.value == "policy"]


def _stage_state(process_id: int) -> StageState | None:
    return db.session.scalar(
        db.select(StageState).where(
            StageState.process_id == process_id, StageState.stage == "validation"
        )
    )


def _page(
    process_id: int,
    form: EndorsementForm,
    status: int = 200,
    agree_form: StageDecisionForm | None = None,
):
    readiness = process_services.readiness_by_stage(process_id)
    return render_template(
        "policycycle/validation/page.html",
        form=form,
        agree_form=agree_form or StageDecisionForm(),
        stage_state=_stage_state(process_id),
        signoff=_signoff(process_id),
        stage_breaks=readiness.get("validation", {}).get("error", 0),
        endorsements=endorsements(process_id),
        round_tables=_round_tables(process_id),
        versions=_versions(process_id),
        breaks=sum(c["error"] for c in readiness.values()),
        warnings=sum(c["warning"] for c in readiness.values()),
        readiness_endpoint="planning.readiness_page"
        if "planning.readiness_page" in current_app.view_functions
        else None,
        exports_endpoint="exports.index" if "exports.index" in current_app.view_functions else None,
        confirm_form=ConfirmForm(),
        today=date.today(),
    ), status


@bp.route("/")
@process_access("read")
@sends_headers_early
def page(process_id: int):
    return _page(process_id, EndorsementForm())


@bp.route("/endorsements", methods=["POST"])
@process_access("manage")
def record(process_id: int):
    form = EndorsementForm()
    if not form.validate_on_submit():
        return _page(process_id, form, 400)
    if form.decided_on.data > date.today():
        form.decided_on.errors = [_("A decision cannot be dated in the future.")]
        return _page(process_id, form, 400)
    db.session.add(
        Endorsement(
            process_id=process_id,
            body=form.body.data.strip(),
            decision=Decision(form.decision.data),
            decided_on=form.decided_on.data,
            reference=(form.reference.data or "").strip(),
            version_label=(form.version_label.data or "").strip(),
            note=form.note.data or "",
        )
    )
    db.session.commit()
    flash(_("The decision is recorded."), "success")
    return redirect(url_for("validation.page", process_id=process_id))


@bp.route("/endorsements/<int:endorsement_id>/delete", methods=["POST"])
@process_access("manage")
def delete(process_id: int, endorsement_id: int):
    endorsement = get_in_process_or_404(Endorsement, endorsement_id, process_id)
    if ConfirmForm().validate_on_submit():
        db.session.delete(endorsement)
        db.session.commit()
        flash(_("The record is removed; the activity record keeps it."), "success")
    return redirect(url_for("validation.page", process_id=process_id))


@bp.route("/agree", methods=["POST"])
@process_access("manage")
def agree(process_id: int):
    """Agree the validation stage from its own page; with objections still open, the
    decision that agrees it all the same is asked for, field by field."""
    form = StageDecisionForm()
    if not form.validate_on_submit():
        return _page(process_id, EndorsementForm(formdata=None), 400, form)
    try:
        process_services.agree_stage(
            process_id,
            "validation",
            current_user,
            form.note.data or "",
            accept_breaks=bool(form.confirm_breaks.data),
            decision_reference=form.decision_reference.data or "",
            decision_text=form.decision_text.data or "",
        )
    except ValidationFailed as exc:
        db.session.rollback()
        exc.apply_to_form(form)
        return _page(process_id, EndorsementForm(formdata=None), 400, form)
    db.session.commit()
    flash(_("The validation stage is agreed."), "success")
    return redirect(url_for("validation.page", process_id=process_id))
