"""Node positions of the problem tree and the objectives tree, with no Flask import.

One layout serves the browser (inline SVG drawn by the analysis pages) and the Word
exports (matplotlib figures), so both show the same picture.

API
---
``layout_tree(items, *, options=None) -> Layout``
    ``items``: iterable of ``(id, parent_id, text)``. Roots are items without a
    parent (or whose parent is missing or on a loop); several roots are laid side
    by side. Children go below their parent, in the order given.

``layout_problem_tree(items, *, options=None) -> Layout``
    ``items``: iterable of ``(id, kind, parent_id, text)`` with kind ``"focal"``,
    ``"cause"`` or ``"effect"``. The focal problem sits in the middle row, the
    causes fan out below it and the effects above it. Nodes that do not lead to
    the focal problem are laid as separate trees on the right, flagged ``detached``.

``LayoutOptions``: ``box_width``, ``h_gap``, ``v_gap`` (pixels), ``chars_per_line``,
``max_lines``, ``line_height``, ``padding``, ``margin``; ``stack_leaves`` (default 0,
off): children that are all leaves, at least this many, go in one column below their
parent, indented by ``stack_indent`` (``Box.stacked``; draw them with ``edge_points``).

``Layout``:
    ``boxes``: dict id -> ``Box(id, x, y, width, height, lines, depth, detached, kind)``
        where ``(x, y)`` is the TOP-LEFT corner in pixels, y growing DOWNWARDS (SVG
        convention; matplotlib callers draw at ``height - y`` or invert the y axis),
        ``lines`` the wrapped text (at most ``max_lines``, the last ending with "…"
        when cut), ``depth`` the row index from the top.
    ``edges``: list of ``(child_id, parent_id)`` pairs to draw as connectors;
        ``Layout.anchor(child_id, parent_id)`` gives the two end points
        ``((x1, y1), (x2, y2))``: from the edge of the child box facing the parent
        to the facing edge of the parent box. ``Layout.edge_points(child_id,
        parent_id)`` gives the whole connector as a polyline (an elbow; for a stacked
        child a spine down the parent's left side) — the browser draws that.
    ``width``, ``height``: size of the whole drawing, margins included.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LayoutOptions:
    box_width: int = 196
    h_gap: int = 18
    v_gap: int = 44
    chars_per_line: int = 25
    max_lines: int = 4
    line_height: int = 16
    padding: int = 10
    margin: int = 12
    # Stack the children of a parent in one indented column when they are all leaves
    # and there are at least this many (0: never). Narrows wide trees a lot.
    stack_leaves: int = 0
    stack_indent: int = 18


@dataclass
class Box:
    id: int
    x: float
    y: float
    width: float
    height: float
    lines: list[str]
    depth: int
    detached: bool = False
    kind: str = ""
    stacked: bool = False  # in an indented column below its parent

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2


@dataclass
class Layout:
    boxes: dict[int, Box] = field(default_factory=dict)
    edges: list[tuple[int, int]] = field(default_factory=list)
    width: float = 0
    height: float = 0

    def anchor(self, child_id: int, parent_id: int):
        child, parent = self.boxes[child_id], self.boxes[parent_id]
        if child.y > parent.y:  # child below its parent
            return (child.cx, child.y), (parent.cx, parent.y + parent.height)
        return (child.cx, child.y + child.height), (parent.cx, parent.y)

    def edge_points(self, child_id: int, parent_id: int) -> list[tuple[float, float]]:
        """The connector as a polyline: an elbow between facing edges, or for a
        stacked child a spine down the parent's left side into the child's side."""
        child, parent = self.boxes[child_id], self.boxes[parent_id]
        if child.stacked:
            spine = parent.x + (child.x - parent.x) / 2
            return [(spine, parent.y + parent.height), (spine, child.cy), (child.x, child.cy)]
        (x1, y1), (x2, y2) = self.anchor(child_id, parent_id)
        middle = (y1 + y2) / 2
        return [(x1, y1), (x1, middle), (x2, middle), (x2, y2)]

    def svg_points(self, child_id: int, parent_id: int) -> str:
        """``edge_points`` as an SVG ``points`` attribute ("x,y " per point): the
        screen tree joins ~100 connectors of four points each (issue 18)."""
        return "".join(f"{x},{y} " for x, y in self.edge_points(child_id, parent_id))

    def ordered_boxes(self) -> list[Box]:
        return sorted(self.boxes.values(), key=lambda b: (b.y, b.x))


def wrap(text: str, chars_per_line: int, max_lines: int) -> list[str]:
    """Wrap text into at most ``max_lines`` lines, marking a cut with an ellipsis."""
    lines = textwrap.wrap(" ".join((text or "").split()), chars_per_line) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        if len(last) >= chars_per_line:
            last = last[: chars_per_line - 1].rstrip()
        lines[-1] = last + "…"
    return lines


def _forest(items: list[tuple[int, int | None]]) -> tuple[list[int], dict[int, list[int]]]:
    """Roots and children lists; parents that are missing or on a loop become roots."""
    ids = [i for i, _ in items]
    known = set(ids)
    parent = {i: (p if p in known and p != i else None) for i, p in items}
    # Break loops: a node whose chain of parents never reaches a root is cut loose.
    reaches_root: dict[int, bool] = {}
    for start in ids:
        path, node, seen = [], start, set()
        while node is not None and node not in reaches_root and node not in seen:
            seen.add(node)
            path.append(node)
            node = parent[node]
        ok = node is None or reaches_root.get(node, False)
        for member in path:
            reaches_root[member] = ok
        if not ok:
            parent[path[-1]] = None  # cut the loop where the walk closed it
            for member in path:
                reaches_root[member] = True
    children: dict[int, list[int]] = {i: [] for i in ids}
    roots = []
    for i in ids:
        if parent[i] is None:
            roots.append(i)
        else:
            children[parent[i]].append(i)
    return roots, children


def _slots(
    roots: list[int],
    children: dict[int, list[int]],
    stack_min: int = 0,
    stacked: set[int] | None = None,
) -> tuple[dict[int, float], dict[int, int]]:
    """Horizontal slot (leaves take consecutive slots, parents centre on their
    children) and depth of each node; iterative, so deep trees are fine. Children
    laid in a column (see ``LayoutOptions.stack_leaves``) are added to ``stacked``."""
    slot: dict[int, float] = {}
    depth: dict[int, int] = {}
    next_leaf = 0
    for root in roots:
        stack = [(root, 0, False)]
        while stack:
            node, d, expanded = stack.pop()
            kids = children[node]
            if (
                not expanded
                and stack_min
                and stacked is not None
                and len(kids) >= stack_min
                and not any(children[k] for k in kids)
            ):
                depth[node], slot[node] = d, next_leaf
                for offset, kid in enumerate(kids, start=1):
                    depth[kid], slot[kid] = d + offset, next_leaf
                    stacked.add(kid)
                next_leaf += 1
            elif not expanded:
                depth[node] = d
                stack.append((node, d, True))
                for child in reversed(children[node]):
                    stack.append((child, d + 1, False))
            elif children[node]:
                slot[node] = (slot[children[node][0]] + slot[children[node][-1]]) / 2
            else:
                slot[node] = next_leaf
                next_leaf += 1
    return slot, depth


def _box_height(opts: LayoutOptions, lines: int) -> int:
    return 2 * opts.padding + lines * opts.line_height


def layout_tree(
    items: Iterable[tuple[int, int | None, str]],
    *,
    options: LayoutOptions | None = None,
    kinds: dict[int, str] | None = None,
) -> Layout:
    opts = options or LayoutOptions()
    items = list(items)
    text = {i: t for i, _, t in items}
    roots, children = _forest([(i, p) for i, p, _ in items])
    stacked: set[int] = set()
    slot, depth = _slots(roots, children, opts.stack_leaves, stacked)
    return _place(
        items=[i for i, _, _ in items],
        text=text,
        slot=slot,
        row=depth,
        edges=[(c, p) for p, cs in children.items() for c in cs],
        opts=opts,
        kinds=kinds or {},
        detached=set(),
        stacked=stacked,
    )


def _place(*, items, text, slot, row, edges, opts, kinds, detached, stacked=frozenset()) -> Layout:
    layout = Layout()
    if not items:
        layout.width = layout.height = 2 * opts.margin
        return layout
    # A stacked box gives up its indent, so it stays inside its column.
    narrower = max(1, round(opts.chars_per_line * opts.stack_indent / opts.box_width))
    wrapped = {
        i: wrap(text[i], opts.chars_per_line - (narrower if i in stacked else 0), opts.max_lines)
        for i in items
    }
    height = _box_height(opts, max(len(lines) for lines in wrapped.values()))
    min_row = min(row.values())
    step_x = opts.box_width + opts.h_gap
    for i in items:
        r = row[i] - min_row
        layout.boxes[i] = Box(
            id=i,
            x=opts.margin + slot[i] * step_x + (opts.stack_indent if i in stacked else 0),
            y=opts.margin + r * (height + opts.v_gap),
            width=opts.box_width - (opts.stack_indent if i in stacked else 0),
            height=height,
            lines=wrapped[i],
            depth=r,
            detached=i in detached,
            kind=kinds.get(i, ""),
            stacked=i in stacked,
        )
    layout.edges = edges
    layout.width = max(b.x + b.width for b in layout.boxes.values()) + opts.margin
    layout.height = max(b.y + b.height for b in layout.boxes.values()) + opts.margin
    return layout


def layout_problem_tree(
    items: Iterable[tuple[int, str, int | None, str]], *, options: LayoutOptions | None = None
) -> Layout:
    opts = options or LayoutOptions()
    items = list(items)
    kind = {i: k for i, k, _, _ in items}
    text = {i: t for i, _, _, t in items}
    focal = next((i for i, k, _, _ in items if k == "focal"), None)
    # Two half-trees share the focal node: causes below it, effects above it.
    cause_items = [(i, None if i == focal else p) for i, k, p, _ in items if k != "effect"]
    effect_items = [
        (i, None if i == focal else p) for i, k, p, _ in items if k in ("effect", "focal")
    ]
    cause_roots, cause_children = _forest(cause_items)
    effect_roots, effect_children = _forest(effect_items)
    stacked: set[int] = set()  # only causes stack (downwards); effects fan out above
    slot_c, depth_c = _slots(
        [focal] if focal is not None else [], cause_children, opts.stack_leaves, stacked
    )
    slot_e, depth_e = _slots([focal] if focal is not None else [], effect_children)
    slot: dict[int, float] = {}
    row: dict[int, int] = {}
    shift = (slot_c.get(focal, 0) - slot_e.get(focal, 0)) if focal is not None else 0
    for i, s in slot_c.items():
        slot[i], row[i] = s, depth_c[i]
    for i, s in slot_e.items():
        if i != focal:
            slot[i], row[i] = s + shift, -depth_e[i]
    if slot:
        lowest = min(slot.values())
        slot = {i: s - lowest for i, s in slot.items()}
    # Detached trees (no path to the focal problem) go to the right of the main tree.
    attached = set(slot)
    next_slot = (max(slot.values()) + 1) if slot else 0
    detached: set[int] = set()
    for roots, children in ((cause_roots, cause_children), (effect_roots, effect_children)):
        loose = [r for r in roots if r != focal and r not in attached]
        if not loose:
            continue
        s2, d2 = _slots(loose, children)
        for i, s in s2.items():
            if i in slot:
                continue
            slot[i], row[i] = s + next_slot, d2[i] + 1
            detached.add(i)
        next_slot = max(slot.values()) + 1
    edges = []
    for children in (cause_children, effect_children):
        for p, cs in children.items():
            edges.extend((c, p) for c in cs if c in slot and p in slot)
    return _place(
        items=[i for i, _, _, _ in items if i in slot],
        text=text,
        slot=slot,
        row=row,
        edges=edges,
        opts=opts,
        kinds=kind,
        detached=detached,
        stacked=stacked,
    )
