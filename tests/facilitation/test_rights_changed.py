"""Rights kept per open socket hear of a change only once it is committed
(facilitation/live_access.py): a socket that looked its rights up again before the
commit would keep the old answer for good."""

from __future__ import annotations

from facilitation import live_access
from facilitation.extensions import db


class Listener:
    def __init__(self) -> None:
        self.heard: list[tuple[int | None, int | None]] = []

    def __call__(self, process_id, user_id) -> None:
        self.heard.append((process_id, user_id))

    def hear(self, process_id, user_id) -> None:  # registered as a bound method
        self(process_id, user_id)


def test_announced_after_commit_and_never_after_rollback(app):
    listener = Listener()
    live_access.on_rights_changed(listener.hear)

    live_access.rights_changed_on_commit(db.session, 4, 9)
    live_access.rights_changed_on_commit(db.session, 5)
    assert listener.heard == []
    db.session.commit()
    assert sorted(listener.heard, key=str) == sorted([(4, 9), (5, None)], key=str)

    listener.heard.clear()
    live_access.rights_changed_on_commit(db.session, 6, 1)
    db.session.rollback()
    db.session.commit()
    assert listener.heard == []


def test_a_message_from_another_process_reaches_the_listeners(app):
    listener = Listener()
    live_access.on_rights_changed(listener.hear)
    live_access._rights_from_bus(b"12:34")
    live_access._rights_from_bus(b"12:")
    assert listener.heard == [(12, 34), (12, None)]


def test_a_listener_is_held_weakly():
    listener = Listener()
    live_access.on_rights_changed(listener.hear)
    del listener
    live_access.rights_changed_here(1, None)  # a collected listener is skipped
