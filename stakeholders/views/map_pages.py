"""The network map (Cytoscape.js, data as JSON), the power-interest grid, the analytics
page and the figures drawn for Word exports."""

from __future__ import annotations

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape

from facilitation.access import process_access
from facilitation.crafted_input import bounded_int
from facilitation.early_headers import sends_headers_early
from facilitation.extensions import db
from facilitation.jobs import services as jobs
from facilitation.jobs.models import DONE, FAILED
from facilitation.models import CATEGORY_LABELS, Organisation, OrganisationCategory
from facilitation.paging import requested_page
from facilitation.sorting import collation_key
from facilitation.stages import STAGES
from facilitation.validation import ValidationFailed

from .. import figure_jobs, figures, graph, network, registry
from ..assessment import QUADRANT_TEXT, Quadrant
from ..models import TIE_LABELS
from . import bp


@bp.route("/map")
@process_access("read")
@sends_headers_early
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
        figure_as_job=figure_jobs.is_large(process_id),
    )


@bp.route("/map.json")
@process_access("read")
def map_json(process_id: int):
    return Response(network.map_json(process_id), mimetype="application/json")


@bp.route("/metrics.json")
@process_access("read")
def metrics_json(process_id: int):
    return jsonify(network.metrics_data(process_id))


def _organisation_links(process_id: int) -> tuple[dict[int, Markup], set[int]]:
    """Each organisation's link, written once from columns (the page names up to every
    organisation of a 2,000-institution network, some several times), and the core group."""
    sample = url_for("stakeholders.organisation", process_id=process_id, org_id=0)
    prefix = escape(sample[:-1])  # "/p/<id>/stakeholders/organisations/"
    links, core = {}, set()
    for org_id, name, in_core_group in db.session.execute(
        db.select(Organisation.id, Organisation.name, Organisation.in_core_group).where(
            Organisation.process_id == process_id
        )
    ):
        links[org_id] = Markup(f'<a href="{prefix}{org_id}">{escape(name)}</a>')
        if in_core_group:
            core.add(org_id)
    return links, core


@bp.route("/analytics")
@process_access("read")
def analytics(process_id: int):
    result = network.analysis(process_id)
    links, consulted = _organisation_links(process_id)
    consulted |= set(network.consulted_stages(process_id))
    invitees = graph.suggested_invitees(result, engaged=consulted)
    # One invitee per community and category: hundreds in a large network, so paged.
    invitees_page = requested_page(len(invitees), arg="invitees_page", nearest=True)
    return render_template(
        "stakeholders/analytics.html",
        result=result,
        links=links,
        metrics=graph.METRICS,
        sentences={
            "isolates": graph.ISOLATE_SENTENCE,
            "pendants": graph.PENDANT_SENTENCE,
            "communities": graph.COMMUNITY_SENTENCE,
            "invitees": graph.INVITEE_SENTENCE,
        },
        invitees=invitees_page.slice(invitees),
        invitees_page=invitees_page,
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
        figure_as_job=len(orgs) > figure_jobs.in_request_up_to(),
    )


def _figure_page(name: str) -> str:
    return "stakeholders.map_page" if name == "network" else "stakeholders.grid"


def _dpi() -> int:
    source = request.form if request.method == "POST" else request.args
    return min(max(source.get("dpi", 110, type=bounded_int), 50), 300)


@bp.route("/figures/<name>.png")
@process_access("read")
def figure(process_id: int, name: str):
    """A small map's figure, drawn in the request. A large map's would hold the server for
    many seconds: it is drawn in the worker while this request only waits (a direct link
    still gets its PNG), or, with no worker running, the page says to start it as a job."""
    if name not in figure_jobs.NAMES:
        abort(404)
    size_by = request.args.get("size", "betweenness")
    if not figure_jobs.is_large(process_id):
        data = figure_jobs.render(process_id, name, _dpi(), size_by)
        return Response(data, mimetype="image/png")
    job = _queue_figure(process_id, name, size_by) if jobs.worker_running() else None
    if job is None:
        if not jobs.worker_running():
            flash(
                _(
                    "This map is large, so its image is drawn in the background: use "
                    "\u201cDownload as image\u201d and wait for it on the next page."
                ),
                "info",
            )
        return redirect(url_for(_figure_page(name), process_id=process_id), 303)
    job = jobs.wait(job.id)
    if job.status == DONE:
        return Response(job.result, mimetype="image/png")
    if job.status == FAILED:
        flash(jobs.view_state(job)["error"], "error")
        return redirect(url_for(_figure_page(name), process_id=process_id), 303)
    return redirect(url_for("jobs.show", process_id=process_id, job_id=job.id), 303)


def _queue_figure(process_id: int, name: str, size_by: str):
    """Create and enqueue a figure job; None (the refusal flashed) past the user's limit."""
    params = figure_jobs.params(name, _dpi(), size_by)
    try:
        job = jobs.create(process_id, current_user, "figure", params)
    except ValidationFailed as refused:
        db.session.rollback()
        for message in refused.errors.values():
            flash(message, "error")
        return None
    db.session.commit()
    jobs.enqueue(job)
    return job


@bp.post("/figures/<name>/start")
@process_access("read")
def figure_start(process_id: int, name: str):
    """Draw a figure as a job in the worker (any member may, like an export) and show
    its progress page."""
    if name not in figure_jobs.NAMES:
        abort(404)
    job = _queue_figure(process_id, name, request.form.get("size", "betweenness"))
    if job is None:
        return redirect(url_for(_figure_page(name), process_id=process_id))
    return redirect(url_for("jobs.show", process_id=process_id, job_id=job.id))
