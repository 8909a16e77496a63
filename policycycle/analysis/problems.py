"""Problem formulation services: the problem tree (nodes, checks, layout) and the
problem statement with rationale and vision. Flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func

from facilitation.extensions import db
from facilitation.scoped import get_in_process
from facilitation.validation import ValidationFailed, in_process
from policycycle.models import Gap, NodeKind, Objective, ProblemNode, ProblemStatement

from .problem_tree import TreeIssue, TreeNode, check_tree, would_create_cycle
from .tree_layout import Layout, layout_problem_tree

STATEMENT_FIELDS = (
    "nature",
    "scale",
    "affected",
    "drivers",
    "baseline",
    "assumptions",
    "why_government",
    "rationale",
    "vision",
    "evidence",
)


def nodes(process_id: int) -> list[ProblemNode]:
    return list(
        db.session.execute(
            db.select(ProblemNode)
            .where(ProblemNode.process_id == process_id)
            .order_by(ProblemNode.position, ProblemNode.id)
        ).scalars()
    )


def get_node(process_id: int, node_id: int) -> ProblemNode | None:
    return get_in_process(ProblemNode, node_id, process_id)


def _tree(rows) -> list[TreeNode]:
    return [TreeNode(n.id, str(n.kind), n.parent_id, n.text) for n in rows]


ISSUE_MESSAGES = {
    "no_focal": lambda: _(
        "The tree has no focal problem. Add one: the central problem the policy addresses."
    ),
    "several_focal": lambda: _(
        "A tree has exactly one focal problem; make this one a cause or an effect."
    ),
    "focal_has_parent": lambda: _(
        "The focal problem is the centre of the tree; it hangs on nothing."
    ),
    "cycle": lambda: _("This node is part of a loop: following its links comes back to it."),
    "detached": lambda: _("This node does not lead to the focal problem; attach it."),
    "wrong_parent": lambda: _(
        "A cause hangs on the focal problem or another cause; "
        "an effect on the focal problem or another effect."
    ),
    "solution_wording": lambda: _(
        "“Lack of …” names a missing solution. Describe the negative situation instead "
        "(e.g. “Migrants cannot find information” rather than “Lack of an information centre”)."
    ),
}


@dataclass
class TreeFinding:
    issue: TreeIssue
    node: ProblemNode | None

    @property
    def message(self) -> str:
        return ISSUE_MESSAGES[self.issue.code]()


def tree_findings(process_id: int, rows: list[ProblemNode] | None = None) -> list[TreeFinding]:
    rows = nodes(process_id) if rows is None else rows
    by_id = {n.id: n for n in rows}
    return [TreeFinding(issue, by_id.get(issue.node_id)) for issue in check_tree(_tree(rows))]


def problem_tree_layout(
    process_id: int, rows: list[ProblemNode] | None = None, options=None
) -> Layout:
    rows = nodes(process_id) if rows is None else rows
    return layout_problem_tree(
        ((n.id, str(n.kind), n.parent_id, n.text) for n in rows), options=options
    )


def _check_parent(process_id: int, kind: NodeKind, parent_id, node: ProblemNode | None):
    parent = in_process(
        ProblemNode, parent_id, process_id, "parent_id", _("a node of this problem tree")
    )
    if kind == NodeKind.FOCAL:
        if parent is not None:
            raise ValidationFailed({"parent_id": _("The focal problem hangs on nothing.")})
        return None
    if parent is None:
        raise ValidationFailed(
            {"parent_id": _("Choose the problem this one causes or results from.")}
        )
    if parent.kind != NodeKind.FOCAL and parent.kind != kind:
        raise ValidationFailed(
            {
                "parent_id": _(
                    "A cause hangs on the focal problem or another cause; an effect on the focal "
                    "problem or another effect."
                )
            }
        )
    if node is not None and would_create_cycle(_tree(nodes(process_id)), node.id, parent.id):
        raise ValidationFailed(
            {
                "parent_id": _(
                    "This would make a loop: the chosen problem already hangs below this one."
                )
            }
        )
    return parent.id


def save_node(
    process_id: int,
    *,
    kind: str,
    text: str,
    parent_id=None,
    evidence: str = "",
    gap_id=None,
    node: ProblemNode | None = None,
) -> ProblemNode:
    if kind not in NodeKind.__members__.values():
        raise ValidationFailed({"kind": _("Choose focal problem, cause or effect.")})
    kind = NodeKind(kind)
    text = (text or "").strip()
    if not text:
        raise ValidationFailed({"text": _("Describe the problem.")})
    if kind == NodeKind.FOCAL:
        other = (
            db.session.execute(
                db.select(ProblemNode).where(
                    ProblemNode.process_id == process_id,
                    ProblemNode.kind == NodeKind.FOCAL,
                    ProblemNode.id != (node.id if node else -1),
                )
            )
            .scalars()
            .first()
        )
        if other is not None:
            raise ValidationFailed(
                {
                    "kind": _(
                        "The tree already has a focal problem (“%(text)s”); there is exactly one.",
                        text=other.text[:80],
                    )
                }
            )
    if node is not None and kind != node.kind and children_of(node):
        raise ValidationFailed(
            {"kind": _("Other nodes hang on this one; move them before changing its kind.")}
        )
    parent = _check_parent(process_id, kind, parent_id, node)
    gap = in_process(Gap, gap_id, process_id, "gap_id", _("a gap of this process"))
    if node is None:
        position = (
            db.session.scalar(
                db.select(func.count(ProblemNode.id)).where(ProblemNode.process_id == process_id)
            )
            or 0
        )
        node = ProblemNode(process_id=process_id, position=position)
        db.session.add(node)
        node.gap_id = gap.id if gap else None
    elif gap is not None:
        node.gap_id = gap.id
    node.kind = kind
    node.text = text
    node.parent_id = parent
    node.evidence = (evidence or "").strip()
    db.session.flush()
    return node


def children_of(node: ProblemNode) -> list[ProblemNode]:
    return list(
        db.session.execute(db.select(ProblemNode).where(ProblemNode.parent_id == node.id)).scalars()
    )


def node_dependents(node: ProblemNode) -> list[str]:
    found = [_("Problem tree node: %(text)s", text=c.text) for c in children_of(node)]
    objectives = db.session.execute(
        db.select(Objective).where(Objective.problem_node_id == node.id)
    ).scalars()
    found += [_("Objective drafted from it: %(title)s", title=o.title) for o in objectives]
    return found


def delete_node(node: ProblemNode) -> None:
    dependents = node_dependents(node)
    if dependents:
        raise ValidationFailed(
            _(
                "These depend on this node: %(list)s. Move or delete them first.",
                list="; ".join(dependents),
            )
        )
    db.session.delete(node)
    db.session.flush()


def problem_statement(process_id: int) -> ProblemStatement | None:
    return db.session.execute(
        db.select(ProblemStatement).where(ProblemStatement.process_id == process_id)
    ).scalar_one_or_none()


def save_statement(process_id: int, **fields) -> ProblemStatement:
    unknown = set(fields) - set(STATEMENT_FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown fields: %(list)s", list=", ".join(sorted(unknown))))
    statement = problem_statement(process_id)
    if statement is None:
        statement = ProblemStatement(process_id=process_id)
        db.session.add(statement)
    for key, value in fields.items():
        setattr(statement, key, (value or "").strip())
    db.session.flush()
    return statement
