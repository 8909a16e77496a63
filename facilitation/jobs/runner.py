"""Runs one job inside the worker: claims the row, calls its handler with a progress
reporter, stores the result or a failure code. Never lets an exception leave a job
"running": the page would wait for ever."""

from __future__ import annotations

import logging
import os
import socket
import time

from flask import current_app
from sqlalchemy import update
from sqlalchemy.exc import OperationalError

from facilitation.extensions import db
from facilitation.mixins import utcnow
from facilitation.models import User

from . import results
from .models import DONE, FAILED, QUEUED, RUNNING, Job
from .registry import JobFailed, handler_for

log = logging.getLogger("policycycle.jobs")


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _update(job_id: int, values: dict):
    return update(Job).where(Job.id == job_id).values(updated_at=utcnow(), **values)


def _set(job_id: int, **values) -> int:
    """Update the row on its own short transaction (not the handler's session, which
    may hold the work in progress)."""
    with db.engine.begin() as connection:
        return connection.execute(_update(job_id, values)).rowcount


#: How long a job's progress line may wait for SQLite's write lock. The handler's own
#: session often holds it (its work not yet committed): waiting the pages' 5 s there
#: only kept the lock longer, and another job's final state then timed out behind it.
PROGRESS_WAIT_MS = 50
#: How long a job's final state (done or failed) is retried while the database is locked
#: or away: a final state lost leaves the job "running" and its page waiting for ever.
FINAL_STATE_TRIES_SECONDS = 600.0


def _set_progress(job_id: int, **values) -> None:
    if db.engine.dialect.name != "sqlite":
        _set(job_id, **values)
        return
    with db.engine.connect() as connection:
        waits = int(connection.exec_driver_sql("PRAGMA busy_timeout").scalar())
        connection.exec_driver_sql(f"PRAGMA busy_timeout={PROGRESS_WAIT_MS}")
        try:
            connection.execute(_update(job_id, values))
            connection.commit()
        except Exception:
            connection.rollback()
            raise
        finally:  # the pool's next user waits for locks as usual
            connection.exec_driver_sql(f"PRAGMA busy_timeout={waits}")
            connection.commit()


def _set_final(job_id: int, **values) -> None:
    """The job's final state, retried (with growing pauses) until it is written."""
    deadline = time.monotonic() + FINAL_STATE_TRIES_SECONDS
    pause = 0.1
    while True:
        try:
            _set(job_id, **values)
            return
        except OperationalError:
            if time.monotonic() + pause > deadline:
                log.error("job %s: its final state could not be written", job_id)
                raise
            log.warning("job %s: database busy, final state retried", job_id)
            time.sleep(pause)
            pause = min(pause * 2, 5.0)


def _claim(job_id: int) -> bool:
    """Queued -> running, once: a message delivered twice runs the job once."""
    with db.engine.begin() as connection:
        claimed = connection.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == QUEUED)
            .values(
                status=RUNNING,
                step="start",
                progress=1,
                worker=worker_name(),
                started_at=utcnow(),
                updated_at=utcnow(),
            )
        ).rowcount
    return claimed == 1


def reporter(job_id: int):
    def report(percent: int, step: str) -> None:
        try:
            _set_progress(job_id, progress=max(1, min(99, int(percent))), step=step)
        except Exception:  # progress is a courtesy: never fail the job over it
            log.warning("job %s: could not record progress", job_id, exc_info=True)

    return report


def run(job_id: int) -> None:
    if not _claim(job_id):
        return
    # Drafts are read fresh from the database for each job: a room kept from an earlier
    # job would miss what was typed since (the web processes hold the live rooms).
    current_app.extensions.pop("drafting_rooms", None)
    job = db.session.get(Job, job_id)
    log.info("job %s (%s) started", job_id, job.kind)
    saved_file = None  # the result's file, until the row naming it is committed
    try:
        handler = handler_for(job.kind)
        if handler is None:
            raise JobFailed("internal")
        user = db.session.get(User, job.user_id) if job.user_id else None
        result = handler(job, user, reporter(job_id))
        job.status, job.step, job.progress = DONE, "done", 100
        job.result_name, job.result_type = result.filename, result.mimetype
        replaced_file = job.result_file  # e.g. the upload an archive merge's preview read
        job.result, job.result_size = result.data, len(result.data)
        saved_file = job.result_file
        job.finished_at = utcnow()
        db.session.commit()
        saved_file = None
        if replaced_file != job.result_file:
            _forget_file(replaced_file)  # no row names it any more
        log.info("job %s done (%d bytes)", job_id, len(result.data))
    except JobFailed as failure:
        db.session.rollback()
        log.info("job %s failed: %s", job_id, failure.code)
        _set_final(job_id, status=FAILED, error=failure.code, finished_at=utcnow())
    except Exception:
        db.session.rollback()
        _forget_file(saved_file)
        log.exception("job %s failed", job_id)
        _set_final(job_id, status=FAILED, error="internal", finished_at=utcnow())
    finally:
        db.session.remove()


def _forget_file(name: str | None) -> None:
    """A result's file no row names: rolled back, or replaced by the job's new result."""
    if name:
        try:
            results.remove(results.folder(current_app.config), [name])
        except OSError:  # the sweep takes it later
            log.warning("could not remove result file %s", name, exc_info=True)


def fail_orphans(pid_alive) -> int:
    """Jobs left "running" by a worker of this host that is gone (killed, power cut):
    marked failed with a plain message, so no page waits for them."""
    host = socket.gethostname() + ":"
    rows = db.session.execute(
        db.select(Job.id, Job.worker).where(Job.status == RUNNING, Job.worker.startswith(host))
    ).all()
    failed = 0
    for job_id, worker in rows:
        pid = worker.removeprefix(host)
        if pid.isdigit() and not pid_alive(int(pid)):
            failed += _set(job_id, status=FAILED, error="interrupted", finished_at=utcnow())
    return failed
