"""Sockets already open follow a revoked right: a member removed from a process, or an
account deactivated, stops receiving the live draft and the workshop console feed at
once. Real python-socketio clients against the real server."""

from __future__ import annotations

import re
import threading
import time
from datetime import date

import pytest
import socketio

from facilitation.extensions import db as _db
from facilitation.models import Membership, Role

from ..conftest import PASSWORD

#: "Within a second" of the change, with room for a loaded test machine.
WITHIN = 1.5


class Watcher:
    """A signed-in person's open pages: the live draft and the workshop console."""

    def __init__(self, url, cookie, process_id, draft_id, workshop_id):
        self.events: list[tuple[str, str]] = []
        self.dropped: dict[str, float] = {}
        self.lock = threading.Lock()
        self.sockets = {}
        auth = {
            "/drafting": {"process_id": process_id, "draft_id": draft_id},
            "/workshop": {"workshop": workshop_id, "as": "console"},
        }
        for ns, events in (("/drafting", ("y",)), ("/workshop", ("timer", "session"))):
            sio = self.sockets[ns] = socketio.Client(reconnection=False)
            for event in events:
                sio.on(event, self._record(ns, event), namespace=ns)
            sio.on("disconnect", self._dropped(ns), namespace=ns)
            sio.connect(
                url,
                namespaces=[ns],
                auth=auth[ns],
                headers={"Cookie": cookie},
                transports=["websocket"],
                wait_timeout=10,
            )
        self.sio = self.sockets["/workshop"]

    def _record(self, ns, event):
        def record(*_args):
            with self.lock:
                self.events.append((ns, event))

        return record

    def _dropped(self, ns):
        def dropped(*_args):
            with self.lock:
                self.dropped[ns] = time.monotonic()

        return dropped

    def count(self) -> int:
        with self.lock:
            return len(self.events)

    def wait_dropped(self, since: float) -> bool:
        deadline = since + WITHIN
        while time.monotonic() < deadline:
            with self.lock:
                if {"/drafting", "/workshop"} <= set(self.dropped):
                    return True
            time.sleep(0.02)
        return False

    def close(self):
        for sio in self.sockets.values():
            sio.disconnect()


def _csrf(http, url) -> str:
    page = http.get(url).text
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


@pytest.fixture
def world(app, make_user, make_process, member):
    from drafting.models import Draft, DraftSection
    from workshops import services as workshops

    admin = make_user(email="admin@live.test", is_admin=True)
    process = make_process(owner=admin)
    removed = member(process, Role.MEMBER, make_user(email="removed@live.test"))
    deactivated = member(process, Role.MEMBER, make_user(email="gone@live.test"))
    draft = Draft(process_id=process.id, title="Live draft")
    draft.sections.append(DraftSection(process_id=process.id, title="Introduction"))
    _db.session.add(draft)
    workshop = workshops.create_workshop(
        process.id, admin, title="Validation", session_date=date(2026, 12, 3), venue="Room A"
    )
    _db.session.commit()
    membership_id = _db.session.execute(
        _db.select(Membership.id).where(Membership.user_id == removed.id)
    ).scalar_one()
    return {
        "process": process.id,
        "draft": draft.id,
        "workshop": workshop.id,
        "membership": membership_id,
        "deactivated": deactivated.id,
    }


def test_removed_member_and_deactivated_account_are_disconnected(live_server, world):
    server = live_server()
    admin = server.login("admin@live.test", PASSWORD)
    ids = (world["process"], world["draft"], world["workshop"])
    removed = Watcher(
        server.url, server.cookie_header(server.login("removed@live.test", PASSWORD)), *ids
    )
    gone = Watcher(server.url, server.cookie_header(server.login("gone@live.test", PASSWORD)), *ids)
    facilitator = Watcher(server.url, server.cookie_header(admin), *ids)
    try:
        members = f"{server.url}/p/{world['process']}/members"
        started = time.monotonic()
        answer = admin.post(
            f"{members}/{world['membership']}/remove",
            data={"csrf_token": _csrf(admin, members)},
            allow_redirects=False,
        )
        assert answer.status_code == 302
        assert removed.wait_dropped(started)
        assert not gone.dropped and not facilitator.dropped  # only the removed member

        users = f"{server.url}/admin/users"
        started = time.monotonic()
        answer = admin.post(
            f"{users}/{world['deactivated']}/active",
            data={"csrf_token": _csrf(admin, users)},
            allow_redirects=False,
        )
        assert answer.status_code == 302
        assert gone.wait_dropped(started)
        assert not facilitator.dropped

        # The console feed goes on for the others, and no longer reaches them.
        before = removed.count(), gone.count()
        seen = facilitator.count()
        timer = facilitator.sio.call(
            "timer", {"seconds": 60, "label": "Break"}, namespace="/workshop", timeout=10
        )
        assert timer["ok"], timer
        deadline = time.monotonic() + 5
        while facilitator.count() == seen and time.monotonic() < deadline:
            time.sleep(0.02)
        assert facilitator.count() > seen
        assert (removed.count(), gone.count()) == before
    finally:
        for watcher in (removed, gone, facilitator):
            watcher.close()

    # Coming back is refused.
    cookie = server.cookie_header(server.login("removed@live.test", PASSWORD))
    with pytest.raises(socketio.exceptions.ConnectionError):
        Watcher(server.url, cookie, *ids)
