"""Co-editing never hides an edit (issue 13), against the real server with real clients:
a refused update is announced and taken back, parking is per connection, a resync that
brings nothing costs nothing, a locked database freezes nothing, the last update before a
disconnect is kept, and presence is capped."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import time

import pytest
import requests
from pycrdt import Doc, Text

from drafting import crdt
from drafting.ydeps import decode_state_vector

from .live import serving
from .yclient import YClient, wait_until
from .yjs_peer import PEERS, require_node

pytestmark = [pytest.mark.server, pytest.mark.slow]

UPDATE = bytes([0, 2])  # a relayed y-sync update message starts with these bytes


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("hardening"), writers=3) as (server, world):
        cookies = {role: server.login(email) for role, email in world.emails.items()}
        yield server, world, cookies


def client(server, world, cookie, **kwargs) -> YClient:
    c = YClient(server.url, cookie, world.process_id, world.draft_id, **kwargs).connect()
    assert c.wait_synced(10)
    return c


def log_rows(server, world) -> int:
    with sqlite3.connect(server.db_url.removeprefix("sqlite:///")) as conn:
        return conn.execute(
            "SELECT count(*) FROM draft_update WHERE draft_id = ?", (world.draft_id,)
        ).fetchone()[0]


def relayed_updates(c: YClient) -> int:
    return sum(1 for message in list(c.received) if message[:2] == UPDATE)


def big_paste() -> bytes:
    doc = Doc()
    doc.get("plain", type=Text).insert(0, "x" * (3 * 1024 * 1024))
    return doc.get_update()


def test_refused_paste_is_announced_at_once_with_its_reason_and_logged(live):
    server, world, cookies = live
    writer = client(server, world, cookies["writer1"])
    writer.sio.emit("y", crdt.update_message(big_paste()), namespace="/drafting")
    assert wait_until(lambda: writer.refusals, timeout=10)
    refusal = writer.refusals[0]
    assert refusal["code"] == "too-large" and refusal["action"] == "revert"
    assert "smaller parts" in refusal["message"]
    assert decode_state_vector(refusal["state"]) == decode_state_vector(writer.snapshot()[2])
    assert writer.sio.connected
    pattern = rf"draft-refusal draft={world.draft_id} user=\d+ code=too-large .* bytes=3\d{{6}}"
    assert wait_until(lambda: re.search(pattern, server.read_log()), timeout=5)
    writer.disconnect()


@pytest.mark.parametrize("mode", ["server", "client"])
def test_editor_takes_back_a_refused_paste_and_what_follows_reaches_everyone(live, mode):
    """The browser provider in Node: after the paste is refused (by the server, or by the
    provider itself before sending) the author's later typing is seen by the others."""
    server, world, cookies = live
    node = require_node()
    observer = client(server, world, cookies["observer"])
    peer = subprocess.run(
        [
            node,
            str(PEERS / "refusal-peer.mjs"),
            server.url,
            cookies["writer2"],
            str(world.process_id),
            str(world.draft_id),
            mode,
        ],
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert peer.returncode == 0, peer.stderr
    result = json.loads(peer.stdout.strip().splitlines()[-1])
    assert [r["code"] for r in result["refusals"]][:1] == ["too-large"]
    assert result["refusals"][0]["message"]
    assert "PPPP" not in result["text"]  # the author's editor no longer shows the paste
    assert f"typed after the paste-{mode}" in result["text"]
    assert result["size"] < 1024 * 1024  # the paste's content is gone, not only hidden
    assert wait_until(lambda: f"typed after the paste-{mode}" in observer.snapshot()[0])
    assert f"before-{mode}" in observer.snapshot()[0]
    assert "PPPP" not in observer.snapshot()[0]
    observer.disconnect()


def out_of_order_updates(count: int) -> list[bytes]:
    """Updates whose first one is never sent: every other one waits for it."""
    doc = Doc()
    text = doc.get("stray", type=Text)
    updates = []
    for i in range(count + 1):
        before = doc.get_state()
        text.insert(len(text), f"{i};")
        updates.append(doc.get_update(before))
    return updates[1:]


def test_parking_is_bounded_per_connection_and_blocks_nobody_else(live):
    server, world, cookies = live
    rows_before = log_rows(server, world)
    witness = client(server, world, cookies["writer0"])
    attacker = client(server, world, cookies["writer1"])
    for update in out_of_order_updates(1100):
        attacker.sio.emit("y", crdt.update_message(update), namespace="/drafting")
    assert wait_until(
        lambda: any(r["code"] == "out-of-order" for r in attacker.refusals), timeout=60
    )
    assert all(r["action"] == "resync" for r in attacker.refusals)
    # A newcomer syncs (its first step 2 included) and writes; everyone sees it.
    newcomer = client(server, world, cookies["writer2"])
    assert not newcomer.refusals
    newcomer.insert_text(0, "newcomer was heard ")
    assert wait_until(lambda: "newcomer was heard" in witness.snapshot()[0])
    assert not witness.refusals and not newcomer.refusals
    # Parked updates were never stored nor relayed.
    assert str(witness.doc.get("stray", type=Text)) == ""
    assert log_rows(server, world) <= rows_before + 2
    for c in (witness, attacker, newcomer):
        c.disconnect()
    # Everyone left: the log is compacted into a snapshot and nothing parked survives.
    assert wait_until(lambda: log_rows(server, world) == 0, timeout=10)
    again = client(server, world, cookies["writer0"])
    assert "newcomer was heard" in again.snapshot()[0]
    assert str(again.doc.get("stray", type=Text)) == ""
    again.disconnect()


def test_resyncs_that_bring_nothing_cost_no_row_and_no_broadcast(live):
    server, world, cookies = live
    writer = client(server, world, cookies["writer0"])
    listener = client(server, world, cookies["observer"])
    # A large delete set: many separate deletions.
    for i in range(300):
        writer.insert_text(10**9, f"word{i} ")  # the end, read under the client lock
    for i in range(0, 300, 2):
        writer.delete_text(i * 4, 2)
    assert wait_until(lambda: listener.snapshot()[:2] == writer.snapshot()[:2], timeout=60)
    time.sleep(0.5)  # let the last fan-out batch leave
    rows, relayed = log_rows(server, world), relayed_updates(listener)
    full_state = writer.doc.get_update()
    for _ in range(10):
        writer.sio.emit("y", crdt.create_sync_step2_message(full_state), namespace="/drafting")
        writer.sio.emit("y", crdt.update_message(full_state), namespace="/drafting")
    # A marker after them: once it arrives, the resyncs have all been handled.
    writer.insert_text(0, "marker ")
    assert wait_until(lambda: "marker" in listener.snapshot()[0])
    assert log_rows(server, world) == rows + 1
    assert relayed_updates(listener) == relayed + 1
    assert not writer.refusals
    for c in (writer, listener):
        c.disconnect()


HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], timeout=30)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.rollback()
print("released", flush=True)
"""


def test_locked_database_freezes_no_page_and_the_edit_arrives(live):
    server, world, cookies = live
    writer = client(server, world, cookies["writer1"])
    listener = client(server, world, cookies["writer2"])
    rows = log_rows(server, world)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, server.db_url.removeprefix("sqlite:///"), "8"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        writer.insert_text(0, "written during the lock ")
        time.sleep(0.5)  # the save is now waiting for the lock
        page = requests.get(server.url + "/login", timeout=20)
        assert page.status_code == 200
        assert holder.poll() is None  # the page answered while the lock was still held
        assert holder.stdout.readline().strip() == "released"
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert wait_until(lambda: "written during the lock" in listener.snapshot()[0], timeout=40)
    assert wait_until(lambda: log_rows(server, world) > rows, timeout=5)
    assert not writer.refusals
    for c in (writer, listener):
        c.disconnect()


FAIL_SAVES = (
    "CREATE TRIGGER fail_every_save BEFORE INSERT ON draft_update "
    "BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END"
)


def stored_text(server, world) -> str:
    """The draft's plain text as the database holds it: snapshot plus logged updates."""
    doc = Doc()
    with sqlite3.connect(server.db_url.removeprefix("sqlite:///")) as conn:
        snapshot = conn.execute(
            "SELECT data FROM draft_snapshot WHERE draft_id = ?", (world.draft_id,)
        ).fetchall()
        rows = conn.execute(
            "SELECT data FROM draft_update WHERE draft_id = ? ORDER BY id", (world.draft_id,)
        ).fetchall()
    for (data,) in [*snapshot, *rows]:
        doc.apply_update(data)
    return str(doc.get("plain", type=Text))


