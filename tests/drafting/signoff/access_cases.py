"""Access cases of the sign-off and register routes, for tests/test_access_matrix.py."""

from __future__ import annotations

from drafting.models import Draft, DraftKind
from drafting.signoff.models import ReservationStatus, SectionSignoff, Stance
from facilitation.extensions import db
from facilitation.models import Organisation
from tests.access import Case


def build(world) -> None:
    draft = Draft(process_id=world.process_id, title="Signed draft", kind=DraftKind.POLICY)
    institution = Organisation(
        process_id=world.process_id, name="Ministry of Signatures", in_core_group=True
    )
    db.session.add_all([draft, institution])
    db.session.flush()
    objection = SectionSignoff(
        process_id=world.process_id,
        draft_id=draft.id,
        organisation_id=institution.id,
        section_key="scope",
        section_title="Scope",
        section_text="Scope\nText",
        section_hash="0" * 64,
        stance=Stance.OBJECT,
        reason="Too broad",
        status=ReservationStatus.OPEN,
    )
    db.session.add(objection)
    db.session.flush()
    world.ids.update(
        signoff_draft_id=draft.id, signoff_org_id=institution.id, signoff_id=objection.id
    )


def _draft(world):
    return {"draft_id": world.ids["signoff_draft_id"]}


def _signoff(world):
    return {"signoff_id": world.ids["signoff_id"]}


CASES = [
    Case("signoff.matrix", "read", values=_draft),
    Case(
        "signoff.matrix",
        "write",
        "POST",
        values=_draft,
        data=lambda w: {
            "section_key": "signed draft",
            "organisation_id": str(w.ids["signoff_org_id"]),
            "stance": "agree",
        },
    ),
    Case("signoff.detail", "read", values=_signoff),
    Case(
        "signoff.resolve",
        "manage",
        "POST",
        values=_signoff,
        data={"status": "withdrawn", "resolution": "Withdrawn by letter"},
    ),
    Case("signoff.register", "read"),
]
