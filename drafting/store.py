"""The database side of a room: the append-only log, snapshots and compaction.

Core statements on their own short transactions: an update is durable when ``append``
returns, before it is relayed. Callers must not hold uncommitted ORM writes on the same
database while calling these (SQLite allows one writer).

Under gevent (``python -m facilitation``) a database driver call blocks the whole event
loop: a write waiting for a lock held elsewhere (SQLite's busy timeout, a PostgreSQL row
lock) would freeze every page and socket. Writes therefore run in a real OS thread from
gevent's thread pool while the calling greenlet waits, and a write that fails because
the database is busy is tried again for a while before the caller is told. The one
exception is the update log on SQLite, written on the loop when that cannot wait (no
lock wait, no checkpoint: see ``_write_on_loop``), because handing every keystroke's
commit to a thread cost more than the commit.

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
from functools import partial
from typing import TypeVar

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from facilitation.extensions import db
from facilitation.mixins import utcnow as now
from facilitation.search import indexing as search_indexing

from .crdt import build_snapshot
from .models import DraftSnapshot, DraftUpdate
from .prosemirror import plain_text, tree_from_update

_updates = DraftUpdate.__table__
_snapshots = DraftSnapshot.__table__

#: The advisory lock namespace of draft logs (pg_advisory_xact_lock(class, draft id)).
LOCK_CLASS = 0x5043  # "PC"

#: How long a write keeps being retried while the database is locked or busy.
RETRY_FOR_SECONDS = 30.0
RETRY_PAUSE_SECONDS = 0.25

T = TypeVar("T")


def on_gevent_loop() -> bool:
    """True in the gevent server (monkey-patched); False in tests, the CLI and threads.

    Flask-SocketIO reports ``async_mode == "gevent"`` whenever gevent is installed, even
    where nothing is patched and no loop would ever run a spawned greenlet."""
    try:
        from gevent import monkey
    except ImportError:  # pragma: no cover - gevent is a dependency
        return False
    return monkey.is_module_patched("socket")


def off_loop(fn: Callable[..., T], *args) -> T:
    """Run a blocking call in an OS thread when gevent drives the server, else directly."""
    if not on_gevent_loop():
        return fn(*args)
    from gevent import get_hub

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
    append_many([(process_id, draft_id, data)])


#: The log's INSERT as the database driver takes it, per engine (see ``_prepared_insert``).
_prepared: dict[Engine, tuple[str, Callable[[tuple], object]]] = {}


def _prepared_insert(engine: Engine) -> tuple[str, Callable[[tuple], object]]:
    """The INSERT of one log row, compiled once for the engine's dialect, and how a
    ``(process_id, draft_id, data, created_at)`` row becomes its driver parameters.

    Every keystroke of a busy server is written here (in an OS thread, holding the GIL
    the event loop needs): going through the Core execution path for each batch cost
    more than the write itself. The column types' own bind processors still convert
    the values, so the rows are stored exactly as through SQLAlchemy."""
    found = _prepared.get(engine)
    if found is not None:
        return found
    dialect = engine.dialect
    names = ("process_id", "draft_id", "data", "created_at")
    compiled = insert(_updates).inline().compile(dialect=dialect, column_keys=list(names))
    convert = {
        name: _updates.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    }

    def value(name: str, raw):
        process = convert[name]
        return process(raw) if process is not None else raw

    if compiled.positional:
        order = [names.index(key) for key in compiled.positiontup]

        def params(row: tuple) -> object:
            return tuple(value(names[i], row[i]) for i in order)

    else:

        def params(row: tuple) -> object:
            return {name: value(name, row[i]) for i, name in enumerate(names)}

    found = _prepared[engine] = (str(compiled), params)
    return found


def append_many(rows: list[tuple[int, int, bytes]], *, on_loop: bool | None = None) -> None:
    """Append ``(process_id, draft_id, update)`` rows in one transaction, in order.

    On the gevent loop with SQLite the rows are first written right there, without
    waiting for anything (:func:`_write_on_loop`); only when the database is locked does
    the write go to an OS thread and wait there, retried, as every write did before."""
    created = now()

    def write(engine: Engine, wait: bool = True) -> None:
        sql, params = _prepared_insert(engine)
        values = [params((p, d, data, created)) for p, d, data in rows]
        connection = engine.raw_connection()  # the pool's, with its pragmas
        try:
            if not wait:
                _set_waiting(connection, busy_ms=0, checkpoint_pages=0)
            cursor = connection.cursor()
            try:
                cursor.executemany(sql, values)
            finally:
                cursor.close()
            connection.commit()
        except engine.dialect.loaded_dbapi.OperationalError as exc:
            connection.rollback()
            raise OperationalError(sql, None, exc) from exc  # locked or busy: retried
        except BaseException:
            connection.rollback()
            raise
        finally:
            if not wait:
                _restore_waiting(connection)
            connection.close()

    if on_loop is None:
        on_loop = on_gevent_loop()
    if on_loop and _write_on_loop(write):
        return
    _with_retries(write)


#: SQLite's busy timeout of every pooled connection (facilitation/app.py's pragmas).
BUSY_TIMEOUT_MS = 5000
#: Log commits written on the loop between two checkpoints run in an OS thread.
CHECKPOINT_EVERY_COMMITS = 200


def _set_waiting(connection, *, busy_ms: int, checkpoint_pages: int) -> None:
    cursor = connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        cursor.execute(f"PRAGMA wal_autocheckpoint={int(checkpoint_pages)}")
    finally:
        cursor.close()


def _restore_waiting(connection) -> None:
    """Give the pool its connection back as the pages expect it (waiting for locks)."""
    try:
        _set_waiting(connection, busy_ms=BUSY_TIMEOUT_MS, checkpoint_pages=1000)
    except Exception:  # never hand a non-waiting connection to a page: drop it instead
        connection.invalidate()


class LoopWrites:
    """What the loop-side log writes did, for the operator and the tests."""

    written = 0  # commits made on the loop
    deferred = 0  # found the database locked: waited for in an OS thread instead
    checkpoints = 0  # checkpoints handed to an OS thread
    checkpointing = False


def _write_on_loop(write: Callable[..., None]) -> bool:
    """Write the log rows on the event loop if that cannot wait; True when written.

    Handing every commit to an OS thread cost more than the commit: under load py-spy
    put about a third of the loop's time in waking the thread and handing the GIL back
    and forth, and it doubled the server's CPU per keystroke. A SQLite commit in WAL
    mode with ``synchronous=NORMAL`` is a few page writes without ``fsync``; the two ways
    it could freeze the loop are avoided: the connection does not wait for a lock
    (``busy_timeout=0``: a locked database raises at once and the write goes to an OS
    thread as before) and does not checkpoint (``wal_autocheckpoint=0``, the step that
    copies the WAL back and calls ``fsync``): a passive checkpoint runs in an OS thread every
    :data:`CHECKPOINT_EVERY_COMMITS` commits instead. PostgreSQL (a network round trip
    and the server's ``fsync``) always goes through the thread."""
    engine = db.engine
    if engine.dialect.name != "sqlite":
        return False
    try:
        write(engine, False)
    except OperationalError:
        LoopWrites.deferred += 1
        return False
    LoopWrites.written += 1
    if LoopWrites.written % CHECKPOINT_EVERY_COMMITS == 0 and not LoopWrites.checkpointing:
        _checkpoint_off_loop(engine)
    return True


def _checkpoint_off_loop(engine: Engine) -> None:
    """A passive WAL checkpoint in an OS thread (it never blocks writers or readers)."""
    LoopWrites.checkpointing = True

    def checkpoint() -> None:
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
            LoopWrites.checkpoints += 1
        except Exception:  # a later one will do; SQLite checkpoints on its own as well
            pass
        finally:
            LoopWrites.checkpointing = False

    if on_gevent_loop():
        import gevent

        gevent.spawn(off_loop, checkpoint)
    else:
        checkpoint()


class PendingWrite:
    """An update queued in a :class:`LogWriter`; ``wait()`` returns once it is durable."""

    __slots__ = ("row", "done", "error")

    def __init__(self, row: tuple[int, int, bytes]) -> None:
        self.row = row
        self.done = threading.Event()
        self.error: BaseException | None = None

    def wait(self) -> None:
        self.done.wait()
        if self.error is not None:
            raise self.error


class LogWriter:
    """Group commit for the update log of a busy server.

    Writing each keystroke on its own (one transaction, one hand-over to an OS thread)
    cost more than applying it. Here updates are queued in the order they were applied
    (callers hold the room's lock while queueing) and one writer task writes everything
    queued in one transaction, then wakes the callers, who only then relay. Updates that
    arrive while a write is under way go together in the next one: an idle server writes
    each at once, a busy one writes fewer, larger transactions. Still durable before
    relayed; a failed write fails every update in it (their rooms reload and resync)."""

    def __init__(self, app, spawn: Callable[..., object]) -> None:
        self.app = app
        self._spawn = spawn
        self._lock = threading.Lock()
        self._queue: list[PendingWrite] = []
        self._running = False
        self.writes = 0  # transactions, and rows written, for the operator
        self.rows = 0

    def saver(self, process_id: int, draft_id: int) -> Callable[[bytes], PendingWrite]:
        return partial(self.submit, process_id, draft_id)

    def submit(self, process_id: int, draft_id: int, data: bytes) -> PendingWrite:
        pending = PendingWrite((process_id, draft_id, data))
        with self._lock:
            self._queue.append(pending)
            start, self._running = not self._running, True
        if start:
            self._spawn(self._run)
        return pending

    def _run(self) -> None:
        while True:
            with self._lock:
                batch, self._queue = self._queue, []
                if not batch:
                    self._running = False
                    return
            try:
                with self.app.app_context():
                    append_many([p.row for p in batch])
            except BaseException as exc:
                for p in batch:
                    p.error = exc
                    p.done.set()
                if not isinstance(exc, Exception):
                    with self._lock:
                        self._running = False
                    raise
                continue
            self.writes += 1
            self.rows += len(batch)
            for p in batch:
                p.done.set()


#: One compaction at a time per draft within a process (PostgreSQL also locks across them).
_compacting: dict[int, threading.Lock] = {}


def plain_text_of(snapshot: bytes) -> str:
    """A compacted document's text, one line per paragraph (what search indexes)."""
    return plain_text(tree_from_update(snapshot)["blocks"]) if snapshot else ""


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
            # The draft's text becomes searchable with the state it was compacted into.
            search_indexing.index_draft_text(
                conn, process_id, draft_id, text=plain_text_of(snapshot)
            )
            done[0] = True

    with gate:
        _with_retries(write)
    return done[0]


def log_length(draft_id: int) -> int:
    with db.engine.connect() as conn:
        return conn.execute(
            select(func.count()).select_from(_updates).where(_updates.c.draft_id == draft_id)
        ).scalar_one()