def test_a_failed_save_makes_the_author_resync_and_the_edit_arrives(live):
    """Saving fails outright (not a lock: an error no retry can mend). The author is told
    to resync at once, the operator sees it in the log, and once the database accepts
    writes again the edit is stored and reaches the others: it is never hidden."""
    server, world, cookies = live
    writer = client(server, world, cookies["writer1"])
    listener = client(server, world, cookies["writer2"])
    path = server.db_url.removeprefix("sqlite:///")
    try:
        with sqlite3.connect(path, timeout=30) as conn:
            conn.execute(FAIL_SAVES)
        try:
            writer.insert_text(0, "typed while saving fails ")
            assert wait_until(lambda: writer.refusals, timeout=20)
        finally:
            with sqlite3.connect(path, timeout=30) as conn:
                conn.execute("DROP TRIGGER IF EXISTS fail_every_save")
        refusal = writer.refusals[0]
        assert (refusal["code"], refusal["action"]) == ("unavailable", "resync")
        assert refusal["message"]
        assert "typed while saving fails" not in listener.snapshot()[0]  # never relayed unsaved
        writer.resync()  # what the editor's provider does on a refusal
        assert wait_until(lambda: "typed while saving fails" in listener.snapshot()[0], timeout=20)
        assert wait_until(lambda: "typed while saving fails" in stored_text(server, world))
        assert re.search(
            rf"draft-refusal draft={world.draft_id} user=\d+ code=unavailable", server.read_log()
        )
    finally:
        for c in (writer, listener):
            c.disconnect()


