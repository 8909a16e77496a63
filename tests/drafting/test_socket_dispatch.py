"""The hot ``y`` event is answered without a Flask request context: no signed session
cookie decoded, no account loaded per keystroke (docs/coediting-latency.md). The one
access check still decides every write: observers are refused, and a member whose
membership or sign-in session ends is refused at the next check (and disconnected at
once: tests/facilitation/test_live_revocation.py, with real clients on a live server).

Driven in process through Flask-SocketIO's test client: the real namespace, the real
python-socketio dispatch, the real database."""

from __future__ import annotations

import base64

import pytest
from flask.sessions import SecureCookieSessionInterface
from pycrdt import Doc, Text
from sqlalchemy import event

from drafting import crdt, events, store
from drafting.models import Draft, DraftKind, DraftSection
from facilitation import services
from facilitation.extensions import db, socketio
from facilitation.models import Membership, Role, UserSession
from tests.access import sign_in


class CountingSessions(SecureCookieSessionInterface):
    """Flask's own cookie sessions, counting how often a cookie is decoded."""

    opened = 0

    def open_session(self, app, request):
        CountingSessions.opened += 1
        return super().open_session(app, request)


@pytest.fixture
def draft_world(app, make_process, make_user, member):
    owner = make_user()
    process = make_process(owner)
    process.owner_for_tests = owner
    writer = member(process, Role.MEMBER)
    observer = member(process, Role.OBSERVER)
    # A policy draft: agreeing the validation stage freezes its text.
    draft = Draft(process_id=process.id, title="Dispatch draft", kind=DraftKind.POLICY)
    draft.sections.append(DraftSection(process_id=process.id, title="Introduction"))
    db.session.add(draft)
    db.session.commit()
    app.session_interface = CountingSessions()
    return process, draft, writer, observer


def connect(app, process, draft, user):
    browser = app.test_client()
    sign_in(browser, user)
    sock = socketio.test_client(
        app,
        namespace=events.NAMESPACE,
        auth={"process_id": process.id, "draft_id": draft.id},
        flask_test_client=browser,
    )
    assert sock.is_connected(events.NAMESPACE)
    sock.get_received(events.NAMESPACE)  # the greeting
    return sock


def keystrokes(count: int) -> list[str]:
    """``count`` one-character updates of one author, as base64 ``y`` messages."""
    doc = Doc()
    text = doc.get("plain", type=Text)
    messages = []
    for i in range(count):
        before = doc.get_state()
        text.insert(len(text), "abcdefghij"[i % 10])
        update = doc.get_update(before)
        messages.append(events.to_wire(crdt.update_message(update)))
    return messages


def refusals(sock) -> list[str]:
    return [
        m["args"][0]["code"]
        for m in sock.get_received(events.NAMESPACE)
        if m["name"] in ("draft-refused", "draft-error")
    ]


def test_keystrokes_do_not_decode_the_session_cookie_again(app, draft_world):
    process, draft, writer, observer = draft_world
    sock = connect(app, process, draft, writer)
    reader = connect(app, process, draft, observer)
    before = store.log_length(draft.id)
    CountingSessions.opened = 0

    for message in keystrokes(20):
        sock.emit("y", message, namespace=events.NAMESPACE)

    assert CountingSessions.opened == 0
    assert store.log_length(draft.id) == before + 20
    assert refusals(sock) == []
    relayed = [m for m in reader.get_received(events.NAMESPACE) if m["name"] == "y"]
    assert relayed and all(isinstance(m["args"][0], str) for m in relayed)  # one text frame
    doc = Doc()
    for m in relayed:
        kind, pos = crdt.read_var_uint(base64.b64decode(m["args"][0]), 0)
        assert kind == 0
    with app.app_context():
        room = events.rooms.get_room(process.id, draft.id)
        doc.apply_update(room.full_update())
    assert str(doc.get("plain", type=Text)) == "abcdefghij" * 2


def test_an_observer_still_cannot_write(app, draft_world):
    process, draft, _writer, observer = draft_world
    sock = connect(app, process, draft, observer)
    before = store.log_length(draft.id)
    sock.emit("y", keystrokes(1)[0], namespace=events.NAMESPACE)
    assert refusals(sock) == ["read-only"]
    assert store.log_length(draft.id) == before


def test_bytes_from_an_older_client_are_still_read(app, draft_world):
    process, draft, writer, _observer = draft_world
    sock = connect(app, process, draft, writer)
    before = store.log_length(draft.id)
    sock.emit("y", base64.b64decode(keystrokes(1)[0]), namespace=events.NAMESPACE)
    sock.emit("y", "not base64!", namespace=events.NAMESPACE)
    assert refusals(sock) == ["malformed"]
    assert store.log_length(draft.id) == before + 1


