"""The network map (Cytoscape.js, data as JSON), the power-interest grid, the analytics
page and the figures drawn for Word exports."""

from __future__ import annotations

from flask import Response, abort, jsonify, render_template, request

from facilitation.access import process_access
from facilitation.crafted_input import bounded_int
from facilitation.extensions import db
from facilitation.models import CATEGORY_LABELS, Organisation, OrganisationCategory
from facilitation.sorting import collation_key
from facilitation.stages import STAGES

from .. import figures, graph, network, registry
from ..assessment import QUADRANT_TEXT, Quadrant
from ..models import TIE_LABELS
from . import bp


@bp.route("/map")
@process_access("read")
def map_page(process_id: int):
    return render_template(
        "stakeholders/map.html",
        categories=[
            (c.value, CATEGORY_LABELS[c], figures.CATEGORY_COLOURS[c.value])
            for c in OrganisationCategory
        ],
        tie_types=list(TIE_LABELS.items()),
        stages=STAGES,
        metrics=[m for m in graph.METRICS if m.key in graph.SIZE_METRICS],
    )


@bp.route("/map.json")
@process_access("read")
def map_json(process_id: int):
    return jsonify(network.map_data(process_id))


@bp.route("/metrics.json")
@process_access("read")
def metrics_json(process_id: int):
    return jsonify(network.metrics_data(process_id))


@bp.route("/analytics")
@process_access("read")
def analytics(process_id: int):
    result = network.analysis(process_id)
    orgs = {
        o.id: o
        for o in db.session.execute(
            db.select(Organisation).where(Organisation.process_id == process_id)
        ).scalars()
    }
    consulted = {oid for oid, o in orgs.items() if o.in_core_group}
    consulted |= set(network.consulted_stages(process_id))
    invitees = graph.suggested_invitees(result, engaged=consulted)
    return render_template(
        "stakeholders/analytics.html",
        result=result,
        orgs=orgs,
        metrics=graph.METRICS,
        sentences={
            "isolates": graph.ISOLATE_SENTENCE,
            "pendants": graph.PENDANT_SENTENCE,
            "communities": graph.COMMUNITY_SENTENCE,
            "invitees": graph.INVITEE_SENTENCE,
        },
        invitees=invitees,
        engaged=consulted,
        categories=CATEGORY_LABELS,
    )


@bp.route("/grid")
@process_access("read")
def grid(process_id: int):
    latest = registry.latest_assessments(process_id)
    orgs = {
        o.id: o
        for o in db.session.execute(
            db.select(Organisation).where(Organisation.process_id == process_id)
        ).scalars()
    }
    cells: dict[tuple[int, int], list] = {}
    for org_id, row in latest.items():
        cells.setdefault((row.power, row.interest), []).append((orgs[org_id], row))
    for members in cells.values():
        members.sort(key=lambda pair: collation_key(pair[0].name))
    unassessed = sorted(
        (o for oid, o in orgs.items() if oid not in latest), key=lambda o: collation_key(o.name)
    )
    return render_template(
        "stakeholders/grid.html",
        cells=cells,
        latest=latest,
        orgs=orgs,
        unassessed=unassessed,
        quadrants=[(q, QUADRANT_TEXT[q]) for q in Quadrant],
        colours=figures.CATEGORY_COLOURS,
    )


@bp.route("/figures/<name>.png")
@process_access("read")
def figure(process_id: int, name: str):
    dpi = min(max(request.args.get("dpi", 110, type=bounded_int), 50), 300)
    if name == "network":
        size_by = request.args.get("size", "betweenness")
        data = figures.network_map_png(process_id, dpi=dpi, size_by=size_by)
    elif name == "power-interest":
        data = figures.power_interest_png(process_id, dpi=dpi)
    else:
        abort(404)
    return Response(data, mimetype="image/png")
