"""Repeat loads of the demo's stage pages with their headers sent early and at the end.

One real server (``python -m facilitation``) over a demo database. A stage page marked
``@sends_headers_early`` sends its status and headers before the view's work when it is
requested at its own address; the same page with a query string (``?ab=late``) is answered
the ordinary way, whole at the end (facilitation/early_headers.py). One Chromium loads, in
turn, each page early, the same page late, its byte-for-byte static copy (the document's
cost without the server's work) and the trivial floor page, each in its own tab, ``--loads``
times per round, ``--rounds`` rounds: a burst of load on the shared machine hits every side
alike. Reported per page and side: the medians of responseStart, responseEnd,
domInteractive and DOMContentLoaded; and over the pages, how many are under 60 ms. Prints
one JSON object. Usage:

    .venv/bin/python bench/early_headers_ab.py [--rounds 2] [--loads 6]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

TIMING = """() => { const e = performance.getEntriesByType('navigation')[0];
  return {response_start_ms: e.responseStart, response_end_ms: e.responseEnd,
          dom_interactive_ms: e.domInteractive,
          dom_content_loaded_ms: e.domContentLoadedEventEnd}; }"""
SIDES = ("early", "late", "static_copy", "floor")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--loads", type=int, default=6)
    parser.add_argument(
        "--settle-ms",
        type=int,
        default=0,
        help="wait this long after each load (a page's own work after `load` is done)",
    )
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from bench.pages import COPIES_FOLDER, FLOOR_URL, static_copy
    from bench.scripts_ab import demo_paths, median_of
    from demo import loader as demo
    from facilitation.app import create_app
    from facilitation.extensions import db
    from facilitation.models import Process
    from tests.e2e.conftest import ARGS, CHROMIUM
    from tests.live import LiveServer

    workdir = tempfile.mkdtemp(prefix="bench-early-")
    os.environ["INSTANCE_PATH"] = workdir
    app = create_app(
        {"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir}/ab.sqlite3"}
    )
    with app.app_context():
        db.create_all()
        logins = demo.load(app)
        db.session.commit()
        process_id = db.session.scalar(db.select(Process.id).order_by(Process.id))
        pages = demo_paths(app, process_id)
        db.session.remove()

    server = LiveServer(app.config["SQLALCHEMY_DATABASE_URI"], workdir).start(timeout=120)
    samples = {endpoint: {side: [] for side in SIDES} for endpoint in pages}
    started = time.time()
    try:
        session = server.login(logins[0][0], demo.DEMO_PASSWORD)
        cookies = [{"name": c.name, "value": c.value, "url": server.url} for c in session.cookies]
        copies = {endpoint: static_copy(server, session, url) for endpoint, url in pages.items()}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            context = browser.new_context()
            context.add_cookies(cookies)
            tabs = {side: context.new_page() for side in SIDES}
            for _ in range(args.rounds):
                for endpoint, url in pages.items():
                    urls = {
                        "early": url,
                        "late": url + "?ab=late",
                        "static_copy": copies[endpoint],
                        "floor": FLOOR_URL,
                    }
                    for side in SIDES:  # first loads: caches warm, not measured
                        tabs[side].goto(server.url + urls[side], wait_until="load")
                    for _ in range(args.loads):
                        for side in SIDES:
                            tabs[side].goto(server.url + urls[side], wait_until="load")
                            samples[endpoint][side].append(tabs[side].evaluate(TIMING))
                            if args.settle_ms:
                                time.sleep(args.settle_ms / 1000)
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(COPIES_FOLDER, ignore_errors=True)
        shutil.rmtree(workdir, ignore_errors=True)

    results = {
        endpoint: {side: median_of(loads) for side, loads in sides.items()}
        for endpoint, sides in samples.items()
    }

    def dcl(side: str) -> list[float]:
        return [r[side]["dom_content_loaded_ms"] for r in results.values()]

    print(
        json.dumps(
            {
                "benchmark": "demo stage pages, headers sent early vs at the end (repeat loads)",
                "rounds": args.rounds,
                "loads_per_round": args.loads,
                "settle_ms": args.settle_ms,
                "summary": {
                    side: {
                        "pages_under_60_ms": sum(v < 60 for v in dcl(side)),
                        "pages": len(results),
                        "median_dom_content_loaded_ms": round(statistics.median(dcl(side)), 1),
                        "slowest_dom_content_loaded_ms": max(dcl(side)),
                    }
                    for side in SIDES
                },
                "early_minus_late_dom_content_loaded_ms": {
                    endpoint: round(
                        r["early"]["dom_content_loaded_ms"] - r["late"]["dom_content_loaded_ms"], 1
                    )
                    for endpoint, r in results.items()
                },
                "pages": results,
                "seconds": round(time.time() - started),
                "load_average": [round(x, 2) for x in os.getloadavg()],
                "cpus": os.cpu_count(),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
