"""Exports as jobs: the page starts one, the worker builds it (``export`` handler)."""

from __future__ import annotations

from facilitation.extensions import db
from facilitation.jobs.registry import JobFailed, JobResult, register
from facilitation.models import Process

from . import pdf, services


def params(kind: str, fmt: str, draft_id, personal: bool, record_version: bool) -> dict:
    return {
        "kind": kind,
        "format": fmt,
        "draft_id": draft_id,
        "personal": bool(personal),
        "record_version": bool(record_version),
    }


def run_export(job, user, report) -> JobResult:
    p = job.params
    process = db.session.get(Process, job.process_id)
    if process is None or not services.available(process.id).get(p["kind"]):
        raise JobFailed("nothing")
    try:
        file = services.export(
            process,
            p["kind"],
            user,
            draft_id=p.get("draft_id"),
            include_personal=p.get("personal", False),
            fmt=p.get("format", "docx"),
            record_version=p.get("record_version", False),
            progress=report,
        )
    except LookupError:
        raise JobFailed("nothing") from None
    except pdf.PdfUnavailable:
        raise JobFailed("pdf-unavailable") from None
    except pdf.PdfFailed:
        raise JobFailed("pdf-failed") from None
    return JobResult(file.filename, file.mimetype, file.data)


def init_app(app) -> None:
    register("export", run_export)
