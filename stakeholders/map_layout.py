"""Where each organisation sits on the browser map (no Flask, no database).

Each connected group of organisations (a component: ties drawn on the map, conflicts
included) gets its own spring layout in a square whose side grows with the square root of
its size, so the density of every group is the same. The squares are packed largest first:
the largest at the top left, smaller ones in the space to its right, then in rows below.
Organisations with no tie at all are not mixed in: they sit in a band of rows under the
map, in accent-aware alphabetical order.

Groups of up to ``NETWORKX_UP_TO`` organisations are laid out with networkx; larger ones
with igraph's Fruchterman-Reingold (a C library: a 2,000-organisation group in a fraction
of a second). Both are seeded, so the same data always gives the same map.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from facilitation.sorting import collation_key

NETWORKX_UP_TO = 300
SEED = 7
SPACING = 80.0  # pixels per organisation along a side: room for a label when zoomed in
GAP = 90.0  # between two groups
BAND_CELL = (160.0, 64.0)  # width and height of a place in the band of unconnected ones
BAND_TITLE_ROOM = 60.0  # between the lowest group and the band's first row
BAND_FIRST_ROW = 44.0  # from the band's title to the centres of its first row
ASPECT = 1.6  # the map is wider than tall, like a screen


@dataclass
class MapLayout:
    positions: dict[int, tuple[float, float]]
    components: list[list[int]]  # largest first; the ids of each connected group
    unconnected: list[int]  # alphabetical
    band_top: float | None = None  # y of the band's title (None: no unconnected one)
    band_left: float = 0.0
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)


def _local_layout(members: list[int], pairs: list[tuple[int, int]]) -> dict[int, tuple]:
    """Positions of one group in the unit square (seeded)."""
    if len(members) == 2:
        return {members[0]: (0.0, 0.5), members[1]: (1.0, 0.5)}
    if len(members) == 3 and len(pairs) == 2:  # a chain: its middle in the middle
        ends = [n for n in members if sum(n in p for p in pairs) == 1]
        middle = next(n for n in members if n not in ends)
        return {ends[0]: (0.0, 0.5), middle: (0.5, 0.5), ends[1]: (1.0, 0.5)}
    if len(members) <= NETWORKX_UP_TO:
        sub = nx.Graph()
        sub.add_nodes_from(members)
        sub.add_edges_from(pairs)
        raw = nx.spring_layout(sub, seed=SEED, k=1.8 / math.sqrt(len(members)), iterations=80)
        coords = {n: (float(p[0]), float(p[1])) for n, p in raw.items()}
    else:
        import igraph

        index = {node: i for i, node in enumerate(members)}
        g = igraph.Graph(n=len(members), edges=[(index[a], index[b]) for a, b in pairs])
        igraph.set_random_number_generator(random.Random(SEED))
        try:
            raw = g.layout_fruchterman_reingold(niter=500)
        finally:
            igraph.set_random_number_generator(random)
        coords = {node: tuple(raw[i]) for node, i in index.items()}
    xs = [p[0] for p in coords.values()]
    ys = [p[1] for p in coords.values()]
    left, top = min(xs), min(ys)
    span = max(max(xs) - left, max(ys) - top) or 1.0
    return {n: ((x - left) / span, (y - top) / span) for n, (x, y) in coords.items()}


def _side(size: int) -> float:
    return SPACING * math.sqrt(size) + (40.0 if size == 2 else 0.0)


def _pack(sides: list[float], left: float, top: float, width: float, height: float | None):
    """Shelf packing of squares into a region, in order; stops at the first that does not
    fit under ``height``. Returns the top-left corners placed and the bottom reached."""
    corners: list[tuple[float, float]] = []
    x, y, shelf, bottom = left, top, 0.0, top
    for side in sides:
        if x > left and x + side > left + width:
            x, y, shelf = left, y + shelf + GAP, 0.0
        if side > width or (height is not None and y + side > top + height):
            break
        corners.append((x, y))
        x += side + GAP
        shelf = max(shelf, side)
        bottom = max(bottom, y + side)
    return corners, bottom


def layout(
    node_ids: Iterable[int], pairs: Iterable[tuple[int, int]], names: dict[int, str]
) -> MapLayout:
    """Pixel positions of every node (centres). ``pairs``: the ties drawn on the map (any
    direction, duplicates allowed); ``names`` orders groups of equal size and the band."""
    simple = nx.Graph()
    simple.add_nodes_from(node_ids)
    simple.add_edges_from((a, b) for a, b in pairs if a != b and a in simple and b in simple)

    def name_key(node: int):
        return collation_key(names.get(node, ""))

    components = [sorted(c, key=name_key) for c in nx.connected_components(simple) if len(c) > 1]
    components.sort(key=lambda c: (-len(c), name_key(c[0])))
    unconnected = sorted((n for n in simple if simple.degree(n) == 0), key=name_key)

    sides = [_side(len(c)) for c in components]
    area = sum((s + GAP) ** 2 for s in sides)
    width = max(sides[0] if sides else 0.0, math.sqrt(area * ASPECT))
    corners: list[tuple[float, float]] = []
    bottom = 0.0
    if sides:
        corners.append((0.0, 0.0))
        # Smaller groups first fill the space to the right of the largest one.
        right, _bottom = _pack(
            sides[1:], sides[0] + GAP, 0.0, width - sides[0] - GAP, height=sides[0]
        )
        corners.extend(right)
        bottom = sides[0]
        rest = sides[1 + len(right) :]
        if rest:
            below, bottom = _pack(rest, 0.0, sides[0] + GAP, width, height=None)
            corners.extend(below)

    positions: dict[int, tuple[float, float]] = {}
    boxes = []
    for members, side, (x0, y0) in zip(components, sides, corners, strict=True):
        member_set = set(members)
        local_pairs = [(a, b) for a, b in simple.subgraph(member_set).edges]
        for node, (px, py) in _local_layout(members, local_pairs).items():
            positions[node] = (round(x0 + px * side, 1), round(y0 + py * side, 1))
        boxes.append((x0, y0, x0 + side, y0 + side))

    band_top = None
    if unconnected:
        band_top = bottom + (BAND_TITLE_ROOM if components else 0.0)
        cell_w, cell_h = BAND_CELL
        band_width = width or math.sqrt(len(unconnected) * cell_w * cell_h * ASPECT)
        columns = max(1, int(band_width // cell_w))
        for i, node in enumerate(unconnected):
            row, column = divmod(i, columns)
            positions[node] = (
                round(column * cell_w + cell_w / 2, 1),
                round(band_top + BAND_FIRST_ROW + row * cell_h, 1),
            )
    return MapLayout(
        positions=positions,
        components=components,
        unconnected=unconnected,
        band_top=band_top,
        boxes=boxes,
    )
