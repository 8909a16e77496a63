"""Images of the stakeholder map and the power-interest grid, for Word exports.

``network_map_png(process_id, dpi=200) -> bytes`` and
``power_interest_png(process_id, dpi=200) -> bytes`` draw with matplotlib (Agg backend,
no display needed) and return PNG bytes. Colours follow ``CATEGORY_COLOURS``, the same
palette as the browser map.
"""

from __future__ import annotations

import io
import math
import textwrap
import zlib

import matplotlib

matplotlib.use("Agg")

import matplotlib.text  # noqa: E402
import networkx as nx  # noqa: E402
from flask_babel import gettext as _  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from facilitation.extensions import db  # noqa: E402
from facilitation.models import CATEGORY_LABELS, Organisation, OrganisationCategory  # noqa: E402
from facilitation.sorting import collation_key  # noqa: E402

from . import figure_labels, graph, network, registry  # noqa: E402
from .assessment import HIGH_FROM  # noqa: E402

# Shared with stakeholders/static/stakeholders/map.js (keep in the same order).
CATEGORY_COLOURS = {
    "ministry": "#1f4e79",
    "agency": "#2e75b6",
    "department": "#6fa8dc",
    "parliament": "#7030a0",
    "judiciary": "#8e6c8a",
    "local_government": "#548235",
    "statistics_office": "#00838f",
    "civil_society": "#c55a11",
    "migrant_association": "#e69138",
    "employers": "#7f6000",
    "trade_union": "#a61c00",
    "academia": "#3d85c6",
    "international_organisation": "#38761d",
    "development_partner": "#6aa84f",
    "media": "#999999",
}
MAX_LABELS = 60
LABEL_PT = 8.0  # the figures are drawn at their printed width: no text under 8 pt
PRINT_WIDTH_IN = 6.3  # the text width of an A4 page with 2.5 cm margins
SMALLEST_TEXT_KEY = "smallest-text-pt"  # as drafting.export.figures: checked by tests
UNCONNECTED_KEY = "unconnected-listed"  # organisations listed under the map, for the tests


def _smallest_text_pt(figure: Figure) -> float:
    sizes = [
        t.get_fontsize()
        for t in figure.findobj(matplotlib.text.Text)
        if t.get_visible() and t.get_text().strip()
    ]
    return min(sizes, default=0.0)


def _with_text_chunk(png: bytes, key: str, value: str) -> bytes:
    """``png`` with a tEXt chunk after its header (as drafting.export.figures does)."""
    data = key.encode("latin-1") + b"\0" + value.encode("latin-1")
    crc = zlib.crc32(b"tEXt" + data).to_bytes(4, "big")
    chunk = len(data).to_bytes(4, "big") + b"tEXt" + data + crc
    return png[:33] + chunk + png[33:]  # after the signature and the IHDR chunk


def _png(figure: Figure, dpi: int) -> bytes:
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    # The smallest text size travels in the file (checked by the export tests).
    return _with_text_chunk(
        buffer.getvalue(), SMALLEST_TEXT_KEY, f"{_smallest_text_pt(figure):.2f}"
    )


def _short(name: str, acronym: str) -> str:
    if acronym:
        return acronym
    return name if len(name) <= 22 else name[:20] + "…"


