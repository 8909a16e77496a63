"""An operator's planned restart: SIGTERM on a live server with an open co-editing room
stops it cleanly (status 0) and flushes the room, so the last edits typed before the
signal are in the database's snapshot (issue 14, "graceful shutdown that flushes rooms")."""

from __future__ import annotations

import signal
import sqlite3

import pytest
from pycrdt import Doc, Text

from tests.drafting.live import PASSWORD, prepare_database
from tests.drafting.yclient import YClient
from tests.live import LiveServer

pytestmark = [pytest.mark.server, pytest.mark.slow]


def _stored(db_path: str, draft_id: int) -> tuple[str, int]:
    """The draft's snapshot text and how many log rows it has, read from the file."""
    with sqlite3.connect(db_path) as conn:
        row = conn.execute(
            "SELECT data FROM draft_snapshot WHERE draft_id = ?", (draft_id,)
        ).fetchone()
        log_rows = conn.execute(
            "SELECT count(*) FROM draft_update WHERE draft_id = ?", (draft_id,)
        ).fetchone()[0]
    doc = Doc()
    if row:
        doc.apply_update(bytes(row[0]))
    return str(doc.get("plain", type=Text)), log_rows


def test_sigterm_flushes_the_open_room_and_exits_cleanly(tmp_path):
    db_path = str(tmp_path / "live.sqlite3")
    world = prepare_database(f"sqlite:///{db_path}", writers=1)
    (tmp_path / "instance").mkdir()
    server = LiveServer(
        f"sqlite:///{db_path}", str(tmp_path / "instance"), env={"SHUTDOWN_DRAIN_SECONDS": "3"}
    ).start()
    try:
        cookie = server.cookie_header(server.login(world.emails["writer0"], PASSWORD))
        writer = YClient(server.url, cookie, world.process_id, world.draft_id).connect()
        assert writer.wait_synced(10)
        for i in range(20):
            writer.insert_text(0, f"edit{i} ")
        writer.insert_text(0, "the last words before the restart ")
        # At once: what the server has received but not yet handled must still be saved.
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=60) == 0
        log = server.log_path.read_text()
        assert "Flushed 1 co-editing room(s)" in log, log[-3000:]
        text, log_rows = _stored(db_path, world.draft_id)
        assert "the last words before the restart" in text
        assert all(f"edit{i} " in text for i in range(20))
        assert log_rows == 0  # the room's log was folded into its snapshot
        writer.disconnect()
    finally:
        server.stop()
