"""Indicators x sources: gaps, and turning a gap into a data-development activity."""

from __future__ import annotations

import pytest

from facilitation.extensions import db
from facilitation.models import Organisation
from facilitation.validation import ValidationFailed
from policycycle.evidence import mapping, services
from policycycle.evidence.models import DataGapAction
from policycycle.models import Action, ActionRaci, Indicator, ObjectiveLevel

from .conftest import rate_usable


@pytest.fixture
def sources(world, source_data, make_user):
    pid = world.process.id
    census = services.save_source(pid, source_data())
    rate_usable(pid, census)
    permits = services.save_source(
        pid,
        source_data(
            name="Residence permits database",
            source_type="residence_permits",
            owner_id=world.immigration.id,
            access="under_agreement",
        ),
    )
    consular = services.save_source(
        pid,
        source_data(
            name="Consular registers",
            source_type="consular_register",
            owner_id=world.consular.id,
            access="on_request",
        ),
    )
    services.add_rating(
        pid,
        consular.id,
        dimension="accuracy",
        score=1,
        note="Registration is voluntary",
        rater=make_user(),
    )
    db.session.commit()
    return census, permits, consular


def test_planted_gaps_are_listed(world, sources):
    census, permits, consular = sources
    pid = world.process.id
    # covered: the census feeds the net migration rate
    mapping.map_source(pid, world.ind_general.id, census.id)
    # gap 1: only source is rated poor on accuracy
    mapping.map_source(pid, world.ind_specific.id, consular.id)
    # gap 2: mapped, but the group says the source cannot feed it
    mapping.map_source(
        pid, world.ind_action.id, permits.id, can_feed=False, notes="No issue dates recorded"
    )
    db.session.commit()
    gaps = {row.indicator.id for row in mapping.indicator_gaps(pid)}
    assert gaps == {world.ind_specific.id, world.ind_action.id}
    rows = {row.indicator.id: row for row in mapping.indicator_rows(pid)}
    assert rows[world.ind_general.id].has_usable_source
    assert rows[world.ind_specific.id].sources[0].reasons
    assert rows[world.ind_action.id].section == "action_plan"
    assert rows[world.ind_general.id].section == "objectives"


def test_unmapped_indicator_is_a_gap_and_remapping_updates(world, sources):
    census, _permits, _consular = sources
    pid = world.process.id
    assert len(mapping.indicator_gaps(pid)) == 3
    link = mapping.map_source(pid, world.ind_general.id, census.id, can_feed=False)
    again = mapping.map_source(pid, world.ind_general.id, census.id, can_feed=True, notes="ok")
    assert link.id == again.id and again.can_feed and again.notes == "ok"
    mapping.unmap_source(pid, link.id)
    assert len(mapping.indicator_gaps(pid)) == 3


def test_mapping_refuses_objects_of_another_process(world, sources, make_process):
    census = sources[0]
    other = make_process(title="Other")
    foreign = Indicator(process_id=other.id, name="Foreign")
    db.session.add(foreign)
    db.session.commit()
    with pytest.raises(ValidationFailed):
        mapping.map_source(world.process.id, foreign.id, census.id)
    with pytest.raises(ValidationFailed):
        mapping.map_source(other.id, foreign.id, census.id)


def test_default_objective_and_lead(world, sources):
    census, permits, _consular = sources
    pid = world.process.id
    # an action's indicator: the action's operational objective
    assert mapping.default_objective(world.ind_action) == world.operational
    # a specific objective's indicator: the first operational objective below it
    assert mapping.default_objective(world.ind_specific) == world.operational
    assert mapping.default_objective(world.ind_general) == world.operational
    # no source mapped: the statistics office
    assert mapping.default_lead(pid, world.ind_action) == world.nso
    mapping.map_source(pid, world.ind_action.id, permits.id, can_feed=False)
    assert mapping.default_lead(pid, world.ind_action) == world.immigration
    assert mapping.default_responsible(pid, world.immigration) == world.nso
    assert mapping.default_responsible(pid, world.nso) == world.lead


def test_turn_gap_into_action(world, sources):
    pid = world.process.id
    action = mapping.turn_gap_into_action(
        pid,
        world.ind_specific.id,
        objective_id=world.other_op.id,
        lead_id=world.consular.id,
        responsible_id=world.nso.id,
        title="Build a register of nationals abroad",
        output="Register online",
    )
    db.session.commit()
    assert action.objective_id == world.other_op.id
    assert action.output == "Register online"
    letters = {
        r.organisation_id: r.letter
        for r in db.session.execute(
            db.select(ActionRaci).where(ActionRaci.action_id == action.id)
        ).scalars()
    }
    assert letters == {world.consular.id: "A", world.nso.id: "R"}
    row = next(r for r in mapping.indicator_rows(pid) if r.indicator.id == world.ind_specific.id)
    assert [a.id for a in row.gap_actions] == [action.id]
    assert not row.has_usable_source  # still a gap until a source exists


def test_turn_gap_into_action_bad_input(world, sources, make_process):
    pid = world.process.id
    other = make_process(title="Other")
    foreign_org = Organisation(process_id=other.id, name="Elsewhere")
    db.session.add(foreign_org)
    db.session.commit()
    with pytest.raises(ValidationFailed) as exc:
        mapping.turn_gap_into_action(
            pid,
            world.ind_specific.id,
            objective_id=world.general.id,
            lead_id=foreign_org.id,
            responsible_id=world.nso.id,
            title="",
        )
    errors = exc.value.errors
    assert set(errors) == {"objective_id", "lead_id", "title"}
    assert "operational" in errors["objective_id"]
    with pytest.raises(ValidationFailed) as exc:
        mapping.turn_gap_into_action(
            pid,
            world.ind_specific.id,
            objective_id=world.operational.id,
            lead_id=world.nso.id,
            responsible_id=world.nso.id,
            title="Survey",
        )
    assert "responsible_id" in exc.value.errors
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(DataGapAction.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Action.id))) == 1
    assert world.operational.level == ObjectiveLevel.OPERATIONAL
