"""The work of each stage page of the large demo process, counted in-process.

For every stage page of the "Large benchmark process" (the pages ``bench/pages.py`` measures
plus the dashboard), one warm GET through the Flask test client gives:

- ``calls``: Python calls per GET (cProfile's total): deterministic, so it compares two
  versions of the code on a busy machine where timings do not;
- ``statements``: SQL statements per GET;
- ``cpu_p50_ms``: thread CPU time per GET, median of ``--repeat`` (not profiled);
- with ``--html DIR``, each page's HTML is written to DIR (CSRF tokens blanked) so two
  versions' output can be compared byte for byte (``--compare DIR_A DIR_B``).

The database is built once at ``--db`` (``policycycle demo --size large``) and reused, so an
A/B run of two checkouts (``PYTHONPATH=/path/to/other/checkout``) reads the same rows.
Prints one JSON object. Usage:

    .venv/bin/python bench/page_work.py --db /tmp/large.sqlite3 [--repeat 11] [--html DIR]
        [--only action-plan,objectives] [--no-profile]
    .venv/bin/python bench/page_work.py --compare DIR_A DIR_B
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import pstats
import re
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Not bench/ itself (bench/stakeholders.py would shadow the package); this checkout after
# PYTHONPATH, so PYTHONPATH=/another/checkout measures that one.
sys.path[0:1] = []
sys.path.append(ROOT)

CSRF = re.compile(rb'(name="[a-z-]*csrf_token"[^>]*value="|"X-CSRFToken": ")[^"]*"')


def compare(dir_a: str, dir_b: str) -> dict:
    names = sorted(set(os.listdir(dir_a)) | set(os.listdir(dir_b)))
    different = []
    for name in names:
        try:
            with (
                open(os.path.join(dir_a, name), "rb") as a,
                open(os.path.join(dir_b, name), "rb") as b,
            ):
                if a.read() != b.read():
                    different.append(name)
        except FileNotFoundError:
            different.append(name)
    return {"pages": len(names), "identical": len(names) - len(different), "different": different}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/page-work-large.sqlite3")
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--html", help="write each page's HTML (CSRF blanked) here")
    parser.add_argument("--only", help="comma-separated fragments of the page URLs")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--compare", nargs=2, metavar=("DIR_A", "DIR_B"))
    parser.add_argument(
        "--process",
        default="Large benchmark process",
        help="the process's title (the ordinary demo's is the first process: --process 1)",
    )
    args = parser.parse_args()
    if args.compare:
        print(json.dumps(compare(*args.compare), indent=2))
        return

    os.environ.setdefault("INSTANCE_PATH", os.path.dirname(os.path.abspath(args.db)))
    from flask import url_for
    from sqlalchemy import event

    from demo import loader as demo
    from facilitation import sessions
    from facilitation.app import create_app
    from facilitation.extensions import db
    from facilitation.models import Process, User
    from facilitation.stages import registry
    from policycycle.models import Objective, ObjectiveLevel

    fresh = not os.path.exists(args.db)
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{os.path.abspath(args.db)}",
        }
    )
    with app.app_context():
        if fresh:
            db.create_all()
            demo.load(app, size="large")
            db.session.commit()
        process = (
            db.session.get(Process, int(args.process))
            if args.process.isdigit()
            else db.session.scalar(db.select(Process).where(Process.title == args.process))
        )
        user = db.session.scalar(db.select(User).where(User.email == "coordinator@demo.example"))
        sessions.start(user)
        db.session.commit()
        session_key = user.session_key
        objective_id = db.session.scalar(
            db.select(Objective.id)
            .where(Objective.process_id == process.id, Objective.level == ObjectiveLevel.SPECIFIC)
            .order_by(Objective.id)
        )
        reg = registry(app)
        endpoints = list(dict.fromkeys([*reg.stage_pages.values(), *(e.endpoint for e in reg.nav)]))
        pages = {}
        with app.test_request_context():
            pages["processes.dashboard"] = url_for("processes.dashboard", process_id=process.id)
            for endpoint in endpoints:
                rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
                if not set(rule.arguments) - {"process_id"}:
                    pages[endpoint] = url_for(endpoint, process_id=process.id)
            pages["planning.options_objective"] = url_for(
                "planning.options_objective", process_id=process.id, objective_id=objective_id
            )
        engine = db.engine
        db.session.remove()
    if args.only:
        wanted = args.only.split(",")
        pages = {k: v for k, v in pages.items() if any(w in v or w == k for w in wanted)}

    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_key
        session["_fresh"] = True
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *a, **k: statements.append(1))
    gc.collect()
    gc.freeze()
    if args.html:
        os.makedirs(args.html, exist_ok=True)

    results = {}
    for endpoint, url in pages.items():
        response = client.get(url)  # warm: templates compiled, memos filled
        assert response.status_code == 200, (url, response.status_code)
        figures = {"url": url}
        if args.html:
            name = endpoint.replace(".", "_") + ".html"
            with open(os.path.join(args.html, name), "wb") as handle:
                handle.write(CSRF.sub(rb'\1-"', response.data))
        if not args.no_profile:
            statements.clear()
            profile = cProfile.Profile()
            profile.enable()
            client.get(url)
            profile.disable()
            figures["calls"] = pstats.Stats(profile).total_calls
            figures["statements"] = len(statements)
        cpu = []
        for _ in range(args.repeat):
            started = time.thread_time()
            client.get(url)
            cpu.append((time.thread_time() - started) * 1000)
        if cpu:
            figures["cpu_p50_ms"] = round(statistics.median(cpu), 1)
        results[endpoint] = figures
    print(
        json.dumps(
            {
                "benchmark": "work per GET of the large demo process's stage pages (in-process)",
                "code": os.environ.get("PYTHONPATH") or ROOT,
                "pages": results,
                "load_average": [round(x, 2) for x in os.getloadavg()],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
