"""Sign-off by institution and section, the reservations register and the validation
stage's decision over open objections, through the real pages."""

from __future__ import annotations

import pytest

from drafting.models import Draft
from drafting.signoff.models import ReservationStatus, SectionSignoff, Stance
from facilitation.extensions import db
from facilitation.models import AuditEvent, StageState

from .helpers import MEASURES, build, policy_blocks, set_text


@pytest.fixture
def world(make_process, member, make_user):
    return build(make_process, member, make_user)


def _url(world, tail=""):
    return f"/p/{world.process.id}/drafts/{world.draft.id}/signoff{tail}"


def _post(client, world, org, key, stance, reason="", wording=""):
    return client.post(
        _url(world),
        data={
            "section_key": key,
            "organisation_id": str(org.id),
            "stance": stance,
            "reason": reason,
            "proposed_wording": wording,
        },
    )


def test_a_sign_off_applies_to_a_version_of_the_section(world, login_as):
    client = login_as(world.interior_focal)
    page = client.get(_url(world)).get_data(as_text=True)
    assert "Ministry of Interior" in page or "MoI" in page
    assert "1. Scope" in page and "2. Measures" in page
    assert _post(client, world, world.interior, "scope", "agree").status_code == 302
    row = db.session.scalars(db.select(SectionSignoff)).one()
    assert row.section_text.startswith("Scope\n") and len(row.section_hash) == 64
    assert row.acting_for is False and row.status is None
    page = client.get(_url(world)).get_data(as_text=True)
    assert "stance-agree" in page and "Agrees" in page and "signoff-earlier" not in page

    set_text(
        world.process.id,
        world.draft.id,
        policy_blocks(scope="The policy covers labour migration, return and the diaspora."),
    )
    page = client.get(_url(world)).get_data(as_text=True)
    assert "signoff-earlier" in page
    detail = client.get(f"/p/{world.process.id}/signoffs/{row.id}").get_data(as_text=True)
    assert "Given on an earlier text" in detail
    assert "<del>migration</del>" in detail and "<ins>migration, return</ins>" in detail


def test_the_coordinator_acts_for_an_institution(world, login_as):
    client = login_as(world.coordinator)
    assert _post(client, world, world.labour, "measures", "agree").status_code == 302
    assert db.session.scalars(db.select(SectionSignoff)).one().acting_for is True


def test_malformed_positions_are_refused_field_by_field(world, login_as):
    client = login_as(world.labour_focal)
    response = _post(client, world, world.labour, "measures", "object")
    assert response.status_code == 400
    assert "needs its reason" in response.get_data(as_text=True)
    response = _post(client, world, world.labour, "no-such-section", "agree")
    assert response.status_code == 400
    assert "not in the current text" in response.get_data(as_text=True)
    response = _post(client, world, world.labour, "measures", "maybe")
    assert response.status_code == 400
    response = client.post(_url(world), data={"section_key": "scope", "organisation_id": "x"})
    assert response.status_code == 400
    assert "Choose the institution" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(SectionSignoff.id))) == 0


def test_observers_cannot_sign_off(world, login_as):
    client = login_as(world.observer)
    assert client.get(_url(world)).status_code == 200
    assert "Record a position" not in client.get(_url(world)).get_data(as_text=True)
    assert _post(client, world, world.labour, "measures", "agree").status_code == 403
    assert db.session.scalar(db.select(db.func.count(SectionSignoff.id))) == 0


def test_register_resolution_and_a_later_position(world, login_as):
    labour = login_as(world.labour_focal)
    _post(
        labour, world, world.labour, "measures", "object", "Costs are not agreed.", "Two centres."
    )
    _post(labour, world, world.labour, "scope", "reservation", "Name seasonal workers.")
    objection, reservation = db.session.scalars(
        db.select(SectionSignoff).order_by(SectionSignoff.id)
    ).all()
    assert objection.status == ReservationStatus.OPEN
    register = labour.get(f"/p/{world.process.id}/reservations").get_data(as_text=True)
    assert "Costs are not agreed." in register and "Two centres." in register
    assert "Name seasonal workers." in register

    # A member cannot resolve; the coordinator can, and overruling needs a reference.
    url = f"/p/{world.process.id}/signoffs/{objection.id}/resolve"
    assert labour.post(url, data={"status": "withdrawn", "resolution": "x"}).status_code == 403
    coordinator = login_as(world.coordinator)
    response = coordinator.post(url, data={"status": "overruled", "resolution": "Cabinet chose."})
    assert response.status_code == 400
    assert "reference of the decision" in response.get_data(as_text=True)
    db.session.refresh(objection)
    assert objection.status == ReservationStatus.OPEN
    set_text(world.process.id, world.draft.id, policy_blocks(measures="Two centres by 2028."))
    response = coordinator.post(
        url, data={"status": "resolved_by_change", "resolution": "The text now says two centres."}
    )
    assert response.status_code == 302
    db.session.refresh(objection)
    assert objection.status == ReservationStatus.RESOLVED_BY_CHANGE
    assert objection.resolved_by_id == world.coordinator.id
    register = coordinator.get(f"/p/{world.process.id}/reservations?status=resolved_by_change")
    text = register.get_data(as_text=True)
    assert "The text now says two centres." in text and "Cora Coordinator" in text

    # The institution's later position replaces its open reservation.
    _post(labour, world, world.labour, "scope", "agree")
    db.session.refresh(reservation)
    assert reservation.status == ReservationStatus.WITHDRAWN


