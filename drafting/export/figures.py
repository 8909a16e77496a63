"""Figures for the Word exports, drawn with matplotlib (Agg, no pyplot state) as PNG at
print resolution. Every function takes plain data and returns PNG bytes; none imports
Flask. Labels are passed in already translated.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
import zlib
from collections.abc import Sequence
from datetime import date

import matplotlib

matplotlib.use("Agg")

import matplotlib.text  # noqa: E402
import matplotlib.ticker  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.collections import LineCollection, PatchCollection, PolyCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import FancyBboxPatch, Patch  # noqa: E402

from . import doc_locale, text_metrics  # noqa: E402

DPI = 300  # print resolution
LABEL_PT = 8.0  # no text under 8 pt in print (charts are drawn at their printed width)
SMALLEST_TEXT_KEY = "smallest-text-pt"  # PNG text chunk: smallest font size at figure size
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


LEGEND_KEY = "legend-entries"  # how many entries the figure's legend has (for the tests)


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    out = io.BytesIO()
    # No bbox_inches="tight" (it draws the figure twice; the layouts leave no margin) and
    # a light PNG compression: files a little larger, written several times faster.
    fig.savefig(out, format="png", dpi=DPI, facecolor="white", pil_kwargs={"compress_level": 2})
    # Measured after saving (tick labels get their text when drawn), then recorded in the
    # file, so a test can check the printed size without drawing the figure twice.
    return with_text_chunk(out.getvalue(), SMALLEST_TEXT_KEY, f"{smallest_text_pt(fig):.2f}")


def with_text_chunk(png: bytes, key: str, value: str) -> bytes:
    """``png`` with a tEXt chunk ``key``/``value`` right after its header chunk."""
    data = key.encode("latin-1") + b"\0" + value.encode("latin-1")
    chunk = (
        len(data).to_bytes(4, "big")
        + b"tEXt"
        + data
        + zlib.crc32(b"tEXt" + data).to_bytes(4, "big")
    )
    header_end = 8 + 4 + 4 + 13 + 4  # signature, IHDR length, type, data, CRC
    return png[:header_end] + chunk + png[header_end:]


def _label_width_in(text: str, pt: float) -> float:
    return text_metrics.text_width_pt(text, "Liberation Sans", pt) / 72


def _fit_label(text, pt: float, max_in: float, chars: int = 55) -> str:
    """The label shortened (with an ellipsis at the end, never at the start) until it
    fits ``max_in`` inches at ``pt`` points."""
    label = _short(text, chars)
    while chars > 8 and _label_width_in(label, pt) > max_in:
        chars -= 3
        label = _short(text, chars)
    return label


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
    longest = max((_label_width_in(label, label_pt) for label in labels), default=0)
    left_in = min(width_in * 0.5, 0.2 + longest)
    fig = Figure(figsize=(width_in, height_in))
    ax = fig.add_axes(
        (
            left_in / width_in,
            bottom_in / height_in,
            # room on the right for half of the last date label ("Jan 2030")
            1 - (left_in + 0.35) / width_in,
            1 - (bottom_in + 0.1) / height_in,
        )
    )
    return fig, ax


def _anchor(layout, child: int, parent: int):
    """End points of a connector: the facing top and bottom edges of the two boxes."""
    return layout.anchor(child, parent)


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


def draw_layout_at_size(layout, font_pt: float, legend: Sequence[tuple[str, str]] = ()) -> bytes:
    """A tree layout in points (1 unit = 1 pt), drawn at its printed size."""
    return _draw_scaled(layout, 1 / 72, font_pt, legend, min_width_in=0.5)


def _draw_scaled(layout, scale, font, legend, min_width_in: float = 2.0) -> bytes:
    width_in = max(layout.width * scale, min_width_in)
    present = {box.kind for box in layout.boxes.values()}
    legend = [(label, kind) for label, kind in legend if kind in present]
    # The legend on one line when it fits the drawing's width, else one entry a line.
    one_line = sum(_label_width_in(label, font) + 0.45 for label, _k in legend) <= width_in
    legend_in = (0.3 if one_line else 0.1 + 0.2 * len(legend)) if legend else 0
    height_in = max(layout.height * scale, 1.0) + legend_in
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(width_in, height_in))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, layout.width)
        ax.set_ylim(layout.height + legend_in / scale, 0)
        ax.axis("off")
        segments, heads = [], []
        for child, parent in layout.edges:
            if layout.boxes[child].stacked:
                # A child in an indented column: a spine from the parent, arrow up into it.
                points = layout.edge_points(child, parent)[::-1]
                segments.extend(zip(points, points[1:], strict=False))
                heads.append(_arrow_head(*points[-2], *points[-1]))
                continue
            (x1, y1), (x2, y2) = _anchor(layout, child, parent)
            # Arrows run from cause to consequence: upwards (an effect's arrow leaves its
            # parent).
            if y2 > y1:
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
                ncols=len(handles) if one_line else 1,
                frameon=False,
                fontsize=font,
                handlelength=1.2,
                borderaxespad=0.1,
            )
        return _png(fig)


def smallest_text_pt(fig: Figure) -> float:
    """Size of the smallest visible text of a figure, in points at the figure's size."""
    sizes = [
        t.get_fontsize()
        for t in fig.findobj(matplotlib.text.Text)
        if t.get_visible() and t.get_text().strip()
    ]
    return min(sizes, default=0.0)


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
        labels = [_fit_label(label, LABEL_PT, width_in * 0.5 - 0.2) for label in labels]
        fig, ax = _bar_axes(width_in, height, labels, LABEL_PT)
        y = list(range(len(labels)))
        ax.barh(y, totals, color=colours, height=0.62)
        ax.set_yticks(y, labels)
        ax.tick_params(axis="y", labelsize=LABEL_PT, length=0)
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
                fontsize=LABEL_PT,
                color=NAVY,
                weight="bold",
            )
        # Values beside the bars while the chart is short; a long chart relies on the
        # grid (the tables above it give every total).
        for yy, v in zip(y, totals, strict=True) if len(totals) <= LABELLED_BARS else ():
            ax.text(
                v + (0.05 if v >= 0 else -0.05),
                yy,
                doc_locale.signed(v),
                va="center",
                ha="left" if v >= 0 else "right",
                fontsize=LABEL_PT,
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
    group_labels: dict | None = None,
) -> bytes:
    """Bars per row; ``rows``: (label, group, start, end). Rows without dates are listed
    without a bar. Groups share a colour, named in a legend under the chart
    (``group_labels``: group -> legend text, default the group itself)."""
    rows = list(rows)
    palette = ["#2E75B6", "#548235", "#BF9000", "#C55A11", "#7030A0", "#1F3864", "#A5A5A5"]
    groups = list(dict.fromkeys(g for _, g, _, _ in rows))
    colours = group_colours or {g: palette[i % len(palette)] for i, g in enumerate(groups)}
    labels = [_fit_label(label, LABEL_PT, width_in * 0.45) for label, _, _, _ in rows]
    # The legend is part of the figure (never a separate table that can drift to
    # another page), even for a single colour.
    legend_rows = math.ceil(len(groups) / 2)
    bottom_in = 0.4 + 0.2 * legend_rows
    height = bottom_in + 0.45 + 0.2 * len(rows)
    with matplotlib.rc_context(_RC):
        fig, ax = _bar_axes(width_in, height, labels, LABEL_PT, bottom_in=bottom_in)
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
        ax.set_yticks(range(len(rows)), labels)
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
                else matplotlib.dates.MonthLocator(bymonth=(1, 7))
                if span_days < 1500
                else matplotlib.dates.YearLocator()
            )
            pattern = "MMM y" if span_days < 1500 else "y"
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(
                matplotlib.ticker.FuncFormatter(
                    lambda value, _pos: doc_locale.day(matplotlib.dates.num2date(value), pattern)
                )
            )
            ax.tick_params(axis="x", labelrotation=0, labelsize=LABEL_PT)
            ax.grid(axis="x", color="#E7E6E6", lw=0.5)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", labelsize=LABEL_PT, length=0)
        ax.spines[["top", "right"]].set_visible(False)
        if legend_rows:
            names = group_labels or {}
            handles = [
                Patch(
                    facecolor=colours[g],
                    label=_fit_label(names.get(g) or g, LABEL_PT, width_in / 2 - 0.5, 80),
                )
                for g in groups
            ]
            fig.legend(
                handles=handles,
                loc="lower left",
                bbox_to_anchor=(0.01, 0.01),
                ncols=2,
                frameon=False,
                fontsize=LABEL_PT,
                handlelength=1.2,
            )
        return with_text_chunk(_png(fig), LEGEND_KEY, str(len(groups) if legend_rows else 0))
