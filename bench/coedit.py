"""Co-editing benchmark: N clients in one draft, W of them typing; prints one JSON object.

    python bench/coedit.py --clients 50 --writers 5 --seconds 60
    python bench/coedit.py --reference [--seconds 20] [--runs 3]   # against Hocuspocus, Node clients
    python bench/coedit.py --processes 3 --clients 100 --writers 10 --rate 10 --seconds 20

Starts the real server (``python -m facilitation``, gevent) on its own database, connects
N Python Yjs peers (pycrdt + python-socketio) to one draft, and lets W of them type one
character at a time at --rate keystrokes per second. Every peer applies every update it
receives; the latency of a keystroke is the time from its sending to its arrival at each
other peer. After typing stops it waits up to 2 s for every peer to hold the same
document. With two or more cores the server runs on core 0 and the clients on core 1.
It also measures the server-side memory of a loaded 50-page draft on its own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from drafting.ydeps import decode_state_vector  # noqa: E402
from tests.drafting.live import LiveServer, prepare_database  # noqa: E402
from tests.drafting.yclient import YClient, wait_until  # noqa: E402

DRAFT_MEMORY_SCRIPT = r"""
import os, sys, psutil
sys.path.insert(0, sys.argv[1])
from pycrdt import Doc, Text, XmlElement, XmlFragment, XmlText
from drafting.crdt import Room
# A 50-page draft: about 133,000 characters typed by 5 authors in small bursts.
authors = [Doc(client_id=100 + i) for i in range(5)]
updates = []
words = "migration policy labour diaspora return ministry border data remittances ".split()
fragment = authors[0].get("default", type=XmlFragment)
for n in range(3300):
    author = authors[n % 5]
    for other in authors:
        if other is not author:
            author.apply_update(other.get_update(author.get_state()))
    fragment = author.get("default", type=XmlFragment)
    with author.transaction():
        paragraph = fragment.children.append(XmlElement("paragraph"))
        text = paragraph.children.append(XmlText())
        for w in range(6):
            text.insert(len(text), words[(n + w) % len(words)] + " ")
    updates.append(author.get_update(authors[(n + 1) % 5].get_state()))
process = psutil.Process()
before = process.memory_info().rss
room = Room("bench")
room.load(None, updates)
after = process.memory_info().rss
size = len(room.full_update())
chars = sum(len(str(p)) for p in room.doc.get("default", type=XmlFragment).children)
print(f"{(after - before) / 2**20:.2f} {size} {len(updates)}")
"""


def draft_memory() -> dict:
    out = subprocess.run(
        [sys.executable, "-c", DRAFT_MEMORY_SCRIPT, str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return {
        "draft_50_pages_server_mb": float(out[0]),
        "draft_50_pages_update_bytes": int(out[1]),
        "draft_50_pages_updates": int(out[2]),
    }


class Meter:
    """Keystroke send times and their arrival at every other peer."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent: dict[int, dict[int, float]] = {}  # writer client id -> clock -> time
        self.latencies: list[float] = []
        self.typing = True

    def sent_keystroke(self, client_id: int, clock: int) -> None:
        with self.lock:
            self.sent.setdefault(client_id, {})[clock] = time.perf_counter()

    def receiver(self, peer: YClient):
        seen: dict[int, int] = {}
        own_id = peer.doc.client_id

        def on_remote(update: bytes) -> None:
            now = time.perf_counter()
            with peer.lock:
                state = peer.doc.get_state()
            vector = decode_state_vector(state)
            with self.lock:
                for client, clock in vector.items():
                    if client == own_id or client not in self.sent:
                        continue
                    start = seen.get(client, 0)
                    if clock <= start:
                        continue
                    times = self.sent[client]
                    for c in range(start + 1, clock + 1):
                        sent_at = times.get(c)
                        if sent_at is not None:
                            self.latencies.append((now - sent_at) * 1000)
                    seen[client] = clock

        return on_remote


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return round(values[k], 1)


