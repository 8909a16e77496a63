"""A job's page (progress bar, then the download), the fragment htmx polls, the result
file, and the operators' /health."""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import text

from facilitation.access import can, process_access, public
from facilitation.extensions import db

from . import messages, queue, registry, services
from .models import DONE, Job

bp = Blueprint("jobs", __name__, url_prefix="/p/<int:process_id>/jobs")
health_bp = Blueprint("health", __name__)


def _job_or_404(process_id: int, job_id: int) -> Job:
    job = services.get(process_id, job_id)
    if job is None:
        abort(404)
    # A job holding personal data (the scorers' names) is for those who may ask for it.
    if not can(job.need):
        abort(403)
    return job


@bp.get("/<int:job_id>")
@process_access("read")
def show(process_id: int, job_id: int):
    job = _job_or_404(process_id, job_id)
    outcome = _seen(job)
    if outcome:
        return redirect(outcome)
    title, lead = messages.page_words(job.kind)
    return render_template(
        "jobs/show.html",
        job=job,
        state=services.view_state(job),
        title=title,
        lead=lead,
        back=_back_link(job),
    )


def _back_link(job: Job) -> tuple[str, str]:
    """Where the job was started from, to go back to."""
    if job.kind == "review-import":
        return _("Back to the Word review"), url_for(
            "drafting_review.review", process_id=job.process_id, draft_id=job.params["draft_id"]
        )
    if job.kind == "stakeholder-import":
        return _("Back to the stakeholder register"), url_for(
            "stakeholders.registry_page", process_id=job.process_id
        )
    if job.kind == "figure":
        if job.params.get("name") == "power-interest":
            return _("Back to the power–interest grid"), url_for(
                "stakeholders.grid", process_id=job.process_id
            )
        return _("Back to the stakeholder map"), url_for(
            "stakeholders.map_page", process_id=job.process_id
        )
    return _("Back to the exports"), url_for("exports.index", process_id=job.process_id)


@bp.get("/<int:job_id>/progress")
@process_access("read")
def progress(process_id: int, job_id: int):
    job = _job_or_404(process_id, job_id)
    outcome = _seen(job)
    html = render_template(
        "jobs/_progress.html", job=job, state=services.view_state(job), outcome=outcome
    )
    if outcome and request.headers.get("HX-Request"):
        return html, 200, {"HX-Redirect": outcome}  # on to the outcome, as the page does
    return html


def _seen(job: Job) -> str | None:
    """A finished job's follow-up in this web process (its kind's ``on_done``, e.g. open
    rooms catch up with what the worker wrote) and the page of its outcome, if any."""
    if job.status != DONE:
        return None
    registry.seen_done(job)
    return registry.done_url(job)


@bp.get("/<int:job_id>/download")
@process_access("read")
def download(process_id: int, job_id: int):
    job = _job_or_404(process_id, job_id)
    data = job.result if job.status == DONE else None  # the database or the results folder
    if data is None:
        abort(409)
    return send_file(
        io.BytesIO(data),
        mimetype=job.result_type,
        as_attachment=True,
        download_name=job.result_name,
        max_age=0,
    )


@health_bp.get("/health")
@public
def health():
    """For a load balancer or a monitoring probe: 200 while the database answers (503
    otherwise); ``worker`` says whether a job worker has been heard from lately."""
    app = current_app._get_current_object()
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception:
        app.logger.exception("health: database unreachable")
        db.session.rollback()
        database = "unreachable"
    seen = queue.worker_seen_ago(app)
    worker = "ok" if queue.worker_alive(app) else "down"
    body = {
        "status": "ok" if database == "ok" and worker == "ok" else "degraded",
        "database": database,
        "worker": worker,
        "worker_seen_seconds_ago": None if seen is None else round(seen, 1),
        "queue": "redis" if app.config.get("REDIS_URL") else "sqlite",
    }
    if database != "ok":
        body["status"] = "down"
    return jsonify(body), 200 if database == "ok" else 503