def community_layout(groups: list[list[int]]) -> dict[int, tuple[float, float]]:
    """Large maps: each community on its own disc (sunflower spiral), discs on a grid;
    the same arrangement as the browser map."""
    columns = max(1, math.ceil(math.sqrt(len(groups))))
    cell = 40 * math.sqrt(len(groups[0])) + 80 if groups else 1
    positions = {}
    for k, members in enumerate(groups):
        cx, cy = (k % columns) * cell, -(k // columns) * cell
        for i, node in enumerate(members):
            radius, angle = 18 * math.sqrt(i), i * 2.39996
            positions[node] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    return positions


def component_layout(graph_: nx.Graph, aspect: float = 1.6) -> dict[int, tuple[float, float]]:
    """Each connected group of organisations laid out on its own (spring layout), the
    groups packed in rows, largest first, so that small groups do not crowd the big one
    and no tie crosses between groups."""
    components = sorted(nx.connected_components(graph_), key=lambda c: (-len(c), min(c)))
    total = sum(len(c) for c in components)
    row_width = max(math.sqrt(total * aspect), math.sqrt(len(components[0])) if components else 1)
    positions: dict[int, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for members in components:
        size = math.sqrt(len(members)) * 1.1
        if x > 0 and x + size > row_width:
            x, y, row_height = 0.0, y - row_height - 0.4, 0.0
        sub = graph_.subgraph(members)
        if len(members) == 1:
            local = {next(iter(members)): (0.5, 0.5)}
        elif len(members) == 2:
            a, b = sorted(members)
            local = {a: (0.15, 0.5), b: (0.85, 0.5)}
        else:
            raw = nx.spring_layout(sub, seed=7, k=1.6 / math.sqrt(len(members)), iterations=150)
            xs = [p[0] for p in raw.values()]
            ys = [p[1] for p in raw.values()]
            span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1
            local = {
                n: ((px - min(xs)) / span, (py - min(ys)) / span) for n, (px, py) in raw.items()
            }
        for node, (px, py) in local.items():
            positions[node] = (x + px * size, y - (1 - py) * size)
        x += size + 0.4
        row_height = max(row_height, size)
    return positions


def _unconnected_text(names: list[str], width_in: float) -> str:
    """The organisations without a tie, as a wrapped list under the map."""
    head = _("Not connected to any other organisation (%(count)d):", count=len(names))
    per_line = max(30, int(width_in * 72 / (LABEL_PT * 0.62)))  # DejaVu Sans is wide
    return head + "\n" + textwrap.fill(", ".join(names), per_line)


def network_map_png(
    process_id: int, dpi: int = 200, size_by: str = "betweenness", width_in: float = PRINT_WIDTH_IN
) -> bytes:
    """The network map at its printed width: colour = category, size = ``size_by``
    centrality, lines = ties. Connected groups are laid out apart; organisations with no
    tie are listed under the map instead of scattered across it."""
    orgs = {
        o.id: o
        for o in db.session.execute(
            db.select(Organisation).where(Organisation.process_id == process_id)
        ).scalars()
    }
    full = network.load_graph(process_id)
    analysis = network.analysis(process_id)
    simple = graph.channel_graph(full, include_conflict=True)
    undirected = nx.Graph(simple)
    connected = [n for n in undirected.nodes if undirected.degree(n) > 0 and n in orgs]
    loose = sorted(
        (orgs[n] for n in orgs if n not in set(connected)), key=lambda o: collation_key(o.name)
    )
    loose_text = _unconnected_text([o.display_name for o in loose], width_in) if loose else ""
    loose_in = (0.18 * (loose_text.count("\n") + 1) + 0.1) if loose_text else 0
    present = sorted({str(orgs[n].category) for n in connected}, key=list(CATEGORY_COLOURS).index)
    legend_rows = math.ceil((len(present) + 1) / 3)
    legend_in = 0.2 * legend_rows + 0.1
    map_in = width_in * 0.72
    height_in = 0.3 + map_in + legend_in + loose_in
    figure = Figure(figsize=(width_in, height_in))
    FigureCanvasAgg(figure)  # a renderer to measure labels with
    axes = figure.add_axes((0.01, (legend_in + loose_in) / height_in, 0.98, map_in / height_in))
    axes.set_axis_off()
    figure.text(
        0.01,
        1 - 0.05 / height_in,
        _(
            "Size: %(m)s; thick outline: core group",
            m=str(graph.METRIC_BY_KEY.get(size_by, graph.METRICS[0]).label),
        ),
        fontsize=LABEL_PT,
        va="top",
        color="#555555",
    )
    if loose_text:
        figure.text(0.01, (loose_in - 0.05) / height_in, loose_text, fontsize=LABEL_PT, va="top")
    if not connected:
        axes.text(
            0.5,
            0.5,
            _("No ties recorded between organisations yet.")
            if orgs
            else _("No organisations in the registry yet."),
            ha="center",
            fontsize=LABEL_PT + 1,
        )
        return _with_text_chunk(_png(figure, dpi), UNCONNECTED_KEY, str(len(loose)))
    sub = undirected.subgraph(connected)
    if len(connected) <= network.LAYOUT_UP_TO:
        positions = component_layout(sub)
    else:
        positions = community_layout(
            [
                [n for n in group if n in sub]
                for group in analysis.communities
                if any(n in sub for n in group)
            ]
        )
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    pad_x = (max(xs) - min(xs)) * 0.06 + 0.3
    pad_y = (max(ys) - min(ys)) * 0.08 + 0.3
    axes.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
    axes.set_ylim(min(ys) - pad_y, max(ys) + pad_y)
    values = analysis.metric(size_by) if size_by in graph.SIZE_METRICS else analysis.degree
    top = max((values.get(n, 0) for n in connected), default=0) or 1
    nodes = list(sub.nodes)
    conflicts = {
        frozenset((a, b)) for a, b, d in full.edges(data=True) if d.get("type") == graph.CONFLICT
    }
    channels = [(a, b) for a, b in sub.edges if frozenset((a, b)) not in conflicts]
    conflict_edges = [(a, b) for a, b in sub.edges if frozenset((a, b)) in conflicts]
    nx.draw_networkx_edges(
        sub, positions, edgelist=channels, ax=axes, alpha=0.45, edge_color="#555555", width=0.7
    )
    nx.draw_networkx_edges(
        sub,
        positions,
        edgelist=conflict_edges,
        ax=axes,
        alpha=0.8,
        edge_color="#c00000",
        style="dashed",
        width=1.0,
    )
    areas = [30 + 220 * (values.get(n, 0) / top) for n in nodes]
    nx.draw_networkx_nodes(
        sub,
        positions,
        nodelist=nodes,
        ax=axes,
        node_size=areas,
        node_color=[CATEGORY_COLOURS.get(str(orgs[n].category), "#888888") for n in nodes],
        edgecolors=["#000000" if orgs[n].in_core_group else "#ffffff" for n in nodes],
        linewidths=[1.6 if orgs[n].in_core_group else 0.6 for n in nodes],
    )
    radius = {n: math.sqrt(a / math.pi) for n, a in zip(nodes, areas, strict=True)}
    ranked = sorted(nodes, key=lambda n: (-values.get(n, 0), orgs[n].name))[:MAX_LABELS]
    figure_labels.place(
        axes,
        [positions[n] for n in ranked],
        [_short(orgs[n].name, orgs[n].acronym) for n in ranked],
        LABEL_PT,
        marker_radius_pt=[radius[n] + 1 for n in ranked],
        color="#1a1a1a",
    )
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=7,
            markerfacecolor=CATEGORY_COLOURS[c],
            markeredgecolor="white",
            label=str(CATEGORY_LABELS[OrganisationCategory(c)]),
        )
        for c in present
    ]
    handles.append(Line2D([], [], color="#c00000", linestyle="--", label=_("Conflict")))
    figure.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.01, loose_in / height_in),
        ncols=3,
        fontsize=LABEL_PT,
        frameon=False,
        handletextpad=0.3,
        columnspacing=1.0,
    )
    return _with_text_chunk(_png(figure, dpi), UNCONNECTED_KEY, str(len(loose)))


