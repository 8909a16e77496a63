"""Network analytics of a large map are computed off the server's loop and cached by
content (issue 14): betweenness and communities of the large demo network take 0.8 s of
one core, which a request computing them on the gevent loop would take from every page and
phone. Same result as computing them directly; the loop keeps serving meanwhile."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from facilitation.extensions import db
from stakeholders import graph, network, registry

ROOT = Path(__file__).resolve().parents[2]

# A real gevent-patched interpreter (as ``python -m facilitation`` runs): while the
# analytics of a 2,000-organisation network are computed (network.analyse_now, what the
# /analytics page, metrics.json and the figures call), does the loop still run another
# greenlet?
UNDER_GEVENT = r"""
from gevent import monkey
monkey.patch_all()
import json, os, random, sys
import gevent
sys.path.insert(0, sys.argv[1])
os.environ["INSTANCE_PATH"] = sys.argv[2]
from facilitation.app import create_app
from facilitation.extensions import db
from facilitation.models import Organisation, Process
from stakeholders import network
from stakeholders.models import Tie

app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{sys.argv[2]}/a.sqlite3", "SECRET_KEY": "t"})
rng = random.Random(5)
with app.app_context():
    db.create_all()
    process = Process(title="Large map", country="Ghana")
    db.session.add(process)
    db.session.flush()
    pid = process.id
    db.session.execute(db.insert(Organisation), [
        {"process_id": pid, "name": f"org {i}", "category": "civil_society"} for i in range(2000)
    ])
    ids = list(db.session.scalars(db.select(Organisation.id)))
    db.session.execute(db.insert(Tie), [
        {"process_id": pid, "source_id": a, "target_id": b, "type": "informs"}
        for a, b in (rng.sample(ids, 2) for _ in range(4000))
    ])
    db.session.commit()
    ticks = []
    def ticker():
        while True:
            ticks.append(1)
            gevent.sleep(0.01)
    gevent.spawn(ticker)
    gevent.sleep(0.05)
    before = len(ticks)
    network.analyse_now(pid)
    print(json.dumps({"ticks_during": len(ticks) - before}))
"""


def test_the_loop_keeps_running_while_analytics_are_computed(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", UNDER_GEVENT, str(ROOT), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    ).stdout
    # On the loop, the ticker could not run at all until the computation ended.
    assert json.loads(out.strip().splitlines()[-1])["ticks_during"] >= 3


def test_cached_analytics_are_the_same_as_computed_directly(demo_context):
    pid = demo_context.process.id
    first = network.analysis(pid)
    assert network.analysis(pid) is first  # cached until an organisation or a tie changes
    direct = graph.analyse(network.load_graph(pid))
    assert first.betweenness == direct.betweenness and first.communities == direct.communities
    orgs = registry.organisations(pid)
    registry.add_tie(pid, source_id=orgs[0].id, target_id=orgs[-1].id, type="informs")
    db.session.commit()
    assert network.analysis(pid) is not first
