"""The validation stage: is the policy ready, which round tables reviewed it, which
versions exist, and who endorsed it."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from facilitation import services as process_services
from facilitation.access import object_in_process_or_404, process_access
from facilitation.extensions import db
from facilitation.forms import ConfirmForm

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
    from stakeholders.services import consultation_report

    return [
        c
        for c in consultation_report(process_id)["consultations"]
        if str(c["method"]) == ROUND_TABLE
    ]


def _versions(process_id: int) -> list:
    if "drafting" not in current_app.blueprints:
        return []
    from drafting.services import drafts_of

    rows = []
    for draft in drafts_of(process_id):
        rows.extend((draft, version) for version in draft.versions)
    rows.sort(key=lambda pair: pair[1].created_at, reverse=True)
    return rows


def _page(process_id: int, form: EndorsementForm, status: int = 200):
    readiness = process_services.readiness_by_stage(process_id)
    return render_template(
        "policycycle/validation/page.html",
        form=form,
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
    endorsement = object_in_process_or_404(Endorsement, endorsement_id, process_id)
    if ConfirmForm().validate_on_submit():
        db.session.delete(endorsement)
        db.session.commit()
        flash(_("The record is removed; the activity record keeps it."), "success")
    return redirect(url_for("validation.page", process_id=process_id))
