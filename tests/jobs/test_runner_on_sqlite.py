"""The job runner on SQLite: a job's states while another writer holds the database's
write lock, and the result files beside the database.

Seen under load: two imports ran side by side in the worker; one failed, and writing its
"failed" state waited SQLite's 5 s for the lock the other held, gave up, and left the job
"running": its page waited for ever. The other held the lock that long because its own
progress line waited 5 s for the lock its own session held."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from facilitation.jobs import registry, runner
from facilitation.jobs.models import FAILED, QUEUED, RUNNING, Job
from facilitation.jobs.registry import JobFailed

KIND = "test-lock"


@pytest.fixture
def sqlite_file(app):
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if not uri.startswith("sqlite:///"):
        pytest.skip("SQLite's write lock")
    return uri.removeprefix("sqlite:///")


def _queued(db, process) -> int:
    job = Job(process_id=process.id, kind=KIND, params={}, status=QUEUED)
    db.session.add(job)
    db.session.commit()
    return job.id


def _hold_write_lock(path: str, seconds: float) -> threading.Thread:
    """Another writer (another job, a page) holds the write lock for ``seconds``."""
    taken = threading.Event()

    def hold():
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        taken.set()
        threading.Event().wait(seconds)
        other.execute("ROLLBACK")
        other.close()

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    assert taken.wait(10)
    return holder


def _state(db, job_id: int) -> tuple[str, str]:
    db.session.expire_all()
    job = db.session.get(Job, job_id)
    return job.status, job.error


def test_a_failed_job_is_recorded_failed_even_behind_a_long_write_lock(
    app, db, make_process, sqlite_file, monkeypatch
):
    def refuse(job, user, report):
        _hold_write_lock(sqlite_file, 6.5)  # longer than the pool's 5 s busy timeout
        raise JobFailed("import-changed")

    monkeypatch.setitem(registry._HANDLERS, KIND, refuse)
    job_id = _queued(db, make_process())
    runner.run(job_id)  # before: OperationalError, and the job stayed "running"
    assert _state(db, job_id) == (FAILED, "import-changed")


def test_a_progress_line_does_not_wait_for_a_lock_someone_else_holds(
    app, db, make_process, sqlite_file, monkeypatch
):
    job_id = _queued(db, make_process())
    assert runner._claim(job_id)
    holder = _hold_write_lock(sqlite_file, 1.0)
    report = runner.reporter(job_id)
    report(40, "read")  # skipped at once: waiting 5 s would have recorded it after 1 s
    db.session.expire_all()
    job = db.session.get(Job, job_id)
    assert (job.status, job.progress, job.step) == (RUNNING, 1, "start")
    # The connection it used waits for locks again, as every page expects.
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    holder.join()
    report(60, "merge")  # the lock is free again: recorded
    job = db.session.get(Job, job_id)
    db.session.refresh(job)
    assert (job.progress, job.step) == (60, "merge")


def test_a_result_whose_row_is_rolled_back_leaves_no_file(
    app, db, make_process, sqlite_file, monkeypatch
):
    """The file is written before the row naming it is committed; if that commit fails
    (here: another writer holds the lock past the busy timeout) no row will ever name it."""
    from pathlib import Path

    from facilitation.jobs import results
    from facilitation.jobs.registry import JobResult

    if results.in_database(app.config):
        pytest.skip("results kept in the database")

    def export(job, user, report):
        _hold_write_lock(sqlite_file, 6.5)
        return JobResult("policy.docx", "application/octet-stream", b"x" * 4096)

    monkeypatch.setitem(registry._HANDLERS, KIND, export)
    job_id = _queued(db, make_process())
    runner.run(job_id)
    assert _state(db, job_id) == (FAILED, "internal")
    folder = Path(results.folder(app.config))
    assert not folder.exists() or not any(folder.iterdir())


def test_a_result_that_replaces_an_earlier_file_removes_it(app, db, make_process, monkeypatch):
    """An archive merge's upload waits in its job's result; the preview step's result
    replaces it. The file no row names any more goes at once, not at the hourly sweep."""
    from pathlib import Path

    from facilitation.jobs import results
    from facilitation.jobs.registry import JobResult

    if results.in_database(app.config):
        pytest.skip("results kept in the database")
    monkeypatch.setitem(
        registry._HANDLERS,
        KIND,
        lambda job, user, report: JobResult("merge.zip", "application/zip", b"preview" * 99),
    )
    job_id = _queued(db, make_process())
    job = db.session.get(Job, job_id)
    job.result = b"upload" * 99
    db.session.commit()
    uploaded = job.result_file
    runner.run(job_id)
    job = db.session.get(Job, job_id)
    assert job.result == b"preview" * 99
    folder = Path(results.folder(app.config))
    assert sorted(p.name for p in folder.iterdir()) == [job.result_file] != [uploaded]
