"""Where a job's file is kept (facilitation/jobs/results.py): a folder beside a SQLite
database, the database elsewhere; removed with its job; never a path from outside."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from facilitation.jobs import results, services
from facilitation.jobs.models import DONE, Job
from facilitation.mixins import utcnow


def _finished_job(db, process, owner, data: bytes, days_ago: float = 0) -> Job:
    job = Job(
        process_id=process.id,
        user_id=owner.id,
        kind="export",
        params={"kind": "policy"},
        status=DONE,
        result_name="policy.docx",
        result_type="application/octet-stream",
        finished_at=utcnow() - timedelta(days=days_ago),
    )
    job.result = data
    job.result_size = len(data)
    db.session.add(job)
    db.session.commit()
    return job


def _raw_result(db, job_id: int):
    with db.engine.connect() as connection:
        return connection.execute(
            text("SELECT result FROM job WHERE id = :id"), {"id": job_id}
        ).scalar_one()


def _on_sqlite(app):
    if results.in_database(app.config):
        pytest.skip("the results folder is SQLite's (TEST_DATABASE_URL is a server)")


def test_on_sqlite_the_file_is_in_the_folder_and_read_back(db, app, make_user, make_process):
    _on_sqlite(app)
    owner = make_user()
    job = _finished_job(db, make_process(owner=owner), owner, b"PK the document")
    assert _raw_result(db, job.id) is None
    folder = Path(results.folder(app.config))
    assert (folder / job.result_file).read_bytes() == b"PK the document"
    db.session.expire_all()
    assert db.session.get(Job, job.id).result == b"PK the document"


def test_in_the_database_when_so_configured(db, app, make_user, make_process):
    """PostgreSQL's default (deploy/: writers do not wait on each other, and the web
    processes and the worker share no disk)."""
    app.config["JOB_RESULTS_IN_DATABASE"] = True
    owner = make_user()
    job = _finished_job(db, make_process(owner=owner), owner, b"PK in the row")
    assert job.result_file is None
    assert _raw_result(db, job.id) == b"PK in the row"
    folder = results.known_folder(app.config)  # None on PostgreSQL: no folder at all
    assert folder is None or not Path(folder).exists()


def test_the_default_follows_the_database():
    """Beside a SQLite file (every process sharing the file shares the folder); in the
    database on a server, unless an operator names a shared folder."""
    laptop = {"SQLALCHEMY_DATABASE_URI": "sqlite:////srv/instance/policycycle.sqlite3"}
    assert results.in_database(laptop) is False
    assert results.folder(laptop) == "/srv/instance/policycycle-job-results"
    server = {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://h/db"}
    assert results.in_database(server) is True
    assert results.known_folder(server) is None  # nothing to prune or sweep there
    assert results.in_database({**server, "JOB_RESULTS_PATH": "/shared/jobs"}) is False
    assert results.in_database({"SQLALCHEMY_DATABASE_URI": "sqlite://"}) is True  # in memory
    assert results.in_database({**laptop, "JOB_RESULTS_IN_DATABASE": True}) is True


def test_a_pruned_job_takes_its_file_with_it(db, app, make_user, make_process):
    _on_sqlite(app)
    owner = make_user()
    process = make_process(owner=owner)
    old = _finished_job(db, process, owner, b"PK old", days_ago=3)
    recent = _finished_job(db, process, owner, b"PK recent")
    folder = Path(results.folder(app.config))
    old_file, recent_file = folder / old.result_file, folder / recent.result_file
    old_id = old.id

    services.create(process.id, owner, "export", {"kind": "policy"})  # prunes, as a page does
    db.session.commit()

    assert db.session.get(Job, old_id) is None
    assert not old_file.exists()
    assert recent_file.read_bytes() == b"PK recent"


def test_files_no_job_names_are_swept_once_old(db, app, make_user, make_process):
    """A process deleted with its jobs, or a transaction rolled back after the file was
    written: the file goes at the next prune, once it is older than the sweep delay."""
    _on_sqlite(app)
    owner = make_user()
    process = make_process(owner=owner)
    kept = _finished_job(db, process, owner, b"PK kept")
    folder = results.folder(app.config)
    orphan_old = Path(folder) / results.save(folder, b"PK orphan")
    orphan_new = Path(folder) / results.save(folder, b"PK being written")
    long_ago = time.time() - results.SWEEP_AFTER_SECONDS - 60
    os.utime(orphan_old, (long_ago, long_ago))
    os.utime(Path(folder) / kept.result_file, (long_ago, long_ago))

    services.create(process.id, owner, "export", {"kind": "policy"})
    db.session.commit()

    assert not orphan_old.exists()
    assert orphan_new.exists()  # maybe a transaction about to name it
    assert (Path(folder) / kept.result_file).exists()


def test_a_stored_name_is_never_a_path(tmp_path):
    for name in ("../secret_key", "/etc/passwd", "a" * 31, "G" * 32):
        with pytest.raises(ValueError):
            results.load(str(tmp_path), name)
