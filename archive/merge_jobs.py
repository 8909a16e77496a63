"""The merge as a job, in two steps on one job row and one page. First the preview: the
worker reads the uploaded archive (kept in the job's file until the merge is applied) and
stores what the merge would do in the job's ``params["preview"]``, or the reasons it is
refused in ``params["problems"]``. Then, once the coordinator has chosen for each
conflict (``params["choices"]``), the merge itself: it rewrites the process's rows and
appends each draft's merged text to the draft's log, which held the server's loop for
seconds when it ran in the request.

Open co-editing rooms take the merged text from the log: over the cluster bus at once
with ``REDIS_URL`` (``merge_apply.push_to_rooms``), and in any case when the merge page
sees the job done (:func:`catch_up`, run by the web process that holds the rooms)."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from facilitation import audit
from facilitation.extensions import db
from facilitation.jobs import messages
from facilitation.jobs.registry import JobFailed, JobResult, register
from facilitation.mixins import utcnow
from facilitation.models import Process

from . import merge, merge_apply, reader

KIND = "archive-merge"


def run(job, user, report) -> JobResult:
    if (job.params or {}).get("choices") is not None:
        return run_merge(job, user, report)
    return run_preview(job, user, report)


def run_preview(job, user, report) -> JobResult:
    process = db.session.get(Process, job.process_id)
    data = job.result
    if process is None or data is None:
        raise JobFailed("nothing")
    report(10, "read")
    params = dict(job.params or {})
    try:
        archive = reader.read(data, current_app.config)
        report(40, "compare")
        params["preview"] = merge.plan(archive, process.id).as_dict()
    except reader.ArchiveRefused as refused:
        params["problems"] = refused.problems
    job.params = params
    report(95, "save")
    return JobResult(params.get("filename") or "merge.zip", "application/zip", data)


def run_merge(job, user, report) -> JobResult:
    process = db.session.get(Process, job.process_id)
    data = job.result
    if process is None or data is None:
        raise JobFailed("nothing")
    params = dict(job.params or {})
    choices = params.pop("choices")
    name = params.get("filename") or "merge.zip"
    report(10, "read")
    try:
        archive = reader.read(data, current_app.config)
        report(30, "merge")
        with audit.acting_as(user.id if user else None):
            result = merge_apply.apply(archive, process.id, choices=choices)
    except reader.ArchiveRefused as refused:  # nothing was written: the page says why
        db.session.rollback()
        params["problems"] = refused.problems
        job.params = params
        return JobResult(name, "application/zip", data)
    pushed = [draft_id for draft_id, _update in result.pushes]
    params["merged"] = {"at": utcnow().isoformat(), "drafts": result.drafts_merged}
    params["merged_drafts"] = pushed
    job.params = params
    # No progress report here: under SQLite the merge's writes hold the write lock, so
    # the report's own connection could not record it.
    db.session.commit()  # the merged text is in the logs before any room hears of it
    merge_apply.push_to_rooms(process.id, result.pushes)
    return JobResult(name, "application/zip", b"")  # the archive is not kept once merged


def catch_up(job) -> None:
    """The web process's open rooms of the merged drafts take the text from the log."""
    from drafting import relay

    app = current_app._get_current_object()
    for draft_id in (job.params or {}).get("merged_drafts") or ():
        relay.catch_up(app, (job.process_id, draft_id))


def init_app(app) -> None:
    register(KIND, run, on_done=catch_up)
    messages.add_words(steps={"merge": _l("Merging the archive into this process")})
