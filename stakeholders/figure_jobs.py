"""Figures of large maps as jobs: drawing the network of the large demo (2,000
organisations) takes 25-30 s of one core, which would freeze every page and phone if done
in a request. The map and grid pages start a ``figure`` job; the worker draws the same PNG
that the in-request route draws for small maps."""

from __future__ import annotations

from flask import current_app

from facilitation.extensions import db
from facilitation.jobs.registry import JobFailed, JobResult, register
from facilitation.models import Organisation, Process

from . import figures, graph

NAMES = ("network", "power-interest")
#: Above this many organisations a figure is drawn in the worker, not in the request
#: (``FIGURE_IN_REQUEST_UP_TO``). Measured on the shared machine: 300 organisations
#: draw in under half a second, 2,000 in 25-30 s.
IN_REQUEST_UP_TO = 300


def in_request_up_to() -> int:
    return current_app.config.get("FIGURE_IN_REQUEST_UP_TO", IN_REQUEST_UP_TO)


def is_large(process_id: int) -> bool:
    count = db.session.scalar(
        db.select(db.func.count(Organisation.id)).where(Organisation.process_id == process_id)
    )
    return (count or 0) > in_request_up_to()


def size_metric(value: str | None) -> str:
    return value if value in graph.SIZE_METRICS else "betweenness"


def params(name: str, dpi: int, size_by: str) -> dict:
    return {"name": name, "dpi": dpi, "size": size_metric(size_by)}


def render(process_id: int, name: str, dpi: int, size_by: str) -> bytes:
    """The figure's PNG, the same in a request and in a job."""
    if name == "network":
        return figures.network_map_png(process_id, dpi=dpi, size_by=size_metric(size_by))
    if name == "power-interest":
        return figures.power_interest_png(process_id, dpi=dpi)
    raise LookupError(name)


def run_figure(job, user, report) -> JobResult:
    p = job.params
    process = db.session.get(Process, job.process_id)
    if process is None or p.get("name") not in NAMES:
        raise JobFailed("nothing")
    if not db.session.scalar(
        db.select(db.func.count(Organisation.id)).where(Organisation.process_id == process.id)
    ):
        raise JobFailed("no-organisations")
    report(10, "figures")
    data = render(process.id, p["name"], int(p.get("dpi", 150)), p.get("size", "betweenness"))
    report(95, "save")
    return JobResult(f"{p['name']}.png", "image/png", data)


def init_app(app) -> None:
    register("figure", run_figure)
