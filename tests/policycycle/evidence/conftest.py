"""A small process with institutions, an objectives tree, indicators and actions."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from facilitation.extensions import db as _db
from facilitation.models import Organisation, OrganisationCategory
from policycycle.models import (
    Action,
    Indicator,
    NodeKind,
    Objective,
    ObjectiveLevel,
    ProblemNode,
    ProblemStatement,
    Quadrant,
    SwotItem,
)


def _org(process, name, category=OrganisationCategory.MINISTRY, acronym=""):
    org = Organisation(process_id=process.id, name=name, category=category, acronym=acronym)
    _db.session.add(org)
    _db.session.flush()
    return org


@pytest.fixture
def world(app, make_process):
    process = make_process()
    lead = process.lead_organisation
    nso = _org(process, "National Statistics Office", OrganisationCategory.STATISTICS_OFFICE, "NSO")
    immigration = _org(process, "Department of Immigration", OrganisationCategory.DEPARTMENT)
    consular = _org(process, "Ministry of Foreign Affairs")
    general = Objective(
        process_id=process.id,
        level=ObjectiveLevel.GENERAL,
        title="Migration is managed for development",
    )
    _db.session.add(general)
    _db.session.flush()
    specific = Objective(
        process_id=process.id,
        level=ObjectiveLevel.SPECIFIC,
        title="Labour migration is regular",
        parent_id=general.id,
    )
    _db.session.add(specific)
    _db.session.flush()
    operational = Objective(
        process_id=process.id,
        level=ObjectiveLevel.OPERATIONAL,
        title="Work permits are issued within 30 days",
        parent_id=specific.id,
    )
    other_op = Objective(
        process_id=process.id,
        level=ObjectiveLevel.OPERATIONAL,
        title="Diaspora is registered",
        parent_id=specific.id,
        position=2,
    )
    _db.session.add_all([operational, other_op])
    _db.session.flush()
    action = Action(
        process_id=process.id,
        objective_id=operational.id,
        code="1.1.1",
        title="Set up an online permit service",
    )
    _db.session.add(action)
    _db.session.flush()
    ind_general = Indicator(
        process_id=process.id, name="Net migration rate", objective_id=general.id
    )
    ind_specific = Indicator(
        process_id=process.id, name="Share of migrants with a work permit", objective_id=specific.id
    )
    ind_action = Indicator(
        process_id=process.id, name="Average days to issue a permit", action_id=action.id
    )
    _db.session.add_all([ind_general, ind_specific, ind_action])
    swot = SwotItem(
        process_id=process.id, quadrant=Quadrant.WEAKNESS, statement="Emigration is not measured"
    )
    focal = ProblemNode(process_id=process.id, kind=NodeKind.FOCAL, text="Irregular migration")
    _db.session.add_all([swot, focal])
    _db.session.flush()
    cause = ProblemNode(
        process_id=process.id, kind=NodeKind.CAUSE, text="Slow permits", parent_id=focal.id
    )
    statement = ProblemStatement(process_id=process.id, nature="Many migrants work irregularly")
    _db.session.add_all([cause, statement])
    _db.session.commit()
    return SimpleNamespace(
        process=process,
        lead=lead,
        nso=nso,
        immigration=immigration,
        consular=consular,
        general=general,
        specific=specific,
        operational=operational,
        other_op=other_op,
        action=action,
        ind_general=ind_general,
        ind_specific=ind_specific,
        ind_action=ind_action,
        swot=swot,
        focal=focal,
        cause=cause,
        statement=statement,
    )


@pytest.fixture
def source_data(world):
    def _data(**overrides):
        data = {
            "name": "Population and Housing Census 2021",
            "source_type": "census",
            "owner_id": world.nso.id,
            "variables": ["country_of_birth", "citizenship", "sex", "age"],
            "migrant_definition": "Born abroad",
            "periodicity": "decennial",
            "latest_period": "2021",
            "access": "open",
            "access_conditions": "",
            "sharing_agreement": "not_needed",
            "notes": "",
        }
        data.update(overrides)
        return data

    return _data


def rate_usable(process_id, source, rater=None):
    """Rate relevance and accuracy "good": a source is usable only once rated."""
    from policycycle.evidence import services

    for dimension in ("relevance", "accuracy"):
        services.add_rating(
            process_id, source.id, dimension=dimension, score=3, note="Checked", rater=rater
        )
