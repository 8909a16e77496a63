"""Suspect (a) of docs/jobs.md "Responsiveness beside a live workshop", alone: a workshop's
idea writes (normal priority, one INSERT + COMMIT every 100 ms, as the web server does)
beside a job worker in SCHED_IDLE (nice 10, a second thread busy like the other export)
that finishes five exports in 20 s, committing each 1.4 MB result either into the same
SQLite file (``db``, as before) or to a file with a small row update (``file``, as now).
The two modes run back to back, ``--rounds`` times (A/B interleaved).

Prints one JSON object: per round and mode, the idea writes' p50/p95/max and how many took
over 10 and 50 ms (waited on the write lock), and how long the worker held the lock per
commit; medians over the rounds and the load average. Linux only (SCHED_IDLE).

    python bench/sqlite_lock_ab.py [--rounds 4]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import sqlite3
import statistics
import tempfile
import threading
import time

RESULT_BYTES = 1_400_000  # the large demo's policy document
IDEAS = 200  # 100 phones x 2 ideas in 20 s


def connect(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, timeout=5.0)
    connection.execute("PRAGMA journal_mode=WAL")  # as facilitation/app.py
    connection.execute("PRAGMA synchronous=NORMAL")
    return connection


def worker(path: str, mode: str, start_at: float, ready, answer) -> None:
    os.nice(10)
    os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    connection = connect(path)
    blob = os.urandom(RESULT_BYTES)
    stop = time.time() + 22

    def other_export() -> None:
        count = 0
        while time.time() < stop:
            count += 1

    threading.Thread(target=other_export, daemon=True).start()
    ready.set()
    held = []
    for n in range(5):
        time.sleep(max(0.0, start_at + 1 + n * 3.5 + random.uniform(0, 1) - time.time()))
        began = time.perf_counter()
        connection.execute("BEGIN")
        connection.execute("INSERT INTO audit(text) VALUES ('export')")  # the audit row
        if mode == "db":
            connection.execute("INSERT INTO job(result) VALUES (?)", (blob,))
        else:
            name = f"{path}.{n}.result"
            with open(name, "wb") as handle:
                handle.write(blob)
            connection.execute("INSERT INTO job(result_file) VALUES (?)", (name,))
        connection.execute("COMMIT")
        held.append(round((time.perf_counter() - began) * 1000, 1))
    answer.send(held)


def one(mode: str, folder: str) -> dict:
    path = os.path.join(folder, f"{mode}.sqlite3")
    connection = connect(path)
    connection.execute("CREATE TABLE idea(id INTEGER PRIMARY KEY, text TEXT)")
    connection.execute("CREATE TABLE audit(id INTEGER PRIMARY KEY, text TEXT)")
    connection.execute("CREATE TABLE job(id INTEGER PRIMARY KEY, result BLOB, result_file TEXT)")
    start_at = time.time() + 0.5
    ready, (mine, theirs) = mp.Event(), mp.Pipe()
    process = mp.Process(target=worker, args=(path, mode, start_at, ready, theirs))
    process.start()
    ready.wait()
    writes, refused = [], 0
    for n in range(IDEAS):
        time.sleep(max(0.0, start_at + n * 0.1 - time.time()))
        began = time.perf_counter()
        try:
            connection.execute("BEGIN")
            connection.execute("INSERT INTO idea(text) VALUES ('the register is not shared')")
            connection.execute("COMMIT")
        except sqlite3.OperationalError:  # "database is locked" after busy_timeout (5 s)
            connection.rollback()
            refused += 1
        writes.append((time.perf_counter() - began) * 1000)
    held = mine.recv()
    process.join()
    connection.close()
    writes.sort()
    return {
        "mode": mode,
        "idea_write_p50_ms": round(writes[len(writes) // 2], 2),
        "idea_write_p95_ms": round(writes[int(0.95 * (len(writes) - 1))], 2),
        "idea_write_max_ms": round(writes[-1], 1),
        "idea_writes_over_10ms": sum(w > 10 for w in writes),
        "idea_writes_over_50ms": sum(w > 50 for w in writes),
        # The app's idea would have been refused: the phone is told it was not saved.
        "idea_writes_locked_out": refused,
        "worker_commit_ms": held,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    runs = []
    for _round in range(args.rounds):
        for mode in ("db", "file"):
            with tempfile.TemporaryDirectory(prefix="sqlite-lock-ab-") as folder:
                runs.append(one(mode, folder))
    median = {
        mode: {
            key: statistics.median(r[key] for r in runs if r["mode"] == mode)
            for key in (
                "idea_write_p95_ms",
                "idea_write_max_ms",
                "idea_writes_over_10ms",
                "idea_writes_over_50ms",
                "idea_writes_locked_out",
            )
        }
        for mode in ("db", "file")
    }
    print(
        json.dumps(
            {
                "benchmark": "sqlite_lock_ab",
                "ideas_per_run": IDEAS,
                "result_bytes": RESULT_BYTES,
                "rounds": args.rounds,
                "runs": runs,
                "median": median,
                "cpu_count": os.cpu_count(),
                "load_average": [round(x, 2) for x in os.getloadavg()],
            }
        )
    )


if __name__ == "__main__":
    main()
