"""The archive download as a job: the worker writes the zip (``archive`` handler)."""

from __future__ import annotations

from flask_babel import gettext as _

from facilitation import audit
from facilitation.extensions import db
from facilitation.jobs.registry import JobFailed, JobResult, register
from facilitation.models import Process

from . import writer

KIND = "archive"


def run_archive(job, user, report) -> JobResult:
    process = db.session.get(Process, job.process_id)
    if process is None:
        raise JobFailed("nothing")
    data = writer.build(process.id, progress=report)
    audit.record(
        db.session,
        process.id,
        "archive",
        "Process",
        _("Archive of the whole process taken"),
        object_id=process.id,
        params={"bytes": len(data)},
    )
    return JobResult(writer.filename(process), "application/zip", data)


def init_app(app) -> None:
    register(KIND, run_archive)
