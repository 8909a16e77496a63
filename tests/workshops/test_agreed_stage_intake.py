"""An idea from a workshop cannot slip into a stage the group has agreed."""

from __future__ import annotations

import pytest

from facilitation import services as process_services
from facilitation.extensions import db
from policycycle.models import SwotItem
from workshops import activities, intake
from workshops.models import AgendaItem, Workshop
from workshops.rules import RuleBroken

from .conftest import join


def test_an_idea_is_not_accepted_into_an_agreed_stage(plan):
    session = plan()
    workshop = db.session.get(Workshop, session.workshop.id)
    swot = db.session.get(AgendaItem, session.items["swot"].id)
    person = join(workshop, "Amina", "Ministry of Interior", "female")[0]
    activities.open_item(workshop, swot)
    idea = activities.submit_idea(person, swot, "Strong lead ministry", "S")
    process_services.agree_stage(
        session.process.id, "analysis", session.users["facilitator"], accept_breaks=True
    )
    db.session.commit()
    with pytest.raises(RuleBroken) as refused:
        intake.accept(workshop, idea, session.users["facilitator"], {})
    assert refused.value.code == "stage_agreed"
    assert not db.session.scalar(db.select(SwotItem).where(SwotItem.statement.contains("lead")))
