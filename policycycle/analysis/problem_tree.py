"""Checks of a problem tree, with no Flask or database import.

A problem tree has exactly one focal problem. A cause hangs below the problem it
causes (its ``parent_id`` points at the focal problem or at another cause); an
effect hangs above the problem it results from (its ``parent_id`` points at the
focal problem or at another effect). ``check_tree`` returns every broken rule as a
``TreeIssue`` with a stable ``code``; the caller turns codes into translated messages.

Codes (severity):
- ``no_focal`` (error): the tree has no focal problem.
- ``several_focal`` (error): more than one focal problem; one issue per extra focal node.
- ``focal_has_parent`` (error): the focal problem hangs below another node.
- ``cycle`` (error): the node is part of a loop of parent links.
- ``detached`` (error): the cause or effect does not lead to the focal problem.
- ``wrong_parent`` (error): a cause hangs on an effect, or an effect on a cause.
- ``solution_wording`` (warning): "lack of X" wording, a solution in disguise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

FOCAL, CAUSE, EFFECT = "focal", "cause", "effect"


@dataclass(frozen=True)
class TreeNode:
    id: int
    kind: str
    parent_id: int | None
    text: str = ""


@dataclass(frozen=True)
class TreeIssue:
    code: str
    node_id: int | None
    severity: str = "error"


# "Lack of X" and its relatives in the working languages (en, fr, es, pt): they
# name a missing solution instead of the negative situation it would fix.
_SOLUTION_PATTERNS = re.compile(
    r"^\s*(?:"
    r"(?:the\s+)?(?:lack|absence|shortage)\s+of\b"
    r"|there\s+(?:is|are)\s+no\b"
    r"|no\s+\w+"
    r"|not\s+enough\b"
    r"|(?:le\s+|l')?(?:manque|absence)\s+d[e']"
    r"|(?:la\s+|a\s+)?(?:falta|ausencia|ausência|carencia|carência|inexistência|inexistencia)\s+d[eao]"
    r")",
    re.IGNORECASE,
)


def has_solution_wording(text: str) -> bool:
    """True when a problem is worded as a missing solution ("lack of a database")."""
    return bool(_SOLUTION_PATTERNS.match(text or ""))


def _parents(nodes: dict[int, TreeNode]) -> dict[int, int | None]:
    return {n.id: (n.parent_id if n.parent_id in nodes else None) for n in nodes.values()}


def nodes_in_cycles(nodes: Iterable[TreeNode]) -> set[int]:
    """Ids of the nodes that sit on a loop of parent links."""
    by_id = {n.id: n for n in nodes}
    parent = _parents(by_id)
    state: dict[int, int] = {}  # 1 = on the current path, 2 = done
    in_cycle: set[int] = set()
    for start in by_id:
        path = []
        node = start
        while node is not None and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = parent[node]
        if node is not None and state.get(node) == 1:
            loop_start = path.index(node)
            in_cycle.update(path[loop_start:])
        for visited in path:
            state[visited] = 2
    return in_cycle


def levels(nodes: Iterable[TreeNode]) -> dict[int, int]:
    """Distance of each node connected to a focal problem (focal = 0). Nodes that
    do not reach a focal problem (detached or in a cycle) are left out."""
    nodes = list(nodes)
    by_id = {n.id: n for n in nodes}
    parent = _parents(by_id)
    cyclic = nodes_in_cycles(nodes)
    result: dict[int, int] = {}
    for start in by_id:
        chain: list[int] = []
        node = start
        while node is not None and node not in result:
            if by_id[node].kind == FOCAL:
                result[node] = 0
                break
            if node in cyclic:
                break
            chain.append(node)
            node = parent[node]
        if node is None or node not in result:
            continue
        base = result[node]
        for offset, member in enumerate(reversed(chain), start=1):
            result[member] = base + offset
    return result


def check_tree(nodes: Iterable[TreeNode]) -> list[TreeIssue]:
    """Every broken rule of the tree, focal-problem issues first, then per node."""
    nodes = list(nodes)
    by_id = {n.id: n for n in nodes}
    issues: list[TreeIssue] = []
    focal = sorted(n.id for n in nodes if n.kind == FOCAL)
    if nodes and not focal:
        issues.append(TreeIssue("no_focal", None))
    for extra in focal[1:]:
        issues.append(TreeIssue("several_focal", extra))
    cyclic = nodes_in_cycles(nodes)
    connected = levels(nodes)
    for node in nodes:
        parent = by_id.get(node.parent_id) if node.parent_id is not None else None
        if node.kind == FOCAL:
            if parent is not None:
                issues.append(TreeIssue("focal_has_parent", node.id))
        elif node.id in cyclic:
            issues.append(TreeIssue("cycle", node.id))
        elif node.id not in connected:
            issues.append(TreeIssue("detached", node.id))
        elif parent is not None and parent.kind != FOCAL and parent.kind != node.kind:
            issues.append(TreeIssue("wrong_parent", node.id))
        if has_solution_wording(node.text):
            issues.append(TreeIssue("solution_wording", node.id, "warning"))
    return issues


def would_create_cycle(nodes: Iterable[TreeNode], node_id: int, new_parent_id: int | None) -> bool:
    """True if hanging ``node_id`` below ``new_parent_id`` closes a loop."""
    if new_parent_id is None:
        return False
    by_id = {n.id: n for n in nodes}
    current: int | None = new_parent_id
    seen = set()
    while current is not None and current not in seen:
        if current == node_id:
            return True
        seen.add(current)
        node = by_id.get(current)
        current = node.parent_id if node else None
    return False


def descendants(nodes: Iterable[TreeNode], node_id: int) -> list[int]:
    """Ids hanging (directly or not) below ``node_id``, breadth first."""
    children: dict[int, list[int]] = {}
    for n in nodes:
        if n.parent_id is not None:
            children.setdefault(n.parent_id, []).append(n.id)
    found, queue, seen = [], [node_id], {node_id}
    while queue:
        for child in children.get(queue.pop(0), []):
            if child not in seen:
                seen.add(child)
                found.append(child)
                queue.append(child)
    return found
