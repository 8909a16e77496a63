from datetime import date

from facilitation.extensions import db
from policycycle.validation.models import Decision, Endorsement
from tests.access import Case


def build(world):
    endorsement = Endorsement(
        process_id=world.process_id,
        body="Core group",
        decision=Decision.ENDORSED,
        decided_on=date(2026, 11, 1),
    )
    db.session.add(endorsement)
    db.session.flush()
    world.ids["endorsement"] = endorsement.id


CASES = [
    Case("validation.page", "read"),
    Case(
        "validation.record",
        "manage",
        method="POST",
        data={"body": "Cabinet", "decision": "endorsed", "decided_on": "2026-11-20"},
    ),
    Case(
        "validation.delete",
        "manage",
        method="POST",
        values=lambda w: {"endorsement_id": w.ids["endorsement"]},
    ),
    Case(
        "validation.agree",
        "manage",
        method="POST",
        data={"confirm_breaks": "y", "decision_reference": "D-1", "decision_text": "Agreed"},
    ),
]
