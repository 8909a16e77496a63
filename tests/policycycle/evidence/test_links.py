"""Evidence links, unsupported claims and the readiness rules."""

from __future__ import annotations

import pytest

from facilitation.extensions import db
from facilitation.validation import ValidationFailed
from policycycle.evidence import links, mapping, readiness, services
from policycycle.models import SwotItem

from .conftest import rate_usable


@pytest.fixture
def census(world, source_data):
    source = services.save_source(world.process.id, source_data())
    rate_usable(world.process.id, source)
    db.session.commit()
    return source


@pytest.fixture
def profile(world):
    document = links.save_document(
        world.process.id,
        {
            "kind": "migration_profile",
            "title": "Migration Profile 2023",
            "year": "2023",
            "author": "IOM",
        },
    )
    db.session.commit()
    return document


def test_unsupported_claims_count_swot_causes_and_statement(world):
    missing = links.unsupported_claims(world.process.id)
    assert {c.key for c in missing} == {
        f"swot:{world.swot.id}",
        f"node:{world.cause.id}",
        f"statement:{world.statement.id}",
    }  # the focal problem is not counted


def test_linking_supports_a_claim(world, census, profile):
    pid = world.process.id
    links.add_link(pid, claim=f"swot:{world.swot.id}", cited=f"source:{census.id}", note="Table 4")
    links.add_link(pid, claim=f"node:{world.cause.id}", cited=f"document:{profile.id}")
    db.session.commit()
    remaining = links.unsupported_claims(pid)
    assert [c.kind for c in remaining] == ["statement"]
    claim = next(c for c in links.claims(pid) if c.key == f"swot:{world.swot.id}")
    assert claim.links[0].cited_title == census.name and claim.links[0].note == "Table 4"


def test_merged_swot_items_are_not_claims(world):
    merged = SwotItem(
        process_id=world.process.id, quadrant="W", statement="dup", merged_into_id=world.swot.id
    )
    db.session.add(merged)
    db.session.commit()
    assert f"swot:{merged.id}" not in {c.key for c in links.claims(world.process.id)}


def test_bad_links_are_refused(world, census, make_process):
    pid = world.process.id
    other = make_process(title="Other")
    foreign = SwotItem(process_id=other.id, quadrant="S", statement="Elsewhere")
    db.session.add(foreign)
    db.session.commit()
    with pytest.raises(ValidationFailed) as exc:
        links.add_link(pid, claim=f"swot:{foreign.id}", cited=f"source:{census.id}")
    assert "claim" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        links.add_link(pid, claim="nonsense", cited="source:abc")
    assert set(exc.value.errors) == {"claim", "cited"}
    links.add_link(pid, claim=f"swot:{world.swot.id}", cited=f"source:{census.id}")
    with pytest.raises(ValidationFailed) as exc:
        links.add_link(pid, claim=f"swot:{world.swot.id}", cited=f"source:{census.id}")
    assert "already" in exc.value.errors["cited"]


def test_document_validation(world):
    with pytest.raises(ValidationFailed) as exc:
        links.save_document(world.process.id, {"kind": "blog", "title": "", "year": "20"})
    assert set(exc.value.errors) == {"kind", "title", "year"}


def test_readiness_rules(app, world, census):
    pid = world.process.id
    findings = readiness.unsupported_claims_rule(pid)
    assert len(findings) == 1
    assert findings[0].message.startswith("3 claims cite no source")
    assert findings[0].endpoint == "evidence.links_page"
    with app.test_request_context():
        from flask import url_for

        for finding in findings + readiness.indicator_gap_rule(pid):
            assert url_for(finding.endpoint, **finding.url_values).startswith(f"/p/{pid}/")
    gaps = readiness.indicator_gap_rule(pid)
    assert len(gaps) == 3 and all(f.severity == "error" for f in gaps)
    mapping.map_source(pid, world.ind_general.id, census.id)
    mapping.turn_gap_into_action(
        pid,
        world.ind_action.id,
        objective_id=world.operational.id,
        lead_id=world.immigration.id,
        responsible_id=world.nso.id,
        title="Record issue dates",
    )
    gaps = readiness.indicator_gap_rule(pid)
    assert {f.severity for f in gaps} == {"error", "warning"} and len(gaps) == 2
    stages = {f.url_values["_anchor"]: f.stage for f in gaps}
    assert stages[f"ind-{world.ind_action.id}"] == "action_plan"
