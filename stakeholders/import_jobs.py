"""Imports of organisation and tie files as jobs: writing 5,000 organisations into the
large demo network took 34 s in the request on the shared machine (5,000 ties: 20 s),
long enough to freeze every page and phone. The mapping page still reads and checks the
file in the request (no writes, so every bad row is listed at once, as before); the
worker then imports it with the same service, all rows or none."""

from __future__ import annotations

import base64

from flask_babel import ngettext

from facilitation import audit
from facilitation.extensions import db
from facilitation.jobs.registry import JobFailed, JobResult, register
from facilitation.models import Process
from facilitation.validation import ValidationFailed

from . import services

KIND = "stakeholder-import"


def params(kind: str, filename: str, data: bytes, mapping: dict) -> dict:
    """The job carries the file itself: several server processes (deploy/) share the
    database, not an instance folder."""
    return {
        "kind": kind,
        "name": filename,
        "mapping": mapping,
        "file": base64.b64encode(data).decode("ascii"),
    }


def imported_count(job) -> int:
    return int(job.params.get("imported", 0))


def run_import(job, user, report) -> JobResult:
    p = job.params
    process = db.session.get(Process, job.process_id)
    if process is None or not p.get("file"):
        raise JobFailed("nothing")
    report(5, "import")
    data = base64.b64decode(p["file"])
    with audit.acting_as(user.id if user else None):
        try:
            count, row_errors = services.import_file(
                process.id, p["kind"], p["name"], data, p["mapping"]
            )
        except ValidationFailed:
            raise JobFailed("import-changed") from None
        if row_errors:  # the register changed since the file was checked
            raise JobFailed("import-changed")
        report(90, "save")
        # The file is no longer needed; the count is what the job page shows.
        job.params = {k: v for k, v in p.items() if k != "file"} | {"imported": count}
    text = ngettext("%(num)d row imported.", "%(num)d rows imported.", count)
    return JobResult("import.txt", "text/plain; charset=utf-8", text.encode("utf-8"))


def init_app(app) -> None:
    register(KIND, run_import)
