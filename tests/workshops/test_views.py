"""Pages: planning, joining without an account, the participant's token, the evaluation,
the records and the Word report."""

from __future__ import annotations

import io
import re

import docx
import pytest

from facilitation.extensions import db
from workshops import activities, intake, services
from workshops.models import (
    AgendaItem,
    Evaluation,
    ItemState,
    Participant,
    Workshop,
)

from .conftest import join


def test_plan_a_session_with_an_agenda(plan, client, login_as):
    session = plan()
    login_as(session.users["member"])
    pid = session.process.id
    response = client.post(
        f"/p/{pid}/workshops/new", data={"title": "", "session_date": "30/11/2026"}
    )
    assert response.status_code == 400
    assert "Give the session a title." in response.text
    assert "Enter the date as year-month-day." in response.text
    response = client.post(
        f"/p/{pid}/workshops/new",
        data={"title": "Options workshop", "session_date": "2026-12-12", "venue": "Hall 2"},
    )
    assert response.status_code == 302
    workshop = db.session.execute(
        db.select(Workshop).where(Workshop.title == "Options workshop")
    ).scalar_one()
    assert len(workshop.code) == 6

    base = f"/p/{pid}/workshops/{workshop.id}"
    item_form = {
        "title": "Score the options",
        "duration_minutes": "30",
        "kind": "scoring",
        "feeds": "option_scoring",
        "dots": "3",
        "max_per_choice": "2",
        "source_item_id": "0",
        "objective_id": "0",
        "statement": "",
    }
    response = client.post(f"{base}/items/new", data=item_form)
    assert response.status_code == 400
    assert "Scoring needs the specific objective" in response.text
    response = client.post(
        f"{base}/items/new", data={**item_form, "objective_id": str(session.objective.id)}
    )
    assert response.status_code == 302
    response = client.post(
        f"{base}/items/new", data={**item_form, "title": "Agree", "kind": "agreement"}
    )
    assert "Write the statement or clause to test." in response.text
    # An objective of another process is refused.
    other = plan()
    response = client.post(
        f"{base}/items/new", data={**item_form, "objective_id": str(other.objective.id)}
    )
    assert response.status_code == 400
    page = client.get(base + "/")
    assert "Score the options" in page.text and workshop.code in page.text
    qr = client.get(f"{base}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and qr.data.startswith(b"<svg")


def test_join_by_code_keeps_identity_and_respects_the_lock(plan, client):
    session = plan()
    workshop = session.workshop
    assert client.post("/w/", data={"code": "zzzzzz"}).status_code == 400
    lookup = client.post(
        "/w/", data={"code": workshop.code.lower()[:3] + " " + workshop.code.lower()[3:]}
    )
    assert lookup.headers["Location"].endswith(f"/w/{workshop.code}")
    page = client.get(f"/w/{workshop.code}")
    assert "Ministry of Interior" in page.text  # the registry's institutions are offered
    response = client.post(f"/w/{workshop.code}", data={"name": "", "institution": "x" * 201})
    assert response.status_code == 400 and "Enter your name." in response.text
    response = client.post(
        f"/w/{workshop.code}",
        data={"name": "Amina", "institution": "ministry of interior", "sex": "female"},
    )
    assert response.headers["Location"].endswith(f"/w/{workshop.code}/me")
    person = db.session.execute(db.select(Participant)).scalar_one()
    assert person.institution == "Ministry of Interior" and person.organisation_id
    assert person.sex == "female"
    me = client.get(f"/w/{workshop.code}/me")
    assert me.status_code == 200 and "Amina" in me.text
    token = re.search(r'"token": "([^"]+)"', me.text).group(1)
    # Coming back to the join page keeps the identity.
    assert client.get(f"/w/{workshop.code}").headers["Location"].endswith("/me")

    # A lost cookie is restored from the token the browser kept.
    client.delete_cookie(f"workshop_{workshop.id}")
    assert client.get(f"/w/{workshop.code}/me").status_code == 302
    restored = client.post(f"/w/{workshop.code}/resume", data={"token": token})
    assert restored.headers["Location"].endswith("/me")
    assert client.get(f"/w/{workshop.code}/me").status_code == 200
    assert db.session.scalar(db.select(db.func.count(Participant.id))) == 1

    # Another session's cookie does not open this one.
    other = plan().workshop
    assert client.get(f"/w/{other.code}/me").status_code == 302
    forged = client.post(f"/w/{other.code}/resume", data={"token": token})
    assert "forget=1" in forged.headers["Location"]

    services.set_join_locked(db.session.get(Workshop, workshop.id), True)
    db.session.commit()
    stranger = client.application.test_client()
    response = stranger.post(f"/w/{workshop.code}", data={"name": "Late"})
    assert response.status_code == 403
    assert "closed joining" in response.text
    assert db.session.scalar(db.select(db.func.count(Participant.id))) == 1


def test_evaluation_form_is_validated_and_closed_when_the_item_closes(plan, client):
    session = plan()
    workshop = db.session.get(Workshop, session.workshop.id)
    client.post(f"/w/{workshop.code}", data={"name": "Kofi"})
    url = f"/w/{workshop.code}/evaluation"
    assert "has not been opened yet" in client.get(url).text
    activities.open_item(workshop, session.items["evaluation"])
    db.session.commit()
    response = client.post(url, data={"relevance": "5", "usefulness": "9", "comments": "x"})
    assert response.status_code == 400
    assert "Choose a rating from 1 (poor) to 5 (excellent)." in response.text
    assert db.session.scalar(db.select(db.func.count(Evaluation.id))) == 0
    response = client.post(
        url,
        data={
            "relevance": "5",
            "usefulness": "4",
            "expertise": "5",
            "organisation": "3",
            "comments": "Useful day",
        },
    )
    assert response.status_code == 200 and "Thank you" in response.text
    activities.close_item(db.session.get(AgendaItem, session.items["evaluation"].id))
    db.session.commit()
    late = client.post(
        url, data={"relevance": "1", "usefulness": "1", "expertise": "1", "organisation": "1"}
    )
    assert late.status_code == 409 and "This activity is closed" in late.text
    evaluation = db.session.execute(db.select(Evaluation)).scalar_one()
    assert (evaluation.relevance, evaluation.comments) == (5, "Useful day")


def _run_session(session):
    workshop = db.session.get(Workshop, session.workshop.id)
    people = [
        join(workshop, name, inst, sex)[0]
        for name, inst, sex in (
            ("Amina", "Ministry of Interior", "female"),
            ("Kofi", "Diaspora Desk", "male"),
            ("Hamid", "", None),
        )
    ]
    items = {k: db.session.get(AgendaItem, v.id) for k, v in session.items.items()}
    activities.open_item(workshop, items["swot"])
    ideas = [
        activities.submit_idea(people[n], items["swot"], text, col)
        for n, (col, text) in enumerate(
            (("S", "Lead ministry"), ("W", "No register"), ("T", "Rude <b>remark</b>"))
        )
    ]
    activities.moderate(workshop, {"contribution_id": ideas[2].id, "action": "hide"})
    intake.accept(workshop, ideas[0], session.users["facilitator"], {})
    activities.close_item(items["swot"])
    activities.open_item(workshop, items["vote"])
    for person in people:
        activities.cast_dots(person, items["vote"], {f"contribution:{ideas[1].id}": 2})
    activities.close_item(items["vote"])
    activities.open_item(workshop, items["agree"])
    for level, person in zip((1, 2, 8), people, strict=True):
        activities.submit_agreement(person, items["agree"], level)
    activities.open_item(workshop, items["evaluation"])
    activities.submit_evaluation(
        people[0],
        {"relevance": 5, "usefulness": 4, "expertise": 5, "organisation": 4, "comments": "Thanks"},
    )
    services.end_session(workshop)
    db.session.commit()
    return workshop, people, ideas


def test_records_page_and_word_report(plan, client, login_as):
    session = plan()
    workshop, _people, ideas = _run_session(session)
    assert all(i.state == ItemState.CLOSED for i in workshop.items if i.opened_at)
    login_as(session.users["observer"])
    base = f"/p/{session.process.id}/workshops/{workshop.id}"
    page = client.get(base + "/records")
    assert page.status_code == 200
    for text in (
        "Amina",
        "Diaspora Desk",
        "Female 1",
        "Male 1",
        "Accepted as SWOT item",
        "No register",
        "Blocked" if False else "Block",
    ):
        assert text in page.text
    assert "Rude &lt;b&gt;remark&lt;/b&gt;" in page.text  # escaped, never markup

    response = client.get(base + "/report.docx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    document = docx.Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Workshop report: SWOT workshop" in text
    for heading in ("Agenda", "Attendance", "Outputs", "Evaluation"):
        assert heading in text
    assert "Amina" in cells and "Lead ministry" in cells and "Accepted as SWOT item" in cells
    assert "No register" in cells and "6" in cells  # 3 voters x 2 dots
    assert "Thanks" in text


def test_provenance_service_and_macro(plan, app):
    session = plan()
    workshop, _people, ideas = _run_session(session)
    from workshops.models import ProvenanceLink

    link = db.session.execute(db.select(ProvenanceLink)).scalar_one()
    origins = intake.provenance_for(session.process.id, "SwotItem", [link.object_id, 999])
    assert list(origins) == [link.object_id]
    assert origins[link.object_id][0]["workshop_title"] == "SWOT workshop"
    assert intake.provenance_for(session.process.id + 1, "SwotItem", [link.object_id]) == {}
    with app.test_request_context():
        from flask import g, render_template_string

        g.process = session.process
        html = render_template_string(
            '{% from "workshops/_provenance.html" import provenance %}{{ provenance(o) }}',
            o=origins[link.object_id],
        )
    assert "From the workshop “SWOT workshop”" in html
    assert f"/workshops/{workshop.id}/records" in html


@pytest.mark.parametrize("role", ["facilitator", "observer"])
def test_console_and_projector_pages_render(plan, client, login_as, role):
    session = plan()
    login_as(session.users[role])
    base = f"/p/{session.process.id}/workshops/{session.workshop.id}"
    console = client.get(base + "/console")
    assert console.status_code == 200
    assert ("You are watching" in console.text) == (role == "observer")
    projector = client.get(base + "/projector")
    assert projector.status_code == 200 and session.workshop.code in projector.text


def test_the_demo_has_a_past_and_a_planned_session(app):
    from ..demo_process import import_demo_process

    context = import_demo_process(app)
    sessions = services.workshops_of(context.process.id)
    assert [w.status for w in sessions] == ["planned", "closed"]
    past = sessions[1]
    assert len(past.participants) == 12
    assert intake.accepted_ideas(past)
    assert db.session.scalar(db.select(db.func.count(Evaluation.id))) == 10


def test_ideas_become_draft_comments_through_the_drafting_service(plan):
    from drafting import services as drafting

    session = plan()
    workshop, _people, ideas = _run_session(session)
    user = session.users["facilitator"]
    draft = drafting.create_draft(session.process.id, user, "Policy draft", "policy", ["Intro"])
    other_draft = drafting.create_draft(plan().process.id, user, "Elsewhere", "policy", ["A"])
    db.session.commit()
    with pytest.raises(intake.RuleBroken) as refused:
        intake.accept(workshop, ideas[1], user, {"target": "comment"})
    assert refused.value.code == "needs_draft"
    with pytest.raises(intake.RuleBroken):
        intake.accept(workshop, ideas[1], user, {"target": "comment", "draft_id": other_draft.id})
    link = intake.accept(workshop, ideas[1], user, {"target": "comment", "draft_id": draft.id})
    db.session.commit()
    comment = drafting.get_comment(session.process.id, draft, link.object_id)
    assert comment.body.startswith("No register") and "Workshop “SWOT workshop”" in comment.body
    assert link.object_type == "DraftComment"


def test_attendance_is_recorded_as_a_consultation(plan, client, login_as):
    session = plan()
    workshop, _people, _ideas = _run_session(session)
    login_as(session.users["member"])
    base = f"/p/{session.process.id}/workshops/{workshop.id}"
    response = client.post(base + "/record-consultation")
    assert response.status_code == 302
    db.session.expire_all()
    workshop = db.session.get(Workshop, workshop.id)
    assert workshop.consultation_id
    from stakeholders.models import Consultation

    consultation = db.session.get(Consultation, workshop.consultation_id)
    assert consultation.held and consultation.method == "workshop"
    # Only Amina picked a registry institution (Ministry of Interior).
    assert consultation.attendance == {"women": 1, "men": 0, "other": 0, "total": 1}
    assert "2 participants did not pick an institution" in consultation.minutes
    again = client.post(base + "/record-consultation", follow_redirects=True)
    assert "already recorded" in again.text


def test_anonymous_ideas_keep_no_link_to_their_author(plan):
    from facilitation.models import AuditEvent
    from workshops import live
    from workshops.models import ActivityKind, Contribution

    session = plan()
    workshop = db.session.get(Workshop, session.workshop.id)
    item = services.save_item(
        workshop, title="Causes", kind=ActivityKind.BRAINSTORM, feeds="causes", anonymous=True
    )
    person, _token = join(workshop, "Whistle Blower", "Border Police")
    activities.open_item(workshop, item)
    idea = activities.submit_idea(person, item, "Officers take bribes", None)
    db.session.commit()
    assert db.session.get(Contribution, idea.id).participant_id is None
    assert "author" not in live.idea_payload(idea, live.CONSOLE)
    events = (
        db.session.execute(db.select(AuditEvent).where(AuditEvent.object_type == "Contribution"))
        .scalars()
        .all()
    )
    assert events and all(e.changes["after"]["participant_id"] is None for e in events)


def test_votes_on_the_cycles_own_objects_are_reported_to_their_stage(plan):
    from workshops import results
    from workshops.models import ActivityKind, CycleTarget

    session = plan()
    workshop = db.session.get(Workshop, session.workshop.id)
    item = services.save_item(
        workshop,
        title="Which options?",
        kind=ActivityKind.DOT_VOTE,
        feeds=CycleTarget.OPTION_SCORING,
        dots=2,
        max_per_choice=2,
        objective_id=session.objective.id,
    )
    people = [join(workshop, f"P{n}")[0] for n in range(2)]
    activities.open_item(workshop, item)
    keys = item.choice_keys
    assert keys == [f"option:{o.id}" for o in session.options]  # the baseline is on the ballot
    activities.cast_dots(people[0], item, {keys[1]: 2})
    activities.cast_dots(people[1], item, {keys[1]: 1, keys[2]: 1})
    activities.close_item(item)
    db.session.commit()
    found = results.workshop_results_for(
        session.process.id, "option", [o.id for o in session.options]
    )
    assert found[session.options[1].id][0]["dots"] == 3
    assert found[session.options[2].id][0]["dots"] == 1
    assert results.workshop_results_for(session.process.id + 1, "option", [1]) == {}
