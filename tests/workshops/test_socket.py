"""The /workshop namespace on the real server (gevent subprocess) with real
python-socketio clients: live flow, hidden results, permissions, closed activities,
malformed payloads and rate limits."""

from __future__ import annotations

import pytest
import socketio

from facilitation.extensions import db
from policycycle.models import OptionScore, SwotItem
from workshops import services
from workshops.models import Contribution, ProvenanceLink

from ..conftest import PASSWORD
from .conftest import join

pytestmark = pytest.mark.server


def console_for(server, clients, session, role="facilitator", audience="console"):
    user = session.users[role]
    cookie = server.cookie_header(server.login(user.email, PASSWORD))
    return clients(server.url, {"workshop": session.workshop.id, "as": audience}, cookie)


def test_live_session_hides_results_until_revealed_and_refuses_late_votes(
    plan, live_server, clients
):
    session = plan()
    workshop, items = session.workshop, session.items
    amina, amina_token = join(workshop, "Amina", "Ministry of Interior", "female")
    kofi, kofi_token = join(workshop, "Kofi", "Diaspora Desk", "male")
    server = live_server()

    console = console_for(server, clients, session)
    screen = console_for(server, clients, session, audience="screen")
    p1 = clients(server.url, {"workshop": workshop.id, "token": amina_token})
    p2 = clients(server.url, {"workshop": workshop.id, "token": kofi_token})
    assert p1.sync()["me"]["name"] == "Amina"

    # Brainstorm: an idea reaches the projector and the console (with its author).
    assert console.call("open", {"item": items["swot"].id})["ok"]
    answer = p1.call(
        "idea", {"item": items["swot"].id, "text": "Strong lead ministry", "column": "S"}
    )
    assert answer["ok"]
    shown = screen.wait_for("idea", lambda d: d["id"] == answer["id"])
    assert shown["text"] == "Strong lead ministry" and shown["column"] == "S"
    assert "hidden" not in shown
    assert console.wait_for("idea", lambda d: d["id"] == answer["id"])["author"].startswith("Amina")
    second = p2.call(
        "idea", {"item": items["swot"].id, "text": "No shared register", "column": "W"}
    )
    spam = p2.call("idea", {"item": items["swot"].id, "text": "Rude remark", "column": "W"})

    # Moderation: a hidden idea is withdrawn from the screen and every phone.
    assert console.call("moderate", {"contribution_id": spam["id"], "action": "hide"})["ok"]
    screen.wait_for("idea_removed", lambda d: d["id"] == spam["id"])
    p1.wait_for("idea_removed", lambda d: d["id"] == spam["id"])
    assert spam["id"] not in [i["id"] for i in p1.sync()["ideas"]]
    assert spam["id"] not in [i["id"] for i in screen.sync()["ideas"]]
    assert spam["id"] in [i["id"] for i in console.sync()["ideas"]]
    assert console.call("close", {"item": items["swot"].id})["ok"]

    # Dot vote: results go to the console only until revealed.
    assert console.call("open", {"item": items["vote"].id})["ok"]
    vote_state = p1.sync()
    vote_item = next(i for i in vote_state["items"] if i["id"] == items["vote"].id)
    keys = [c["key"] for c in vote_item["choices"]]
    assert f"contribution:{spam['id']}" not in keys  # hidden ideas are not on the ballot
    assert p1.call(
        "dots", {"item": items["vote"].id, "allocation": {f"contribution:{second['id']}": 2}}
    )["ok"]
    assert p2.call(
        "dots",
        {
            "item": items["vote"].id,
            "allocation": {f"contribution:{answer['id']}": 1, f"contribution:{second['id']}": 1},
        },
    )["ok"]
    live = console.wait_for(
        "results", lambda d: d["item_id"] == items["vote"].id and d["voters"] == 2
    )
    assert live["totals"][0] == {
        "key": f"contribution:{second['id']}",
        "dots": 3,
        "voters": 2,
        "label": "No shared register",
    }
    for client in (p1, p2, screen):
        assert not [r for r in client.of("results") if r["item_id"] == items["vote"].id]
        assert str(items["vote"].id) not in client.sync()["results"]
    assert p1.sync()["me"]["answers"][str(items["vote"].id)] == {f"contribution:{second['id']}": 2}

    # Over-budget votes are refused with a plain message and change nothing.
    over = p1.call(
        "dots",
        {
            "item": items["vote"].id,
            "allocation": {f"contribution:{second['id']}": 2, f"contribution:{answer['id']}": 2},
        },
    )
    assert over["ok"] is False and over["code"] == "too_many_dots"
    assert "3 dots" in over["error"]

    # Close, then a late vote is refused clearly; reveal shows the same results to all.
    assert console.call("close", {"item": items["vote"].id})["ok"]
    late = p2.call(
        "dots", {"item": items["vote"].id, "allocation": {f"contribution:{second['id']}": 2}}
    )
    assert late == {
        "ok": False,
        "event": "dots",
        "code": "activity_closed",
        "error": "This activity is closed. Your answer was not recorded.",
    }
    assert p2.wait_for("refused", lambda d: d["code"] == "activity_closed")
    assert console.call("reveal", {"item": items["vote"].id, "revealed": True})["ok"]
    revealed = p1.wait_for("results", lambda d: d["item_id"] == items["vote"].id)
    assert revealed["totals"][0]["dots"] == 3
    screen.wait_for("results", lambda d: d["item_id"] == items["vote"].id)
    assert str(items["vote"].id) in p2.sync()["results"]

    # Hiding the results again withdraws them from the phones.
    assert console.call("reveal", {"item": items["vote"].id, "revealed": False})["ok"]
    p1.wait_for("results_hidden", lambda d: d["item_id"] == items["vote"].id)
    assert str(items["vote"].id) not in p1.sync()["results"]

    # The timer reaches every screen.
    assert console.call("timer", {"seconds": 300, "label": "Vote"})["ok"]
    assert p2.wait_for("timer", lambda d: d["ends_at"])["label"] == "Vote"
    assert screen.wait_for("timer", lambda d: d["ends_at"])


