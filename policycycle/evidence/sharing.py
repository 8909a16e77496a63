"""Data sharing: which institution shares which data with whom, read from the "shares
data with" ties of the stakeholder map, and the sources whose owner shares with nobody."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from facilitation.extensions import db
from facilitation.models import Organisation, Process
from stakeholders import registry as stakeholder_registry
from stakeholders.models import TieType

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
    # source id -> does its owner share data with the process's lead institution?
    reaches_lead: dict[int, bool]
    lead: Organisation | None


def sharing_overview(process_id: int) -> SharingOverview:
    sources = list_sources(process_id)
    held_by: dict[int, list[DataSource]] = defaultdict(list)
    for source in sources:
        if source.owner_id is not None:
            held_by[source.owner_id].append(source)
    flows: list[SharingFlow] = []
    shares_with: dict[int, set[int]] = defaultdict(set)
    for tie in stakeholder_registry.ties(process_id):
        if tie.type != TieType.SHARES_DATA:
            continue
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
    lead_id = process.lead_organisation_id if process else None
    unshared = [s for s in sources if s.owner_id is not None and not shares_with.get(s.owner_id)]
    reaches_lead = {
        s.id: s.owner_id is not None
        and (s.owner_id == lead_id or lead_id in shares_with.get(s.owner_id, set()))
        for s in sources
    }
    flows.sort(key=lambda f: (f.giver.name, f.receiver.name))
    return SharingOverview(
        flows, unshared, reaches_lead, process.lead_organisation if process else None
    )
