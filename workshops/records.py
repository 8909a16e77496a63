"""The record of a session: attendance register, outputs, results, evaluation; and its
entry in the stakeholders' consultation record."""

from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _

from facilitation.extensions import db
from facilitation.validation import ValidationFailed
from stakeholders import services as stakeholder_services

from . import activities, intake, results, rules
from .models import (
    ActivityKind,
    Contribution,
    CycleTarget,
    Evaluation,
    ItemState,
    Sex,
    Workshop,
)

# The stage of the cycle each kind of activity feeds, for the consultation record.
STAGE_OF = {
    CycleTarget.ISSUES: "agenda",
    CycleTarget.SWOT: "analysis",
    CycleTarget.CAUSES: "analysis",
    CycleTarget.OBJECTIVES: "objectives",
    CycleTarget.OPTION_SCORING: "options",
    CycleTarget.INSTRUMENTS: "instruments",
    CycleTarget.ACTION_PLAN: "action_plan",
    CycleTarget.DRAFT_REVIEW: "validation",
}
_SEX_TO_COUNT = {Sex.FEMALE: "women", Sex.MALE: "men", Sex.NOT_STATED: "other"}


def attendance(workshop: Workshop) -> dict:
    people = list(workshop.participants)
    by_institution = Counter(p.institution or _("(not given)") for p in people)
    return {
        "participants": people,
        "total": len(people),
        "by_sex": rules.counts_by((p.sex for p in people), [s.value for s in Sex]),
        "sex_labels": {s.value: s.label for s in Sex},
        "by_institution": sorted(by_institution.items(), key=lambda kv: (-kv[1], kv[0])),
    }


def session_record(workshop: Workshop) -> dict:
    ideas_by_item: dict[int, list[Contribution]] = {}
    for idea in db.session.execute(
        db.select(Contribution)
        .where(Contribution.item_id.in_([i.id for i in workshop.items] or [0]))
        .order_by(Contribution.id)
    ).scalars():
        ideas_by_item.setdefault(idea.item_id, []).append(idea)
    accepted = {link.contribution_id: link for link, _idea in intake.accepted_ideas(workshop)}
    outputs = []
    for item in workshop.items:
        entry = {
            "item": item,
            "ideas": ideas_by_item.get(item.id, []),
            "results": None,
            "columns": {c["key"]: c["label"] for c in activities.board_columns(item)},
        }
        if ActivityKind(item.kind).collects_input and item.kind != ActivityKind.BRAINSTORM:
            entry["results"] = results.results(item)
        outputs.append(entry)
    evaluations = list(
        db.session.execute(
            db.select(Evaluation)
            .where(Evaluation.workshop_id == workshop.id)
            .order_by(Evaluation.id)
        ).scalars()
    )
    return {
        "attendance": attendance(workshop),
        "outputs": outputs,
        "accepted": accepted,
        "evaluation": rules.evaluation_summary(
            {d: getattr(e, d) for d in rules.EVALUATION_DIMENSIONS} for e in evaluations
        ),
        "comments": [e.comments for e in evaluations if e.comments],
        "dimension_labels": dimension_labels(),
        "agreement_labels": agreement_labels(),
    }


def dimension_labels() -> dict[str, str]:
    return {
        "relevance": _("Relevance"),
        "usefulness": _("Usefulness"),
        "expertise": _("Quality of expertise"),
        "organisation": _("Organisation"),
    }


def agreement_labels() -> dict[int, str]:
    return {
        1: _("Whole-hearted support"),
        2: _("Agree with a minor point of contention"),
        3: _("Support with reservations"),
        4: _("Abstain"),
        5: _("More discussion needed"),
        6: _("Don't like it but will support"),
        7: _("Serious disagreement"),
        8: _("Block"),
    }


def verdict_label(verdict: str) -> str:
    return {
        "consensus": _("Consensus"),
        "support_with_reservations": _("Support with reservations"),
        "no_agreement": _("No agreement yet"),
        "blocked": _("Blocked"),
        "no_responses": _("No responses"),
    }.get(verdict, verdict)


def main_stage(workshop: Workshop) -> str:
    stages = Counter(
        STAGE_OF[CycleTarget(i.feeds)] for i in workshop.items if CycleTarget(i.feeds) in STAGE_OF
    )
    return stages.most_common(1)[0][0] if stages else "analysis"


def consultation_service():
    """The stakeholders package's service that records a session as a consultation (the
    workshops stand above that package, so they call it directly)."""
    return stakeholder_services.record_workshop_consultation


def record_as_consultation(workshop: Workshop):
    """Record the session as a held "workshop" consultation, with attendance counted
    by the registry institution each participant picked."""
    service = consultation_service()
    if workshop.consultation_id:
        raise ValidationFailed(_("This session is already recorded as a consultation."))
    by_org: dict[int, dict[str, int]] = {}
    unmatched = 0
    for person in workshop.participants:
        if person.organisation_id is None:
            unmatched += 1
            continue
        counts = by_org.setdefault(person.organisation_id, {"women": 0, "men": 0, "other": 0})
        counts[_SEX_TO_COUNT[Sex(person.sex)]] += 1
    if not by_org:
        raise ValidationFailed(
            _("No participant picked an institution of the registry, so there is nobody to record.")
        )
    topics = "; ".join(i.title for i in workshop.items)
    minutes = _(
        "Recorded from the workshop session of %(date)s.", date=workshop.session_date.isoformat()
    )
    if unmatched:
        minutes += " " + _(
            "%(n)d participants did not pick an institution of the registry.", n=unmatched
        )
    consultation = service(
        workshop.process_id,
        workshop.title,
        workshop.session_date,
        main_stage(workshop),
        by_org,
        topics=topics[:2000],
        minutes=minutes,
    )
    workshop.consultation_id = consultation.id
    db.session.flush()
    return consultation


def closed_items(workshop: Workshop) -> int:
    return sum(1 for i in workshop.items if i.state == ItemState.CLOSED)
