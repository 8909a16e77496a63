"""Images of the stakeholder map and the power-interest grid, for Word exports.

``network_map_png(process_id, dpi=200) -> bytes`` and
``power_interest_png(process_id, dpi=200) -> bytes`` draw with matplotlib (Agg backend,
no display needed) and return PNG bytes. Colours follow ``CATEGORY_COLOURS``, the same
palette as the browser map.
"""

from __future__ import annotations

import io
import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
from flask_babel import gettext as _  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from facilitation.extensions import db  # noqa: E402
from facilitation.models import CATEGORY_LABELS, Organisation, OrganisationCategory  # noqa: E402

from . import graph, network, registry  # noqa: E402
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


def _png(figure: Figure, dpi: int) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


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


def network_map_png(process_id: int, dpi: int = 200, size_by: str = "betweenness") -> bytes:
    """The network map: colour = category, size = ``size_by`` centrality, arrows = ties."""
    orgs = {
        o.id: o
        for o in db.session.execute(
            db.select(Organisation).where(Organisation.process_id == process_id)
        ).scalars()
    }
    full = network.load_graph(process_id)
    analysis = network.analysis(process_id)
    simple = graph.channel_graph(full, include_conflict=True)
    figure = plt.figure(figsize=(10, 7.5))
    axes = figure.add_subplot()
    axes.set_axis_off()
    if not orgs:
        axes.text(0.5, 0.5, _("No organisations in the registry yet."), ha="center")
        return _png(figure, dpi)
    if len(orgs) <= network.LAYOUT_UP_TO:
        positions = nx.spring_layout(
            simple, k=2.2 / max(len(orgs), 1) ** 0.5, iterations=200, seed=7
        )
    else:
        positions = community_layout(analysis.communities)
    values = analysis.metric(size_by) if size_by in graph.SIZE_METRICS else analysis.degree
    top = max(values.values(), default=0) or 1
    nodes = list(simple.nodes)
    conflicts = [(a, b) for a, b, d in full.edges(data=True) if d.get("type") == graph.CONFLICT]
    channels = [(a, b) for a, b in simple.edges if (a, b) not in conflicts]
    nx.draw_networkx_edges(
        simple, positions, edgelist=channels, ax=axes, alpha=0.35, edge_color="#555555", width=0.8
    )
    nx.draw_networkx_edges(
        simple,
        positions,
        edgelist=conflicts,
        ax=axes,
        alpha=0.7,
        edge_color="#c00000",
        style="dashed",
        width=1.2,
    )
    nx.draw_networkx_nodes(
        simple,
        positions,
        nodelist=nodes,
        ax=axes,
        node_size=[120 + 900 * (values.get(n, 0) / top) for n in nodes],
        node_color=[CATEGORY_COLOURS.get(str(orgs[n].category), "#888888") for n in nodes],
        edgecolors=["#000000" if orgs[n].in_core_group else "#ffffff" for n in nodes],
        linewidths=[2.0 if orgs[n].in_core_group else 0.8 for n in nodes],
    )
    ranked = sorted(nodes, key=lambda n: -values.get(n, 0))[:MAX_LABELS]
    ys = [y for _x, y in positions.values()]
    drop = (max(ys) - min(ys)) * 0.035 if ys else 0
    nx.draw_networkx_labels(
        simple,
        {n: (x, y - drop) for n, (x, y) in positions.items()},  # below the node, readable
        labels={n: _short(orgs[n].name, orgs[n].acronym) for n in ranked},
        font_size=7,
        ax=axes,
        bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.7},
    )
    present = sorted({str(o.category) for o in orgs.values()}, key=list(CATEGORY_COLOURS).index)
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=8,
            markerfacecolor=CATEGORY_COLOURS[c],
            markeredgecolor="white",
            label=str(CATEGORY_LABELS[OrganisationCategory(c)]),
        )
        for c in present
    ]
    handles.append(Line2D([], [], color="#c00000", linestyle="--", label=_("Conflict")))
    axes.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=7,
        frameon=False,
        title=_("Category"),
    )
    axes.set_title(
        _(
            "Stakeholder map (size: %(m)s; thick outline: core group)",
            m=str(graph.METRIC_BY_KEY.get(size_by, graph.METRICS[0]).label),
        ),
        fontsize=10,
    )
    return _png(figure, dpi)


def power_interest_png(process_id: int, dpi: int = 200) -> bytes:
    """Latest assessments on a power-interest grid; colour = category, quadrant names."""
    latest = registry.latest_assessments(process_id)
    orgs = {
        o.id: o
        for o in db.session.execute(
            db.select(Organisation).where(Organisation.process_id == process_id)
        ).scalars()
    }
    figure = plt.figure(figsize=(8, 7))
    axes = figure.add_subplot()
    edge = HIGH_FROM - 0.5
    axes.set_xlim(0.5, 5.5)
    axes.set_ylim(0.5, 5.5)
    axes.axvline(edge, color="#888888", linewidth=1)
    axes.axhline(edge, color="#888888", linewidth=1)
    axes.set_xlabel(_("Interest (1 = low, 5 = high)"))
    axes.set_ylabel(_("Power (1 = low, 5 = high)"))
    for x, y, text in (
        (5.4, 5.4, _("Key players: manage closely")),
        (0.6, 5.4, _("Keep satisfied")),
        (5.4, 0.6, _("Keep informed")),
        (0.6, 0.6, _("Monitor")),
    ):
        axes.text(
            x,
            y,
            text,
            ha="right" if x > 3 else "left",
            va="top" if y > 3 else "bottom",
            fontsize=9,
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
        axes.scatter(
            [p[0] for p in points],
            [p[1] for p in points],
            s=90 if len(points) <= MAX_LABELS else 18,
            c=[CATEGORY_COLOURS.get(str(p[2].category), "#888888") for p in points],
            edgecolors=["black" if p[2].in_core_group else "white" for p in points],
            zorder=3,
        )
    if len(points) <= MAX_LABELS:
        for x, y, org in points:
            axes.annotate(
                _short(org.name, org.acronym),
                (x, y),
                xytext=(4, 4),
                textcoords="offset points",
                fontsize=7,
            )
    if not cells:
        axes.text(3, 3, _("No assessment recorded yet."), ha="center")
    axes.set_title(_("Power-interest grid (latest assessment of each organisation)"), fontsize=10)
    return _png(figure, dpi)
