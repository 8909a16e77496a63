"""Issue 12, part A: a hand-written objective is linked (and re-linked) to a cause of the
problem tree, and carries an optional custom code."""

from facilitation.extensions import db
from policycycle.analysis import objectives as services
from policycycle.analysis import problems
from policycycle.models import Objective


def test_a_hand_written_objective_links_and_relinks_to_a_cause(setup):
    process, _user, client = setup
    focal = problems.save_node(process.id, kind="focal", text="Immigration is unmanaged")
    cause_a = problems.save_node(process.id, kind="cause", text="No data", parent_id=focal.id)
    cause_b = problems.save_node(process.id, kind="cause", text="No law", parent_id=focal.id)
    general = services.save_objective(process.id, level="general", title="Managed immigration")
    db.session.commit()
    base = f"/p/{process.id}/objectives"
    response = client.post(
        base,
        data={
            "level": "specific",
            "title": "Reliable migration data",
            "parent_id": general.id,
            "problem_node_id": cause_a.id,
            "code": "OE1",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    objective = db.session.scalar(
        db.select(Objective).where(Objective.title == "Reliable migration data")
    )
    assert objective.problem_node_id == cause_a.id and objective.code == "OE1"
    page = client.get(f"{base}/{objective.id}").get_data(as_text=True)
    assert "No data" in page and "No law" in page  # the causes are offered
    response = client.post(
        f"{base}/{objective.id}",
        data={
            "level": "specific",
            "title": "Reliable migration data",
            "parent_id": general.id,
            "problem_node_id": cause_b.id,
        },
    )
    assert response.status_code == 302
    db.session.refresh(objective)
    assert objective.problem_node_id == cause_b.id
    response = client.post(
        f"{base}/{objective.id}",
        data={
            "level": "specific",
            "title": "Reliable migration data",
            "parent_id": general.id,
            "problem_node_id": "0",
        },
    )
    db.session.refresh(objective)
    assert objective.problem_node_id is None
