"""The number of SQL queries of every analysis page does not grow with the data:
the same page is requested on a small and on a larger process, and the counts of
statements sent to the database must be equal."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from facilitation.extensions import db
from policycycle.analysis.models import DotVote, PriorityCriterion, PriorityRating
from policycycle.models import (
    FrameworkItem,
    Gap,
    Indicator,
    IssueDriver,
    Objective,
    PolicyIssue,
    ProblemNode,
    ProblemStatement,
    SwotItem,
    TowsStrategy,
)


@contextmanager
def counting():
    statements = []

    def _count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", _count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", _count)


def populate(process_id: int, n: int, users, sizes: dict | None = None) -> dict:
    """``n`` of every artefact, or per kind from ``sizes`` (issues, swot, tows, gaps,
    nodes, objectives)."""
    size = {"issues": n, "swot": n, "tows": n, "gaps": n, "nodes": n, "objectives": n}
    size.update(sizes or {})
    criteria = [
        PriorityCriterion(process_id=process_id, name=f"C{i}", weight=1 + i) for i in range(3)
    ]
    issues = [PolicyIssue(process_id=process_id, title=f"Issue {i}") for i in range(size["issues"])]
    swot = [
        SwotItem(
            process_id=process_id, quadrant="SWOT"[i % 4], statement=f"Item {i}", evidence="Report"
        )
        for i in range(n)
    ]
    framework = [
        FrameworkItem(process_id=process_id, kind="law", title=f"Law {i}") for i in range(n)
    ]
    db.session.add_all(criteria + issues + swot + framework)
    db.session.flush()
    for i, issue in enumerate(issues):
        db.session.add(
            IssueDriver(
                process_id=process_id, issue_id=issue.id, kind="internal", description=f"Driver {i}"
            )
        )
        for user in users:
            for c in criteria:
                db.session.add(
                    PriorityRating(
                        process_id=process_id,
                        issue_id=issue.id,
                        criterion_id=c.id,
                        user_id=user.id,
                        score=1 + i % 5,
                    )
                )
    db.session.add(
        DotVote(process_id=process_id, issue_id=issues[0].id, user_id=users[0].id, dots=2)
    )
    for i in range(n):
        strategy = TowsStrategy(
            process_id=process_id,
            kind="SO",
            text=f"Strategy {i}",
            swot_items=[s for s in swot if s.quadrant in "SO"][:2],
        )
        db.session.add(strategy)
        db.session.add(
            Gap(
                process_id=process_id,
                area=f"Area {i % 5}",
                statement=f"Gap {i}",
                rating="partial",
                framework_item_id=framework[i].id,
            )
        )
    focal = ProblemNode(process_id=process_id, kind="focal", text="Focal")
    db.session.add(focal)
    db.session.flush()
    parents = [focal]
    for i in range(size["nodes"]):
        node = ProblemNode(
            process_id=process_id, kind="cause", text=f"Cause {i}", parent_id=parents[i // 3].id
        )
        db.session.add(node)
        db.session.flush()
        parents.append(node)
    db.session.add(ProblemStatement(process_id=process_id, nature="Nature"))
    general = Objective(process_id=process_id, level="general", title="General")
    db.session.add(general)
    db.session.flush()
    specifics = []
    for i in range(max(1, size["objectives"] // 5)):
        s = Objective(process_id=process_id, level="specific", title=f"S{i}", parent_id=general.id)
        db.session.add(s)
        specifics.append(s)
    db.session.flush()
    for i in range(size["objectives"] - len(specifics) - 1):
        o = Objective(
            process_id=process_id,
            level="operational",
            title=f"O{i}",
            parent_id=specifics[i % len(specifics)].id,
        )
        db.session.add(o)
        db.session.flush()
        db.session.add(
            Indicator(
                process_id=process_id,
                name=f"Ind {i}",
                objective_id=o.id,
                baseline_value=1,
                target_value=2,
                target_year=2030,
            )
        )
    db.session.commit()
    return {
        "issue": issues[0].id,
        "swot": swot[0].id,
        "objective": specifics[0].id,
        "node": parents[1].id,
        "tows": 1,
    }


PAGES = [
    "agenda",
    "agenda/criteria",
    "agenda/issues/{issue}",
    "analysis",
    "analysis/swot/{swot}",
    "analysis/tows",
    "analysis/gaps",
    "analysis/problem-tree",
    "analysis/problem-tree/{node}",
    "analysis/statement",
    "objectives",
    "objectives/{objective}",
]


@pytest.mark.parametrize("page", PAGES)
def test_queries_do_not_grow_with_the_data(page, make_process, member, login_as, make_user):
    counts = []
    for n in (4, 40):
        process = make_process(title=f"Process {n}")
        users = [member(process) for _ in range(3)]
        ids = populate(process.id, n, users)
        client = login_as(users[0])
        url = f"/p/{process.id}/" + page.format(**ids)
        client.get(url)  # warm caches (templates, babel)
        with counting() as statements:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(len(statements))
    assert counts[0] == counts[1], f"{page}: {counts[0]} queries on small, {counts[1]} on large"
