"""Figures for the Word exports, drawn with matplotlib (Agg, no pyplot state) as PNG at
print resolution. Every function takes plain data and returns PNG bytes; none imports
Flask. Labels are passed in already translated.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from collections.abc import Sequence
from datetime import date

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.collections import LineCollection, PatchCollection, PolyCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import FancyBboxPatch, Patch  # noqa: E402

from policycycle.analysis.tree_layout import (  # noqa: E402
    LayoutOptions,
    layout_problem_tree,
    layout_tree,
)

DPI = 300  # print resolution
LABELLED_BARS = 24  # bars with their value written beside them
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
NAVY = "#1F3864"
BLUE = "#2E75B6"
PALE = "#DCE6F2"
GREY = "#595959"
RED = "#C00000"
GREEN = "#548235"
KIND_COLOURS = {
    "focal": ("#C00000", "#FFFFFF"),
    "cause": ("#FBE5D6", "#1A1A1A"),
    "effect": ("#DEEBF7", "#1A1A1A"),
    "general": ("#1F3864", "#FFFFFF"),
    "specific": ("#DEEBF7", "#1A1A1A"),
    "operational": ("#F2F2F2", "#1A1A1A"),
}
_RC = {
    "font.family": "sans-serif",
    "font.sans-serif": ["Liberation Sans", "Arial", "DejaVu Sans"],
    "font.size": 8,
    "axes.edgecolor": "#BFBFBF",
    "axes.labelcolor": GREY,
    "xtick.color": GREY,
    "ytick.color": GREY,
}


def _clean(text) -> str:
    """Text matplotlib can draw: no control characters, no mathtext (``$``)."""
    return _CONTROL.sub("", str(text or "")).replace("$", r"\$")


def _short(text, width: int) -> str:
    return textwrap.shorten(_clean(text), width, placeholder="…") or "…"


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    out = io.BytesIO()
    # No bbox_inches="tight" (it draws the figure twice; the layouts leave no margin) and
    # a light PNG compression: files a little larger, written several times faster.
    fig.savefig(out, format="png", dpi=DPI, facecolor="white", pil_kwargs={"compress_level": 2})
    return out.getvalue()


def _figure(width_in: float, height_in: float) -> Figure:
    return Figure(figsize=(width_in, height_in), layout="constrained")


def _bar_axes(
    width_in: float,
    height_in: float,
    labels: Sequence[str],
    label_pt: float,
    bottom_in: float = 0.45,
):
    """A figure whose single axes leaves room on the left for the longest label.

    Fixed margins instead of constrained layout: the same look, measured once instead
    of laid out by repeated drawing (the charts are drawn per export)."""
    longest = max((len(label) for label in labels), default=0)
    left_in = min(width_in * 0.5, 0.15 + longest * label_pt * 0.45 / 72)
    fig = Figure(figsize=(width_in, height_in))
    ax = fig.add_axes(
        (
            left_in / width_in,
            bottom_in / height_in,
            1 - (left_in + 0.15) / width_in,
            1 - (bottom_in + 0.1) / height_in,
        )
    )
    return fig, ax


def _anchor(layout, child: int, parent: int):
    """End points of a connector: vertical trees join top/bottom edges, sideways trees
    (see :func:`_sideways`) join the right edge of the child to the left of the parent."""
    if getattr(layout, "sideways", False):
        c, p = layout.boxes[child], layout.boxes[parent]
        if c.x > p.x:
            return (c.x, c.cy), (p.x + p.width, p.cy)
        return (c.x + c.width, c.cy), (p.x, p.cy)
    return layout.anchor(child, parent)


def _sideways(layout, opts: LayoutOptions, gap: int = 14):
    """Turn a top-down layout a quarter: levels become columns from left to right, so a
    broad tree stays readable on a portrait page."""
    step_x = opts.box_width + opts.h_gap
    height = max((b.height for b in layout.boxes.values()), default=0)
    column = opts.box_width + 3 * opts.h_gap
    for box in layout.boxes.values():
        slot = (box.x - opts.margin) / step_x
        box.x = opts.margin + box.depth * column
        box.y = opts.margin + slot * (height + gap)
    boxes = layout.boxes.values()
    layout.width = max((b.x + b.width for b in boxes), default=0) + opts.margin
    layout.height = max((b.y + b.height for b in boxes), default=0) + opts.margin
    layout.sideways = True
    return layout


def _arrow_head(
    x1: float, y1: float, x2: float, y2: float, length: float = 8, half_width: float = 3.2
):
    """A filled triangle whose tip is (x2, y2), pointing along the segment."""
    dx, dy = x2 - x1, y2 - y1
    norm = math.hypot(dx, dy) or 1.0
    ux, uy = dx / norm, dy / norm
    bx, by = x2 - ux * length, y2 - uy * length
    return [
        (x2, y2),
        (bx - uy * half_width, by + ux * half_width),
        (bx + uy * half_width, by - ux * half_width),
    ]


def _draw_layout(layout, max_width_in: float, legend: Sequence[tuple[str, str]] = ()) -> bytes:
    """Boxes and connectors of a tree layout (pixel units, y downwards)."""
    scale = min(max_width_in / max(layout.width, 1), 1 / 96)
    width_in = max(layout.width * scale, 2.0)
    height_in = max(layout.height * scale, 1.0) + (0.3 if legend else 0)
    font = max(4.0, min(8.0, 7.5 * scale * 96))
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(width_in, height_in))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, layout.width)
        ax.set_ylim(layout.height + (0.3 / scale if legend else 0), 0)
        ax.axis("off")
        segments, heads = [], []
        for child, parent in layout.edges:
            (x1, y1), (x2, y2) = _anchor(layout, child, parent)
            # Arrows run from cause to consequence: upwards in a vertical tree, leftwards
            # in a sideways one (an effect's arrow leaves its parent).
            backwards = x2 > x1 if getattr(layout, "sideways", False) else y2 > y1
            if backwards:
                (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
            segments.append(((x1, y1), (x2, y2)))
            heads.append(_arrow_head(x1, y1, x2, y2))
        # One collection per kind of mark: far faster than an annotation per arrow.
        ax.add_collection(LineCollection(segments, colors="#7F7F7F", linewidths=0.8))
        ax.add_collection(PolyCollection(heads, facecolors="#7F7F7F", edgecolors="none"))
        boxes = []
        for box in layout.boxes.values():
            fill, ink = KIND_COLOURS.get(box.kind, (PALE, "#1A1A1A"))
            boxes.append(
                FancyBboxPatch(
                    (box.x, box.y),
                    box.width,
                    box.height,
                    boxstyle="round,pad=0,rounding_size=6",
                    facecolor=fill,
                    edgecolor="#7F7F7F",
                    linewidth=0.6,
                    linestyle="--" if box.detached else "-",
                )
            )
            ax.text(
                box.cx,
                box.cy,
                _clean("\n".join(box.lines)),
                ha="center",
                va="center",
                fontsize=font,
                color=ink,
                linespacing=1.15,
            )
        ax.add_collection(PatchCollection(boxes, match_original=True))
        if legend:
            handles = [
                Patch(
                    facecolor=KIND_COLOURS[kind][0],
                    edgecolor="#7F7F7F",
                    linewidth=0.5,
                    label=_clean(label),
                )
                for label, kind in legend
            ]
            ax.legend(
                handles=handles,
                loc="lower center",
                ncols=len(handles),
                frameon=False,
                fontsize=font,
                handlelength=1.2,
                borderaxespad=0.1,
            )
        return _png(fig)


def problem_tree(
    nodes: Sequence[tuple[int, str, int | None, str]], labels: dict, max_width_in: float = 6.3
) -> bytes:
    """``nodes``: (id, kind, parent_id, text); ``labels``: kind -> translated name."""
    opts = LayoutOptions(box_width=170, chars_per_line=28, max_lines=5, line_height=13)
    layout = layout_problem_tree(nodes, options=opts)
    if layout.width > 2.2 * max_width_in * 96:  # too broad to read: lay it sideways
        layout = _sideways(layout, opts)
    legend = [(labels[k], k) for k in ("effect", "focal", "cause") if k in labels]
    return _draw_layout(layout, max_width_in, legend)


def objectives_tree(
    nodes: Sequence[tuple[int, int | None, str, str]], labels: dict, max_width_in: float = 6.3
) -> bytes:
    """``nodes``: (id, parent_id, level, text) with level general/specific/operational."""
    opts = LayoutOptions(box_width=170, chars_per_line=28, max_lines=5, line_height=13)
    kinds = {i: level for i, _, level, _ in nodes}
    layout = layout_tree([(i, p, t) for i, p, _, t in nodes], options=opts, kinds=kinds)
    if layout.width > 1.5 * max_width_in * 96:  # too broad to read: lay it sideways
        layout = _sideways(layout, opts)
    legend = [(labels[k], k) for k in ("general", "specific", "operational") if k in labels]
    return _draw_layout(layout, max_width_in, legend)


def mca_ranking(
    groups: Sequence[tuple[str, Sequence[tuple[str, float, bool]]]],
    axis_label: str,
    width_in: float = 6.3,
) -> bytes:
    """Weighted totals of the options of several objectives in one chart (one drawing
    instead of one per objective). ``groups``: (objective code, options best first),
    each option (title, total, is_baseline). The code heads each group of bars."""
    labels, totals, colours, heads = [], [], [], []
    for code, options in groups:
        heads.append((len(labels), code))
        for title, total, base in options:
            labels.append(_short(title, 55))
            totals.append(total)
            colours.append("#A6A6A6" if base else (GREEN if total >= 0 else RED))
    height = 0.6 + 0.22 * len(labels)
    with matplotlib.rc_context(_RC):
        fig, ax = _bar_axes(width_in, height, labels, 7)
        y = list(range(len(labels)))
        ax.barh(y, totals, color=colours, height=0.62)
        ax.set_yticks(y, labels)
        ax.tick_params(axis="y", labelsize=7, length=0)
        ax.set_ylim(len(labels) - 0.5, -0.5)
        ax.axvline(0, color="#7F7F7F", lw=0.8)
        ax.set_xlim(-3.4, 3.4)
        ax.set_xlabel(_clean(axis_label))
        for first, code in heads:
            if first:
                ax.axhline(first - 0.5, color="#BFBFBF", lw=0.6)
            ax.text(
                -3.35,
                first - 0.05,
                _clean(code),
                va="center",
                ha="left",
                fontsize=7,
                color=NAVY,
                weight="bold",
            )
        # Values beside the bars while the chart is short; a long chart relies on the
        # grid (the tables above it give every total).
        for yy, v in zip(y, totals, strict=True) if len(totals) <= LABELLED_BARS else ():
            ax.text(
                v + (0.05 if v >= 0 else -0.05),
                yy,
                f"{v:+.2f}",
                va="center",
                ha="left" if v >= 0 else "right",
                fontsize=6.5,
                color=GREY,
            )
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_axisbelow(True)
        ax.grid(axis="x", color="#E7E6E6", lw=0.5)
        return _png(fig)


def gantt(
    rows: Sequence[tuple[str, str, date | None, date | None]],
    group_colours: dict | None = None,
    width_in: float = 9.5,
) -> bytes:
    """Bars per row; ``rows``: (label, group, start, end). Rows without dates are listed
    without a bar. Groups share a colour."""
    rows = list(rows)
    height = 0.8 + 0.2 * len(rows)
    palette = ["#2E75B6", "#548235", "#BF9000", "#C55A11", "#7030A0", "#1F3864", "#A5A5A5"]
    groups = list(dict.fromkeys(g for _, g, _, _ in rows))
    colours = group_colours or {g: palette[i % len(palette)] for i, g in enumerate(groups)}
    labels = [_short(label, 55) for label, _, _, _ in rows]
    with matplotlib.rc_context(_RC):
        fig, ax = _bar_axes(width_in, height, labels, 7, bottom_in=0.35)
        dated = [(s, e) for _, _, s, e in rows if s and e]
        for y, (_label, group, start, end) in enumerate(rows):
            if start and end:
                end = max(end, start)
                ax.barh(
                    y,
                    (end - start).days + 1,
                    left=matplotlib.dates.date2num(start),
                    color=colours[group],
                    height=0.6,
                )
        ax.set_yticks(
            range(len(rows)),
            labels,
        )
        ax.invert_yaxis()
        if dated:
            ax.xaxis_date()
            lo = min(s for s, _ in dated)
            hi = max(e for _, e in dated)
            ax.set_xlim(matplotlib.dates.date2num(lo) - 15, matplotlib.dates.date2num(hi) + 15)
            span_days = (hi - lo).days
            locator = (
                matplotlib.dates.MonthLocator()
                if span_days < 400
                else matplotlib.dates.MonthLocator(bymonth=(1, 4, 7, 10))
                if span_days < 1500
                else matplotlib.dates.YearLocator()
            )
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(
                matplotlib.dates.DateFormatter("%b %Y" if span_days < 1500 else "%Y")
            )
            ax.tick_params(axis="x", labelrotation=0, labelsize=7)
            ax.grid(axis="x", color="#E7E6E6", lw=0.5)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", labelsize=7, length=0)
        ax.spines[["top", "right"]].set_visible(False)
        return _png(fig)
