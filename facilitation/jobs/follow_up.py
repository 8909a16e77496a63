"""Finished jobs' follow-ups in every web process, whether or not anyone watches.

Some jobs change what a web process holds in memory: a Word review's import or an
archive merge writes to a draft's log from the worker, and the web process's open
co-editing room must take it in (its kind's ``on_done`` hook, see
:func:`registry.register`). The job's page runs that hook when it sees the job done, but
the person who started the import may have closed the tab, and the editors still in the
room would not see the change until they reconnect. So each web server process also
looks, every few seconds, for jobs of those kinds that finished since it last looked, and
runs their hooks (which are idempotent and quick). With ``REDIS_URL`` the co-editing
relay's own periodic reconcile covers the rooms too; this costs one indexed query.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select

from facilitation.extensions import db
from facilitation.mixins import utcnow

from . import registry
from .models import DONE, Job

log = logging.getLogger("policycycle.jobs")

#: How often a web process looks for finished jobs to follow up.
FOLLOW_UP_SECONDS = 2.0
#: Clocks of the worker and the web process may differ a little: look back this far.
CLOCK_SLACK = timedelta(seconds=5)


class FollowUp:
    """Remembers what it has handled, so each finished job's hook runs once here."""

    def __init__(self, since: datetime) -> None:
        self.since = since
        self.handled: dict[int, datetime] = {}

    def run_once(self) -> int:
        """Run the hook of every job finished since the last look; returns how many."""
        kinds = registry.kinds_with_follow_up()
        if not kinds:
            return 0
        jobs = db.session.scalars(
            select(Job)
            .where(
                Job.status == DONE,
                Job.kind.in_(kinds),
                Job.finished_at >= self.since - CLOCK_SLACK,
            )
            .order_by(Job.finished_at)
        ).all()
        ran = 0
        for job in jobs:
            if job.id in self.handled:
                continue
            self.handled[job.id] = job.finished_at
            try:
                registry.seen_done(job)
                ran += 1
            except Exception:  # one job's follow-up must not stop the others'
                log.exception("job %s: follow-up failed", job.id)
        if jobs:
            self.since = max(self.since, jobs[-1].finished_at)
        horizon = self.since - 2 * CLOCK_SLACK
        self.handled = {job_id: at for job_id, at in self.handled.items() if at >= horizon}
        return ran


def start(app) -> None:
    """Start the watcher as a background task of the Socket.IO server (a greenlet)."""
    from facilitation.extensions import socketio

    follow_up = FollowUp(utcnow())

    def watch() -> None:
        while True:
            socketio.sleep(FOLLOW_UP_SECONDS)
            with app.app_context():
                try:
                    follow_up.run_once()
                except Exception:  # a database hiccup: look again next time
                    log.exception("jobs: looking for finished jobs failed")
                finally:
                    db.session.remove()

    socketio.start_background_task(watch)
