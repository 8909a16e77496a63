"""The long lists of the large demo, measured in-process (issue 18).

Builds ``policycycle demo --size large`` once into ``--instance`` (reused when it already
holds the database) and requests, as the coordinator of the large network, the pages whose
work grew with a long list: the evidence indicators of the "Large benchmark process" (600
indicators), and the registry, network analytics, ``map.json`` and agenda of the "Large
stakeholder network" (2,000 institutions). For each: wall-clock and CPU milliseconds
(``time.process_time``), SQL statements (an event listener) and bytes, median of
``--repeat`` warm requests.

``--code DIR`` runs another checkout of the application (e.g. ``git archive main``
unpacked) over the same database, so old and new can be measured in turn, A/B, on the
same machine state. Prints one JSON object. Usage:

    .venv/bin/python bench/long_lists.py --instance /tmp/large [--repeat 5] [--code DIR]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", required=True, help="folder for the large demo database")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--code", default=ROOT, help="the checkout of the application to run")
    args = parser.parse_args()
    code = os.path.abspath(args.code)
    sys.path.insert(0, code)
    os.makedirs(args.instance, exist_ok=True)
    os.environ["INSTANCE_PATH"] = os.path.abspath(args.instance)

    from sqlalchemy import event

    from facilitation.app import create_app
    from facilitation.extensions import db
    from facilitation.models import Membership, Process, User

    database = os.path.join(os.path.abspath(args.instance), "large.sqlite3")
    build = not os.path.exists(database)
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        }
    )
    build_seconds = None
    with app.app_context():
        if build:
            from demo import loader as demo

            started = time.perf_counter()
            db.create_all()
            demo.load(app, size="large")
            db.session.commit()
            build_seconds = round(time.perf_counter() - started, 1)
        planning = db.session.scalar(
            db.select(Process.id).where(Process.title == "Large benchmark process")
        )
        network = db.session.scalar(
            db.select(Process.id).where(Process.title == "Large stakeholder network")
        )
        coordinator = db.session.scalar(
            db.select(Membership.user_id).where(
                Membership.process_id == network, Membership.role == "coordinator"
            )
        )
        from facilitation import sessions

        user = db.session.get(User, coordinator)
        sessions.start(user)
        db.session.commit()
        session_key = user.session_key
        engine = db.engine
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_key
        session["_fresh"] = True

    pages = [
        f"/p/{planning}/evidence/indicators",
        f"/p/{network}/stakeholders/",
        f"/p/{network}/stakeholders/analytics",
        f"/p/{network}/stakeholders/map.json",
        f"/p/{network}/agenda",
    ]
    statements: list[int] = []
    event.listen(engine, "before_cursor_execute", lambda *a, **k: statements.append(1))
    results = {}
    for path in pages:
        first = client.get(path)  # warm: templates compiled, caches filled
        assert first.status_code == 200, (path, first.status_code)
        walls, cpus = [], []
        for _ in range(args.repeat):
            statements.clear()
            gc.collect()
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        results[path] = {
            "wall_ms_p50": round(statistics.median(walls), 1),
            "cpu_ms_p50": round(statistics.median(cpus), 1),
            "statements": len(statements),
            "bytes": len(response.data),
        }
    print(
        json.dumps(
            {
                "benchmark": "long lists of the large demo, in-process",
                "code": code,
                "requests_per_page": args.repeat,
                "pages": results,
                "build_seconds": build_seconds,
                "load_average": [round(x, 2) for x in os.getloadavg()],
                "conditions": "Flask test client, one thread, signed in as the network's "
                "coordinator, SQLite file; CPU = time.process_time of this process",
            }
        )
    )


if __name__ == "__main__":
    main()
