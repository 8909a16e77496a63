"""Real clients against the real server: convergence, restart after SIGKILL, permissions,
bad input, and the real Yjs library (in Node) as one of the peers."""

from __future__ import annotations

import base64
import json
import random
import sqlite3
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import socketio
from pycrdt import Doc, Text

from drafting import crdt

from .live import serving
from .yclient import YClient, wait_until
from .yjs_peer import PEERS, require_node

pytestmark = [pytest.mark.server, pytest.mark.slow]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("live"), writers=4) as (server, world):
        cookies = {role: server.login(email) for role, email in world.emails.items()}
        yield server, world, cookies


def client(server, world, cookie, **kwargs) -> YClient:
    c = YClient(server.url, cookie, world.process_id, world.draft_id, **kwargs).connect()
    assert c.wait_synced(10)
    return c


def converged(clients) -> bool:
    snapshots = [c.snapshot() for c in clients]
    return all(s[:2] == snapshots[0][:2] for s in snapshots)


def random_edits(c: YClient, seed: int, count: int) -> None:
    rng = random.Random(seed)
    for i in range(count):
        roll = rng.random()
        if roll < 0.6:
            c.insert_text(rng.randrange(len(c.text) + 1), f"w{seed}.{i} ")
        elif roll < 0.8:
            c.delete_text(rng.randrange(len(c.text) + 1), rng.randint(1, 4))
        else:
            c.add_paragraph(f"paragraph {seed}.{i}")