def run(clients: int, writers: int, seconds: float, rate: float, pin: bool = True) -> dict:
    cores = os.cpu_count() or 1
    pinned = pin and cores >= 2
    workdir = Path(tempfile.mkdtemp(prefix="coedit-bench-"))
    server = LiveServer(workdir, cpu=0 if pinned else None)
    world = prepare_database(server.db_url, writers=2)
    if pinned:
        os.sched_setaffinity(0, {1})
    server.start()
    try:
        cookies = [server.login(world.emails["writer0"]), server.login(world.emails["writer1"])]
        meter = Meter()
        peers: list[YClient] = []
        for i in range(clients):
            peer = YClient(server.url, cookies[i % 2], world.process_id, world.draft_id)
            peer.on_remote = meter.receiver(peer)
            peers.append(peer.connect())
        for peer in peers:
            peer.wait_synced(30)
        typists = peers[:writers]
        keystrokes = [0]
        stop = time.perf_counter() + seconds

        def type_keys(peer: YClient, seed: int) -> None:
            rng = random.Random(seed)
            interval = 1 / rate
            next_at = time.perf_counter() + rng.random() * interval
            while next_at < stop:
                time.sleep(max(0.0, next_at - time.perf_counter()))
                with peer.lock:
                    clock = peer.doc.get_state()
                    vector = decode_state_vector(clock)
                    own = vector.get(peer.doc.client_id, 0)
                    meter.sent_keystroke(peer.doc.client_id, own + 1)
                    text = peer.text
                    text.insert(rng.randrange(len(text) + 1), rng.choice("abcdefghij "))
                keystrokes[0] += 1
                next_at += interval

        server_proc, client_proc = psutil.Process(server.pid), psutil.Process()
        cpu_before = (sum(server_proc.cpu_times()[:2]), sum(client_proc.cpu_times()[:2]))
        typing_started = time.perf_counter()
        threads = [threading.Thread(target=type_keys, args=(p, i)) for i, p in enumerate(typists)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        typing_done = time.perf_counter()
        elapsed = typing_done - typing_started
        server_cpu = (sum(server_proc.cpu_times()[:2]) - cpu_before[0]) / elapsed * 100
        client_cpu = (sum(client_proc.cpu_times()[:2]) - cpu_before[1]) / elapsed * 100
        expected = keystrokes[0] * (clients - 1)

        def same() -> bool:
            first = peers[0].snapshot()[0]
            return all(p.snapshot()[0] == first for p in peers[1:])

        converged = wait_until(
            lambda: len(meter.latencies) >= expected and same(), timeout=2.0, step=0.02
        )
        converge_s = time.perf_counter() - typing_done
        rss = psutil.Process(server.pid).memory_info().rss / 2**20
        if os.environ.get("BENCH_DEBUG"):
            print(
                [len(p.snapshot()[0]) for p in peers],
                keystrokes,
                len(meter.latencies),
                {k: len(v) for k, v in meter.sent.items()},
                file=sys.stderr,
            )
        latencies = list(meter.latencies)
        for peer in peers:
            peer.disconnect()
    finally:
        server.stop()
    return {
        "clients": clients,
        "writers": writers,
        "seconds": seconds,
        "rate_per_writer": rate,
        "keystrokes": keystrokes[0],
        "expected": expected,
        "delivered": len(latencies),
        "lost": max(0, expected - len(latencies)),
        "converged": converged,
        "converged_after_s": round(converge_s, 2),
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "p99_ms": percentile(latencies, 99),
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
        "server_rss_mb": round(rss, 1),
        "server_cpu_percent": round(server_cpu, 1),
        "clients_cpu_percent": round(client_cpu, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "pinned": pinned,
        "server_cores": [0] if pinned else None,
        "client_cores": [1] if pinned else None,
    }


def run_processes(processes: int, clients: int, writers: int, seconds: float, rate: float) -> dict:
    """The same load spread over several server processes on one Redis and one
    PostgreSQL database (docs/scaling.md): the Node generator of ``--reference``
    (``bench/coedit-node/load.mjs``), client i talking to process i mod N, so the clients'
    own speed is not what is measured."""
    from coedit_reference import ensure_node_modules, run_load

    from bench.servers import postgres_database, redis_server
    from tests.live import LiveServer as ClusterServer

    node = ensure_node_modules()
    with redis_server() as redis_url, postgres_database() as database_url:
        workdir = Path(tempfile.mkdtemp(prefix="coedit-cluster-"))
        os.environ.setdefault("INSTANCE_PATH", str(workdir / "instance"))
        world = prepare_database(database_url, writers=2)
        env = {"REDIS_URL": redis_url, "PYTHONWARNINGS": "ignore"}
        servers = [ClusterServer(database_url, str(workdir), env) for _ in range(processes)]
        try:
            for server in servers:
                server.start(timeout=120)
            cookies = []
            for email in (world.emails["writer0"], world.emails["writer1"]):
                with servers[0].login(email, "correct horse battery") as signed_in:
                    cookies.append(servers[0].cookie_header(signed_in))
            options = {
                "target": "ours",
                "urls": [server.url for server in servers],
                "cookies": cookies,
                "processId": world.process_id,
                "draftId": world.draft_id,
                "clients": clients,
                "writers": writers,
                "seconds": seconds,
                "intervalMs": 1000 / rate,
                "settleSeconds": 30,  # late is not lost: let a backlog drain
            }
            load_cpu = 1 if (os.cpu_count() or 1) >= 2 else None
            result = run_load(node, options, [s.process.pid for s in servers], load_cpu)
        finally:
            for server in servers:
                server.stop()
    return {
        "mode": "processes",
        "processes": processes,
        "load_generator": "bench/coedit-node/load.mjs",
        "rate_per_writer": rate,
        **{key: value for key, value in result.items() if key != "target"},
        "load_average_1min": round(os.getloadavg()[0], 2),
        "redis": "REDIS_URL" if os.environ.get("REDIS_URL") else "private redis-server",
        "database": "DATABASE_URL"
        if os.environ.get("DATABASE_URL", "").startswith("postgresql")
        else "private PostgreSQL",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=5.0, help="keystrokes per second per writer")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument(
        "--no-pin", action="store_true", help="let the OS place server and clients on any core"
    )
    parser.add_argument(
        "--reference",
        action="store_true",
        help="one Node load generator against this server and @hocuspocus/server "
        "at 50/5, 50/10 and 100/10 (see bench/coedit_reference.py)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=1,
        help="with --reference: each case this many times, the median of each figure",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="serve over this many processes on Redis and PostgreSQL (see run_processes)",
    )
    args = parser.parse_args()
    if args.reference:
        from coedit_reference import run as run_reference

        print(json.dumps(run_reference(args.seconds, not args.no_pin, runs=args.runs)))
        return
    if args.processes > 1:
        writers = min(args.writers, args.clients)
        print(
            json.dumps(
                run_processes(args.processes, args.clients, writers, args.seconds, args.rate)
            )
        )
        return
    result = run(
        args.clients, min(args.writers, args.clients), args.seconds, args.rate, not args.no_pin
    )
    if not args.skip_memory:
        result.update(draft_memory())
    print(json.dumps(result))


if __name__ == "__main__":
    main()
