"""A draft tied to a stage (the action-plan narrative) is read-only on the co-editing
socket once that stage is agreed, and writable again when it is reopened."""

from __future__ import annotations

import sqlite3

import pytest

from .live import LiveServer, prepare_database
from .yclient import YClient, wait_until

pytestmark = [pytest.mark.server, pytest.mark.slow]


def _set(db_path: str, sql: str, *params) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute(sql, params)


def test_an_agreed_stage_freezes_its_draft_for_every_writer(tmp_path):
    server = LiveServer(tmp_path)
    world = prepare_database(server.db_url, writers=2)
    path = server.db_url.removeprefix("sqlite:///")
    _set(path, "UPDATE draft SET kind = 'action_plan' WHERE id = ?", world.draft_id)
    _set(
        path,
        "INSERT INTO stage_state (process_id, stage, agreed, note, created_at, updated_at) "
        "VALUES (?, 'action_plan', 1, '', '2026-12-01', '2026-12-01')",
        world.process_id,
    )
    server.start()
    try:
        cookie = server.login(world.emails["writer1"])
        writer = YClient(server.url, cookie, world.process_id, world.draft_id).connect()
        assert writer.wait_synced(10)
        writer.insert_text(0, "AFTER AGREEMENT ")
        assert wait_until(lambda: any(e.get("code") == "read-only" for e in writer.errors))
        writer.disconnect()
        reader = YClient(server.url, cookie, world.process_id, world.draft_id).connect()
        assert reader.wait_synced(10)
        assert "AFTER AGREEMENT" not in reader.snapshot()[0]
        reader.disconnect()

        _set(path, "UPDATE stage_state SET agreed = 0 WHERE process_id = ?", world.process_id)
        writer = YClient(server.url, cookie, world.process_id, world.draft_id).connect()
        assert writer.wait_synced(10)
        writer.insert_text(0, "REOPENED ")
        reader = YClient(server.url, cookie, world.process_id, world.draft_id).connect()
        assert reader.wait_synced(10)
        assert wait_until(lambda: "REOPENED" in reader.snapshot()[0])
        for c in (writer, reader):
            c.disconnect()
    finally:
        server.stop()
