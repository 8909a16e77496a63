"""The demo process comes with positions: agreements, a reservation, an open objection."""

from __future__ import annotations

from demo import loader as demo
from drafting.signoff import services
from drafting.signoff.models import Stance
from facilitation.extensions import db
from facilitation.models import Process


def test_the_demo_has_positions_and_an_open_objection(app, client):
    demo.load(app)
    process = db.session.scalars(db.select(Process).order_by(Process.id)).first()
    rows = services.signoffs_of(process.id)
    assert {r.stance for r in rows} == {Stance.AGREE, Stance.RESERVATION, Stance.OBJECT}
    (objection,) = services.open_objections(process.id)
    assert objection.organisation.name == "Ministry of Labour and Social Protection"
    assert objection.section_title == "Objectives and policy statements"
    assert all(not r.acting_for for r in rows)