def power_interest_png(process_id: int, dpi: int = 200, width_in: float = PRINT_WIDTH_IN) -> bytes:
    """Latest assessments on a power-interest grid at its printed width; colour =
    category (legend under the grid), quadrant names, labels placed clear of each other."""
    latest = registry.latest_assessments(process_id)
    orgs = {
        o.id: o
        for o in db.session.execute(
            db.select(Organisation).where(Organisation.process_id == process_id)
        ).scalars()
    }
    assessed = [org_id for org_id in latest if org_id in orgs]
    present = sorted({str(orgs[i].category) for i in assessed}, key=list(CATEGORY_COLOURS).index)
    legend_rows = math.ceil((len(present) + 1) / 3)
    legend_in = 0.2 * legend_rows + 0.15
    grid_in = width_in * 0.78
    height_in = grid_in + legend_in + 0.55
    figure = Figure(figsize=(width_in, height_in))
    FigureCanvasAgg(figure)  # a renderer to measure labels with
    axes = figure.add_axes(
        (0.6 / width_in, (legend_in + 0.45) / height_in, 1 - 0.75 / width_in, grid_in / height_in)
    )
    edge = HIGH_FROM - 0.5
    axes.set_xlim(0.5, 5.5)
    axes.set_ylim(0.5, 5.5)
    axes.axvline(edge, color="#888888", linewidth=1)
    axes.axhline(edge, color="#888888", linewidth=1)
    axes.set_xlabel(_("Interest (1 = low, 5 = high)"), fontsize=LABEL_PT + 1)
    axes.set_ylabel(_("Power (1 = low, 5 = high)"), fontsize=LABEL_PT + 1)
    axes.tick_params(labelsize=LABEL_PT)
    for x, y, text in (
        (5.45, 5.45, _("Key players: manage closely")),
        (0.55, 5.45, _("Keep satisfied")),
        (5.45, 0.55, _("Keep informed")),
        (0.55, 0.55, _("Monitor")),
    ):
        axes.text(
            x,
            y,
            text,
            ha="right" if x > 3 else "left",
            va="top" if y > 3 else "bottom",
            fontsize=LABEL_PT + 0.5,
            color="#555555",
            style="italic",
        )
    # Organisations sharing a cell are spread on a small circle so none hides another.
    cells: dict[tuple[int, int], list[int]] = {}
    for org_id, row in sorted(latest.items()):
        if org_id in orgs:
            cells.setdefault((row.interest, row.power), []).append(org_id)
    points = []
    for (interest, power), members in cells.items():
        for i, org_id in enumerate(members):
            angle = 2 * math.pi * i / len(members)
            radius = 0 if len(members) == 1 else min(0.38, 0.14 * math.sqrt(len(members)))
            spread = radius * math.sqrt((i + 1) / len(members))
            points.append(
                (
                    interest + spread * math.cos(angle),
                    power + spread * math.sin(angle),
                    orgs[org_id],
                )
            )
    if points:
        size = 45 if len(points) <= MAX_LABELS else 14
        axes.scatter(
            [p[0] for p in points],
            [p[1] for p in points],
            s=size,
            c=[CATEGORY_COLOURS.get(str(p[2].category), "#888888") for p in points],
            edgecolors=["black" if p[2].in_core_group else "white" for p in points],
            zorder=3,
        )
        if len(points) <= MAX_LABELS:
            # Core group and key players first: they keep their labels when space runs out.
            order = sorted(points, key=lambda p: (not p[2].in_core_group, -(p[0] * p[1])))
            figure_labels.place(
                axes,
                [(x, y) for x, y, _o in order],
                [_short(o.name, o.acronym) for _x, _y, o in order],
                LABEL_PT,
                marker_radius_pt=[math.sqrt(size / math.pi) + 1] * len(order),
                color="#1a1a1a",
            )
    if not cells:
        axes.text(3, 3, _("No assessment recorded yet."), ha="center", fontsize=LABEL_PT + 1)
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=7,
            markerfacecolor=CATEGORY_COLOURS[c],
            markeredgecolor="white",
            label=str(CATEGORY_LABELS[OrganisationCategory(c)]),
        )
        for c in present
    ]
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=7,
            markerfacecolor="white",
            markeredgecolor="black",
            label=_("Core group (black outline)"),
        )
    )
    figure.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.01, 0.01),
        ncols=3,
        fontsize=LABEL_PT,
        frameon=False,
        handletextpad=0.3,
        columnspacing=1.0,
    )
    return _png(figure, dpi)
