"""Where a job's file (an export's document, an uploaded archive) is kept: a folder of
files beside the database, or the database itself.

On SQLite (a laptop) the files go to a folder beside the database file (``folder``):
written into the database, a 1.4 MB export held SQLite's single write lock while the worker
-- in the idle scheduling class, so last in line for a core -- copied it into the
write-ahead log, and every idea a workshop's phones sent meanwhile waited for that lock,
with the web server's whole event loop (docs/jobs.md, "Responsiveness beside a live
workshop"). On PostgreSQL (``deploy/``) writers do not wait on each other, and the web
processes and the worker need not share a disk, so the file stays in the ``job`` row
unless ``JOB_RESULTS_PATH`` names a folder they all share. ``JOB_RESULTS_IN_DATABASE``
overrides both ways.

A plain module: no Flask import; the caller passes the folder.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from sqlalchemy.engine import make_url

#: Files no job row names (a deleted process's jobs, a rolled-back transaction) are
#: removed once they are this old.
SWEEP_AFTER_SECONDS = 3600.0
#: Stored names are ours (random hex), never a user's file name: no path can be smuggled in.
_NAME_LENGTH = 32


def _sqlite_file(config) -> Path | None:
    url = make_url(str(config.get("SQLALCHEMY_DATABASE_URI", "")))
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def in_database(config) -> bool:
    """Whether job files are kept in the ``job`` row rather than in the results folder."""
    configured = config.get("JOB_RESULTS_IN_DATABASE")
    if configured is not None:
        return bool(configured)
    return _sqlite_file(config) is None and not config.get("JOB_RESULTS_PATH")


def folder(config) -> str:
    """``JOB_RESULTS_PATH``, else beside the SQLite file (``instance/policycycle.sqlite3``
    -> ``instance/policycycle-job-results/``): every process that shares the database file
    shares the folder, whatever its instance folder."""
    if config.get("JOB_RESULTS_PATH"):
        return str(config["JOB_RESULTS_PATH"])
    database = _sqlite_file(config)
    if database is None:
        raise RuntimeError("JOB_RESULTS_PATH is needed to keep job files outside the database")
    return str(database.with_name(database.stem + "-job-results"))


def known_folder(config) -> str | None:
    """The results folder, or None where there is none (PostgreSQL without
    ``JOB_RESULTS_PATH``: every job's file is then in its row)."""
    if config.get("JOB_RESULTS_PATH") or _sqlite_file(config) is not None:
        return folder(config)
    return None


def _path(folder: str, name: str) -> Path:
    if len(name) != _NAME_LENGTH or not all(c in "0123456789abcdef" for c in name):
        raise ValueError("not a stored result's name")
    return Path(folder) / name


def save(folder: str, data: bytes) -> str:
    """Write ``data`` under a fresh random name (written aside, then renamed: a reader never
    sees half a file); the name to keep in the job row."""
    Path(folder).mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(_NAME_LENGTH // 2)
    target = _path(folder, name)
    partial = target.with_suffix(".part")
    with open(partial, "wb") as handle:
        handle.write(data)
    os.replace(partial, target)
    return name


def load(folder: str, name: str) -> bytes | None:
    """The stored bytes, or None when the file is gone (removed by hand, another disk)."""
    try:
        return _path(folder, name).read_bytes()
    except FileNotFoundError:
        return None


def remove(folder: str, names) -> None:
    for name in names:
        if name:
            _path(folder, name).unlink(missing_ok=True)


def sweep(folder: str, keep: set[str], older_than_seconds: float) -> int:
    """Remove files no job row names any more (a job deleted with its process, a
    transaction rolled back after the file was written), once they are old enough that no
    transaction can still be about to name them. Returns how many went."""
    root = Path(folder)
    if not root.is_dir():
        return 0
    cutoff = time.time() - older_than_seconds
    removed = 0
    for entry in root.iterdir():
        if entry.stem in keep or not entry.is_file():
            continue
        if entry.stat().st_mtime < cutoff:
            entry.unlink(missing_ok=True)
            removed += 1
    return removed
