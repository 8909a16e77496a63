"""The database side of a room: the append-only log, snapshots and compaction.

Core statements on their own short transactions: an update is durable when ``append``
returns, before it is relayed. Callers must not hold uncommitted ORM writes on the same
database while calling these (SQLite allows one writer).

Under gevent (``python -m facilitation``) a database driver call blocks the whole event
loop: a write waiting for a lock held elsewhere (SQLite's busy timeout, a PostgreSQL row
lock) would freeze every page and socket. Writes therefore run in a real OS thread from
gevent's thread pool while the calling greenlet waits, and a write that fails because
the database is busy is tried again for a while before the caller is told.

Several server processes may hold the same draft open (docs/scaling.md), each appending
to the one log. Compaction must then never delete a row that its snapshot lacks: it
builds the snapshot from the database itself (the stored snapshot, every row it reads,
and the caller's document for good measure), deletes exactly the rows it read, and on
PostgreSQL holds an advisory lock on the draft, exclusive for compaction and shared for
loading, so a load never sees the new snapshot with the old log or the reverse.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from facilitation.extensions import db
from facilitation.mixins import utcnow as now

from .crdt import build_snapshot
from .models import DraftSnapshot, DraftUpdate

_updates = DraftUpdate.__table__
_snapshots = DraftSnapshot.__table__

#: The advisory lock namespace of draft logs (pg_advisory_xact_lock(class, draft id)).
LOCK_CLASS = 0x5043  # "PC"

#: How long a write keeps being retried while the database is locked or busy.
RETRY_FOR_SECONDS = 30.0
RETRY_PAUSE_SECONDS = 0.25

T = TypeVar("T")


def off_loop(fn: Callable[..., T], *args) -> T:
    """Run a blocking call in an OS thread when gevent drives the server, else directly."""
    try:
        from gevent import get_hub, monkey
    except ImportError:  # pragma: no cover - gevent is a dependency
        return fn(*args)
    if not monkey.is_module_patched("socket"):
        return fn(*args)
    return get_hub().threadpool.apply(fn, args)


def _with_retries(write: Callable[[Engine], None]) -> None:
    engine = db.engine  # looked up here: the worker thread has no app context

    def attempt() -> OperationalError | None:
        try:
            write(engine)
        except OperationalError as exc:  # returned, not raised: gevent would print it
            return exc
        return None

    deadline = time.monotonic() + RETRY_FOR_SECONDS
    while True:
        failure = off_loop(attempt)
        if failure is None:
            return
        if time.monotonic() >= deadline:
            raise failure
        time.sleep(RETRY_PAUSE_SECONDS)  # gevent's sleep when patched: the loop runs on


def load(draft_id: int) -> tuple[bytes | None, list[bytes]]:
    """The snapshot (if any) and every logged update after it, in log order.

    Compaction deletes the rows its snapshot covers in the same transaction, so every row
    still in the log follows the snapshot, whatever its id (SQLite may reuse ids)."""
    with db.engine.connect() as conn, conn.begin():
        if conn.dialect.name == "postgresql":  # wait for a compaction under way
            conn.execute(select(func.pg_advisory_xact_lock_shared(LOCK_CLASS, draft_id)))
        snapshot, rows = _read(conn, draft_id)
        return snapshot, [data for _id, data in rows]


def _read(conn, draft_id: int) -> tuple[bytes | None, list[tuple[int, bytes]]]:
    snapshot = conn.execute(
        select(_snapshots.c.data).where(_snapshots.c.draft_id == draft_id)
    ).scalar_one_or_none()
    rows = conn.execute(
        select(_updates.c.id, _updates.c.data)
        .where(_updates.c.draft_id == draft_id)
        .order_by(_updates.c.id)
    ).all()
    return (bytes(snapshot) if snapshot is not None else None), [(i, bytes(d)) for i, d in rows]


def append(process_id: int, draft_id: int, data: bytes) -> None:
    def write(engine: Engine) -> None:
        with engine.begin() as conn:
            conn.execute(
                insert(_updates).values(
                    process_id=process_id, draft_id=draft_id, data=data, created_at=now()
                )
            )

    _with_retries(write)


#: One compaction at a time per draft within a process (PostgreSQL also locks across them).
_compacting: dict[int, threading.Lock] = {}


def compact(process_id: int, draft_id: int, held: bytes = b"") -> bool:
    """Fold the draft's log into its snapshot, in one transaction.

    The new snapshot is built from the stored snapshot, every log row read here and
    ``held`` (the caller's whole document, which holds nothing the log lacks but costs
    nothing to add); exactly the rows read are deleted, so a row another process appends
    meanwhile stays. Returns False when another process is compacting this draft.
    """
    gate = _compacting.setdefault(draft_id, threading.Lock())
    done = [False]

    def write(engine: Engine) -> None:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                locked = conn.execute(
                    select(func.pg_try_advisory_xact_lock(LOCK_CLASS, draft_id))
                ).scalar_one()
                if not locked:
                    return
            stored, rows = _read(conn, draft_id)
            if not rows and not held:
                done[0] = True
                return
            updates = ([held] if held else []) + [data for _id, data in rows]
            snapshot = build_snapshot(stored, updates)
            ids = [row_id for row_id, _data in rows]
            conn.execute(delete(_snapshots).where(_snapshots.c.draft_id == draft_id))
            conn.execute(
                insert(_snapshots).values(
                    process_id=process_id,
                    draft_id=draft_id,
                    data=snapshot,
                    upto_update_id=max(ids, default=0),
                    created_at=now(),
                )
            )
            for start in range(0, len(ids), 500):
                conn.execute(delete(_updates).where(_updates.c.id.in_(ids[start : start + 500])))
            done[0] = True

    with gate:
        _with_retries(write)
    return done[0]


def log_length(draft_id: int) -> int:
    with db.engine.connect() as conn:
        return conn.execute(
            select(func.count()).select_from(_updates).where(_updates.c.draft_id == draft_id)
        ).scalar_one()