@pytest.mark.parametrize("revoke", ["membership", "session"])
def test_a_revoked_right_is_refused_at_the_next_check(app, draft_world, monkeypatch, revoke):
    """Without the disconnect (say a lost cluster message), the per-socket identity is
    still read again through the session loader and the membership at the next check."""
    monkeypatch.setattr(events, "WRITE_RECHECK_SECONDS", 0.0)
    process, draft, writer, _observer = draft_world
    sock = connect(app, process, draft, writer)
    typed = keystrokes(2)
    sock.emit("y", typed[0], namespace=events.NAMESPACE)
    assert refusals(sock) == []
    if revoke == "membership":
        db.session.execute(
            db.delete(Membership).where(
                Membership.process_id == process.id, Membership.user_id == writer.id
            )
        )
    else:
        db.session.execute(
            db.update(UserSession)
            .where(UserSession.user_id == writer.id)
            .values(ended_at=db.func.current_timestamp())
        )
    db.session.commit()
    before = store.log_length(draft.id)
    sock.emit("y", typed[1], namespace=events.NAMESPACE)
    assert refusals(sock) == ["read-only"]
    assert store.log_length(draft.id) == before


RIGHTS_TABLES = ("membership", "user_session", "stage_state", '"user"', "user.")


@pytest.fixture
def rights_queries(app):
    """The SQL statements that read an account, a sign-in session, a membership or a
    stage's state, as they are run."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        lowered = statement.lower()
        if any(table in lowered for table in RIGHTS_TABLES):
            seen.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def test_keystrokes_ask_the_database_nothing_to_authorize(app, draft_world, rights_queries):
    """The rights are looked up at connect and kept per socket: typing runs no query for
    the write check (it used to read account, session, membership and stage lock)."""
    process, draft, writer, _observer = draft_world
    sock = connect(app, process, draft, writer)
    before = store.log_length(draft.id)
    rights_queries.clear()
    for message in keystrokes(20):
        sock.emit("y", message, namespace=events.NAMESPACE)
    assert refusals(sock) == []
    assert store.log_length(draft.id) == before + 20
    assert rights_queries == []


def test_a_lowered_role_is_refused_at_the_next_keystroke(app, draft_world, monkeypatch):
    """No waiting for a recheck: the role change is announced once committed."""
    monkeypatch.setattr(events, "WRITE_RECHECK_SECONDS", 3600.0)
    process, draft, writer, _observer = draft_world
    sock = connect(app, process, draft, writer)
    typed = keystrokes(3)
    sock.emit("y", typed[0], namespace=events.NAMESPACE)
    assert refusals(sock) == []

    membership = db.session.execute(
        db.select(Membership).filter_by(process_id=process.id, user_id=writer.id)
    ).scalar_one()
    services.change_membership(membership, Role.OBSERVER, None)
    db.session.rollback()  # not committed: nothing changes yet
    sock.emit("y", typed[1], namespace=events.NAMESPACE)
    assert refusals(sock) == []

    membership = db.session.get(Membership, membership.id)
    services.change_membership(membership, Role.OBSERVER, None)
    db.session.commit()
    before = store.log_length(draft.id)
    sock.emit("y", typed[2], namespace=events.NAMESPACE)
    assert refusals(sock) == ["read-only"]
    assert store.log_length(draft.id) == before


def test_an_agreed_stage_freezes_open_drafts_at_once(app, draft_world, monkeypatch):
    monkeypatch.setattr(events, "WRITE_RECHECK_SECONDS", 3600.0)
    process, draft, writer, _observer = draft_world
    sock = connect(app, process, draft, writer)
    typed = keystrokes(2)
    sock.emit("y", typed[0], namespace=events.NAMESPACE)
    assert refusals(sock) == []

    owner = process.owner_for_tests
    services.agree_stage(
        process.id,
        "validation",
        owner,
        accept_breaks=True,
        decision_reference="Minutes 4",
        decision_text="Agreed by the core group.",
    )
    db.session.commit()
    before = store.log_length(draft.id)
    sock.emit("y", typed[1], namespace=events.NAMESPACE)
    assert refusals(sock) == ["read-only"]
    assert store.log_length(draft.id) == before

    services.reopen_stage(process.id, "validation", owner)
    db.session.commit()
    # (typed[2] builds on the refused typed[1]; a fresh author's keystroke does not)
    sock.emit("y", keystrokes(1)[0], namespace=events.NAMESPACE)
    assert refusals(sock) == []
    assert store.log_length(draft.id) == before + 1


def test_an_offline_copy_reaches_only_the_draft_it_was_taken_from(app, draft_world):
    """At sign-out the browser sends its offline copies, each naming the draft it came from
    by id and creation stamp: a draft that took over the id after a rebuild refuses it."""
    process, draft, writer, observer = draft_world

    def connects(created) -> bool:
        browser = app.test_client()
        sign_in(browser, writer)
        auth = {"process_id": process.id, "draft_id": draft.id}
        if created is not None:
            auth["created"] = created
        sock = socketio.test_client(
            app, namespace=events.NAMESPACE, auth=auth, flask_test_client=browser
        )
        connected = sock.is_connected(events.NAMESPACE)
        if connected:
            sock.disconnect(namespace=events.NAMESPACE)
        return connected

    assert connects(None)  # the editor page itself
    assert connects(draft.offline_stamp)
    assert not connects("20250101000000000000")
