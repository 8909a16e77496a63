"""Labels that do not collide, for the stakeholder map and the power-interest grid.

Greedy placement in display coordinates: labels are placed in order of importance, each
at the first of a few candidate spots around its point (below, above, right, left, then
further out) whose box overlaps no label already placed and no marker; a label with no
free spot is left off (the caller lists it elsewhere or counts it).
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.transforms import Bbox

OFFSETS_PT = (
    (0, -9),
    (0, 9),
    (9, 0),
    (-9, 0),
    (0, -17),
    (0, 17),
    (14, -9),
    (-14, -9),
    (14, 9),
    (-14, 9),
)


@dataclass
class Placed:
    label: str
    placed: bool


def _align(dx: float, dy: float) -> tuple[str, str]:
    ha = "left" if dx > 0 else "right" if dx < 0 else "center"
    va = "top" if dy < 0 else "bottom" if dy > 0 else "center"
    return ha, va


def place(ax, points, labels, fontsize: float, marker_radius_pt=None, **text_kw) -> list[Placed]:
    """Annotate ``points`` (data coordinates) with ``labels`` in the given order, skipping
    any label that cannot be placed without overlapping. ``marker_radius_pt``: radius of
    each point's marker in points (kept free of text)."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    to_px = fig.dpi / 72
    taken: list[Bbox] = []
    radii = list(marker_radius_pt or [4] * len(points))
    for (x, y), r in zip(points, radii, strict=False):
        cx, cy = ax.transData.transform((x, y))
        rp = r * to_px
        taken.append(Bbox.from_extents(cx - rp, cy - rp, cx + rp, cy + rp))
    axes_box = ax.get_window_extent(renderer)
    results = []
    for (x, y), label, r in zip(points, labels, radii, strict=False):
        done = False
        for dx, dy in OFFSETS_PT:
            # push the label out of the marker
            ox = dx + (r if dx > 0 else -r if dx < 0 else 0)
            oy = dy + (r if dy > 0 else -r if dy < 0 else 0)
            ha, va = _align(ox, oy)
            text = ax.annotate(
                label,
                (x, y),
                xytext=(ox, oy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=fontsize,
                **text_kw,
            )
            box = text.get_window_extent(renderer).expanded(1.04, 1.08)
            inside = (
                box.x0 >= axes_box.x0 - 1
                and box.x1 <= axes_box.x1 + 1
                and box.y0 >= axes_box.y0 - 1
                and box.y1 <= axes_box.y1 + 1
            )
            if inside and not any(box.overlaps(other) for other in taken):
                taken.append(box)
                done = True
                break
            text.remove()
        results.append(Placed(label, done))
    return results
