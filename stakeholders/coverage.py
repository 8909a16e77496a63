"""The coverage dashboard for the lead ministry: who has been heard, at which stage,
what was answered, and the gaps. A fixed number of queries, whatever the registry size.

"Engaged" means in the core group or present at a held consultation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import joinedload

from facilitation.extensions import db
from facilitation.models import (
    Organisation,
    OrganisationCategory,
    Process,
    StageState,
)
from facilitation.sorting import collation_key
from facilitation.stages import STAGE_KEYS

from . import assessment as derive
from . import graph
from . import network as network_module
from .models import (
    Assessment,
    Commitment,
    CommitmentStatus,
    Consultation,
    ConsultationInput,
    ConsultationParticipant,
    Tie,
)

PUBLIC_INSTITUTIONS = {
    OrganisationCategory.MINISTRY,
    OrganisationCategory.AGENCY,
    OrganisationCategory.DEPARTMENT,
    OrganisationCategory.PARLIAMENT,
    OrganisationCategory.JUDICIARY,
    OrganisationCategory.LOCAL_GOVERNMENT,
    OrganisationCategory.STATISTICS_OFFICE,
}


@dataclass
class Cell:
    consultations: int = 0
    inputs: int = 0
    answered: int = 0


@dataclass
class Coverage:
    current_stage: str | None
    categories: list[str]
    stages: tuple[str, ...]
    matrix: dict[tuple[str, str], Cell]
    sections: list[str]
    section_matrix: dict[tuple[str, str], Cell]
    key_players_not_consulted: list[Organisation] = field(default_factory=list)
    inputs_without_disposition: list[ConsultationInput] = field(default_factory=list)
    overdue_commitments: list[Commitment] = field(default_factory=list)
    categories_never_consulted: list[str] = field(default_factory=list)
    communities_not_consulted: list[list[Organisation]] = field(default_factory=list)
    mandated_outside_core: list[Organisation] = field(default_factory=list)
    organisations: dict[int, Organisation] = field(default_factory=dict)

    @property
    def gap_count(self) -> int:
        return sum(
            len(items)
            for items in (
                self.key_players_not_consulted,
                self.inputs_without_disposition,
                self.overdue_commitments,
                self.categories_never_consulted,
                self.communities_not_consulted,
                self.mandated_outside_core,
            )
        )


def current_stage(process_id: int) -> str | None:
    """The first stage of the cycle not yet agreed (None when all are agreed)."""
    agreed = set(
        db.session.execute(
            db.select(StageState.stage).where(
                StageState.process_id == process_id, StageState.agreed.is_(True)
            )
        ).scalars()
    )
    return next((key for key in STAGE_KEYS if key not in agreed), None)


def policy_areas(process: Process) -> list[str]:
    """The process's policy areas: its policy domain split at commas, ";" and "and"."""
    text = (process.policy_domain or "").lower().replace(";", ",").replace(" and ", ",")
    return [area.strip() for area in text.split(",") if area.strip()]


def mandate_matches(org: Organisation, areas: list[str]) -> bool:
    text = f"{org.policy_tags} {org.mandate}".lower()
    return any(area in text for area in areas)


def draft_section_titles(process_id: int) -> list[str]:
    """Titles of the process's draft sections (through the drafting package's service),
    so the coverage shows sections nobody has commented on yet."""
    import importlib.util

    if importlib.util.find_spec("drafting.services") is None:
        return []
    from drafting import services as drafting_services

    titles: list[str] = []
    for draft in drafting_services.drafts_of(process_id):
        titles.extend(s.title for s in draft.sections if s.title not in titles)
    return titles


