"""Every stakeholder page renders with the demo data; writes go through forms."""

import pytest

from facilitation.extensions import db
from stakeholders.models import Assessment, Consultation, ConsultationInput, Tie

PAGES = [
    ("stakeholders.registry_page", {}),
    ("stakeholders.ties", {}),
    ("stakeholders.map_page", {}),
    ("stakeholders.grid", {}),
    ("stakeholders.analytics", {}),
    ("stakeholders.consultations", {}),
    ("stakeholders.inputs", {}),
    ("stakeholders.inputs", {"show": "open"}),
    ("stakeholders.coverage", {}),
    ("stakeholders.new_organisation", {}),
    ("stakeholders.new_consultation", {}),
    ("stakeholders.new_input", {}),
    ("stakeholders.new_commitment", {}),
    ("stakeholders.import_upload", {}),
]


@pytest.mark.parametrize(("endpoint", "args"), PAGES)
def test_pages_render(app, url, demo_context, coordinator_client, endpoint, args):
    url = url(endpoint, process_id=demo_context.process.id, **args)
    response = coordinator_client.get(url)
    assert response.status_code == 200, response.data[:500]


def test_organisation_and_consultation_pages(app, url, demo_context, coordinator_client):
    pid = demo_context.process.id
    immigration = demo_context.orgs["immigration"]
    page = coordinator_client.get(
        url("stakeholders.organisation", process_id=pid, org_id=immigration.id)
    ).get_data(as_text=True)
    assert "Rania Saleh" in page and "Miriam Haddad" in page
    assert "Transferred to the embassy in Arland" in page
    consultation = db.session.execute(db.select(Consultation).limit(1)).scalar_one()
    page = coordinator_client.get(
        url("stakeholders.consultation", process_id=pid, consultation_id=consultation.id)
    ).get_data(as_text=True)
    assert consultation.title in page


def test_map_json_is_compact_and_complete(app, url, demo_context, coordinator_client):
    pid = demo_context.process.id
    data = coordinator_client.get(url("stakeholders.map_json", process_id=pid)).get_json()
    ties = db.session.scalar(db.select(db.func.count(Tie.id)).where(Tie.process_id == pid))
    children = sum(1 for o in demo_context.orgs.values() if o.parent_id)
    assert len(data["edges"]) == ties + children
    assert len(data["nodes"]) == len(demo_context.orgs)
    metrics = coordinator_client.get(url("stakeholders.metrics_json", process_id=pid))
    assert metrics.get_json()["keys"] == ["betweenness", "closeness", "eigenvector", "community"]


@pytest.mark.parametrize("name", ["network", "power-interest"])
def test_figures_are_png(app, url, demo_context, coordinator_client, name):
    response = coordinator_client.get(
        url("stakeholders.figure", process_id=demo_context.process.id, name=name)
    )
    assert response.status_code == 200 and response.data[:8] == b"\x89PNG\r\n\x1a\n"


def test_assessment_out_of_range_is_refused_with_a_message(
    app, url, demo_context, coordinator_client
):
    org = demo_context.orgs["youth"]
    before = db.session.scalar(db.select(db.func.count(Assessment.id)))
    response = coordinator_client.post(
        url("stakeholders.add_assessment", process_id=demo_context.process.id, org_id=org.id),
        data={
            "power": 7,
            "interest": 3,
            "impact": 3,
            "position": 4,
            "legitimacy": 3,
            "urgency": 3,
            "target_engagement": "consult",
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The score must be from 1 to 5." in page
    assert "The position must be from -2 to +2." in page
    assert db.session.scalar(db.select(db.func.count(Assessment.id))) == before


def test_hierarchy_cycle_is_refused(app, url, demo_context, coordinator_client):
    interior = demo_context.orgs["interior"]
    immigration = demo_context.orgs["immigration"]
    response = coordinator_client.post(
        url(
            "stakeholders.edit_organisation", process_id=demo_context.process.id, org_id=interior.id
        ),
        data={
            "name": interior.name,
            "category": "ministry",
            "level": "national",
            "parent_id": immigration.id,
        },
    )
    assert response.status_code == 400
    assert "circle" in response.get_data(as_text=True)
    db.session.refresh(interior)
    assert interior.parent_id is None


def test_input_decision_needs_a_reason(app, url, demo_context, coordinator_client):
    org = demo_context.orgs["youth"]
    count = db.session.scalar(db.select(db.func.count(ConsultationInput.id)))
    response = coordinator_client.post(
        url("stakeholders.new_input", process_id=demo_context.process.id),
        data={
            "organisation_id": org.id,
            "consultation_id": 0,
            "text": "More youth seats.",
            "disposition": "not_accepted",
            "justification": "",
        },
    )
    assert response.status_code == 400
    assert "owed a reason" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(ConsultationInput.id))) == count