def test_open_objections_gate_the_validation_stage(world, login_as):
    labour = login_as(world.labour_focal)
    _post(labour, world, world.labour, "measures", "object", "Costs are not agreed.")
    coordinator = login_as(world.coordinator)
    readiness = coordinator.get(f"/p/{world.process.id}/readiness").get_data(as_text=True)
    assert "Ministry of Labour objects to “Measures”" in readiness
    assert "Ministry of Interior has 2 sections to sign off" in readiness
    page = coordinator.get(f"/p/{world.process.id}/validation/").get_data(as_text=True)
    assert "1 open objection" in page and "Costs are not agreed." in page

    agree = f"/p/{world.process.id}/validation/agree"
    response = coordinator.post(agree, data={"confirm_breaks": "y", "note": ""})
    assert response.status_code == 400
    assert "Give the reference of the decision" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(StageState).where(StageState.agreed.is_(True))) is None

    response = coordinator.post(
        agree,
        data={
            "confirm_breaks": "y",
            "decision_reference": "Cabinet decision 12/2026",
            "decision_text": "The costs are settled in the budget law.",
        },
    )
    assert response.status_code == 302
    state = db.session.scalar(db.select(StageState).where(StageState.stage == "validation"))
    assert state.agreed and state.snapshot["decision"]["reference"] == "Cabinet decision 12/2026"
    objection = db.session.scalars(db.select(SectionSignoff)).one()
    assert objection.status == ReservationStatus.OVERRULED
    assert objection.decision_reference == "Cabinet decision 12/2026"
    assert objection.stance == Stance.OBJECT
    assert MEASURES in objection.section_text
    record = coordinator.get(f"/p/{world.process.id}/stages/validation/agreement")
    text = record.get_data(as_text=True)
    assert "Cabinet decision 12/2026" in text and "Ministry of Labour objects to" in text


def test_the_dashboard_asks_for_the_decision_too(world, login_as):
    labour = login_as(world.labour_focal)
    _post(labour, world, world.labour, "scope", "object", "Out of our mandate.")
    coordinator = login_as(world.coordinator)
    dashboard = coordinator.get(f"/p/{world.process.id}/").get_data(as_text=True)
    assert "1 objection is still open" in dashboard
    assert "Ministry of Labour objects to “Scope”" in dashboard
    agree = f"/p/{world.process.id}/stages/validation/agree"
    response = coordinator.post(agree, data={"confirm_breaks": "y"}, follow_redirects=True)
    assert "Give the reference of the decision" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(StageState).where(StageState.agreed.is_(True))) is None
    coordinator.post(
        agree,
        data={"confirm_breaks": "y", "decision_reference": "Minutes 7", "decision_text": "Kept."},
    )
    assert db.session.scalars(db.select(SectionSignoff)).one().status == (
        ReservationStatus.OVERRULED
    )


def test_positions_follow_a_renamed_heading(world, login_as):
    from .helpers import heading, paragraph

    interior = login_as(world.interior_focal)
    _post(interior, world, world.interior, "scope", "agree")
    set_text(
        world.process.id,
        world.draft.id,
        [
            heading("Coverage of the policy"),
            paragraph("The policy covers labour migration and the diaspora."),
            heading("Measures"),
            paragraph(MEASURES),
        ],
    )
    page = interior.get(_url(world)).get_data(as_text=True)
    assert "1. Coverage of the policy" in page and "stance-agree" in page
    # Another institution signs the renamed section: the first position stays with it.
    labour = login_as(world.labour_focal)
    _post(labour, world, world.labour, "coverage of the policy", "agree")
    page = labour.get(_url(world)).get_data(as_text=True)
    assert page.count("stance-agree") == 2 and "no longer in the text" not in page
    first = db.session.scalars(db.select(SectionSignoff).order_by(SectionSignoff.id)).first()
    detail = labour.get(f"/p/{world.process.id}/signoffs/{first.id}").get_data(as_text=True)
    assert "The heading now reads “Coverage of the policy”." in detail


def _signoff_deletions(world) -> list[AuditEvent]:
    return db.session.scalars(
        db.select(AuditEvent).where(
            AuditEvent.process_id == world.process.id,
            AuditEvent.object_type == "SectionSignoff",
            AuditEvent.action == "delete",
        )
    ).all()


def test_a_sign_off_removed_with_its_institution_is_in_the_audit_trail(world, login_as):
    """Deleting an institution removes its sign-offs (ON DELETE CASCADE): the trail must
    say which positions vanished, not lose them silently."""
    client = login_as(world.labour_focal)
    assert (
        _post(client, world, world.labour, "measures", "object", reason="Costs").status_code == 302
    )
    client = login_as(world.coordinator)
    labour_id = world.labour.id
    response = client.post(f"/p/{world.process.id}/stakeholders/organisations/{labour_id}/delete")
    assert response.status_code == 302
    assert db.session.scalars(db.select(SectionSignoff)).all() == []
    [event] = _signoff_deletions(world)
    assert event.changes["before"]["organisation_id"] == labour_id
    assert event.changes["before"]["stance"] == "object"
    assert "Ministry of Labour" in event.summary and "Measures" in event.summary
    activity = client.get(f"/p/{world.process.id}/activity").get_data(as_text=True)
    assert "Ministry of Labour" in activity


def test_a_sign_off_removed_with_its_draft_is_in_the_audit_trail(world, login_as):
    client = login_as(world.interior_focal)
    assert _post(client, world, world.interior, "scope", "agree").status_code == 302
    assert (
        _post(client, world, world.interior, "measures", "reservation", reason="Later").status_code
        == 302
    )
    db.session.delete(db.session.get(Draft, world.draft.id))
    db.session.commit()
    assert db.session.scalars(db.select(SectionSignoff)).all() == []
    events = _signoff_deletions(world)
    assert sorted(event.changes["before"]["section_key"] for event in events) == [
        "measures",
        "scope",
    ]
