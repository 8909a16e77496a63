"""The update log written on the event loop (drafting/store.py ``_write_on_loop``): on
SQLite a commit of the log is made right where the update was accepted, instead of being
handed to an OS thread, but it never waits there — not for a lock held by another
writer, not for a checkpoint — and the pooled connection goes back to the pages exactly
as they expect it."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from drafting import services, store
from facilitation.extensions import db


@pytest.fixture
def draft(app, make_process):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the log is written on the loop only on SQLite")
    process = make_process()
    created = services.create_draft(process.id, None, "Policy", "policy", [])
    ids = process.id, created.id
    db.session.commit()
    db.session.remove()  # no read transaction left open beside the writes
    return ids


def _database_file() -> str:
    return db.engine.url.database


def test_a_locked_database_sends_the_write_to_a_thread_instead_of_waiting(app, draft):
    process_id, draft_id = draft
    other = sqlite3.connect(_database_file(), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    release = threading.Timer(0.3, other.execute, ("COMMIT",))
    deferred = store.LoopWrites.deferred
    written = store.LoopWrites.written
    release.start()
    try:
        rows = [(process_id, draft_id, bytes([n])) for n in range(3)]
        store.append_many(rows, on_loop=True)
    finally:
        release.join()
        other.close()
    # The loop did not wait the 5 s busy timeout for the lock: it gave the write up at
    # once and the write waited for the lock elsewhere, then landed whole and in order.
    assert store.LoopWrites.deferred == deferred + 1
    assert store.LoopWrites.written == written
    assert store.load(draft_id)[1][-3:] == [b"\x00", b"\x01", b"\x02"]


def test_an_unlocked_database_is_written_on_the_loop(app, draft):
    process_id, draft_id = draft
    written = store.LoopWrites.written
    store.append_many([(process_id, draft_id, b"\x07")], on_loop=True)
    assert store.LoopWrites.written == written + 1
    assert store.load(draft_id)[1][-1] == b"\x07"


def test_the_pages_get_their_connections_back_waiting_for_locks(app, draft):
    process_id, draft_id = draft
    for n in range(3):
        store.append_many([(process_id, draft_id, bytes([n]))], on_loop=True)
    held = [db.engine.raw_connection() for _ in range(3)]
    try:
        for connection in held:
            cursor = connection.cursor()
            assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == store.BUSY_TIMEOUT_MS
            assert cursor.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
            cursor.close()
    finally:
        for connection in held:
            connection.close()


def test_checkpoints_are_left_to_a_thread_every_so_many_commits(app, draft, monkeypatch):
    process_id, draft_id = draft
    monkeypatch.setattr(store, "CHECKPOINT_EVERY_COMMITS", 3)
    monkeypatch.setattr(store.LoopWrites, "written", 0)
    checkpoints = store.LoopWrites.checkpoints
    for n in range(7):
        store.append_many([(process_id, draft_id, bytes([n]))], on_loop=True)
    assert store.LoopWrites.checkpoints == checkpoints + 2
    assert store.load(draft_id)[1][-7:] == [bytes([n]) for n in range(7)]
