"""Group commit of the update log (drafting/store.py LogWriter): updates queued while a
write is under way go in one transaction, in the order they were applied, and every
caller learns whether its update is durable."""

from __future__ import annotations

import pytest
from pycrdt import Text

from drafting import services, store
from drafting.crdt import Room
from facilitation.extensions import db


class Deferred:
    """Starts the writer task when the test says so (as the event loop would, later)."""

    def __init__(self) -> None:
        self.tasks: list = []

    def __call__(self, fn, *args) -> None:
        self.tasks.append((fn, args))

    def run(self) -> None:
        while self.tasks:
            fn, args = self.tasks.pop(0)
            fn(*args)


@pytest.fixture
def draft(app, make_process):
    process = make_process()
    created = services.create_draft(process.id, None, "Policy", "policy", [])
    db.session.commit()
    return process.id, created.id


def test_updates_queued_during_a_write_go_in_one_transaction_in_order(app, draft):
    process_id, draft_id = draft
    spawn = Deferred()
    writer = store.LogWriter(app, spawn)
    pending = [writer.submit(process_id, draft_id, bytes([n])) for n in range(5)]
    assert len(spawn.tasks) == 1  # one writer task, however many wait
    assert not any(p.done.is_set() for p in pending)  # nobody relays before it is saved
    spawn.run()
    for p in pending:
        p.wait()
    assert (writer.writes, writer.rows) == (1, 5)
    assert store.load(draft_id)[1] == [bytes([n]) for n in range(5)]
    # Idle again: the next update starts a new write of its own.
    writer.submit(process_id, draft_id, b"\x09")
    spawn.run()
    assert (writer.writes, writer.rows) == (2, 6)


def test_changes_saved_through_the_writer_reload_identically(app, draft):
    process_id, draft_id = draft
    spawn = Deferred()
    writer = store.LogWriter(app, spawn)
    room = Room((process_id, draft_id))
    words = ["alpha ", "beta ", "gamma "]
    for word in words:

        def edit(doc, w=word):
            doc.get("plain", type=Text).insert(0, w)

        def save(update):
            pending = writer.submit(process_id, draft_id, update)
            spawn.run()  # the writer task gets its turn before the room waits
            return pending

        room.local_change(edit, save)
    snapshot, updates = store.load(draft_id)
    reloaded = Room("reloaded")
    reloaded.load(snapshot, updates)
    assert str(reloaded.doc.get("plain", type=Text)) == "gamma beta alpha "


def test_a_failed_write_fails_every_update_in_it_and_breaks_the_room(app, draft):
    process_id, draft_id = draft
    spawn = Deferred()
    writer = store.LogWriter(app, spawn)
    room = Room((process_id, draft_id))
    bad = writer.submit(process_id, draft_id + 999_999, b"\x01")  # no such draft: refused
    good = writer.submit(process_id, draft_id, b"\x02")
    spawn.run()
    with pytest.raises(Exception):  # noqa: B017 - the database's own error
        bad.wait()
    with pytest.raises(Exception):  # noqa: B017
        good.wait()
    assert store.load(draft_id)[1] == []  # one transaction: nothing half-written

    def save(update):
        pending = writer.submit(process_id, draft_id + 999_999, update)
        spawn.run()
        return pending

    with pytest.raises(Exception):  # noqa: B017
        room.local_change(lambda doc: doc.get("plain", type=Text).insert(0, "lost? "), save)
    assert room.broken  # the caller reloads it from the database and everyone resyncs
