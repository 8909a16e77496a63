"""Problem formulation pages: the problem tree (diagram, checks, nodes) and the
problem statement with rationale and vision."""

from __future__ import annotations

from flask import g, render_template, request
from flask_babel import gettext as _

from facilitation.access import process_access
from facilitation.crafted_input import bounded_int
from facilitation.early_headers import sends_headers_early
from policycycle.models import NodeKind, ProblemNode

from . import problems
from .forms import NodeForm, StatementForm
from .routing import SCREEN_LAYOUT, bp, delete_page, owned, save, short, status_of, url


def _node_form(process_id: int, rows, obj=None, **kwargs) -> NodeForm:
    form = NodeForm(obj=obj, **kwargs)
    excluded = set()
    if obj is not None:
        from .problem_tree import TreeNode, descendants

        excluded = {
            obj.id,
            *descendants([TreeNode(n.id, str(n.kind), n.parent_id) for n in rows], obj.id),
        }
    form.parent_id.choices = (
        [(0, _("— none (focal problem) —"))]
        + [
            (n.id, f"{NodeKind(n.kind).label}: {short(n.text, 80)}")
            for n in rows
            if n.id not in excluded and str(n.kind) != "effect"
        ]
        + [
            (n.id, f"{NodeKind(n.kind).label}: {short(n.text, 80)}")
            for n in rows
            if n.id not in excluded and str(n.kind) == "effect"
        ]
    )
    return form


def _save_node(form, process_id, node=None):
    return problems.save_node(
        process_id,
        kind=form.kind.data,
        text=form.text.data,
        parent_id=form.parent_id.data,
        evidence=form.evidence.data,
        node=node,
    )


@bp.route("/p/<int:process_id>/analysis/problem-tree", methods=["GET", "POST"])
@process_access("write", safe_need="read")
@sends_headers_early
def analysis_problem_tree(process_id: int):
    rows = problems.nodes(process_id)
    has_focal = any(str(n.kind) == "focal" for n in rows)
    defaults = {"kind": "cause" if has_focal else "focal"}
    focal = next((n for n in rows if str(n.kind) == "focal"), None)
    if focal is not None and request.method == "GET":
        defaults["parent_id"] = request.args.get("parent", type=bounded_int) or focal.id
        if request.args.get("kind") in ("cause", "effect"):
            defaults["kind"] = request.args["kind"]
    form = _node_form(process_id, rows, data=defaults if request.method == "GET" else None)
    done = save(
        form,
        lambda: _save_node(form, process_id),
        _("Added to the problem tree."),
        url("analysis.analysis_problem_tree"),
    )
    if done:
        return done
    findings = problems.tree_findings(process_id, rows)
    return render_template(
        "policycycle/analysis/problem_tree.html",
        form=form,
        rows=rows,
        layout=problems.problem_tree_layout(process_id, rows, options=SCREEN_LAYOUT),
        findings=findings,
        flagged={f.node.id for f in findings if f.node is not None},
        by_id={n.id: n for n in rows},
        has_focal=has_focal,
        focal_id=focal.id if focal is not None else None,
    ), status_of(form)


@bp.route("/p/<int:process_id>/analysis/problem-tree/<int:node_id>", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def analysis_node(process_id: int, node_id: int):
    node = owned(ProblemNode, node_id)
    rows = problems.nodes(process_id)
    form = _node_form(process_id, rows, node)
    done = save(
        form,
        lambda: _save_node(form, process_id, node),
        _("Problem tree node saved."),
        url("analysis.analysis_problem_tree"),
    )
    if done:
        return done
    findings = [
        f
        for f in problems.tree_findings(process_id, rows)
        if f.node is not None and f.node.id == node.id
    ]
    return render_template(
        "policycycle/analysis/form_page.html",
        form=form,
        title=_("Edit the problem tree node"),
        back=url("analysis.analysis_problem_tree"),
        findings=findings,
        delete_url=url("analysis.analysis_node_delete", node_id=node.id),
        links=_grow_links(node),
    ), status_of(form)


def _grow_links(node: ProblemNode) -> list[tuple[str, str]]:
    """Where to add the next node from here: causes below causes, effects above effects."""
    links = []
    if str(node.kind) in ("focal", "cause"):
        links.append(
            (
                url("analysis.analysis_problem_tree", parent=node.id, kind="cause") + "#add-node",
                _("Add a cause of this problem"),
            )
        )
    if str(node.kind) in ("focal", "effect"):
        links.append(
            (
                url("analysis.analysis_problem_tree", parent=node.id, kind="effect") + "#add-node",
                _("Add an effect of this problem"),
            )
        )
    return links


@bp.route("/p/<int:process_id>/analysis/problem-tree/<int:node_id>/delete", methods=["GET", "POST"])
@process_access("write")
def analysis_node_delete(process_id: int, node_id: int):
    node = owned(ProblemNode, node_id)
    return delete_page(
        what=_("Problem tree node"),
        title=node.text,
        dependents=problems.node_dependents(node),
        remove=lambda: problems.delete_node(node),
        back=url("analysis.analysis_node", node_id=node.id),
        done=url("analysis.analysis_problem_tree"),
    )


@bp.route("/p/<int:process_id>/analysis/statement", methods=["GET", "POST"])
@process_access("write", safe_need="read")
@sends_headers_early
def analysis_statement(process_id: int):
    statement = problems.problem_statement(process_id)
    form = StatementForm(obj=statement)
    done = save(
        form,
        lambda: problems.save_statement(
            process_id, **{f: getattr(form, f).data for f in problems.STATEMENT_FIELDS}
        ),
        _("Problem statement saved."),
        url("analysis.analysis_statement"),
    )
    if done:
        return done
    focal = next((n for n in problems.nodes(process_id) if str(n.kind) == "focal"), None)
    return render_template(
        "policycycle/analysis/statement.html",
        form=form,
        statement=statement,
        focal=focal,
        process=g.process,
    ), status_of(form)
