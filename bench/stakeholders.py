"""Benchmark of the stakeholder network: 2,000 organisations and 20,000 ties.

Builds its own SQLite database, then times (median of runs) all analytics (read from SQL
and computed, cache off), the map's JSON (size and time), the centralities JSON and the
coverage dashboard. Prints one JSON object.

    .venv/bin/python bench/stakeholders.py [--orgs 2000] [--ties 20000]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


CPU = {}


def median_time(fn, runs: int) -> tuple[float, object]:
    """Median wall-clock seconds; the median CPU seconds of this process go to ``CPU``
    (on a shared machine the CPU time is what an idle machine's wall clock would show)."""
    times, cpu, result = [], [], None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU[fn] = round(statistics.median(cpu), 3)
    return statistics.median(times), result


def build(db, process_id: int, n_orgs: int, n_ties: int, rng: random.Random) -> None:
    from facilitation.models import Organisation, OrganisationCategory
    from stakeholders.models import (
        Assessment,
        Commitment,
        Consultation,
        ConsultationInput,
        ConsultationParticipant,
        Tie,
        TieType,
    )

    categories = [c.value for c in OrganisationCategory]
    db.session.execute(
        db.insert(Organisation),
        [
            {
                "process_id": process_id,
                "name": f"Organisation {i:04d}",
                "acronym": f"O{i}",
                "category": categories[i % len(categories)],
                "level": "national",
                "mandate": "",
                "policy_tags": "migration" if i % 50 == 0 else "",
                "in_core_group": i < 10,
            }
            for i in range(n_orgs)
        ],
    )
    ids = list(
        db.session.execute(
            db.select(Organisation.id)
            .where(Organisation.process_id == process_id)
            .order_by(Organisation.id)
        ).scalars()
    )
    # A ministry tree: each of the first 40 organisations has 3 departments.
    for parent_index in range(40):
        for k in range(3):
            child = ids[40 + parent_index * 3 + k]
            db.session.execute(
                db.update(Organisation)
                .where(Organisation.id == child)
                .values(parent_id=ids[parent_index])
            )
    types = [t.value for t in TieType]
    # Clustered ties: most inside groups of 100, some across (brokers exist).
    pairs = set()
    while len(pairs) < n_ties:
        a = rng.randrange(n_orgs)
        b = (a // 100) * 100 + rng.randrange(100) if rng.random() < 0.8 else rng.randrange(n_orgs)
        if a != b and b < n_orgs:
            pairs.add((a, b))
    db.session.execute(
        db.insert(Tie),
        [
            {
                "process_id": process_id,
                "source_id": ids[a],
                "target_id": ids[b],
                "type": types[rng.randrange(len(types))],
                "mutual": rng.random() < 0.4,
                "strength": rng.randint(1, 3),
                "note": "",
            }
            for a, b in pairs
        ],
    )
    today = date.today()
    db.session.execute(
        db.insert(Assessment),
        [
            {
                "process_id": process_id,
                "organisation_id": ids[i],
                "assessed_on": today - timedelta(days=i % 200),
                "assessed_by_name": "bench",
                "power": rng.randint(1, 5),
                "interest": rng.randint(1, 5),
                "impact": 3,
                "position": 0,
                "legitimacy": 3,
                "urgency": 3,
                "target_engagement": "consult",
                "note": "",
            }
            for i in range(0, n_orgs, 2)
        ],
    )
    stages = ["agenda", "analysis", "objectives"]
    consultation_ids = []
    for k in range(30):
        row = Consultation(
            process_id=process_id,
            title=f"Consultation {k}",
            stage=stages[k % 3],
            method="workshop",
            held=k % 5 != 0,
            starts_on=today - timedelta(days=k),
        )
        db.session.add(row)
        db.session.flush()
        consultation_ids.append(row.id)
    db.session.execute(
        db.insert(ConsultationParticipant),
        [
            {
                "process_id": process_id,
                "consultation_id": consultation_ids[k % 30],
                "organisation_id": ids[(k * 7) % n_orgs],
                "women": 1,
                "men": 1,
                "other": 0,
            }
            for k in range(600)
        ],
    )
    db.session.execute(
        db.insert(ConsultationInput),
        [
            {
                "process_id": process_id,
                "consultation_id": consultation_ids[k % 30],
                "organisation_id": ids[(k * 7) % n_orgs],
                "text": f"Input {k}",
                "concerns": f"Section {k % 8}",
                "disposition": None if k % 9 == 0 else "accepted",
                "justification": "",
            }
            for k in range(1000)
        ],
    )
    db.session.execute(
        db.insert(Commitment),
        [
            {
                "process_id": process_id,
                "text": f"Commitment {k}",
                "responsible": "",
                "status": "open",
                "due_on": today + timedelta(days=k - 50),
            }
            for k in range(100)
        ],
    )
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=2000)
    parser.add_argument("--ties", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="bench-stakeholders-")
    os.environ.setdefault("INSTANCE_PATH", tmp)
    from facilitation import services as host
    from facilitation.app import create_app
    from facilitation.extensions import db
    from stakeholders import graph, network, services

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
            "TESTING": True,
            "SECRET_KEY": "bench",
        }
    )
    with app.app_context():
        db.create_all()
        user = host.create_user("bench@example.org", "Bench", "bench-password-1")
        process = host.create_process(
            user,
            title="Bench",
            country="Kestria",
            lead_organisation="Organisation lead",
            policy_domain="migration",
        )
        db.session.commit()
        start = time.perf_counter()
        build(db, process.id, args.orgs, args.ties, random.Random(7))
        build_seconds = time.perf_counter() - start
        pid = process.id

        def all_analytics():
            result = network.analyse_now(pid)
            graph.suggested_invitees(result, engaged=set(network.consulted_stages(pid)))
            return result

        orgs = network._organisations(pid)
        nodes = {o.id: {"category": str(o.category)} for o in orgs}
        edges = network.edge_tuples(network.tie_records(orgs, network._ties(pid)))

        def analyse_only():
            return graph.analyse_records(nodes, edges)

        os.environ.setdefault("OMP_NUM_THREADS", "1")
        analytics_s, result = median_time(all_analytics, args.runs)
        compute_s, _ = median_time(analyse_only, args.runs)

        def map_payload():
            return json.dumps(network.map_data(pid), separators=(",", ":"))

        map_s, map_json = median_time(map_payload, args.runs)
        network.analysis(pid)  # warm the cache the browser's second request uses
        metrics_s, metrics_json = median_time(
            lambda: json.dumps(network.metrics_data(pid), separators=(",", ":")), args.runs
        )

        def dashboard():
            db.session.expire_all()
            return services.coverage(pid)

        coverage_s, cov = median_time(dashboard, args.runs)

        # A server that calls gc.freeze() once after start-up keeps its ~280,000 start-up
        # objects out of Python's full collections, which otherwise land inside these
        # requests. Measured again that way.
        normal_cpu = dict(CPU)
        gc.freeze()
        frozen = {}
        for name, fn in (
            ("analytics", all_analytics),
            ("map_json", map_payload),
            ("coverage", dashboard),
        ):
            frozen[name] = round(median_time(fn, args.runs)[0], 3)
            frozen[name + "_cpu"] = CPU[fn]
        gc.unfreeze()
        CPU.clear()
        CPU.update(normal_cpu)
        report = {
            "benchmark": "stakeholders",
            "organisations": args.orgs + 1,
            "ties": args.ties,
            "runs_median_of": args.runs,
            "engine": result.engine,
            "build_seconds": round(build_seconds, 2),
            "analytics_seconds": round(analytics_s, 3),
            "analytics_cpu_seconds": CPU[all_analytics],
            "analytics_compute_only_seconds": round(compute_s, 3),
            "analytics_compute_only_cpu_seconds": CPU[analyse_only],
            "analytics_target_seconds": 1.0,
            "communities": len(result.communities),
            "map_json_bytes": len(map_json.encode()),
            "map_json_seconds": round(map_s, 3),
            "map_json_cpu_seconds": CPU[map_payload],
            "map_targets": {"bytes": 2_000_000, "seconds": 0.2},
            "metrics_json_bytes": len(metrics_json.encode()),
            "metrics_json_cached_seconds": round(metrics_s, 3),
            "coverage_seconds": round(coverage_s, 3),
            "coverage_cpu_seconds": CPU[dashboard],
            "coverage_target_seconds": 0.2,
            "coverage_gaps": cov.gap_count,
            "with_gc_freeze_seconds": frozen,
            "database": "sqlite",
            "cpus": os.cpu_count(),
            "load_average_1min": round(os.getloadavg()[0], 2),
        }
        print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
