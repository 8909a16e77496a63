"""The Exports page of a process: download buttons and the Word template upload."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitation.access import MANAGE, WRITE, can, process_access
from facilitation.crafted_input import bounded_int
from facilitation.early_headers import sends_headers_early
from facilitation.extensions import db
from facilitation.jobs import services as jobs
from facilitation.validation import ValidationFailed

from . import jobs as export_jobs
from . import pdf, services
from .forms import TemplateForm

bp = Blueprint("exports", __name__, url_prefix="/p/<int:process_id>/exports")


def _page(form: TemplateForm, status: int = 200):
    pid = g.process.id
    return render_template(
        "export/index.html",
        available=services.available(pid),
        template=services.template_for(pid),
        draft=services.policy_draft(pid),
        word_kinds=services.WORD_KINDS,
        form=form,
        recent_jobs=jobs.recent(pid, current_user.id),
    ), status


@bp.get("/")
@process_access("read")
@sends_headers_early
def index(process_id: int):
    return _page(TemplateForm())


@bp.post("/start")
@process_access("read")
def start(process_id: int):
    """Start an export as a job in the worker and show its progress page. Any member may
    export (observers too); the scorers' names need the manage right, recording the text
    as a draft version needs the write right."""
    kind = request.form.get("kind", "")
    fmt = request.form.get("format", "docx")
    if kind not in services.KINDS or fmt not in ("docx", "pdf"):
        abort(404)
    if fmt == "pdf" and kind not in services.WORD_KINDS:
        abort(404)
    if not services.available(process_id).get(kind):
        abort(404)
    personal = request.form.get("personal") == "1"
    record_version = request.form.get("record_version") == "1"
    if (personal and not can(MANAGE)) or (record_version and not can(WRITE)):
        abort(403)
    draft_id = request.form.get("draft", type=bounded_int)
    job = _queue_export(process_id, kind, fmt, draft_id, personal, record_version)
    if job is None:
        return redirect(url_for("exports.index", process_id=process_id))
    return redirect(url_for("jobs.show", process_id=process_id, job_id=job.id))


def _queue_export(process_id, kind, fmt, draft_id, personal, record_version):
    """Create and enqueue an export job; None (with the reasons flashed) when refused."""
    try:
        job = jobs.create(
            process_id,
            current_user,
            "export",
            export_jobs.params(kind, fmt, draft_id, personal, record_version),
            need=MANAGE if personal else "read",
        )
    except ValidationFailed as refused:
        db.session.rollback()
        for message in refused.errors.values():
            flash(message, "error")
        return None
    db.session.commit()
    jobs.enqueue(job)
    return job


def _through_worker(kind: str, fmt: str, draft_id, personal: bool):
    """A direct download link (scripts, old bookmarks): while a worker runs, the file is
    built there and this request only waits for it, so the server stays free for everyone
    else; the response is the file, a plain message, or the job's page if it takes long.
    None when no worker runs: the caller builds the file in the request as before."""
    if not jobs.worker_running():
        return None
    pid = g.process.id
    job = _queue_export(pid, kind, fmt, draft_id, personal, False)
    if job is None:
        return redirect(url_for("exports.index", process_id=pid))
    job = jobs.wait(job.id)
    if job.status == "done":
        return send_file(
            io.BytesIO(job.result),
            mimetype=job.result_type,
            as_attachment=True,
            download_name=job.result_name,
            max_age=0,
        )
    if job.status == "failed":
        flash(jobs.view_state(job)["error"], "error")
        return redirect(url_for("exports.index", process_id=pid))
    return redirect(url_for("jobs.show", process_id=pid, job_id=job.id))


@bp.get("/<kind>")
@process_access("read")
def download(process_id: int, kind: str):
    if kind not in services.KINDS or not services.available(process_id).get(kind):
        abort(404)
    draft_id = request.args.get("draft", type=bounded_int)
    # Names of individuals only when a coordinator (manage right) asks for them.
    personal = request.args.get("personal") == "1"
    if personal and not can(MANAGE):
        abort(403)
    through_worker = _through_worker(kind, "docx", draft_id, personal)
    if through_worker is not None:
        return through_worker
    try:
        file = services.export(
            g.process, kind, current_user, draft_id=draft_id, include_personal=personal
        )
    except LookupError:
        abort(404)
    db.session.commit()
    return send_file(
        io.BytesIO(file.data),
        mimetype=file.mimetype,
        as_attachment=True,
        download_name=file.filename,
        max_age=0,
    )


@bp.get("/<kind>/pdf")
@process_access("read")
def download_pdf(process_id: int, kind: str):
    """The Word export converted to PDF by LibreOffice (same synchronous pattern as the
    Word download); a plain message on the Exports page when LibreOffice is missing."""
    if kind not in services.WORD_KINDS or not services.available(process_id).get(kind):
        abort(404)
    draft_id = request.args.get("draft", type=bounded_int)
    through_worker = _through_worker(kind, "pdf", draft_id, False)
    if through_worker is not None:
        return through_worker
    try:
        file = services.export(g.process, kind, current_user, draft_id=draft_id, fmt="pdf")
    except LookupError:
        abort(404)
    except pdf.PdfUnavailable:
        db.session.rollback()
        flash(
            _(
                "PDF export needs LibreOffice on the server, and it is not installed. "
                "Download the Word file instead, or ask the administrator to install "
                "LibreOffice."
            ),
            "error",
        )
        return redirect(url_for("exports.index", process_id=process_id))
    except pdf.PdfFailed:
        db.session.rollback()
        flash(
            _("LibreOffice could not convert the document to PDF. Download the Word file instead."),
            "error",
        )
        return redirect(url_for("exports.index", process_id=process_id))
    db.session.commit()
    return send_file(
        io.BytesIO(file.data),
        mimetype=file.mimetype,
        as_attachment=True,
        download_name=file.filename,
        max_age=0,
    )


@bp.post("/template")
@process_access("manage")
def upload_template(process_id: int):
    form = TemplateForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    upload = form.template.data
    try:
        row = services.save_template(g.process, upload.filename, upload.read(), current_user)
    except ValidationFailed as exc:
        db.session.rollback()
        exc.apply_to_form(form)
        return _page(form, 400)
    db.session.commit()
    if row.merged_styles:
        flash(
            _(
                "Template saved. It lacked these styles, taken from the default template: "
                "%(styles)s.",
                styles=row.merged_styles,
            ),
            "warning",
        )
    else:
        flash(_("Template saved. The next export uses it."), "success")
    return redirect(url_for("exports.index", process_id=process_id))


@bp.post("/template/remove")
@process_access("manage")
def remove_template(process_id: int):
    if services.remove_template(g.process):
        db.session.commit()
        flash(_("The default template is used again."), "success")
    return redirect(url_for("exports.index", process_id=process_id))