def test_update_sent_just_before_a_clean_disconnect_is_kept(live):
    """The browser provider (in Node) types and closes its socket in the same tick."""
    server, world, cookies = live
    node = require_node()
    watcher = client(server, world, cookies["observer"])  # keeps the room open
    for i in range(5):
        subprocess.run(
            [
                node,
                str(PEERS / "last-words-peer.mjs"),
                server.url,
                cookies["writer1"],
                str(world.process_id),
                str(world.draft_id),
                f"last-words-{i}",
            ],
            check=True,
            timeout=30,
        )
    assert wait_until(lambda: all(f"last-words-{i}" in watcher.snapshot()[0] for i in range(5)))
    watcher.disconnect()
    assert wait_until(lambda: log_rows(server, world) == 0, timeout=30)  # compacted
    fresh = client(server, world, cookies["writer0"])
    assert all(f"last-words-{i}" in fresh.snapshot()[0] for i in range(5))
    fresh.disconnect()


def test_a_message_above_our_limit_is_refused_with_a_message_not_dropped(live):
    server, world, cookies = live
    writer = client(server, world, cookies["writer1"])
    doc = Doc()
    doc.get("plain", type=Text).insert(0, "y" * (6 * 1024 * 1024))
    writer.sio.emit("y", crdt.update_message(doc.get_update()), namespace="/drafting")
    assert wait_until(lambda: writer.refusals, timeout=15)
    assert writer.refusals[0]["code"] == "too-large"
    assert writer.sio.connected
    writer.disconnect()


def awareness(client_id: int, clock: int, size: int) -> bytes:
    state = json.dumps({"user": {"name": "n" * size, "color": "#123456"}}).encode()
    payload = (
        crdt.write_var_uint(1)
        + crdt.write_var_uint(client_id)
        + crdt.write_var_uint(clock)
        + crdt.write_var_uint(len(state))
        + state
    )
    return crdt.awareness_message(payload)


def test_presence_is_capped_in_size_and_rate_per_connection(live):
    server, world, cookies = live
    editor = client(server, world, cookies["writer0"])
    flooder = client(server, world, cookies["observer"])

    def presence_received() -> int:
        return sum(1 for m in list(editor.received) if m[:1] == b"\x01")

    flooder.sio.emit("y", awareness(777, 1, 60 * 1024), namespace="/drafting")
    flooder.sio.emit("y", awareness(777, 2, 100), namespace="/drafting")
    assert wait_until(lambda: presence_received() >= 1)
    time.sleep(0.5)
    assert presence_received() == 1  # the 60 KB message was not relayed
    received = presence_received()
    for clock in range(3, 303):
        flooder.sio.emit("y", awareness(777, clock, 100), namespace="/drafting")
    time.sleep(1.5)
    assert presence_received() - received < 100  # a burst and its refill, not 300
    assert presence_received() - received >= 10
    log = server.read_log()
    assert re.search(r"draft-refusal draft=\d+ user=\d+ code=too-large reason='awareness'", log)
    assert re.search(r"draft-refusal draft=\d+ user=\d+ code=rate ", log)
    assert flooder.sio.connected and not flooder.errors
    for c in (editor, flooder):
        c.disconnect()
