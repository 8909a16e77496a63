"""Anyone with the code cannot flood a session: one participant per device, a join limit
per network address, a view of suspicious joins, and removing a participant with their
answers (audited, results recomputed and pushed live)."""

from __future__ import annotations

import re
import threading

import requests

from facilitation.extensions import db
from facilitation.models import AuditEvent
from workshops import activities
from workshops.models import Participant, Vote

from ..conftest import PASSWORD
from .conftest import join


def _participants(workshop) -> int:
    return db.session.scalar(
        db.select(db.func.count(Participant.id)).where(Participant.workshop_id == workshop.id)
    )


def test_a_device_that_joins_again_stays_one_participant(app, plan):
    workshop = plan().workshop
    phone = app.test_client()
    for n in range(30):
        phone.post(f"/w/{workshop.code}", data={"name": f"Me again {n}"})
    assert _participants(workshop) == 1
    # A browser that lost its cookie but kept its token (and sends it with the form).
    token = re.search(r'"token": "([^"]+)"', phone.get(f"/w/{workshop.code}/me").text).group(1)
    cleared = app.test_client()
    answer = cleared.post(f"/w/{workshop.code}", data={"name": "Me", "token": token})
    assert answer.status_code == 302
    assert _participants(workshop) == 1
    assert cleared.get(f"/w/{workshop.code}/me").status_code == 200


def test_joins_from_one_address_are_limited(app, plan):
    workshop = plan().workshop
    answers = [
        app.test_client().post(f"/w/{workshop.code}", data={"name": f"Fake {n}"}).status_code
        for n in range(30)
    ]
    assert answers.count(302) == 10  # WORKSHOP_JOIN_RATE default: 10 per 10 minutes
    assert set(answers[10:]) == {429}
    refused = app.test_client().post(f"/w/{workshop.code}", data={"name": "More"})
    assert "Too many people joined from this device" in refused.text
    assert _participants(workshop) == 10
    # Another address still joins.
    other = app.test_client().post(
        f"/w/{workshop.code}", data={"name": "Real"}, environ_base={"REMOTE_ADDR": "10.1.2.3"}
    )
    assert other.status_code == 302


def test_suspicious_joins_are_shown_and_a_participant_removed_with_their_votes(app, plan, login_as):
    session = plan()
    workshop, vote = session.workshop, session.items["vote"]
    for n in range(4):
        app.test_client().post(f"/w/{workshop.code}", data={"name": f"Sock puppet {n}"})
    honest = app.test_client()
    honest.post(
        f"/w/{workshop.code}", data={"name": "Honest"}, environ_base={"REMOTE_ADDR": "10.9.9.9"}
    )
    idea_author, _t = join(workshop, "Idea author")
    swot = session.items["swot"]
    activities.open_item(workshop, swot)
    idea = activities.submit_idea(idea_author, swot, "A weak registry", "W")
    db.session.commit()
    activities.open_item(workshop, vote)
    puppet = db.session.execute(
        db.select(Participant).where(Participant.name == "Sock puppet 0")
    ).scalar_one()
    activities.cast_dots(puppet, vote, {f"contribution:{idea.id}": 2})
    activities.cast_dots(idea_author, vote, {f"contribution:{idea.id}": 1})
    db.session.commit()

    client = login_as(session.users["member"])
    base = f"/p/{session.process.id}/workshops/{workshop.id}"
    page = client.get(f"{base}/participants").text
    assert "many joins" in page and "rapid joins" in page
    assert page.index("Sock puppet 0") < page.index("Honest")  # suspicious first

    assert client.post(f"{base}/participants/{puppet.id}/remove").status_code == 302
    assert db.session.get(Participant, puppet.id) is None
    votes = db.session.execute(db.select(Vote).where(Vote.item_id == vote.id)).scalars().all()
    assert [(v.participant_id, v.dots) for v in votes] == [(idea_author.id, 1)]
    removed = db.session.execute(
        db.select(AuditEvent).where(
            AuditEvent.process_id == session.process.id, AuditEvent.action == "delete"
        )
    ).scalars()
    assert {e.object_type for e in removed} >= {"Participant", "Vote"}
    # The removed device's cookie no longer works; observers cannot remove anyone.
    observer = login_as(session.users["observer"])
    other = db.session.execute(
        db.select(Participant).where(Participant.name == "Sock puppet 1")
    ).scalar_one()
    assert observer.post(f"{base}/participants/{other.id}/remove").status_code == 403


def test_thirty_fake_joins_cannot_cast_thirty_votes_on_the_real_server(plan, live_server, clients):
    session = plan()
    workshop, vote = session.workshop, session.items["vote"]
    idea_author, _t = join(workshop, "Idea author")
    activities.open_item(workshop, session.items["swot"])
    idea = activities.submit_idea(idea_author, session.items["swot"], "Registry", "W")
    db.session.commit()
    activities.open_item(workshop, vote)
    db.session.commit()
    server = live_server()

    tokens = []
    for n in range(30):  # a script that throws its cookies away after each join
        bot = requests.Session()
        page = bot.get(f"{server.url}/w/{workshop.code}", timeout=10).text
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        answer = bot.post(
            f"{server.url}/w/{workshop.code}",
            data={"name": f"Bot {n}", "csrf_token": csrf},
            timeout=10,
        )
        found = re.search(r'"token": "([^"]+)"', answer.text)
        if found:
            tokens.append(found.group(1))
    assert len(tokens) <= 10

    accepted = 0
    for token in tokens:
        phone = clients(server.url, {"workshop": workshop.id, "token": token})
        answer = phone.call("dots", {"item": vote.id, "allocation": {f"contribution:{idea.id}": 1}})
        accepted += bool(answer.get("ok"))
        phone.close()
    assert accepted == len(tokens) == 10

    # The facilitator removes one bot: its phone is disconnected at once and the console
    # gets the recomputed results (one dot fewer).
    facilitator = server.login(session.users["facilitator"].email, PASSWORD)
    console = clients(
        server.url, {"workshop": workshop.id, "as": "console"}, server.cookie_header(facilitator)
    )
    phone = clients(server.url, {"workshop": workshop.id, "token": tokens[0]})
    dropped = threading.Event()
    phone.sio.on("disconnect", lambda *_: dropped.set(), namespace="/workshop")
    bot = db.session.execute(db.select(Participant).where(Participant.name == "Bot 0")).scalar_one()
    base = f"{server.url}/p/{session.process.id}/workshops/{workshop.id}/participants"
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', facilitator.get(base).text).group(1)
    removed = facilitator.post(
        f"{base}/{bot.id}/remove", data={"csrf_token": csrf}, allow_redirects=False
    )
    assert removed.status_code == 302
    assert dropped.wait(5)
    console.wait_for(
        "results", lambda data: sum(row["dots"] for row in data.get("totals", [])) == 9
    )
