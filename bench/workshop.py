"""Benchmark: 100 participants (real python-socketio clients) in one live session on the
real server (`python -m facilitation`, gevent, SQLite), a brainstorm and a dot vote.

Prints one JSON object: p50/p95 time from a submission to its arrival on the projector
client, and lost messages. Usage: .venv/bin/python bench/workshop.py [--participants 100]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import requests
import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
NS = "/workshop"
PASSWORD = "bench-password-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(database_url: str, instance: str) -> dict:
    """Create the schema, a facilitator, a process and a session with two activities."""
    os.environ["INSTANCE_PATH"] = instance
    from facilitation import services as core
    from facilitation.app import create_app
    from facilitation.extensions import db
    from workshops import services
    from workshops.models import ActivityKind, CycleTarget

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.create_all()
        user = core.create_user("facilitator@bench.example", "Bench Facilitator", PASSWORD)
        process = core.create_process(
            user, title="Bench process", country="Kestria", lead_organisation="Ministry of Interior"
        )
        workshop = services.create_workshop(
            process.id, user, title="Bench workshop", session_date=date.today()
        )
        brainstorm = services.save_item(
            workshop, title="SWOT", kind=ActivityKind.BRAINSTORM, feeds=CycleTarget.SWOT
        )
        vote = services.save_item(
            workshop,
            title="Vote",
            kind=ActivityKind.DOT_VOTE,
            dots=3,
            max_per_choice=1,
            source_item_id=brainstorm.id,
        )
        db.session.commit()
        return {
            "workshop": workshop.id,
            "process": process.id,
            "code": workshop.code,
            "brainstorm": brainstorm.id,
            "vote": vote.id,
        }


class Server:
    def __init__(self, database_url: str, instance: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": instance,
            "SECRET_KEY": "bench-secret",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            # Every simulated phone joins from 127.0.0.1: lift the per-address join limit.
            "WORKSHOP_JOIN_RATE": "100000/60",
        }
        self.log = open(Path(instance) / "server.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "facilitation"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=self.log,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(self.url + "/login", timeout=1)
                return
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    return found.group(1) if found else ""


def join_over_http(url: str, code: str, n: int) -> str:
    """Join like a phone does (form, cookie) and read the token the page hands to JS."""
    http = requests.Session()
    page = http.get(f"{url}/w/{code}").text
    me = http.post(
        f"{url}/w/{code}",
        data={
            "csrf_token": _csrf(page),
            "name": f"Participant {n}",
            "institution": "Ministry of Interior",
            "sex": random.choice(["female", "male"]),
        },
    )
    return re.search(r'"token": "([^"]+)"', me.text).group(1)


def login_cookie(url: str) -> str:
    http = requests.Session()
    page = http.get(url + "/login").text
    http.post(
        url + "/login",
        data={
            "csrf_token": _csrf(page),
            "email": "facilitator@bench.example",
            "password": PASSWORD,
        },
        allow_redirects=False,
    )
    return "; ".join(f"{c.name}={c.value}" for c in http.cookies)


def connect(url: str, auth: dict, cookie: str | None = None) -> socketio.Client:
    client = socketio.Client(reconnection=False)
    client.connect(
        url,
        namespaces=[NS],
        auth=auth,
        headers={"Cookie": cookie} if cookie else {},
        transports=["websocket"],
        wait_timeout=20,
    )
    return client


def close_all(clients: list[socketio.Client]) -> None:
    """Disconnect every client at once (each waits for its socket to close)."""

    def close(client):
        with contextlib.suppress(Exception):  # the server may be gone already
            client.disconnect()

    threads = [threading.Thread(target=close, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=5)


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return round(ordered[index], 1)


def summary(latencies_ms: list[float], expected: int) -> dict:
    return {
        "submissions": expected,
        "arrived": len(latencies_ms),
        "lost": expected - len(latencies_ms),
        "p50_ms": percentile(latencies_ms, 0.50),
        "p95_ms": percentile(latencies_ms, 0.95),
        "max_ms": round(max(latencies_ms), 1) if latencies_ms else None,
        "mean_ms": round(statistics.fmean(latencies_ms), 1) if latencies_ms else None,
    }


def phone_worker(url: str, workshop_id: int, tokens: list[str], pipe) -> None:
    """A separate process holding some of the participants' clients, as phones are
    separate devices. Obeys the coordinator's commands; times are wall-clock seconds."""
    lock = threading.Lock()
    received = [0] * len(tokens)
    arrived: list[tuple[str, float]] = []  # (idea text, arrival time) on every phone
    own: dict[int, list[int]] = {n: [] for n in range(len(tokens))}
    clients = []
    for n, token in enumerate(tokens):
        client = connect(url, {"workshop": workshop_id, "token": token})

        def count(ops, n=n):
            now = time.time()
            with lock:
                for event, data in ops:
                    if event == "idea":
                        received[n] += 1
                        arrived.append((data["text"], now))

        client.on("batch", count, namespace=NS)
        clients.append(client)
    pipe.send("ready")
    while True:
        command, schedule = pipe.recv()
        if command == "close":
            close_all(clients)
            pipe.send("closed")
            return
        if command == "received":
            pipe.send(sum(received))
            continue
        if command == "arrivals":
            with lock:
                pipe.send(list(arrived))
            continue
        sent: dict[str, float] = {}
        acks = []

        def acked(n, acks=acks, keep_id=command == "ideas"):
            def callback(answer):
                with lock:
                    acks.append(answer)
                    if keep_id and answer and answer.get("ok"):
                        own[n].append(answer["id"])

            return callback

        for at, n, key, event, payload in schedule:
            delay = at - time.time()
            if delay > 0:
                time.sleep(delay)
            sent[key] = time.time()
            clients[n].emit(event, payload, namespace=NS, callback=acked(n))
        deadline = time.monotonic() + 20
        while len(acks) < len(schedule) and time.monotonic() < deadline:
            time.sleep(0.02)
        refused = [a for a in acks if not (a and a.get("ok"))]
        pipe.send({"sent": sent, "own": own, "refused": len(refused)})


