"""Repeat loads of the demo process's stage pages, this tree against another, in turn.

Two real servers (``python -m facilitation``) over one demo database: one runs this tree,
the other a copy of ``--old-ref`` (default ``main``, taken with ``git archive``). One
Chromium loads each page from A, then from B, then the trivial floor page
(``/static/bench/floor.html``), ``--loads`` times per round, ``--rounds`` rounds, so a
burst of load on a shared machine hits both sides alike. Reported per page and side: the
median Navigation Timing of the repeat loads (responseEnd, domInteractive,
DOMContentLoaded start and end, load; first contentful paint) and the median CPU per navigation, from Linux's
scheduler statistics (nanoseconds): the renderers' main threads, all renderer threads, the
browser process, all of Chromium and the page's server. The wall clock on a shared machine
is mostly waiting for a core; the CPU is the work. Prints one JSON object. Usage:

    .venv/bin/python bench/scripts_ab.py [--old-ref main] [--rounds 3] [--loads 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

TIMING = """() => { const e = performance.getEntriesByType('navigation')[0];
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  return {response_end_ms: e.responseEnd, dom_interactive_ms: e.domInteractive,
          first_contentful_paint_ms: paint ? paint.startTime : -1,
          dom_content_loaded_start_ms: e.domContentLoadedEventStart,
          dom_content_loaded_ms: e.domContentLoadedEventEnd, load_ms: e.loadEventEnd}; }"""
FLOOR_URL = "/static/bench/floor.html"


def cpu_ns(pid: int, main_thread_only: bool = False) -> int:
    """CPU time of a process (all its threads, or its main thread), in nanoseconds."""
    try:
        tids = [str(pid)] if main_thread_only else os.listdir(f"/proc/{pid}/task")
    except (FileNotFoundError, ProcessLookupError):  # a process that ended meanwhile
        return 0
    total = 0
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as handle:
                total += int(handle.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass  # a thread that ended meanwhile
    return total


def chromium_processes() -> dict[str, list[int]]:
    """This process's Chromium descendants by kind: browser, renderer, other."""
    parents, commands = {}, {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as handle:
                parents[int(pid)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                commands[int(pid)] = handle.read().replace(b"\0", b" ").decode(errors="replace")
        except (FileNotFoundError, ProcessLookupError):
            continue
    mine, changed = {os.getpid()}, True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in mine and pid not in mine:
                mine.add(pid)
                changed = True
    kinds: dict[str, list[int]] = {"browser": [], "renderer": [], "other": []}
    for pid in mine:
        command = commands.get(pid, "")
        if "chrom" not in command.split(" ", 1)[0]:
            continue
        if "--type=renderer" in command:
            kinds["renderer"].append(pid)
        elif "--type=" in command:
            kinds["other"].append(pid)
        else:
            kinds["browser"].append(pid)
    return kinds


def cpu_snapshot(server_pid: int) -> dict[str, int]:
    kinds = chromium_processes()
    return {
        "renderer_main_thread": sum(cpu_ns(p, main_thread_only=True) for p in kinds["renderer"]),
        "renderer": sum(cpu_ns(p) for p in kinds["renderer"]),
        "browser_process": sum(cpu_ns(p) for p in kinds["browser"]),
        "chromium": sum(cpu_ns(p) for pids in kinds.values() for p in pids),
        "server": cpu_ns(server_pid),
    }


def old_tree(ref: str) -> str:
    target = tempfile.mkdtemp(prefix="bench-old-tree-")
    archive = subprocess.run(["git", "-C", ROOT, "archive", ref], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", target], input=archive.stdout, check=True)
    return target


def start_server(tree: str, db_url: str, workdir: str):
    """A real server running the code of ``tree`` (tests/live.py starts it from its ROOT)."""
    import tests.live as live

    saved, live.ROOT = live.ROOT, tree
    try:
        return live.LiveServer(db_url, workdir).start(timeout=120)
    finally:
        live.ROOT = saved


def demo_paths(app, process_id: int) -> dict[str, str]:
    from flask import url_for

    from facilitation.stages import registry

    reg = registry(app)
    endpoints = dict.fromkeys([*reg.stage_pages.values(), *(e.endpoint for e in reg.nav)])
    paths = {}
    with app.test_request_context():
        for endpoint in endpoints:
            rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
            if not set(rule.arguments) - {"process_id"}:
                paths[endpoint] = url_for(endpoint, process_id=process_id)
    return paths


def median_of(samples: list[dict]) -> dict:
    return {key: round(statistics.median(s[key] for s in samples), 1) for key in samples[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old-ref", default="main")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--loads", type=int, default=5, help="repeat loads per page and round")
    parser.add_argument("--pages", nargs="*", help="endpoints (default: every stage page)")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="bench-scripts-ab-")
    os.environ["INSTANCE_PATH"] = workdir
    from playwright.sync_api import sync_playwright

    from demo import loader as demo
    from facilitation.app import create_app
    from facilitation.extensions import db
    from facilitation.models import Process
    from tests.e2e.conftest import ARGS, CHROMIUM

    db_url = f"sqlite:///{workdir}/bench.sqlite3"
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": db_url})
    with app.app_context():
        db.create_all()
        demo.load(app)
        db.session.commit()
        process_id = db.session.scalar(db.select(Process.id).order_by(Process.id))
        db.session.remove()
    paths = demo_paths(app, process_id)
    if args.pages:
        paths = {e: p for e, p in paths.items() if e in args.pages}
    sides = {"old": old_tree(args.old_ref), "new": ROOT}
    servers = {side: start_server(tree, db_url, workdir) for side, tree in sides.items()}
    samples = {e: {side: [] for side in sides} for e in paths}
    floors = []
    load_averages = [os.getloadavg()]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            tabs = {}
            for side, server in servers.items():
                session = server.login("coordinator@demo.example", demo.DEMO_PASSWORD)
                context = browser.new_context()
                context.add_cookies(
                    [{"name": c.name, "value": c.value, "url": server.url} for c in session.cookies]
                )
                tabs[side] = context.new_page()
            floor_tab = browser.new_context().new_page()
            floor_url = servers["new"].url + FLOOR_URL
            for _ in range(args.rounds):
                for endpoint, path in paths.items():
                    for side in sides:  # first loads: fill the cache
                        tabs[side].goto(servers[side].url + path, wait_until="load")
                    floor_tab.goto(floor_url, wait_until="load")
                    for _ in range(args.loads):
                        floor_tab.goto(floor_url, wait_until="load")
                        floors.append(floor_tab.evaluate(TIMING)["dom_content_loaded_ms"])
                        for side in sides:
                            before = cpu_snapshot(servers[side].process.pid)
                            tabs[side].goto(servers[side].url + path, wait_until="load")
                            timing = tabs[side].evaluate(TIMING)
                            after = cpu_snapshot(servers[side].process.pid)
                            cpu = {f"cpu_{k}_ms": (after[k] - before[k]) / 1e6 for k in after}
                            samples[endpoint][side].append({**timing, **cpu})
                load_averages.append(os.getloadavg())
            browser.close()
    finally:
        for server in servers.values():
            server.stop()

    pages = {
        e: {side: median_of(s) for side, s in by_side.items()} for e, by_side in samples.items()
    }
    dcl = {side: [pages[e][side]["dom_content_loaded_ms"] for e in pages] for side in sides}
    print(
        json.dumps(
            {
                "benchmark": "repeat loads of the demo process's stage pages, A/B",
                "old": args.old_ref,
                "new": subprocess.run(
                    ["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                    capture_output=True,
                    text=True,
                ).stdout.strip(),
                "summary": {
                    side: {
                        "pages_under_60_ms": sum(v < 60 for v in dcl[side]),
                        "pages": len(dcl[side]),
                        "median_dom_content_loaded_ms": round(statistics.median(dcl[side]), 1),
                        "slowest_dom_content_loaded_ms": max(dcl[side]),
                        "sum_cpu_renderer_main_thread_ms": round(
                            sum(pages[e][side]["cpu_renderer_main_thread_ms"] for e in pages), 1
                        ),
                        "sum_cpu_chromium_ms": round(
                            sum(pages[e][side]["cpu_chromium_ms"] for e in pages), 1
                        ),
                    }
                    for side in sides
                },
                "floor_dom_content_loaded_ms": round(statistics.median(floors), 1),
                "pages": pages,
                "conditions": {
                    "rounds": args.rounds,
                    "loads_per_round": args.loads,
                    "order": "per page: floor, old, new, repeated (first loads not counted)",
                    "cpus": os.cpu_count(),
                    "load_average_per_round": [[round(x, 2) for x in la] for la in load_averages],
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
