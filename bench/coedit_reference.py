"""``bench/coedit.py --reference``: this server against @hocuspocus/server, same Node load.

One Node load generator (``bench/coedit-node/load.mjs``: stock yjs + y-protocols over
socket.io-client for this server, @hocuspocus/provider for the reference) drives both
servers in the same run, one keystroke per 100 ms per writer, at 50/5, 50/10 and 100/10
clients/writers. This server is the real one (``python -m facilitation``, what ``make run``
starts) on its own SQLite database, fresh for each case; Hocuspocus runs in memory with
its defaults. With two or more cores the servers run on core 0 and the load on core 1.
Node packages come from ``bench/coedit-node/package-lock.json`` (``npm ci`` when missing).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
NODE_DIR = ROOT / "bench" / "coedit-node"
CASES = [(50, 5), (50, 10), (100, 10)]
#: The target of issue 14: our p50 and p95 at most this many times Hocuspocus's.
TARGET_RATIO = 2.0


def ensure_node_modules() -> str:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        raise SystemExit("bench/coedit.py --reference needs Node.js and npm")
    if not (NODE_DIR / "node_modules" / "@hocuspocus" / "server").is_dir():
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=NODE_DIR,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return node


def _pin(cpu: int | None):
    if cpu is None:
        return None
    return lambda: os.sched_setaffinity(0, {cpu})


def _cpu_seconds(proc: psutil.Process) -> float:
    times = proc.cpu_times()
    return times.user + times.system


def run_load(node: str, options: dict, server_pid: int | list[int], cpu: int | None) -> dict:
    """Run load.mjs once; add the server's CPU share while the writers typed (a list, one
    per process, when given several)."""
    proc = subprocess.Popen(
        [node, str(NODE_DIR / "load.mjs"), json.dumps(options)],
        cwd=NODE_DIR,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=_pin(cpu),
    )
    pids = server_pid if isinstance(server_pid, list) else [server_pid]
    servers = [psutil.Process(pid) for pid in pids]
    started = cpu_before = None
    result = None
    server_cpu = None
    for line in proc.stdout:
        line = line.strip()
        if line == "typing":
            started, cpu_before = time.perf_counter(), [_cpu_seconds(s) for s in servers]
        elif line == "typed" and started is not None:
            elapsed = time.perf_counter() - started
            server_cpu = [
                round((_cpu_seconds(s) - before) / elapsed * 100, 1)
                for s, before in zip(servers, cpu_before, strict=True)
            ]
        elif line.startswith("{"):
            result = json.loads(line)
    if proc.wait(timeout=180) != 0 or result is None:
        raise RuntimeError(f"load generator failed against {options['target']}")
    if server_cpu is not None and not isinstance(server_pid, list):
        server_cpu = server_cpu[0]
    result["server_cpu_percent"] = server_cpu
    return result


class Hocuspocus:
    def __init__(self, node: str, cpu: int | None) -> None:
        from tests.drafting.live import free_port

        self.port = free_port()
        self.url = f"ws://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [node, str(NODE_DIR / "hocuspocus-server.mjs"), str(self.port)],
            cwd=NODE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            preexec_fn=_pin(cpu),
        )
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError("Hocuspocus did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def run_ours(node: str, clients: int, writers: int, seconds: float, cpus) -> dict:
    from tests.drafting.live import LiveServer, prepare_database

    workdir = Path(tempfile.mkdtemp(prefix="coedit-reference-"))
    server = LiveServer(workdir, cpu=cpus[0])
    world = prepare_database(server.db_url, writers=2)
    server.start(timeout=120)  # a busy machine starts it slowly
    try:
        cookies = [server.login(world.emails["writer0"]), server.login(world.emails["writer1"])]
        options = {
            "target": "ours",
            "url": server.url,
            "cookies": cookies,
            "processId": world.process_id,
            "draftId": world.draft_id,
            "clients": clients,
            "writers": writers,
            "seconds": seconds,
        }
        result = run_load(node, options, server.pid, cpus[1])
        result["server_rss_mb"] = round(psutil.Process(server.pid).memory_info().rss / 2**20, 1)
        return result
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def run_hocuspocus(node: str, hocuspocus: Hocuspocus, clients, writers, seconds, cpus) -> dict:
    options = {
        "target": "hocuspocus",
        "url": hocuspocus.url,
        "documentName": f"bench-{clients}-{writers}-{time.monotonic_ns()}",
        "clients": clients,
        "writers": writers,
        "seconds": seconds,
    }
    result = run_load(node, options, hocuspocus.process.pid, cpus[1])
    result["server_rss_mb"] = round(
        psutil.Process(hocuspocus.process.pid).memory_info().rss / 2**20, 1
    )
    return result


def _ratio(ours, theirs):
    if ours is None or not theirs:
        return None
    return round(ours / theirs, 2)


FIGURES = ("p50_ms", "p95_ms", "p99_ms", "server_cpu_percent")


def _median_run(runs: list[dict]) -> dict:
    """One side of a case over several runs: each latency figure is the median of the
    runs' (as the issue's own table was measured); delivery must hold in every run."""
    merged = dict(runs[len(runs) // 2])
    for key in FIGURES:
        values = [r[key] for r in runs if r.get(key) is not None]
        merged[key] = statistics.median(values) if values else None
    merged["lost"] = sum(r["lost"] for r in runs)
    merged["converged"] = all(r["converged"] for r in runs)
    merged["runs"] = [{key: r.get(key) for key in (*FIGURES, "lost")} for r in runs]
    return merged


def run(seconds: float, pin: bool = True, cases=CASES, runs: int = 1) -> dict:
    """``runs`` > 1: each case that many times, this server and Hocuspocus in turn, and
    the median of each figure (one run of a 20 s case moves by up to 2x on a shared
    machine, the reference's figures as much as ours)."""
    node = ensure_node_modules()
    pinned = pin and (os.cpu_count() or 1) >= 2
    cpus = (0, 1) if pinned else (None, None)
    hocuspocus = Hocuspocus(node, cpus[0])
    results = []
    try:
        for clients, writers in cases:
            ours_runs, theirs_runs = [], []
            for _ in range(max(1, runs)):
                ours_runs.append(run_ours(node, clients, writers, seconds, cpus))
                theirs_runs.append(
                    run_hocuspocus(node, hocuspocus, clients, writers, seconds, cpus)
                )
            if runs > 1:
                ours, theirs = _median_run(ours_runs), _median_run(theirs_runs)
            else:
                ours, theirs = ours_runs[0], theirs_runs[0]
            ratios = {
                key: _ratio(ours[f"{key}_ms"], theirs[f"{key}_ms"]) for key in ("p50", "p95", "p99")
            }
            results.append(
                {
                    "clients": clients,
                    "writers": writers,
                    "ours": ours,
                    "hocuspocus": theirs,
                    "ratio": ratios,
                    "target_met": bool(
                        ratios["p50"] is not None
                        and ratios["p50"] <= TARGET_RATIO
                        and ratios["p95"] <= TARGET_RATIO
                        and ours["lost"] == 0
                        and ours["converged"]
                    ),
                }
            )
    finally:
        hocuspocus.stop()
    versions = json.loads((NODE_DIR / "package-lock.json").read_text())["packages"]
    return {
        "benchmark": "coedit-reference",
        "seconds_per_case": seconds,
        "runs_per_case": max(1, runs),
        "keystroke_interval_ms": 100,
        "target": f"p50 and p95 at most {TARGET_RATIO}x Hocuspocus, zero lost, converged",
        "all_targets_met": all(r["target_met"] for r in results),
        "cases": results,
        "hocuspocus_version": versions["node_modules/@hocuspocus/server"]["version"],
        "yjs_version": versions["node_modules/yjs"]["version"],
        "node_version": subprocess.run(
            [node, "--version"], capture_output=True, text=True
        ).stdout.strip(),
        "pinned": pinned,
        "server_cores": [cpus[0]] if pinned else None,
        "load_cores": [cpus[1]] if pinned else None,
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
