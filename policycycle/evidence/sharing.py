"""Data sharing: which institution shares which data with whom, read from the "shares
data with" ties of the stakeholder map, and the sources whose owner shares with nobody."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from facilitation.extensions import db
from facilitation.models import Organisation, Process
from stakeholders import registry as stakeholder_registry
from stakeholders.models import TieType

from .catalogue import SharingAgreement
from .models import DataSource
from .services import list_sources


@dataclass
class SharingFlow:
    giver: Organisation
    receiver: Organisation
    mutual: bool
    note: str
    sources: list[DataSource] = field(default_factory=list)


@dataclass
class SharingOverview:
    flows: list[SharingFlow]
    # Sources whose owner shares data with no institution at all.
    unshared: list[DataSource]
    # source id -> "held" (by the lead institution or one of its units), "shared" (the
    # owner shares data with it) or "no".
    reaches_lead: dict[int, str]
    lead: Organisation | None

    def agreement_without_tie(self, source: DataSource) -> bool:
        """A signed agreement is recorded here but the map shows no tie to the lead."""
        return source.sharing_agreement == SharingAgreement.SIGNED and (
            self.reaches_lead.get(source.id) == "no"
        )


def _lead_family(process: Process | None) -> set[int]:
    """The lead institution and its units (departments below it in the registry)."""
    if process is None or process.lead_organisation_id is None:
        return set()
    family = {process.lead_organisation_id}
    frontier = set(family)
    while frontier:
        frontier = (
            set(
                db.session.execute(
                    db.select(Organisation.id).where(
                        Organisation.process_id == process.id, Organisation.parent_id.in_(frontier)
                    )
                ).scalars()
            )
            - family
        )
        family |= frontier
    return family


def sharing_overview(process_id: int) -> SharingOverview:
    sources = list_sources(process_id)
    held_by: dict[int, list[DataSource]] = defaultdict(list)
    for source in sources:
        if source.owner_id is not None:
            held_by[source.owner_id].append(source)
    flows: list[SharingFlow] = []
    shares_with: dict[int, set[int]] = defaultdict(set)
    for tie in stakeholder_registry.ties(process_id, tie_type=TieType.SHARES_DATA, with_ends=True):
        shares_with[tie.source_id].add(tie.target_id)
        if tie.mutual:
            shares_with[tie.target_id].add(tie.source_id)
        flows.append(
            SharingFlow(
                tie.source, tie.target, tie.mutual, tie.note, list(held_by.get(tie.source_id, []))
            )
        )
        if tie.mutual:
            flows[-1].sources += held_by.get(tie.target_id, [])
    process = db.session.get(Process, process_id)
    family = _lead_family(process)
    unshared = [
        s
        for s in sources
        if s.owner_id is not None and s.owner_id not in family and not shares_with.get(s.owner_id)
    ]
    reaches_lead = {}
    for s in sources:
        if s.owner_id in family:
            reaches_lead[s.id] = "held"
        elif shares_with.get(s.owner_id, set()) & family:
            reaches_lead[s.id] = "shared"
        else:
            reaches_lead[s.id] = "no"
    flows.sort(key=lambda f: (f.giver.name, f.receiver.name))
    return SharingOverview(
        flows, unshared, reaches_lead, process.lead_organisation if process else None
    )
