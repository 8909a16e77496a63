"""The coordinator's page for merging an archive back: upload, a preview prepared as a job
(with progress), a choice for each row changed on both sides, then the merge."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitation.access import MANAGE, process_access
from facilitation.extensions import db
from facilitation.jobs import services as jobs
from facilitation.jobs.models import DONE
from facilitation.validation import ValidationFailed

from . import merge_apply, merge_jobs, reader
from . import preview as preview_words
from .forms import ApplyMergeForm, MergeForm

bp = Blueprint("archive_merge", __name__, url_prefix="/p/<int:process_id>/archive/merge")


def _job_or_404(process_id: int, job_id: int):
    job = jobs.get(process_id, job_id)
    if job is None or job.kind != merge_jobs.KIND:
        abort(404)
    return job


@bp.route("/", methods=["GET", "POST"])
@process_access(MANAGE)
def upload(process_id: int):
    """Coordinators and facilitators, like the archive itself: a merge rewrites the
    process's work."""
    form = MergeForm()
    problems: list[str] = []
    if form.validate_on_submit():
        limit = reader.limits(current_app.config)["ARCHIVE_MAX_BYTES"]
        data = form.archive.data.read(limit + 1)
        if len(data) > limit:
            problems = [
                _(
                    "The archive is larger than %(mb)d MB, the most this site accepts.",
                    mb=limit // (1024 * 1024),
                )
            ]
        else:
            try:
                job = jobs.create(
                    process_id,
                    current_user,
                    merge_jobs.KIND,
                    {"filename": (form.archive.data.filename or "archive.zip")[:120]},
                    need=MANAGE,
                )
            except ValidationFailed as refused:
                db.session.rollback()
                problems = list(refused.errors.values())
            else:
                job.result = data  # the upload waits in the job until the merge is applied
                job.result_size = len(data)
                db.session.commit()
                jobs.enqueue(job)
                return redirect(url_for(".preview", process_id=process_id, job_id=job.id))
    status = 400 if (problems or form.errors) else 200
    return render_template("archive/merge.html", form=form, problems=problems), status


def _render(job, problems=None, status=200):
    state = jobs.view_state(job)
    params = job.params or {}
    plan = params.get("preview")
    return (
        render_template(
            "archive/merge_preview.html",
            job=job,
            state=state,
            plan=plan,
            kinds=preview_words.rows(plan["counts"]) if plan else [],
            conflict_kinds=preview_words.KINDS,
            kind_label=preview_words.kind_label,
            field_labels=preview_words.field_labels,
            problems=problems or params.get("problems") or [],
            merged=params.get("merged"),
            form=ApplyMergeForm(),
        ),
        status,
    )


@bp.get("/<int:job_id>")
@process_access(MANAGE)
def preview(process_id: int, job_id: int):
    job = _job_or_404(process_id, job_id)
    if (job.params or {}).get("merged"):
        # The worker commits the merged text with "merged" and marks the job done in a
        # later commit: a page polled in between already says "Merged."
        merge_jobs.catch_up(job)  # open rooms here take the merged text from the log
    return _render(job)


@bp.post("/<int:job_id>/apply")
@process_access(MANAGE)
def apply(process_id: int, job_id: int):
    job = _job_or_404(process_id, job_id)
    form = ApplyMergeForm()
    params = dict(job.params or {})
    plan = params.get("preview")
    if not form.validate_on_submit() or job.status != DONE or not plan or params.get("merged"):
        return _render(
            job, [_("This preview cannot be merged (any more): upload the archive again.")], 400
        )
    choices = {}
    for index, conflict in enumerate(plan["conflicts"]):
        value = request.form.get(f"choice-{index}")
        if value in (merge_apply.LAPTOP, merge_apply.SERVER):
            choices[conflict["key"]] = value
    missing = len(plan["conflicts"]) - len(choices)
    if missing:
        return _render(
            job, [_("Choose which version to keep for every row changed on both sides.")], 400
        )
    params["choices"] = choices  # the worker merges (archive/merge_jobs.py)
    params.pop("problems", None)
    try:
        jobs.requeue(job, current_user)
    except ValidationFailed as refused:
        db.session.rollback()
        return _render(_job_or_404(process_id, job_id), list(refused.errors.values()), 400)
    job.params = params
    db.session.commit()
    jobs.enqueue(job)
    return redirect(url_for(".preview", process_id=process_id, job_id=job.id))
