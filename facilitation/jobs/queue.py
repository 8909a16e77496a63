"""The job queue: Huey, on a SQLite file in instance/ by default, on Redis when
``REDIS_URL`` is set (see docs/jobs.md for why Huey).

The queue only carries "run job N"; the job's state lives in the ``job`` table. The
worker's heartbeat is kept in Huey's own key-value store, so the web processes can tell
whether a worker is running with the same storage they enqueue to.
"""

from __future__ import annotations

import os
import time

from huey import RedisHuey, SqliteHuey

#: A worker not heard from for this long is taken as stopped.
HEARTBEAT_STALE_SECONDS = 30.0
HEARTBEAT_INTERVAL = 5.0
_HEARTBEAT_KEY = "policycycle:worker-heartbeat"  # in this queue's own store


def _build(app):
    redis_url = app.config.get("REDIS_URL")
    if redis_url:
        # blocking: the worker waits on the list (BRPOP), so a job starts at once.
        # Named after the site (config.redis_prefix): Huey's keys all carry the name, so
        # two sites on one Redis never take each other's jobs or heartbeats.
        name = app.config["REDIS_PREFIX"] + "jobs"
        huey = RedisHuey(name, url=redis_url, results=False, blocking=True)
    else:
        path = app.config.get("JOBS_SQLITE_PATH") or os.path.join(app.instance_path, "jobs.sqlite3")
        huey = SqliteHuey("policycycle-jobs", filename=path, results=False)

    @huey.task(name="policycycle.run_job")
    def run_job(job_id: int) -> None:
        from .runner import run

        with app.app_context():
            run(job_id)

    huey.run_job = run_job
    return huey


def queue(app):
    """This app's queue (created once per app)."""
    huey = app.extensions.get("jobs_queue")
    if huey is None:
        huey = app.extensions["jobs_queue"] = _build(app)
    return huey


def enqueue(app, job_id: int) -> None:
    queue(app).run_job(job_id)


def beat(app, worker_name: str) -> None:
    queue(app).put(_HEARTBEAT_KEY, {"at": time.time(), "worker": worker_name})


def clear_beat(app) -> None:
    queue(app).delete(_HEARTBEAT_KEY)


def last_beat(app) -> dict | None:
    """The newest heartbeat of any worker, or None; never raises (a health check)."""
    try:
        return queue(app).get(_HEARTBEAT_KEY, peek=True)
    except Exception:  # storage unreachable: as good as no worker
        app.logger.exception("job queue unreachable")
        return None


def worker_alive(app) -> bool:
    beat_ = last_beat(app)
    return bool(beat_) and time.time() - beat_["at"] < HEARTBEAT_STALE_SECONDS


def worker_seen_ago(app) -> float | None:
    beat_ = last_beat(app)
    return None if not beat_ else max(0.0, time.time() - beat_["at"])
