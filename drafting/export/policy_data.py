"""What the policy document needs beyond ``collect.CycleData``: the agenda decision, the
core group, the consulted and informed roles, the risks, the data sources with their
quality profiles and the endorsements. Every query is scoped by ``process_id``; labels are
resolved here, so call inside ``force_locale``. Optional packages (stakeholders,
evidence, validation) are read only when installed.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from facilitation.extensions import db
from facilitation.models import Organisation, StageState
from facilitation.sorting import sorted_by_name
from policycycle.models import (
    Action,
    ActionRaci,
    AgendaStatus,
    NodeKind,
    PolicyIssue,
    ProblemNode,
    RaciLetter,
)

#: A source feeds indicators only when every quality dimension is rated at least this
#: (the rule of the evidence screens); an unrated dimension means "not rated yet".
USABLE_MIN_SCORE = 2
UNRATED = "\u2013"


@dataclass
class IssueRow:
    title: str
    description: str
    evidence: str
    drivers: list[tuple[str, str]]  # kind label, description
    decision: str


@dataclass
class SourceRow:
    name: str
    kind: str
    owner: str
    periodicity: str
    latest: str
    access: str
    profile: str  # "Relevance 3; Accuracy 2; …" with unrated dimensions marked
    usable: str  # "Yes" / "Not rated yet" / "No: …"


@dataclass
class PolicyExtras:
    issues: list[IssueRow] = field(default_factory=list)
    issues_not_taken: int = 0
    causes: list[tuple[str, str]] = field(default_factory=list)  # cause, its evidence
    core_group: list[str] = field(default_factory=list)
    # organisation label -> action codes where it is consulted (C) / informed (I)
    consulted: dict[str, list[str]] = field(default_factory=dict)
    informed: dict[str, list[str]] = field(default_factory=dict)
    action_risks: dict[int, str] = field(default_factory=dict)  # action id -> risks
    sources: list[SourceRow] = field(default_factory=list)
    indicator_sources: dict[int, list[str]] = field(default_factory=dict)  # "name (profile)"
    consultations_held: int = 0
    participants: int = 0
    inputs: int = 0
    endorsements: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    validated_by: str = ""
    validated_on: str = ""


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _label(value) -> str:
    return value.label if hasattr(value, "label") else str(value or "")


def _org(org: Organisation) -> str:
    return org.acronym or org.name


def _agenda(process_id: int, extras: PolicyExtras) -> None:
    issues = db.session.scalars(
        db.select(PolicyIssue).where(PolicyIssue.process_id == process_id).order_by(PolicyIssue.id)
    ).all()
    for issue in issues:
        if issue.status == AgendaStatus.ON_AGENDA:
            extras.issues.append(
                IssueRow(
                    title=issue.title,
                    description=issue.description,
                    evidence=issue.evidence,
                    drivers=[(_label(d.kind), d.description) for d in issue.drivers],
                    decision=issue.decision_reason,
                )
            )
        elif issue.status == AgendaStatus.NOT_TAKEN:
            extras.issues_not_taken += 1


def _roles(process_id: int, code_map: dict, extras: PolicyExtras) -> None:
    rows = db.session.execute(
        db.select(ActionRaci.action_id, ActionRaci.letter, Organisation)
        .join(Organisation, Organisation.id == ActionRaci.organisation_id)
        .where(
            ActionRaci.process_id == process_id,
            ActionRaci.letter.in_((RaciLetter.CONSULTED, RaciLetter.INFORMED)),
        )
    ).all()
    for action_id, letter, org in rows:
        target = extras.consulted if letter == RaciLetter.CONSULTED else extras.informed
        target.setdefault(_org(org), []).append(code_map.get(("action", action_id), ""))
    for codes in (*extras.consulted.values(), *extras.informed.values()):
        codes.sort()
    extras.action_risks = {
        action_id: risks
        for action_id, risks in db.session.execute(
            db.select(Action.id, Action.risks).where(
                Action.process_id == process_id, Action.risks != ""
            )
        )
        if risks
    }


def profile_and_usable(source) -> tuple[str, str]:
    """The six quality ratings as one line, and whether the source is usable: only when
    every dimension is rated at least 2 and the lead institution can access it."""
    from policycycle.evidence.catalogue import Access
    from policycycle.evidence.services import quality_profile

    bars = quality_profile(source)
    profile = "; ".join(
        f"{bar.dimension.label} {UNRATED if bar.score is None else bar.score}" for bar in bars
    )
    unrated = [bar for bar in bars if bar.score is None]
    low = [bar for bar in bars if bar.score is not None and bar.score < USABLE_MIN_SCORE]
    reasons = [
        _("%(dimension)s is rated %(score)d", dimension=bar.dimension.label, score=bar.score)
        for bar in low
    ]
    if source.access == Access.REFUSED:
        reasons.append(_("the lead institution cannot access it"))
    if reasons:
        return profile, _("No: %(reasons)s", reasons="; ".join(reasons))
    if unrated:
        return profile, _("Not rated yet")
    return profile, _("Yes")


def _evidence(process_id: int, extras: PolicyExtras) -> None:
    if not _has("policycycle.evidence.services"):
        return
    from policycycle.evidence import mapping
    from policycycle.evidence.services import list_sources

    for source in list_sources(process_id):
        profile, usable = profile_and_usable(source)
        extras.sources.append(
            SourceRow(
                name=source.name,
                kind=_label_enum("SourceType", source.source_type),
                owner=source.owner.display_name if source.owner else "",
                periodicity=_label_enum("Periodicity", source.periodicity),
                latest=source.latest_period or "",
                access=_label_enum("Access", source.access),
                profile=profile,
                usable=usable,
            )
        )
    for row in mapping.indicator_rows(process_id):
        names = []
        for mapped in row.sources:
            if not mapped.link.can_feed:
                continue
            _profile, usable = profile_and_usable(mapped.link.source)
            names.append(f"{mapped.link.source.name} ({usable})")
        if names:
            extras.indicator_sources[row.indicator.id] = names


def _label_enum(name: str, value) -> str:
    from policycycle.evidence import catalogue

    try:
        return getattr(catalogue, name)(value).label
    except ValueError:
        return str(value or "")


def _consultations(process_id: int, extras: PolicyExtras) -> None:
    if not _has("stakeholders.services"):
        return
    from stakeholders import services as stakeholder_services

    report = stakeholder_services.consultation_report(process_id)
    held = [c for c in report.get("consultations", []) if c.get("held")]
    extras.consultations_held = len(held)
    extras.participants = sum(
        int(c.get("women", 0)) + int(c.get("men", 0)) + int(c.get("other", 0)) for c in held
    )
    extras.inputs = len(report.get("inputs", []))


def _validation(process_id: int, extras: PolicyExtras) -> None:
    state = db.session.execute(
        db.select(StageState).where(
            StageState.process_id == process_id, StageState.stage == "validation"
        )
    ).scalar_one_or_none()
    if state is not None and state.agreed:
        extras.validated_by = state.agreed_by.name if state.agreed_by else ""
        if state.agreed_at:
            extras.validated_on = format_date(state.agreed_at.date(), "long")
    if not _has("policycycle.validation.models"):
        return
    from policycycle.validation.models import Endorsement

    for row in db.session.scalars(
        db.select(Endorsement)
        .where(Endorsement.process_id == process_id)
        .order_by(Endorsement.decided_on, Endorsement.id)
    ):
        decided = row.decided_on if isinstance(row.decided_on, date) else None
        extras.endorsements.append(
            (
                row.body,
                _label(row.decision),
                format_date(decided, "long") if decided else "",
                row.reference,
                row.version_label,
            )
        )


def collect(process_id: int, code_map: dict) -> PolicyExtras:
    extras = PolicyExtras()
    extras.core_group = [
        org.display_name
        for org in sorted_by_name(
            db.session.scalars(
                db.select(Organisation).where(
                    Organisation.process_id == process_id, Organisation.in_core_group.is_(True)
                )
            ),
            lambda org: org.name,
        )
    ]
    _agenda(process_id, extras)
    extras.causes = [
        (node.text, node.evidence)
        for node in db.session.scalars(
            db.select(ProblemNode)
            .where(ProblemNode.process_id == process_id, ProblemNode.kind == NodeKind.CAUSE)
            .order_by(ProblemNode.position, ProblemNode.id)
        )
    ]
    _roles(process_id, code_map, extras)
    _evidence(process_id, extras)
    _consultations(process_id, extras)
    _validation(process_id, extras)
    return extras
