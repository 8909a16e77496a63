"""The worker process: ``policycycle worker`` (``make run`` starts it beside the server).

Runs jobs in a few threads (Huey consumer), beats a heartbeat every few seconds so pages
and /health know it is there, and stops gracefully on SIGTERM: the jobs under way finish
(up to ``--shutdown-timeout`` seconds) before it exits. SIGINT (Ctrl-C) stops at once;
jobs it cuts short are marked failed with a plain message.
"""

from __future__ import annotations

import logging
import os
import threading

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import update

from facilitation.extensions import db
from facilitation.mixins import utcnow

from . import queue
from .models import FAILED, RUNNING, Job
from .runner import fail_orphans, worker_name

log = logging.getLogger("policycycle.jobs")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _heartbeat(app, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            queue.beat(app, worker_name())
        except Exception:  # the queue storage is down: say so, keep trying
            log.warning("worker heartbeat could not be written", exc_info=True)
        stop.wait(queue.HEARTBEAT_INTERVAL)


def _fail_unfinished(app) -> None:
    """Jobs this worker leaves unfinished (an immediate stop) fail with a plain message."""
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(
            update(Job)
            .where(Job.status == RUNNING, Job.worker == worker_name())
            .values(status=FAILED, error="interrupted", finished_at=utcnow())
        )


def make_consumer(app, workers: int, shutdown_timeout: float):
    return queue.queue(app).create_consumer(
        workers=workers,
        worker_type="thread",
        periodic=False,
        # SQLite storage is polled: start again within a second of a job arriving.
        initial_delay=0.1,
        backoff=1.15,
        max_delay=1.0,
        graceful_signal="TERM",
        shutdown_timeout=shutdown_timeout,
    )


def yield_processor(config) -> str:
    """Long work yields the processor to the people in the room: the web server (same
    machine, by default) answers pages and workshop phones first. Called before any
    thread starts, so the job threads inherit it. Returns what was applied."""
    applied = []
    niceness = config.get("WORKER_NICE", 10)
    if niceness and hasattr(os, "nice"):
        os.nice(niceness)
        applied.append(f"nice {niceness}")
    # A nice worker still takes its share of a busy core (and the waking web server may
    # wait a few milliseconds behind it); under SCHED_IDLE it runs only on a processor
    # nothing else wants, and a waking web server takes that processor at once.
    if config.get("WORKER_IDLE_PRIORITY", True) and hasattr(os, "SCHED_IDLE"):
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
            applied.append("SCHED_IDLE")
        except OSError:  # not permitted here (a container's policy): nice is enough
            log.warning("the job worker could not lower its scheduling class to SCHED_IDLE")
    return ", ".join(applied) or "normal priority"


def run_worker(app, workers: int, shutdown_timeout: float = 120.0) -> None:
    priority = yield_processor(app.config)
    with app.app_context():
        orphans = fail_orphans(_pid_alive)
        if orphans:
            log.warning("%d job(s) left running by a stopped worker marked failed", orphans)
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(app, stop), name="heartbeat", daemon=True)
    beat.start()
    consumer = make_consumer(app, workers, shutdown_timeout)
    print(f" * Job worker {worker_name()}: {workers} thread(s), {priority}", flush=True)
    try:
        consumer.run()
    finally:
        stop.set()
        _fail_unfinished(app)
        queue.clear_beat(app)
        print(" * Job worker stopped", flush=True)


@click.command("worker", help="Run the job worker (exports and other long work).")
@click.option("--workers", type=int, default=None, help="Jobs run side by side (JOB_WORKERS).")
@click.option(
    "--shutdown-timeout",
    type=float,
    default=120.0,
    help="On SIGTERM, seconds to let the jobs under way finish.",
)
@with_appcontext
def worker_command(workers: int | None, shutdown_timeout: float) -> None:
    app = current_app._get_current_object()
    run_worker(app, workers or app.config.get("JOB_WORKERS", 2), shutdown_timeout)


def main() -> None:
    """``python -m facilitation.jobs.worker``: the same worker without the Flask CLI."""
    from facilitation.app import create_app

    app = create_app()
    run_worker(app, app.config.get("JOB_WORKERS", 2))


if __name__ == "__main__":
    main()
