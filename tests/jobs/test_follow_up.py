"""A web process follows up finished jobs (e.g. open rooms take in a Word review's
anchors) without anyone looking at the job's page, once per job."""

from __future__ import annotations

from datetime import timedelta

import pytest

from facilitation.jobs import registry
from facilitation.jobs.follow_up import FollowUp
from facilitation.jobs.models import DONE, FAILED, RUNNING, Job
from facilitation.mixins import utcnow

KIND = "test-follow-up"


@pytest.fixture
def seen(monkeypatch):
    calls: list[int] = []
    monkeypatch.setitem(registry._ON_DONE, KIND, lambda job: calls.append(job.id))
    return calls


def _job(db, process, status, kind=KIND, finished_at=None) -> Job:
    job = Job(
        process_id=process.id,
        kind=kind,
        params={},
        status=status,
        finished_at=finished_at or (utcnow() if status in (DONE, FAILED) else None),
    )
    db.session.add(job)
    db.session.commit()
    return job


def test_each_finished_job_of_a_followed_kind_is_followed_up_once(db, make_process, seen):
    process = make_process()
    watcher = FollowUp(utcnow() - timedelta(seconds=1))
    long_ago = _job(db, process, DONE, finished_at=utcnow() - timedelta(hours=1))
    running = _job(db, process, RUNNING)
    failed = _job(db, process, FAILED)
    done = _job(db, process, DONE)
    export = _job(db, process, DONE, kind="export")  # no follow-up registered
    assert watcher.run_once() == 1
    assert seen == [done.id]
    assert watcher.run_once() == 0 and seen == [done.id]  # not twice
    # The running job finishes later: it is followed up on the next look.
    running.status, running.finished_at = DONE, utcnow()
    db.session.commit()
    assert watcher.run_once() == 1
    assert seen == [done.id, running.id]
    assert long_ago.id not in seen and failed.id not in seen and export.id not in seen


def test_a_failing_follow_up_does_not_stop_the_others(db, make_process, monkeypatch):
    process = make_process()
    calls: list[int] = []

    def hook(job):
        calls.append(job.id)
        if len(calls) == 1:
            raise RuntimeError("room broken")

    monkeypatch.setitem(registry._ON_DONE, KIND, hook)
    watcher = FollowUp(utcnow() - timedelta(seconds=1))
    first, second = _job(db, process, DONE), _job(db, process, DONE)
    assert watcher.run_once() == 1
    assert sorted(calls) == sorted([first.id, second.id])
