"""Consultations: planning, participants (attendance by sex), the inputs register
("you said, we did") and commitments. Services flush; the caller commits once."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from facilitation.extensions import db
from facilitation.models import Organisation
from facilitation.stages import STAGE_KEYS
from facilitation.validation import ValidationFailed, in_process

from .assessment import EngagementLevel
from .models import (
    Commitment,
    CommitmentStatus,
    Consultation,
    ConsultationInput,
    ConsultationMethod,
    ConsultationParticipant,
    Disposition,
)

CONSULTATION_FIELDS = (
    "title",
    "stage",
    "method",
    "participation_level",
    "purpose",
    "questions",
    "target_groups",
    "starts_on",
    "ends_on",
    "responsible",
    "held",
    "topics",
    "sections",
    "minutes",
    "attendance_women",
    "attendance_men",
    "attendance_other",
)


def _check_consultation(fields: dict) -> dict[str, str]:
    errors = {}
    if not (fields.get("title") or "").strip():
        errors["title"] = _("Give the consultation a title.")
    if fields.get("stage") not in STAGE_KEYS:
        errors["stage"] = _("Choose the stage of the policy cycle.")
    if fields.get("method") not in {m.value for m in ConsultationMethod}:
        errors["method"] = _("Choose a method from the list.")
    if fields.get("participation_level") not in {e.value for e in EngagementLevel}:
        errors["participation_level"] = _("Choose a participation level from the list.")
    for key in ("attendance_women", "attendance_men", "attendance_other"):
        value = fields.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 0
        ):
            errors[key] = _("Write a number of people (0 or more).")
    starts, ends = fields.get("starts_on"), fields.get("ends_on")
    if starts and ends and ends < starts:
        errors["ends_on"] = _("The end date is before the start date.")
    return errors


def save_consultation(process_id: int, consultation: Consultation | None = None, **fields):
    errors = _check_consultation(fields)
    if errors:
        raise ValidationFailed(errors)
    if consultation is None:
        consultation = Consultation(process_id=process_id)
        db.session.add(consultation)
    for key in CONSULTATION_FIELDS:
        if key in fields:
            value = fields[key]
            setattr(consultation, key, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    return consultation


def consultations(
    process_id: int, method: str | None = None, with_inputs: bool = True
) -> list[Consultation]:
    """The process's consultations, latest first; only those of ``method`` if given, and
    without their inputs loaded when the caller reads none (the validation page)."""
    # Participants' organisations in the same round trip: the report and the validation
    # page name each one (a query per participant before).
    options = [
        selectinload(Consultation.participants).joinedload(ConsultationParticipant.organisation)
    ]
    if with_inputs:
        options.append(selectinload(Consultation.inputs))
    query = db.select(Consultation).where(Consultation.process_id == process_id)
    if method is not None:
        query = query.where(Consultation.method == method)
    return list(
        db.session.execute(
            query.options(*options).order_by(
                Consultation.starts_on.desc().nulls_last(), Consultation.id.desc()
            )
        ).scalars()
    )


def _count(value, field: str) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationFailed({field: _("Write a number of people (0 or more).")})
    return value


def set_participant(
    consultation: Consultation, organisation_id, *, women=0, men=0, other=0
) -> ConsultationParticipant:
    """Add an organisation to a consultation or update its attendance counts."""
    org = in_process(
        Organisation,
        organisation_id,
        consultation.process_id,
        "organisation_id",
        _("an organisation"),
    )
    if org is None:
        raise ValidationFailed({"organisation_id": _("Choose the organisation that took part.")})
    counts = {
        "women": _count(women, "women"),
        "men": _count(men, "men"),
        "other": _count(other, "other"),
    }
    row = db.session.execute(
        db.select(ConsultationParticipant).where(
            ConsultationParticipant.consultation_id == consultation.id,
            ConsultationParticipant.organisation_id == org.id,
        )
    ).scalar_one_or_none()
    if row is None:
        row = ConsultationParticipant(
            process_id=consultation.process_id,
            consultation_id=consultation.id,
            organisation_id=org.id,
        )
        db.session.add(row)
    for key, value in counts.items():
        setattr(row, key, value)
    db.session.flush()
    return row


def _check_disposition(disposition, justification: str) -> dict[str, str]:
    errors = {}
    if disposition and disposition not in {d.value for d in Disposition}:
        errors["disposition"] = _("Choose a disposition from the list.")
    elif disposition and disposition != Disposition.ACCEPTED and not justification.strip():
        errors["justification"] = _(
            "Explain the decision: the stakeholder is owed a reason when an input is not "
            "fully accepted."
        )
    return errors


def save_input(process_id: int, row: ConsultationInput | None = None, **fields):
    """Record or update one input; a disposition other than "accepted" needs a reason."""
    consultation = in_process(
        Consultation,
        fields.get("consultation_id"),
        process_id,
        "consultation_id",
        _("a consultation"),
    )
    org = in_process(
        Organisation,
        fields.get("organisation_id"),
        process_id,
        "organisation_id",
        _("an organisation"),
    )
    text = (fields.get("text") or "").strip()
    disposition = fields.get("disposition") or None
    justification = fields.get("justification") or ""
    errors = _check_disposition(disposition, justification)
    if not text:
        errors["text"] = _("Write what the stakeholder said.")
    if org is None:
        errors["organisation_id"] = _("Choose the organisation the input came from.")
    if fields.get("feedback_sent_on") and not disposition:
        errors["feedback_sent_on"] = _("Decide on the input before sending feedback.")
    if errors:
        raise ValidationFailed(errors)
    if row is None:
        row = ConsultationInput(process_id=process_id, text=text)
        db.session.add(row)
    row.consultation_id = consultation.id if consultation else None
    row.organisation_id = org.id
    row.text = text
    row.concerns = (fields.get("concerns") or "").strip()
    row.disposition = disposition
    row.justification = justification.strip()
    row.feedback_sent_on = fields.get("feedback_sent_on")
    db.session.flush()
    return row


def inputs(process_id: int) -> list[ConsultationInput]:
    return list(
        db.session.execute(
            db.select(ConsultationInput)
            .where(ConsultationInput.process_id == process_id)
            .options(
                selectinload(ConsultationInput.organisation),
                selectinload(ConsultationInput.consultation),
            )
            .order_by(ConsultationInput.id)
        ).scalars()
    )


def save_commitment(process_id: int, row: Commitment | None = None, **fields) -> Commitment:
    consultation = in_process(
        Consultation,
        fields.get("consultation_id"),
        process_id,
        "consultation_id",
        _("a consultation"),
    )
    org = in_process(
        Organisation,
        fields.get("organisation_id"),
        process_id,
        "organisation_id",
        _("an organisation"),
    )
    text = (fields.get("text") or "").strip()
    status = fields.get("status") or CommitmentStatus.OPEN.value
    errors = {}
    if not text:
        errors["text"] = _("Write what was promised.")
    if status not in {s.value for s in CommitmentStatus}:
        errors["status"] = _("Choose a status from the list.")
    if errors:
        raise ValidationFailed(errors)
    if row is None:
        row = Commitment(process_id=process_id, text=text)
        db.session.add(row)
    row.consultation_id = consultation.id if consultation else None
    row.organisation_id = org.id if org else None
    row.text = text
    row.responsible = (fields.get("responsible") or "").strip()
    row.status = status
    row.due_on = fields.get("due_on")
    db.session.flush()
    return row


def commitments(process_id: int) -> list[Commitment]:
    return list(
        db.session.execute(
            db.select(Commitment)
            .where(Commitment.process_id == process_id)
            .options(selectinload(Commitment.organisation))
            .order_by(Commitment.due_on.asc().nulls_last(), Commitment.id)
        ).scalars()
    )


def record_workshop_consultation(
    process_id: int,
    title: str,
    on: date,
    stage: str,
    participants_by_org: dict[int, dict[str, int]],
    *,
    topics: str = "",
    minutes: str = "",
) -> Consultation:
    """Record a held workshop as a consultation of method "workshop".

    ``participants_by_org`` maps organisation ids (of this process) to attendance
    counts ``{"women": n, "men": n, "other": n}`` (missing keys count 0). Refuses an
    unknown stage or an organisation of another process (``ValidationFailed``);
    nothing is written then. Flushes; the caller commits.
    """
    for org_id in participants_by_org:
        in_process(Organisation, org_id, process_id, "organisation_id", _("an organisation"))
    consultation = save_consultation(
        process_id,
        title=title,
        stage=stage,
        method=ConsultationMethod.WORKSHOP.value,
        participation_level=EngagementLevel.INVOLVE.value,
        starts_on=on,
        ends_on=on,
        held=True,
        topics=topics,
        minutes=minutes,
    )
    for org_id, counts in participants_by_org.items():
        set_participant(
            consultation, org_id, **{k: counts.get(k, 0) for k in ("women", "men", "other")}
        )
    return consultation


def add_inputs(
    consultation: Consultation, organisation: Organisation, items: list[tuple[str, str]]
) -> list[ConsultationInput]:
    """Record many inputs of one organisation to one consultation at once (an imported
    review): ``items`` are (text, concerns) pairs; empty texts are refused. Flushes once."""
    if consultation.process_id != organisation.process_id:
        raise ValidationFailed({"organisation_id": _("Choose an organisation from this process.")})
    if any(not (text or "").strip() for text, _concerns in items):
        raise ValidationFailed({"text": _("Write what the stakeholder said.")})
    rows = [
        ConsultationInput(
            process_id=consultation.process_id,
            consultation_id=consultation.id,
            organisation_id=organisation.id,
            text=text.strip(),
            concerns=(concerns or "").strip()[:200],
        )
        for text, concerns in items
    ]
    db.session.add_all(rows)
    db.session.flush()
    return rows
