"""Server time of every stage page on the large demo process.

Builds ``policycycle demo --size large`` in a temporary SQLite database, signs in as the
facilitator with the Flask test client, requests every stage page and side-navigation
page of the large process (plus the heaviest detail pages: one objective's options and
MCA) ``--repeat`` times, and prints one JSON object: p50/p95 wall-clock and CPU
milliseconds and SQL statements per page, the data sizes and the conditions (the CPU
time shows the server's own work when other processes compete for the cores). Usage:

    .venv/bin/python bench/pages.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="bench-pages-")
    os.environ["INSTANCE_PATH"] = workdir
    from sqlalchemy import event

    from facilitation import demo
    from facilitation.app import create_app
    from facilitation.extensions import db
    from facilitation.models import Process, User
    from facilitation.stages import registry
    from policycycle.models import Objective, ObjectiveLevel

    app = create_app(
        {
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir}/bench.sqlite3",
        }
    )
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        logins = demo.load(app, size="large")
        db.session.commit()
        build_seconds = time.perf_counter() - started
        process = db.session.scalar(
            db.select(Process).where(Process.title == "Large benchmark process")
        )
        user = db.session.scalar(db.select(User).where(User.email == logins[0][0]))
        objective_id = db.session.scalar(
            db.select(Objective.id)
            .where(Objective.process_id == process.id, Objective.level == ObjectiveLevel.SPECIFIC)
            .order_by(Objective.id)
        )
        reg = registry(app)
        endpoints = list(dict.fromkeys([*reg.stage_pages.values(), *(e.endpoint for e in reg.nav)]))
        pages = {}
        for endpoint in endpoints:
            rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
            if set(rule.arguments) - {"process_id"}:
                continue
            with app.test_request_context():
                from flask import url_for

                pages[endpoint] = url_for(endpoint, process_id=process.id)
        with app.test_request_context():
            from flask import url_for

            pages["planning.options_objective"] = url_for(
                "planning.options_objective", process_id=process.id, objective_id=objective_id
            )
        pid = process.id
        user_id = user.id
        sizes = {"process_id": pid}
        from policycycle.models import (
            Action,
            Instrument,
            PolicyIssue,
            PolicyOption,
            ProblemNode,
            SwotItem,
        )

        for name, model in (
            ("issues", PolicyIssue),
            ("swot_items", SwotItem),
            ("problem_nodes", ProblemNode),
            ("objectives", Objective),
            ("options", PolicyOption),
            ("instruments", Instrument),
            ("actions", Action),
        ):
            sizes[name] = db.session.scalar(
                db.select(db.func.count(model.id)).where(model.process_id == pid)
            )
        db.session.remove()

    client = app.test_client()
    with app.app_context():  # a real server-side sign-in session (facilitation.sessions)
        from facilitation import sessions
        from facilitation.models import User

        user = db.session.get(User, user_id)
        sessions.start(user)
        db.session.commit()
        session_key = user.session_key
        db.session.remove()
    with client.session_transaction() as session:
        session["_user_id"] = session_key
        session["_fresh"] = True
    statements = []
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lambda *a, **k: statements.append(1))
    # Steady state: collect what building the data set left behind, and keep the
    # long-lived objects (app, templates, mappers) out of later collections.
    gc.collect()
    gc.freeze()
    results = {}
    for endpoint, url in pages.items():
        times, cpu, status = [], [], None
        client.get(url)  # warm the template cache
        for _ in range(args.repeat):
            statements.clear()
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            status = response.status_code
        results[endpoint] = {
            "url": url,
            "status": status,
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "cpu_p50_ms": round(statistics.median(cpu), 1),
            "cpu_p95_ms": round(percentile(cpu, 0.95), 1),
            "queries": len(statements),
        }
    print(
        json.dumps(
            {
                "benchmark": "stage pages of the large demo process",
                "requests_per_page": args.repeat,
                "target_p95_ms": 100,
                "all_under_target": all(r["p95_ms"] < 100 for r in results.values()),
                "pages": results,
                "sizes": sizes,
                "build_seconds": round(build_seconds, 2),
                "conditions": {
                    "database": "SQLite (file, WAL)",
                    "server": "Flask test client, one thread",
                    "python": platform.python_version(),
                    "cpus": os.cpu_count(),
                    "load_average": [round(x, 2) for x in os.getloadavg()],
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