def test_add_tie_and_participant_through_forms(app, url, demo_context, coordinator_client):
    pid = demo_context.process.id
    orgs = demo_context.orgs
    response = coordinator_client.post(
        url("stakeholders.ties", process_id=pid),
        data={
            "source_id": orgs["youth"].id,
            "target_id": orgs["university"].id,
            "type": "informs",
            "strength": 1,
        },
    )
    assert response.status_code == 302
    consultation = db.session.execute(
        db.select(Consultation).where(Consultation.held.is_(False))
    ).scalar_one()
    response = coordinator_client.post(
        url("stakeholders.set_participant", process_id=pid, consultation_id=consultation.id),
        data={"organisation_id": orgs["parliament"].id, "women": 2, "men": 1, "other": 0},
    )
    assert response.status_code == 302
    db.session.refresh(consultation)
    assert consultation.attendance == {"women": 2, "men": 1, "other": 0, "total": 3}


def test_removing_a_consultation_keeps_its_inputs(app, url, demo_context, coordinator_client):
    pid = demo_context.process.id
    consultation = db.session.execute(
        db.select(Consultation).where(Consultation.title.like("Public hearing%"))
    ).scalar_one()
    input_ids = [i.id for i in consultation.inputs]
    response = coordinator_client.post(
        url("stakeholders.delete_consultation", process_id=pid, consultation_id=consultation.id)
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Consultation, consultation.id) is None
    kept = [db.session.get(ConsultationInput, i) for i in input_ids]
    assert kept and all(row is not None and row.consultation_id is None for row in kept)


def test_participants_by_htmx_swap_only_their_section(app, url, demo_context, coordinator_client):
    pid = demo_context.process.id
    consultation = db.session.execute(
        db.select(Consultation).where(Consultation.held.is_(False))
    ).scalar_one()
    target = url("stakeholders.set_participant", process_id=pid, consultation_id=consultation.id)
    headers = {"HX-Request": "true"}
    response = coordinator_client.post(
        target,
        headers=headers,
        data={"organisation_id": demo_context.orgs["tuc"].id, "women": 3, "men": 2},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert text.lstrip().startswith('<section class="card" id="participants">')
    assert "Kestria Trade Union Congress" in text and "Participation saved." in text
    response = coordinator_client.post(
        target, headers=headers, data={"organisation_id": 0, "women": -1}
    )
    text = response.get_data(as_text=True)
    assert "<html" not in text
    assert "Write a number of people (0 or more)." in text


def test_user_text_is_escaped(app, url, demo_context, coordinator_client):
    pid = demo_context.process.id
    response = coordinator_client.post(
        url("stakeholders.new_organisation", process_id=pid),
        data={
            "name": "<script>alert(1)</script> Union",
            "category": "trade_union",
            "level": "national",
            "parent_id": 0,
        },
    )
    assert response.status_code == 302
    for endpoint in (
        "stakeholders.registry_page",
        "stakeholders.analytics",
        "stakeholders.coverage",
        "stakeholders.ties",
    ):
        page = coordinator_client.get(url(endpoint, process_id=pid)).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page, endpoint
    data = coordinator_client.get(url("stakeholders.map_json", process_id=pid)).get_json()
    assert any(n[1] == "<script>alert(1)</script> Union" for n in data["nodes"])