def test_permissions_are_checked_per_connection_and_per_event(plan, live_server, clients):
    session = plan()
    other = plan()  # another process and session
    workshop, items = session.workshop, session.items
    _p, token = join(workshop, "Grace")
    _q, other_token = join(other.workshop, "Someone else")
    server = live_server()
    participant = clients(server.url, {"workshop": workshop.id, "token": token})

    # A participant can never run, moderate or accept.
    for event, payload in (
        ("open", {"item": items["swot"].id}),
        ("reveal", {"item": items["vote"].id}),
        ("moderate", {"contribution_id": 1, "action": "hide"}),
        ("accept", {"contribution_id": 1, "target": "swot"}),
        ("lock", {"locked": True}),
        ("end", {}),
    ):
        answer = participant.call(event, payload)
        assert answer["ok"] is False and answer["code"] == "not_allowed", event

    # A token only opens its own session; another session's token or none is refused.
    with pytest.raises(socketio.exceptions.ConnectionError):
        clients(server.url, {"workshop": workshop.id, "token": other_token})
    with pytest.raises(socketio.exceptions.ConnectionError):
        clients(server.url, {"workshop": workshop.id, "token": "forged"})
    # Consoles need a member's sign-in: none, or an outsider, is refused.
    with pytest.raises(socketio.exceptions.ConnectionError):
        clients(server.url, {"workshop": workshop.id, "as": "console"})
    with pytest.raises(socketio.exceptions.ConnectionError):
        console_for(server, clients, session, role="outsider")
    # The facilitator of another process cannot watch this one either.
    foreign = other.users["facilitator"]
    cookie = server.cookie_header(server.login(foreign.email, PASSWORD))
    with pytest.raises(socketio.exceptions.ConnectionError):
        clients(server.url, {"workshop": workshop.id, "as": "console"}, cookie)

    # An observer watches the console but cannot act.
    observer = console_for(server, clients, session, role="observer")
    assert observer.sync()["audience"] == "console"
    assert observer.call("open", {"item": items["swot"].id})["code"] == "not_allowed"

    # A participant cannot act in another session's activity.
    facilitator = console_for(server, clients, session)
    assert facilitator.call("open", {"item": items["swot"].id})["ok"]
    foreign_item = other.items["swot"].id
    answer = participant.call("idea", {"item": foreign_item, "text": "x", "column": "S"})
    assert answer["code"] == "no_such_activity"
    # ... nor can a facilitator of this session open another session's item.
    assert facilitator.call("open", {"item": foreign_item})["code"] == "no_such_activity"

    # Malformed payloads are refused to the sender alone; the room keeps working.
    bad = [
        ("idea", ["not", "a", "dict"]),
        ("idea", "text"),
        ("idea", {"item": "abc"}),
        ("idea", {"item": items["swot"].id, "text": {"$gt": ""}, "column": "S"}),
        ("idea", {"item": items["swot"].id, "text": "x" * 281, "column": "S"}),
        ("idea", {"item": items["swot"].id, "text": "   ", "column": "S"}),
        ("idea", {"item": items["swot"].id, "text": "ok", "column": "Z"}),
        ("dots", {"item": items["swot"].id, "allocation": {}}),
        ("agree", {"item": items["agree"].id, "level": 3}),  # not open yet
    ]
    codes = [participant.call(event, payload)["code"] for event, payload in bad]
    assert codes == [
        "malformed",
        "malformed",
        "no_such_activity",
        "malformed",
        "text_too_long",
        "text_empty",
        "unknown_column",
        "wrong_activity",
        "activity_not_open",
    ]
    assert len(participant.of("refused")) >= len(bad)
    assert [r["event"] for r in facilitator.of("refused")] == ["open"]  # its own foreign try
    good = participant.call("idea", {"item": items["swot"].id, "text": "Fine idea", "column": "O"})
    assert good["ok"]
    facilitator.wait_for("idea", lambda d: d["id"] == good["id"])


