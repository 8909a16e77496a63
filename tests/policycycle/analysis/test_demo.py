"""The demo content of the analysis stages loads through the services and is coherent."""

from facilitation.extensions import db
from facilitation.services import stage_counts
from policycycle.analysis import objectives, problems, services
from policycycle.models import ObjectiveLevel, PolicyOption

from ...demo_process import import_demo_process


def test_demo_walks_every_analysis_stage(app):
    pid = import_demo_process(app).process.id
    rows = services.ranked_issues(pid)
    assert len(rows) == 6 and all(r.drivers for r in rows)
    assert sum(r.issue.status == "on_agenda" for r in rows) == 4
    assert rows[0].score is not None and any(r.dots for r in rows)
    grid = services.swot_quadrants(pid)
    # 12 written by the group (the duplicate merged away) and 6 ideas taken in from the
    # situation analysis workshop.
    assert sum(len(v) for v in grid.values()) == 18
    assert sum(len(v) for v in services.tows_by_kind(pid).values()) == 5
    assert len(services.gaps(pid)) == 6
    nodes = problems.nodes(pid)
    assert len(nodes) == 17  # 15 and two causes taken in from the workshop
    codes = {f.issue.code for f in problems.tree_findings(pid)}
    assert codes <= {"solution_wording"}
    assert problems.problem_statement(pid).baseline
    levels = [str(o.level) for o in objectives.objectives(pid)]
    assert levels.count(ObjectiveLevel.GENERAL) == 1
    assert levels.count(ObjectiveLevel.SPECIFIC) == 4
    assert 6 <= levels.count(ObjectiveLevel.OPERATIONAL) <= 8
    # One option noted while analysing; the options stage adds the others.
    assert db.session.scalar(db.select(db.func.count(PolicyOption.id))) == 16
    with app.test_request_context():
        counts = stage_counts(pid)
    assert counts["agenda"] == 6 and counts["objectives"] == len(levels)
    assert counts["analysis"] == 18 + 5 + 6 + 6 + 17 + 1  # SWOT, TOWS, inventory, gaps, tree
