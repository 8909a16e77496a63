"""What the analysis stages register with the dashboard: artefact counters, the
snapshot stored when a stage is agreed, and the readiness rules (cause without
evidence, objective without indicator, crowded objective levels, problem-tree
check failures)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from facilitation.extensions import db
from facilitation.stages import Finding
from policycycle.models import (
    FrameworkItem,
    Gap,
    NodeKind,
    Objective,
    ObjectiveLevel,
    PolicyIssue,
    ProblemNode,
    ProblemStatement,
    SwotItem,
    TowsStrategy,
)

from . import objectives as objective_services
from . import problems as problem_services
from . import services
from .models import ObjectiveAlignment


def _count(model, process_id, *where):
    return select(func.count(model.id)).where(model.process_id == process_id, *where)


COUNTERS = {
    "agenda": [lambda pid: _count(PolicyIssue, pid)],
    "analysis": [
        lambda pid: _count(SwotItem, pid, SwotItem.merged_into_id.is_(None)),
        lambda pid: _count(TowsStrategy, pid),
        lambda pid: _count(FrameworkItem, pid),
        lambda pid: _count(Gap, pid),
        lambda pid: _count(ProblemNode, pid),
        lambda pid: _count(ProblemStatement, pid),
    ],
    "objectives": [lambda pid: _count(Objective, pid)],
}


def snapshot_agenda(process_id: int) -> dict:
    return {
        "criteria": [{"name": c.name, "weight": c.weight} for c in services.criteria(process_id)],
        "issues": [
            {
                "id": row.issue.id,
                "title": row.issue.title,
                "status": str(row.issue.status),
                "reason": row.issue.decision_reason,
                "score": row.score,
                "dots": row.dots,
                "drivers": [{"kind": str(d.kind), "text": d.description} for d in row.drivers],
            }
            for row in services.ranked_issues(process_id)
        ],
    }


def snapshot_analysis(process_id: int) -> dict:
    statement = problem_services.problem_statement(process_id)
    return {
        "swot": {
            str(q.value): [i.statement for i in items]
            for q, items in services.swot_quadrants(process_id).items()
        },
        "tows": {
            str(k.value): [t.text for t in items]
            for k, items in services.tows_by_kind(process_id).items()
        },
        "gaps": [
            {"area": g.area, "statement": g.statement, "rating": str(g.rating)}
            for g in services.gaps(process_id)
        ],
        "problem_tree": [
            {"id": n.id, "kind": str(n.kind), "parent_id": n.parent_id, "text": n.text}
            for n in problem_services.nodes(process_id)
        ],
        "statement": {f: getattr(statement, f) for f in problem_services.STATEMENT_FIELDS}
        if statement
        else None,
    }


def snapshot_objectives(process_id: int) -> dict:
    aligned: dict[int, list[str]] = {}
    for objective_id, title in db.session.execute(
        db.select(ObjectiveAlignment.objective_id, FrameworkItem.title)
        .join(FrameworkItem, FrameworkItem.id == ObjectiveAlignment.framework_item_id)
        .where(ObjectiveAlignment.process_id == process_id)
    ):
        aligned.setdefault(objective_id, []).append(title)
    return {
        "objectives": [
            {
                "id": row.objective.id,
                "level": str(row.objective.level),
                "title": row.objective.title,
                "parent_id": row.objective.parent_id,
                "smart": dict(row.smart.items()),
                "aligned_with": aligned.get(row.objective.id, []),
                "indicators": [
                    {
                        "name": i.name,
                        "baseline": i.baseline_value,
                        "target": i.target_value,
                        "target_year": i.target_year,
                    }
                    for i in row.objective.indicators
                ],
            }
            for row in objective_services.objectives_with_smart(process_id)
        ]
    }


def cause_without_evidence(process_id: int) -> list[Finding]:
    query = db.select(ProblemNode).where(
        ProblemNode.process_id == process_id,
        ProblemNode.kind == NodeKind.CAUSE,
        ProblemNode.evidence == "",
        ProblemNode.gap_id.is_(None),
    )
    # Evidence can also be cited through the evidence base's links.
    links = db.metadata.tables.get("evidence_link")
    if links is not None and "problem_node_id" in links.c:
        query = query.where(
            ~ProblemNode.id.in_(
                select(links.c.problem_node_id).where(
                    links.c.process_id == process_id, links.c.problem_node_id.is_not(None)
                )
            )
        )
    return [
        Finding(
            "analysis",
            _("Cause without evidence: “%(text)s”", text=node.text),
            "analysis.analysis_node",
            {"process_id": process_id, "node_id": node.id},
        )
        for node in db.session.execute(query.order_by(ProblemNode.id)).scalars()
    ]


def tree_rules(process_id: int) -> list[Finding]:
    findings = []
    for finding in problem_services.tree_findings(process_id):
        text = f"{finding.message} (“{finding.node.text}”)" if finding.node else finding.message
        url = (
            ({"process_id": process_id, "node_id": finding.node.id}, "analysis.analysis_node")
            if finding.node
            else ({"process_id": process_id}, "analysis.analysis_problem_tree")
        )
        findings.append(
            Finding(
                "analysis",
                _("Problem tree: %(text)s", text=text),
                url[1],
                url[0],
                finding.issue.severity,
            )
        )
    return findings


def objective_without_indicator(process_id: int) -> list[Finding]:
    query = db.select(Objective).where(
        Objective.process_id == process_id,
        ~Objective.id.in_(
            db.select(Objective.id)
            .join(Objective.indicators)
            .where(Objective.process_id == process_id)
        ),
    )
    return [
        Finding(
            "objectives",
            _("Objective without indicator: “%(title)s”", title=o.title),
            "analysis.objectives_detail",
            {"process_id": process_id, "objective_id": o.id},
        )
        for o in db.session.execute(query.order_by(Objective.id)).scalars()
    ]


def crowded_objectives(process_id: int) -> list[Finding]:
    rows = objective_services.objectives(process_id)
    by_id = {o.id: o for o in rows}
    findings = []
    for group in objective_services.crowded(process_id, rows):
        parent = by_id.get(group.parent_id)
        where = _("under “%(title)s”", title=parent.title) if parent else _("at the top")
        findings.append(
            Finding(
                "objectives",
                _(
                    "%(n)d × “%(level)s” %(where)s: more than six at one level signals poor focus.",
                    n=len(group.objective_ids),
                    level=ObjectiveLevel(group.level).label,
                    where=where,
                ),
                "analysis.objectives",
                {"process_id": process_id},
                "warning",
            )
        )
    return findings


RULES = (tree_rules, cause_without_evidence, objective_without_indicator, crowded_objectives)


def register(app) -> None:
    from facilitation.stages import registry

    reg = registry(app)
    for stage, counters in COUNTERS.items():
        for counter in counters:
            reg.count(stage, counter)
    reg.snapshot("agenda", snapshot_agenda)
    reg.snapshot("analysis", snapshot_analysis)
    reg.snapshot("objectives", snapshot_objectives)
    for rule in RULES:
        reg.readiness(rule)
