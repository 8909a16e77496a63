"""Starting jobs and reading their state for a page. Services flush; the view commits
and then enqueues (the worker must find the committed row)."""

from __future__ import annotations

import time
from datetime import timedelta

from flask import current_app
from flask_babel import ngettext

from facilitation import pending_uploads
from facilitation.extensions import db
from facilitation.mixins import utcnow
from facilitation.scoped import get_in_process
from facilitation.validation import ValidationFailed

from . import messages, queue, results
from .models import ACTIVE, DONE, FAILED, QUEUED, Job

#: Finished jobs and their files are kept this long, then removed when the next job starts.
KEEP_RESULTS = timedelta(days=2)


def active_count(user_id: int) -> int:
    return (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(Job)
            .where(Job.user_id == user_id, Job.status.in_(ACTIVE))
        )
        or 0
    )


def create(process_id: int, user, kind: str, params: dict, need: str = "read") -> Job:
    """A queued job for ``user``; refused with a plain message past the per-user limit."""
    check_limit(user)
    _forget_old()
    job = Job(
        process_id=process_id,
        user_id=getattr(user, "id", None),
        kind=kind,
        params=params,
        need=need,
    )
    db.session.add(job)
    db.session.flush()
    return job


def record_done(process_id: int, user, kind: str, params: dict) -> Job:
    """A job's work already done outside the queue (from the command line), recorded as a
    finished job of ``kind``: every web process's follow-up then runs that kind's hook
    (``follow_up``), so open co-editing rooms take the change without Redis. Flushes; the
    caller commits it with the work itself."""
    now = utcnow()
    job = Job(
        process_id=process_id,
        user_id=getattr(user, "id", None),
        kind=kind,
        params=params,
        status=DONE,
        progress=100,
        worker="command line",
        started_at=now,
        finished_at=now,
    )
    db.session.add(job)
    db.session.flush()
    return job


def check_limit(user) -> None:
    """Refuse, with a plain message, a job past ``JOBS_PER_USER`` under way for ``user``."""
    limit = current_app.config.get("JOBS_PER_USER", 3)
    if user is not None and active_count(user.id) >= limit:
        raise ValidationFailed(
            {
                "job": ngettext(
                    "You already have %(num)d job under way. Wait for it to finish, then "
                    "start this one.",
                    "You already have %(num)d jobs under way. Wait for one of them to "
                    "finish, then start this one.",
                    limit,
                )
            }
        )


def requeue(job: Job, user) -> None:
    """Queue a finished job again for its next step (an archive merge: the preview, then
    the merge itself, on the same job and page); the per-user limit applies."""
    check_limit(user)
    job.user_id = getattr(user, "id", None)
    job.status, job.progress, job.step, job.error = QUEUED, 0, "", ""
    job.worker, job.started_at, job.finished_at = "", None, None
    db.session.flush()


def enqueue(job: Job) -> None:
    """Hand a committed job to the worker."""
    queue.enqueue(current_app._get_current_object(), job.id)


def worker_running() -> bool:
    return queue.worker_alive(current_app._get_current_object())


def wait(job_id: int, timeout: float | None = None, every: float = 0.2) -> Job:
    """Wait (sleeping, so under gevent other requests go on) until the job is finished or
    ``timeout`` (JOB_WAIT_SECONDS) has passed; the job as it then is."""
    timeout = timeout if timeout is not None else current_app.config.get("JOB_WAIT_SECONDS", 300)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = db.session.scalar(db.select(Job.status).where(Job.id == job_id))
        if status in (DONE, FAILED):
            break
        db.session.rollback()  # end the read transaction: each look sees the latest row
        time.sleep(every)
    job = db.session.get(Job, job_id)
    db.session.refresh(job)
    return job


def _forget_old() -> None:
    pending_uploads.purge_expired()  # abandoned two-step uploads too
    expired = (Job.status.in_((DONE, FAILED)), Job.finished_at < utcnow() - KEEP_RESULTS)
    files = db.session.scalars(db.select(Job.result_file).where(*expired)).all()
    db.session.execute(db.delete(Job).where(*expired))
    # Their files in the results folder go with them (on SQLite, results.py); files no job
    # names any more (a deleted process's, a rolled-back transaction's) once they are old.
    folder = results.known_folder(current_app.config)
    if folder is None:  # PostgreSQL without JOB_RESULTS_PATH: every file is in its row
        return
    results.remove(folder, files)
    named = set(db.session.scalars(db.select(Job.result_file).where(Job.result_file.is_not(None))))
    results.sweep(folder, named, results.SWEEP_AFTER_SECONDS)


def get(process_id: int, job_id: int) -> Job | None:
    return get_in_process(Job, job_id, process_id)


def recent(process_id: int, user_id: int, limit: int = 5) -> list[Job]:
    return list(
        db.session.scalars(
            db.select(Job)
            .where(Job.process_id == process_id, Job.user_id == user_id)
            .order_by(Job.id.desc())
            .limit(limit)
        )
    )


def view_state(job: Job) -> dict:
    """What a page shows of a job: its progress and words, and whether to keep polling.

    A job waiting with no worker running, or running on a worker not heard from lately,
    says so plainly. The page keeps watching: a worker that was only slow carries on, and a
    worker started again marks the jobs a stopped one left as failed (``fail_orphans``)."""
    app = current_app._get_current_object()
    worker_down = job.active and not queue.worker_alive(app)
    return {
        "status": job.status,
        "progress": job.progress,
        "step": messages.step_label(job.step),
        "error": messages.error_message(job.error) if job.status == FAILED else "",
        "worker_down": worker_down,
        "waiting_message": messages.worker_message(job.status) if worker_down else "",
        "poll": job.active,
    }