def test_rate_limit_on_submissions(plan, live_server, clients):
    session = plan()
    _p, token = join(session.workshop, "Fast typist")
    server = live_server({"WORKSHOP_IDEA_RATE": "3/60"})
    facilitator = console_for(server, clients, session)
    participant = clients(server.url, {"workshop": session.workshop.id, "token": token})
    assert facilitator.call("open", {"item": session.items["swot"].id})["ok"]
    answers = [
        participant.call(
            "idea", {"item": session.items["swot"].id, "text": f"Idea {n}", "column": "S"}
        )
        for n in range(5)
    ]
    assert [a["ok"] for a in answers] == [True, True, True, False, False]
    assert answers[3]["code"] == "rate_limited"
    assert db.session.scalar(db.select(db.func.count(Contribution.id))) == 3

    # A participant who reconnects (new socket, same token) keeps their identity.
    me = participant.sync()["me"]
    participant.close()
    again = clients(server.url, {"workshop": session.workshop.id, "token": token})
    state = again.sync()
    assert state["me"]["id"] == me["id"] and len(state["me"]["ideas"]) == 3


def test_accept_into_swot_and_scores_feed_the_options_stage(plan, live_server, clients):
    session = plan()
    workshop, items = session.workshop, session.items
    person, token = join(workshop, "Lucia", "Ministry of Interior", "female")
    server = live_server()
    facilitator = console_for(server, clients, session)
    participant = clients(server.url, {"workshop": workshop.id, "token": token})

    assert facilitator.call("open", {"item": items["swot"].id})["ok"]
    idea = participant.call(
        "idea", {"item": items["swot"].id, "text": "Remittances grow", "column": "O"}
    )
    accepted = facilitator.call("accept", {"contribution_id": idea["id"]})
    assert accepted["ok"] and accepted["object_type"] == "SwotItem"
    again = facilitator.call("accept", {"contribution_id": idea["id"]})
    assert again["code"] == "already_accepted"
    marked = facilitator.wait_for("idea", lambda d: d["id"] == idea["id"] and d["accepted"])
    assert marked["accepted"] is True
    db.session.expire_all()
    item = db.session.get(SwotItem, accepted["object_id"])
    assert (item.quadrant, item.statement, item.process_id) == (
        "O",
        "Remittances grow",
        session.process.id,
    )
    assert item.organisation_id == person.organisation_id is not None
    link = db.session.execute(db.select(ProvenanceLink)).scalar_one()
    assert (link.workshop_id, link.contribution_id) == (workshop.id, idea["id"])
    # An option needs its specific objective.
    other_idea = participant.call(
        "idea", {"item": items["swot"].id, "text": "License recruiters", "column": "T"}
    )
    refused = facilitator.call("accept", {"contribution_id": other_idea["id"], "target": "option"})
    assert refused["code"] == "needs_objective"
    made = facilitator.call(
        "accept",
        {
            "contribution_id": other_idea["id"],
            "target": "option",
            "objective_id": session.objective.id,
        },
    )
    assert made["ok"] and made["object_type"] == "PolicyOption"

    # Scoring writes OptionScore rows keyed participant:<id>.
    assert facilitator.call("open", {"item": items["score"].id})["ok"]
    # Opening an activity closes the one before: its late answers are refused.
    late = participant.call("idea", {"item": items["swot"].id, "text": "Late", "column": "S"})
    assert late["code"] == "activity_closed"
    option = session.options[1]
    scores = {
        f"{option.id}:{c.id}": value for c, value in zip(session.criteria, (3, -1), strict=True)
    }
    assert participant.call("score", {"item": items["score"].id, "scores": scores})["ok"]
    out_of_range = participant.call(
        "score", {"item": items["score"].id, "scores": {f"{option.id}:{session.criteria[0].id}": 9}}
    )
    assert out_of_range["code"] == "score_out_of_range"
    baseline = session.options[0]
    on_baseline = participant.call(
        "score",
        {"item": items["score"].id, "scores": {f"{baseline.id}:{session.criteria[0].id}": 1}},
    )
    assert on_baseline["code"] == "unknown_choice"
    db.session.expire_all()
    rows = db.session.execute(db.select(OptionScore).order_by(OptionScore.criterion_id)).scalars()
    assert [(r.option_id, r.scorer_key, r.score) for r in rows] == [
        (option.id, f"participant:{person.id}", 3),
        (option.id, f"participant:{person.id}", -1),
    ]
    live = facilitator.wait_for(
        "results", lambda d: d["item_id"] == items["score"].id and d["voters"] == 1
    )
    assert live["options"][0]["weighted"] == pytest.approx((2 * 3 - 1) / 3, abs=0.01)

    # Locking joining refuses newcomers but keeps the session's own participants.
    assert facilitator.call("lock", {"locked": True})["ok"]
    db.session.expire_all()
    with pytest.raises(services.RuleBroken):
        services.join(db.session.get(type(workshop), workshop.id), name="Late")
    db.session.rollback()
