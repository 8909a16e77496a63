"""Sign-in time for an address with an account and one without (wrong password both).

Creates a temporary SQLite database with one account hashed with the production method
(scrypt), posts ``--repeat`` failed sign-ins for each kind of address through the Flask
test client (each from its own address, so the limits do not apply), and prints one JSON
object: median and p90 CPU milliseconds per kind and their ratio. A ratio near 1 means
the answer's timing does not tell which addresses have accounts. Usage:

    .venv/bin/python bench/signin.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    os.environ.setdefault("INSTANCE_PATH", tmp)
    from facilitation.app import create_app
    from facilitation.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        from facilitation import services

        db.create_all()
        services.create_user("known@bench.example", "Known", "the real password")
        db.session.commit()
        client = app.test_client()
        timings: dict[str, list[float]] = {"known": [], "unknown": []}
        for n in range(args.repeat):
            for kind in timings:
                started = time.process_time()
                client.post(
                    "/login",
                    data={"email": f"{kind}@bench.example", "password": "a wrong guess"},
                    environ_base={"REMOTE_ADDR": f"10.0.{n % 250}.{1 if kind == 'known' else 2}"},
                )
                timings[kind].append((time.process_time() - started) * 1000)
    summary = {
        kind: {
            "median_cpu_ms": round(statistics.median(values), 2),
            "p90_cpu_ms": round(sorted(values)[int(0.9 * (len(values) - 1))], 2),
        }
        for kind, values in timings.items()
    }
    print(
        json.dumps(
            {
                "benchmark": "signin",
                "hash_method": "scrypt (production default)",
                "repeat": args.repeat,
                **summary,
                "unknown_to_known_ratio": round(
                    summary["unknown"]["median_cpu_ms"] / summary["known"]["median_cpu_ms"], 3
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
