"""The merge preview as a job: the worker reads the uploaded archive (kept in the job's
file until the merge is applied) and stores what the merge would do in the job's
``params["preview"]``, or the reasons it is refused in ``params["problems"]``."""

from __future__ import annotations

from flask import current_app

from facilitation.extensions import db
from facilitation.jobs.registry import JobFailed, JobResult, register
from facilitation.models import Process

from . import merge, reader

KIND = "archive-merge"


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


def init_app(app) -> None:
    register(KIND, run_preview)