def test_random_concurrent_edits_converge(live):
    server, world, cookies = live
    clients = [client(server, world, cookies[f"writer{i}"]) for i in range(4)]
    threads = [
        threading.Thread(target=random_edits, args=(c, i + 1, 60)) for i, c in enumerate(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wait_until(lambda: converged(clients), timeout=15)
    # A newcomer loads the same document from the server.
    newcomer = client(server, world, cookies["observer"])
    assert wait_until(lambda: converged([*clients, newcomer]), timeout=10)
    final_text = clients[0].snapshot()[0]
    assert "w1." in final_text
    for c in [*clients, newcomer]:
        c.disconnect()
    # When the last person leaves, the log is compacted into a snapshot...
    database = server.db_url.removeprefix("sqlite:///")

    def snapshot_rows() -> int:
        with sqlite3.connect(database) as conn:
            return conn.execute(
                "SELECT count(*) FROM draft_snapshot WHERE draft_id = ?", (world.draft_id,)
            ).fetchone()[0]

    assert wait_until(lambda: snapshot_rows() == 1, timeout=10)
    # ...that holds everything.
    later = client(server, world, cookies["writer3"])
    assert later.snapshot()[0] == final_text
    later.disconnect()


def test_a_burst_from_several_writers_reaches_everyone_in_order(live):
    """Four writers send 80 keystrokes each as fast as they can while two readers watch:
    the server merges what arrives while it is busy, and nothing is lost or misplaced."""
    server, world, cookies = live
    writers = [client(server, world, cookies[f"writer{i}"]) for i in range(4)]
    readers = [client(server, world, cookies["observer"]) for _ in range(2)]

    def burst(c: YClient, tag: str) -> None:
        for i in range(80):
            # Each keystroke after the previous one of the same writer: its own text stays
            # in order whatever the others do, so any reordering or loss shows.
            with c.lock:
                text = c.text
                at = str(text).find(f"<{tag}>")
                if at < 0:
                    text.insert(len(text), f"<{tag}></{tag}>")
                    at = str(text).find(f"<{tag}>")
                text.insert(str(text).find(f"</{tag}>"), chr(ord("a") + i % 26))

    threads = [threading.Thread(target=burst, args=(w, f"w{i}")) for i, w in enumerate(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    everyone = [*writers, *readers]
    assert wait_until(lambda: converged(everyone), timeout=20)
    final = readers[0].snapshot()[0]
    expected = "".join(chr(ord("a") + i % 26) for i in range(80))
    for i in range(4):
        assert f"<w{i}>{expected}</w{i}>" in final
    assert not any(c.errors or c.refusals for c in everyone)
    for c in everyone:
        c.disconnect()


def test_an_update_to_an_idle_room_is_relayed_alone_and_unchanged(live):
    """Nothing else is happening: the reader gets the writer's own update, at once, not
    merged into a batch with anything else."""
    server, world, cookies = live
    writer = client(server, world, cookies["writer2"])
    reader = client(server, world, cookies["observer"])
    sent: list[bytes] = []
    writer.doc.observe(lambda event: sent.append(event.update))
    seen = len(reader.received)
    writer.insert_text(0, "quiet room ")
    assert wait_until(lambda: "quiet room" in reader.snapshot()[0], timeout=5)
    relayed = [m for m in reader.received[seen:] if m[:2] == bytes([0, 2])]
    assert relayed == [crdt.update_message(sent[0])]
    for c in (writer, reader):
        c.disconnect()


def test_observer_receives_but_cannot_write(live):
    server, world, cookies = live
    writer = client(server, world, cookies["writer1"])
    observer = client(server, world, cookies["observer"])
    writer.insert_text(0, "written by a member ")
    assert wait_until(lambda: "written by a member" in observer.snapshot()[0])
    observer.insert_text(0, "OBSERVER WAS HERE ")
    assert wait_until(lambda: any(e.get("code") == "read-only" for e in observer.errors))
    newcomer = client(server, world, cookies["writer2"])
    assert "written by a member" in newcomer.snapshot()[0]
    assert "OBSERVER WAS HERE" not in newcomer.snapshot()[0]
    assert "OBSERVER WAS HERE" not in writer.snapshot()[0]
    for c in (writer, observer, newcomer):
        c.disconnect()


def test_outsiders_and_anonymous_cannot_connect(live):
    server, world, cookies = live
    attempts = [
        (cookies["outsider"], world.draft_id),  # not a member of the process
        ("", world.draft_id),  # not signed in
        (cookies["writer1"], world.draft_id + 999),  # a draft of no process of theirs
    ]

    def refused(cookie: str, draft_id: int) -> bool:
        peer = YClient(server.url, cookie, world.process_id, draft_id, reconnection=False)
        try:
            peer.connect()
        except socketio.exceptions.ConnectionError:
            return True
        peer.disconnect()
        return False

    with ThreadPoolExecutor(len(attempts)) as pool:  # each refusal waits on a socket close
        assert all(pool.map(lambda attempt: refused(*attempt), attempts))


def test_hostile_messages_are_refused_without_harm(live):
    server, world, cookies = live
    victim = client(server, world, cookies["writer1"])
    attacker = client(server, world, cookies["writer2"])
    garbage = [
        b"",
        b"\x00\x02\x05\x01\x02",
        b"\x00\x02\x03\xff\xff\xff",
        b"\x09\x00",
        "not binary",
        {"nested": [1, 2]},
        bytes(random.Random(3).randrange(256) for _ in range(500)),
    ]
    for message in garbage:
        attacker.sio.emit("y", message, namespace="/drafting")
    # A 3 MB paste is refused with a clear error, and the sender stays connected.
    big = Doc()
    big.get("plain", type=Text).insert(0, "x" * (3 * 1024 * 1024))
    from drafting import crdt

    attacker.sio.emit("y", crdt.update_message(big.get_update()), namespace="/drafting")
    assert wait_until(lambda: any(e.get("code") == "too-large" for e in attacker.errors))
    assert {e["code"] for e in attacker.errors} >= {"malformed", "too-large"}
    assert attacker.sio.connected
    victim.insert_text(0, "still fine ")
    assert wait_until(lambda: "still fine" in attacker.snapshot()[0])
    for c in (victim, attacker):
        c.disconnect()


def test_real_yjs_in_node_is_a_peer(live):
    server, world, cookies = live
    node = require_node()
    peer = subprocess.Popen(
        [
            node,
            str(PEERS / "socket-peer.mjs"),
            server.url,
            cookies["writer3"],
            str(world.process_id),
            str(world.draft_id),
            "30",
            "7",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    python_peer = client(server, world, cookies["writer1"])
    random_edits(python_peer, 99, 30)
    assert wait_until(lambda: "node29" in python_peer.snapshot()[0], timeout=30), peer.poll()
    out, err = peer.communicate("done\n", timeout=60)
    assert peer.returncode == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    assert wait_until(lambda: python_peer.snapshot()[0] == result["text"], timeout=10)
    node_doc = Doc()
    node_doc.apply_update(base64.b64decode(result["update"]))
    assert str(node_doc.get("plain", type=Text)) == python_peer.snapshot()[0]
    assert python_peer.snapshot()[1] == str(
        node_doc.get("default", type=type(python_peer.fragment))
    )
    python_peer.disconnect()


def test_sigkill_mid_session_loses_no_saved_update(live):
    """Kept last in this module: it kills the shared server and starts it again."""
    server, world, cookies = live
    clients = [client(server, world, cookies[f"writer{i}"]) for i in range(3)]
    witness = client(server, world, cookies["observer"])  # sees only what the server relayed
    for i, c in enumerate(clients):
        random_edits(c, 10 + i, 40)
    assert wait_until(lambda: converged([*clients, witness]), timeout=15)
    relayed_text, relayed_xml, _ = witness.snapshot()

    server.kill()
    assert wait_until(lambda: not any(c.sio.connected for c in clients), timeout=10)
    # Typing goes on during the outage.
    for i, c in enumerate(clients):
        c.insert_text(0, f"offline{i} ")
        c.add_paragraph(f"written offline by {i}")

    server.start()  # same port and database; the clients reconnect by themselves
    assert wait_until(lambda: all(c.synced.is_set() for c in clients), timeout=30)
    assert wait_until(lambda: converged(clients), timeout=15)
    text = clients[0].snapshot()[0]
    for i in range(3):
        assert f"offline{i} " in text
    # Everything the server had relayed before dying is still there.
    fresh = client(server, world, cookies["writer0"])
    assert wait_until(lambda: converged([*clients, fresh]), timeout=10)
    for token in relayed_text.split():  # nothing typed before the crash is missing
        assert token in fresh.snapshot()[0]
    for c in [*clients, witness, fresh]:
        c.disconnect()