def run(participants: int, ideas_each: int, spread: float, workers: int) -> dict:
    started = time.monotonic()
    workdir = tempfile.mkdtemp(prefix="bench-workshop-")
    database_url = f"sqlite:///{workdir}/bench.sqlite3"
    ids = prepare(database_url, workdir)
    server = Server(database_url, workdir)
    clients: list[socketio.Client] = []
    pipes = []
    try:
        cookie = login_cookie(server.url)
        console = connect(server.url, {"workshop": ids["workshop"], "as": "console"}, cookie)
        projector = connect(server.url, {"workshop": ids["workshop"], "as": "screen"}, cookie)
        clients += [console, projector]
        arrivals: dict[str, float] = {}
        vote_arrivals: dict[str, float] = {}
        lock = threading.Lock()

        @projector.on("idea", namespace=NS)
        def on_idea(data):
            now = time.time()
            with lock:
                arrivals.setdefault(data["text"], now)

        @projector.on("results", namespace=NS)
        def on_results(data):
            now = time.time()
            if data.get("item_id") != ids["vote"]:
                return
            with lock:
                for row in data["totals"]:
                    if row["dots"] and row["key"] not in vote_arrivals:
                        vote_arrivals[row["key"]] = now

        progress("server up, console and projector connected")
        join_started = time.monotonic()
        tokens = [join_over_http(server.url, ids["code"], n) for n in range(participants)]
        context = multiprocessing.get_context("spawn")
        shares = [list(range(w, participants, workers)) for w in range(workers)]
        for share in shares:
            mine, theirs = context.Pipe()
            worker = context.Process(
                target=phone_worker,
                daemon=True,
                args=(server.url, ids["workshop"], [tokens[n] for n in share], theirs),
            )
            worker.start()
            pipes.append(mine)
        for pipe in pipes:
            assert pipe.recv() == "ready"
        join_seconds = time.monotonic() - join_started
        progress(f"{participants} participants joined and connected in {join_seconds:.1f}s")

        def run_phase(command: str, plan: list) -> list[dict]:
            """plan: (offset seconds, participant, key, event, payload); returns reports."""
            begin = time.time() + 0.5
            for w, pipe in enumerate(pipes):
                local = {n: i for i, n in enumerate(shares[w])}
                pipe.send(
                    (
                        command,
                        sorted(
                            (begin + at, local[n], key, event, payload)
                            for at, n, key, event, payload in plan
                            if n in local
                        ),
                    )
                )
            return [pipe.recv() for pipe in pipes]

        # --- brainstorm: every participant sends ideas at random moments -------------------
        assert console.call("open", {"item": ids["brainstorm"]}, namespace=NS)["ok"]
        plan = []
        for n in range(participants):
            for k in range(ideas_each):
                text = f"Idea {n}-{k}: the register of foreigners is not shared"
                plan.append(
                    (
                        random.uniform(0, spread),
                        n,
                        text,
                        "idea",
                        {"item": ids["brainstorm"], "text": text, "column": random.choice("SWOT")},
                    )
                )
        reports = run_phase("ideas", plan)
        sent = {k: v for r in reports for k, v in r["sent"].items()}
        own_ideas = {}
        for w, report in enumerate(reports):
            for local, idea_ids in report["own"].items():
                own_ideas[shares[w][int(local)]] = idea_ids
        expected_fan_out = len(sent) * participants
        deadline = time.monotonic() + 15
        fan_out = 0
        while time.monotonic() < deadline:
            for pipe in pipes:
                pipe.send(("received", None))
            fan_out = sum(pipe.recv() for pipe in pipes)
            if len(arrivals) >= len(sent) and fan_out >= expected_fan_out:
                break
            time.sleep(0.2)
        progress("brainstorm done")
        brainstorm = summary(
            [(arrivals[t] - sent[t]) * 1000 for t in sent if t in arrivals], len(sent)
        )
        phone_latencies = []
        for pipe in pipes:
            pipe.send(("arrivals", None))
            phone_latencies += [
                (at - sent[text]) * 1000 for text, at in pipe.recv() if text in sent
            ]
        brainstorm["refused"] = sum(r["refused"] for r in reports)
        brainstorm["fan_out_to_phones"] = {
            "expected": expected_fan_out,
            "received": fan_out,
            "lost": expected_fan_out - fan_out,
            "p50_ms": percentile(phone_latencies, 0.50),
            "p95_ms": percentile(phone_latencies, 0.95),
            "note": "phones get board changes in batches every 0.25 s",
        }
        assert console.call("close", {"item": ids["brainstorm"]}, namespace=NS)["ok"]

        # --- dot vote, shown live on the projector ------------------------------------------
        assert console.call("open", {"item": ids["vote"]}, namespace=NS)["ok"]
        assert console.call("reveal", {"item": ids["vote"], "revealed": True}, namespace=NS)["ok"]
        # Each participant's first idea is its marker: only its owner puts a dot on it, so
        # the first projector update showing a dot there carries that participant's vote.
        markers = {n: f"contribution:{min(ideas)}" for n, ideas in own_ideas.items() if ideas}
        shared = [f"contribution:{i}" for n in range(3) for i in sorted(own_ideas[n])[1:]][:4]
        plan = [
            (
                random.uniform(0, spread / 2),
                n,
                markers[n],
                "dots",
                {
                    "item": ids["vote"],
                    "allocation": {markers[n]: 1, **{key: 1 for key in random.sample(shared, 2)}},
                },
            )
            for n in markers
        ]
        reports = run_phase("dots", plan)
        vote_sent = {k: v for r in reports for k, v in r["sent"].items()}
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and len(
            [k for k in vote_sent if k in vote_arrivals]
        ) < len(vote_sent):
            time.sleep(0.05)
        progress("dot vote done")
        vote = summary(
            [(vote_arrivals[k] - vote_sent[k]) * 1000 for k in vote_sent if k in vote_arrivals],
            len(vote_sent),
        )
        vote["refused"] = sum(r["refused"] for r in reports)
        console.call("close", {"item": ids["vote"]}, namespace=NS)
    finally:
        progress("closing")
        for pipe in pipes:
            with contextlib.suppress(Exception):
                pipe.send(("close", None))
        server.stop()
        close_all(clients)
    return {
        "benchmark": "workshop",
        "participants": participants,
        "ideas_per_participant": ideas_each,
        "submission_spread_seconds": spread,
        "server": "python -m facilitation (gevent, one process), SQLite (WAL)",
        "clients": f"python-socketio (websocket) in {workers} processes for the phones; "
        "projector and console in the coordinating process",
        "join_seconds": round(join_seconds, 2),
        "brainstorm": brainstorm,
        "dot_vote": vote,
        "measured": "submission emit -> arrival of the idea (or of the results update "
        "showing the vote) on the projector client, wall clock, same machine",
        "target": {"p95_ms": 200, "lost": 0},
        "seconds": round(time.monotonic() - started, 1),
        "cpu_count": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--ideas", type=int, default=2, help="ideas per participant")
    parser.add_argument(
        "--spread", type=float, default=10.0, help="seconds over which the submissions are spread"
    )
    parser.add_argument(
        "--workers", type=int, default=4, help="processes holding the participants' clients"
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    random.seed(args.seed)
    print(json.dumps(run(args.participants, args.ideas, args.spread, args.workers), indent=2))


if __name__ == "__main__":
    main()
