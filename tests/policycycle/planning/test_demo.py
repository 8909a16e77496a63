"""The demo loaders: the normal demo walks every planning stage; the large one has the
volumes the benchmark needs."""

from demo import loader as demo
from facilitation.extensions import db
from facilitation.models import Process
from policycycle.models import (
    Action,
    Instrument,
    InstrumentKind,
    MonitoringUpdate,
    Objective,
    OptionScore,
    OptionStatus,
    PolicyIssue,
    PolicyOption,
    ProblemNode,
    SwotItem,
)
from policycycle.planning import readiness, services


def _count(model, pid, *where):
    return db.session.scalar(
        db.select(db.func.count(model.id)).where(model.process_id == pid, *where)
    )


def test_normal_demo_fills_every_planning_stage(app):
    demo.load(app)
    db.session.commit()
    pid = db.session.scalar(db.select(Process.id))
    specific = _count(Objective, pid, Objective.level == "specific")
    assert _count(PolicyOption, pid, PolicyOption.is_baseline.is_(True)) == specific
    assert _count(PolicyOption, pid, PolicyOption.status == OptionStatus.PREFERRED) == specific
    assert _count(PolicyOption, pid, PolicyOption.status == OptionStatus.DISCARDED) >= 1
    scorers = db.session.scalar(
        db.select(db.func.count(db.distinct(OptionScore.scorer_key))).where(
            OptionScore.process_id == pid
        )
    )
    assert scorers >= 3
    kinds = set(db.session.scalars(db.select(Instrument.kind).where(Instrument.process_id == pid)))
    assert kinds == set(InstrumentKind)
    assert _count(Action, pid) >= 12
    assert _count(MonitoringUpdate, pid) >= 2
    assert readiness.run_all(pid, readiness.RULES) == []
    groups = services.action_plan_rows(pid)
    assert all(r["lead"] is not None for g in groups for r in services.flat_rows([g]))


def test_large_demo_has_the_benchmark_volumes(app):
    demo.load(app, size="large")
    db.session.commit()
    pid = db.session.scalar(db.select(Process.id).where(Process.title == "Large benchmark process"))
    assert _count(PolicyIssue, pid) >= 300 and _count(SwotItem, pid) >= 300
    assert _count(ProblemNode, pid) >= 60 and _count(Objective, pid) >= 100
    assert _count(PolicyOption, pid) >= 300 and _count(Instrument, pid) >= 150
    assert _count(Action, pid) >= 500
    assert readiness.raci_rule(pid) == []
    assert services.gantt_rows(pid)[0].code == "A1.1.1"
