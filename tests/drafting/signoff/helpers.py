"""Shared set-up of the sign-off tests: a policy draft with two written sections, two
core institutions and their focal points."""

from __future__ import annotations

from dataclasses import dataclass

from drafting import prosemirror, rooms
from drafting.models import Draft, DraftKind
from facilitation.extensions import db
from facilitation.models import Organisation, Role

SCOPE = "The policy covers labour migration and the diaspora."
MEASURES = "The Government opens three migrant resource centres by 2028."


def heading(text: str, level: int = 1) -> dict:
    return {"type": "heading", "level": level, "runs": [prosemirror.plain_run(text)]}


def paragraph(text: str) -> dict:
    return {"type": "paragraph", "runs": [prosemirror.plain_run(text)]}


def set_text(process_id: int, draft_id: int, blocks: list[dict]) -> None:
    db.session.commit()
    rooms.change(process_id, draft_id, lambda doc: prosemirror.replace_all(doc, blocks))


def policy_blocks(scope: str = SCOPE, measures: str = MEASURES) -> list[dict]:
    return [heading("Scope"), paragraph(scope), heading("Measures"), paragraph(measures)]


@dataclass
class World:
    process: object
    draft: Draft
    interior: Organisation
    labour: Organisation
    coordinator: object
    interior_focal: object
    labour_focal: object
    observer: object


def build(make_process, member, make_user) -> World:
    coordinator = make_user(name="Cora Coordinator")
    process = make_process(owner=coordinator)
    interior = db.session.scalar(  # the lead institution, in the core group from the start
        db.select(Organisation).where(
            Organisation.process_id == process.id, Organisation.name == "Ministry of Interior"
        )
    )
    interior.acronym = "MoI"
    labour = Organisation(
        process_id=process.id, name="Ministry of Labour", acronym="MoL", in_core_group=True
    )
    db.session.add(labour)
    db.session.flush()
    draft = Draft(process_id=process.id, title="National Migration Policy", kind=DraftKind.POLICY)
    db.session.add(draft)
    db.session.commit()
    interior_focal = member(
        process, Role.MEMBER, make_user(name="Ines Interior"), organisation_id=interior.id
    )
    labour_focal = member(
        process, Role.MEMBER, make_user(name="Luis Labour"), organisation_id=labour.id
    )
    observer = member(process, Role.OBSERVER)
    set_text(process.id, draft.id, policy_blocks())
    return World(
        process, draft, interior, labour, coordinator, interior_focal, labour_focal, observer
    )