def build(process_id: int, today: date | None = None) -> Coverage:
    today = today or date.today()
    process = db.session.get(Process, process_id)
    stage_now = current_stage(process_id)
    # Plain rows (attribute access like the models) keep a large registry cheap; only the
    # flagged inputs and commitments are loaded as objects.
    orgs = {
        o.id: o
        for o in db.session.execute(
            db.select(
                Organisation.id,
                Organisation.name,
                Organisation.acronym,
                Organisation.category,
                Organisation.parent_id,
                Organisation.in_core_group,
                Organisation.policy_tags,
                Organisation.mandate,
            ).where(Organisation.process_id == process_id)
        )
    }
    held = {
        c.id: c
        for c in db.session.execute(
            db.select(Consultation.id, Consultation.stage).where(
                Consultation.process_id == process_id, Consultation.held.is_(True)
            )
        )
    }
    participations = db.session.execute(
        db.select(
            ConsultationParticipant.consultation_id, ConsultationParticipant.organisation_id
        ).where(ConsultationParticipant.process_id == process_id)
    ).all()
    input_rows = db.session.execute(
        db.select(
            ConsultationInput.organisation_id,
            ConsultationInput.consultation_id,
            ConsultationInput.concerns,
            ConsultationInput.disposition,
        ).where(ConsultationInput.process_id == process_id)
    ).all()
    unanswered = list(
        db.session.execute(
            db.select(ConsultationInput)
            .where(
                ConsultationInput.process_id == process_id,
                ConsultationInput.disposition.is_(None),
            )
            .options(
                joinedload(ConsultationInput.consultation),
                joinedload(ConsultationInput.organisation),
            )
            .order_by(ConsultationInput.id)
        ).scalars()
    )
    overdue = list(
        db.session.execute(
            db.select(Commitment)
            .where(
                Commitment.process_id == process_id,
                Commitment.status != CommitmentStatus.CLOSED.value,
                Commitment.due_on < today,
            )
            .order_by(Commitment.due_on, Commitment.id)
        ).scalars()
    )
    latest: dict[int, tuple[int, int]] = {}
    for org_id, power, interest in db.session.execute(
        db.select(Assessment.organisation_id, Assessment.power, Assessment.interest)
        .where(Assessment.process_id == process_id)
        .order_by(Assessment.organisation_id, Assessment.assessed_on, Assessment.id)
    ):
        latest[org_id] = (power, interest)
    tie_rows = db.session.execute(
        db.select(Tie.id, Tie.source_id, Tie.target_id, Tie.type, Tie.mutual, Tie.strength).where(
            Tie.process_id == process_id
        )
    ).all()

    consulted_at: dict[int, set[str]] = {}
    for consultation_id, org_id in participations:
        consultation = held.get(consultation_id)
        if consultation is not None:
            consulted_at.setdefault(org_id, set()).add(consultation.stage)
    engaged = {oid for oid, o in orgs.items() if o.in_core_group} | set(consulted_at)

    categories = sorted({str(o.category) for o in orgs.values()}, key=_category_order)
    matrix: dict[tuple[str, str], Cell] = {}
    seen_pairs: set[tuple[int, str]] = set()
    for consultation_id, org_id in participations:
        consultation = held.get(consultation_id)
        org = orgs.get(org_id)
        if consultation is None or org is None:
            continue
        key = (str(org.category), consultation.stage)
        if (consultation_id, key[0]) in seen_pairs:
            continue
        seen_pairs.add((consultation_id, key[0]))
        matrix.setdefault(key, Cell()).consultations += 1
    all_consultations = {**held}
    section_matrix: dict[tuple[str, str], Cell] = {}
    sections: set[str] = set()
    for row in input_rows:
        org = orgs.get(row.organisation_id)
        if org is None:
            continue
        consultation = all_consultations.get(row.consultation_id)
        if consultation is not None:
            cell = matrix.setdefault((str(org.category), consultation.stage), Cell())
            cell.inputs += 1
            cell.answered += bool(row.disposition)
        if row.concerns:
            sections.add(row.concerns)
            cell = section_matrix.setdefault((str(org.category), row.concerns), Cell())
            cell.inputs += 1
            cell.answered += bool(row.disposition)

    draft_titles = draft_section_titles(process_id)
    result = Coverage(
        current_stage=stage_now,
        categories=categories,
        stages=STAGE_KEYS,
        matrix=matrix,
        sections=[*draft_titles, *sorted(sections - set(draft_titles))],
        section_matrix=section_matrix,
        organisations=orgs,
    )
    if stage_now is not None:
        result.key_players_not_consulted = sorted(
            (
                orgs[oid]
                for oid, (power, interest) in latest.items()
                if oid in orgs
                # The core group drafts the policy: it is not "not consulted".
                and not orgs[oid].in_core_group
                and derive.quadrant(power, interest) == derive.Quadrant.MANAGE_CLOSELY
                and stage_now not in consulted_at.get(oid, set())
            ),
            key=lambda o: collation_key(o.name),
        )
    result.inputs_without_disposition = unanswered
    result.overdue_commitments = overdue
    engaged_categories = {str(orgs[oid].category) for oid in engaged if oid in orgs}
    result.categories_never_consulted = [c for c in categories if c not in engaged_categories]

    records = network_module.tie_records(list(orgs.values()), tie_rows)
    for group in graph.communities_of(list(orgs), network_module.edge_tuples(records)):
        if len(group) > 1 and not engaged.intersection(group):
            result.communities_not_consulted.append(
                sorted((orgs[oid] for oid in group), key=lambda o: collation_key(o.name))
            )
    areas = policy_areas(process) if process else []
    result.mandated_outside_core = sorted(
        (
            o
            for o in orgs.values()
            if o.category in PUBLIC_INSTITUTIONS
            and not o.in_core_group
            and areas
            and mandate_matches(o, areas)
        ),
        key=lambda o: collation_key(o.name),
    )
    return result


def _category_order(category: str) -> int:
    order = [c.value for c in OrganisationCategory]
    return order.index(category) if category in order else len(order)
