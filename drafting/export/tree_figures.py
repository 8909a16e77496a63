"""Problem and objectives trees drawn top-down at their printed size, split into several
figures when one would not fit the page with text of at least 8 pt.

Layout units are printer's points: a box is ``BOX_PT`` wide, its text ``FONT_PT``; a part
is printed at its natural width (never enlarged or shrunk), so the text prints at
``FONT_PT``. The first figure shows the top of the tree (for a problem tree: the effects
above the focal problem and its direct causes below it); each branch too broad for it
follows in its own figure, with the branch's head on top. Branches of only leaves are
stacked in an indented column under their parent, which keeps most trees on one page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from policycycle.analysis.tree_layout import LayoutOptions, layout_problem_tree, layout_tree

from . import figures

FONT_PT = 8.5
BOX_PT = 100
OPTIONS = LayoutOptions(
    box_width=BOX_PT,
    h_gap=8,
    v_gap=22,
    chars_per_line=20,
    max_lines=7,
    line_height=11,
    padding=5,
    margin=4,
    stack_leaves=2,
    stack_indent=12,
)
SIDE_BY_SIDE = LayoutOptions(**{**OPTIONS.__dict__, "stack_leaves": 0})


@dataclass
class TreePart:
    png: bytes
    width_cm: float
    head: str = ""  # text of the branch head ("" for the first figure)
    continued: bool = False


MAX_HEIGHT_PT = 520  # with the legend and caption, a figure stays within a page


def _fits(layout, max_width_pt: float, max_height_pt: float = MAX_HEIGHT_PT) -> bool:
    return layout.width <= max_width_pt and layout.height <= max_height_pt


def _children(items: dict[int, int | None]) -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {i: [] for i in items}
    for i, p in items.items():
        if p in kids and p != i:
            kids[p].append(i)
    return kids


def _subtree(root: int, kids: dict[int, list[int]]) -> list[int]:
    out, stack = [], [root]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(kids[node]))
    return out


def _draw(layout, legend) -> TreePart:
    png = figures.draw_layout_at_size(layout, FONT_PT, legend)
    return TreePart(png, (layout.width / 72 + 0) * 2.54)


def _branches(
    heads: list[int],
    parent: dict[int, int | None],
    text: dict[int, str],
    kinds: dict[int, str],
    max_width_pt: float,
    legend,
    max_height_pt: float = MAX_HEIGHT_PT,
) -> list[TreePart]:
    """One figure per branch (or per run of small neighbouring branches) under ``heads``;
    a branch still too broad shows its head and children, then its own branches."""
    kids = _children(parent)
    parts: list[TreePart] = []
    pending: list[int] = []

    def layout_of(roots: list[int], options=OPTIONS):
        members = [n for r in roots for n in _subtree(r, kids)]
        return layout_tree(
            [(n, None if n in roots else parent[n], text[n]) for n in members],
            options=options,
            kinds=kinds,
        )

    def flush() -> None:
        if pending:
            part = _draw(layout_of(pending), legend)
            part.head = "; ".join(text[h] for h in pending)
            part.continued = True
            parts.append(part)
            pending.clear()

    for head in heads:
        if not kids[head]:
            continue
        if _fits(layout_of(pending + [head]), max_width_pt, max_height_pt):
            pending.append(head)
            continue
        flush()
        if _fits(layout_of([head]), max_width_pt, max_height_pt):
            pending.append(head)
            continue
        # Too broad even alone: the head with its children, then each child's branch.
        top = [(head, None, text[head])] + [(k, head, text[k]) for k in kids[head]]
        options = (
            SIDE_BY_SIDE
            if _fits(layout_tree(top, options=SIDE_BY_SIDE), max_width_pt, max_height_pt)
            else OPTIONS
        )
        part = _draw(layout_tree(top, options=options, kinds=kinds), legend)
        part.head, part.continued = text[head], True
        parts.append(part)
        parts.extend(
            _branches(kids[head], parent, text, kinds, max_width_pt, legend, max_height_pt)
        )
    flush()
    return parts


def problem_layout(
    nodes: Sequence[tuple[int, str, int | None, str]],
    max_width_pt: float,
    max_height_pt: float = MAX_HEIGHT_PT,
):
    """The problem tree (or a part of it) laid out; the direct causes of the focal problem
    side by side whenever that fits, since an indented column of them would read as a
    chain of causes. (They stack only when none has causes of its own, so laying the
    whole part side by side changes nothing else.)"""
    nodes = list(nodes)
    layout = layout_problem_tree(nodes, options=OPTIONS)
    focal = next((i for i, k, _p, _t in nodes if k == "focal"), None)
    direct = [i for i, k, p, _t in nodes if p == focal and k != "effect"]
    if not any(layout.boxes[i].stacked for i in direct if i in layout.boxes):
        return layout
    wide = layout_problem_tree(nodes, options=SIDE_BY_SIDE)
    return wide if _fits(wide, max_width_pt, max_height_pt) else layout


def problem_tree_parts(
    nodes: Sequence[tuple[int, str, int | None, str]],
    labels: dict,
    max_width_in: float,
    max_height_in: float | None = None,
) -> list[TreePart]:
    """``nodes``: (id, kind, parent_id, text). Each figure is the focal problem with some
    of its direct causes and their branches (the first also with the effects above);
    a branch too large for a figure of its own follows in further figures."""
    max_width_pt = max_width_in * 72
    max_height_pt = max_height_in * 72 if max_height_in else MAX_HEIGHT_PT
    legend = [(labels[k], k) for k in ("effect", "focal", "cause") if k in labels]
    kind = {i: k for i, k, _p, _t in nodes}
    parent = {i: p for i, _k, p, _t in nodes}
    text = {i: t for i, _k, _p, t in nodes}
    whole = problem_layout(nodes, max_width_pt, max_height_pt)
    if _fits(whole, max_width_pt, max_height_pt):
        return [_draw(whole, legend)]
    focal = next((i for i, k in kind.items() if k == "focal"), None)
    effects = {i for i in parent if kind[i] == "effect"}
    first_causes = [i for i in parent if parent[i] == focal and kind[i] != "effect"]
    kids = _children({i: p for i, p in parent.items() if i not in effects})

    def chunk_layout(chunk: list[int], with_effects: bool, whole_branches: set[int]):
        keep = {focal} | (effects if with_effects else set())
        for head in chunk:
            keep |= set(_subtree(head, kids)) if head in whole_branches else {head}
        return problem_layout([n for n in nodes if n[0] in keep], max_width_pt, max_height_pt)

    parts: list[TreePart] = []
    deferred: list[int] = []  # causes whose branch needs figures of its own
    chunk: list[int] = []
    whole_branches: set[int] = set()
    for head in first_causes:
        trial = chunk + [head]
        if _fits(
            chunk_layout(trial, not parts, whole_branches | {head}), max_width_pt, max_height_pt
        ):
            chunk, whole_branches = trial, whole_branches | {head}
        elif _fits(chunk_layout(trial, not parts, whole_branches), max_width_pt, max_height_pt):
            chunk = trial  # the cause alone here; its branch follows
            deferred.append(head)
        else:
            parts.append(_draw(chunk_layout(chunk, not parts, whole_branches), legend))
            parts[-1].continued = len(parts) > 1
            chunk = [head]
            if _fits(chunk_layout(chunk, False, {head}), max_width_pt, max_height_pt):
                whole_branches.add(head)
            else:
                deferred.append(head)
    parts.append(_draw(chunk_layout(chunk, not parts, whole_branches), legend))
    parts[-1].continued = len(parts) > 1
    causes = {
        i: (None if i in deferred else p) for i, p in parent.items() if i not in effects | {focal}
    }
    for head in deferred:
        for part in _branches([head], causes, text, kind, max_width_pt, legend, max_height_pt):
            part.head = part.head or text[head]
            parts.append(part)
    return parts


def objectives_tree_parts(
    nodes: Sequence[tuple[int, int | None, str, str]],
    labels: dict,
    max_width_in: float,
    max_height_in: float | None = None,
) -> list[TreePart]:
    """``nodes``: (id, parent_id, level, text). The first part: the general objective and
    the specific ones; then the operational objectives under each."""
    max_width_pt = max_width_in * 72
    max_height_pt = max_height_in * 72 if max_height_in else MAX_HEIGHT_PT
    legend = [(labels[k], k) for k in ("general", "specific", "operational") if k in labels]
    kinds = {i: level for i, _p, level, _t in nodes}
    parent = {i: p for i, p, _l, _t in nodes}
    text = {i: t for i, _p, _l, t in nodes}
    items = [(i, p, t) for i, p, _l, t in nodes]
    whole = layout_tree(items, options=OPTIONS, kinds=kinds)
    if _fits(whole, max_width_pt, max_height_pt):
        return [_draw(whole, legend)]
    known = set(parent)
    roots = [i for i, p in parent.items() if p not in known]
    kids = _children(parent)
    heads = [k for r in roots for k in kids[r]]
    top_items = [(r, None, text[r]) for r in roots] + [(h, parent[h], text[h]) for h in heads]
    top = layout_tree(top_items, options=SIDE_BY_SIDE, kinds=kinds)
    if not _fits(top, max_width_pt, max_height_pt):
        top = layout_tree(top_items, options=OPTIONS, kinds=kinds)
    parts = [_draw(top, legend)]
    branches = {i: (None if i in heads else p) for i, p in parent.items() if i not in roots}
    parts += _branches(heads, branches, text, kinds, max_width_pt, legend, max_height_pt)
    return parts
