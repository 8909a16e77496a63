"""Keeping the search index in step with the artefacts.

A session ``after_flush`` hook (like the audit trail's) re-indexes every searchable row
created, changed or deleted in the flush, through the flush's own connection, so the index
commits or rolls back with the change: forms, imports, workshop acceptances and the CLI
all go through it. Bulk inserts that bypass the unit of work (the large demo) call
``reindex_process``; draft text is written by ``index_draft_text`` when a draft's log is
compacted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from . import engine
from .kinds import BY_TABLE, DRAFT_TEXT, KINDS, entry


def _kind_of(obj):
    table = getattr(type(obj), "__tablename__", None)
    return BY_TABLE.get(table) if table else None


def _after_flush(session: Session, flush_context) -> None:
    stale: dict[tuple[int, str], list[int]] = defaultdict(list)
    fresh: dict[int, list[dict]] = defaultdict(list)
    dropped_processes: list[int] = []
    relanguaged: list[int] = []
    for obj in session.deleted:
        if getattr(type(obj), "__tablename__", None) == "process":
            dropped_processes.append(obj.id)
        elif kind := _kind_of(obj):
            stale[(obj.process_id, kind.key)].append(obj.id)
            if kind.key == "draft":
                stale[(obj.process_id, DRAFT_TEXT.key)].append(obj.id)
    for obj in session.dirty:
        if getattr(type(obj), "__tablename__", None) == "process":
            if sa.inspect(obj).attrs.language.history.has_changes():
                relanguaged.append(obj.id)
            continue
        kind = _kind_of(obj)
        if kind and session.is_modified(obj, include_collections=False):
            stale[(obj.process_id, kind.key)].append(obj.id)
            fresh[obj.process_id].append(entry(kind, obj))
    for obj in session.new:
        if kind := _kind_of(obj):
            fresh[obj.process_id].append(entry(kind, obj))
    if not (stale or fresh or dropped_processes or relanguaged):
        return
    conn = session.connection()
    for process_id in dropped_processes:
        engine.remove_process(conn, process_id)
    for (process_id, key), ids in stale.items():
        engine.remove(conn, process_id, key, ids)
    for process_id, rows in fresh.items():
        engine.add(conn, rows, engine.process_config(conn, process_id))
    for process_id in relanguaged:  # PostgreSQL stems in the process language
        if conn.dialect.name == "postgresql":
            reindex_process(conn, process_id)


def reindex_process(conn, process_id: int | None = None) -> int:
    """Rebuild the index of one process (or of all, ``None``); returns the rows written."""
    scope = " WHERE process_id = :pid" if process_id is not None else ""
    params = {"pid": process_id} if process_id is not None else {}
    if process_id is None:
        conn.exec_driver_sql(f"DELETE FROM {engine.TABLE}")
    else:
        engine.remove_process(conn, process_id)
    by_process: dict[int, list[dict]] = defaultdict(list)
    for kind in KINDS:
        columns = ["id", "process_id", kind.title, *kind.body]
        if kind.parent:
            columns.append(kind.parent)
        names = ", ".join(f'"{name}"' for name in columns)
        for row in conn.execute(sa.text(f"SELECT {names} FROM {kind.table}{scope}"), params):
            by_process[row.process_id].append(entry(kind, dict(row._mapping)))
    written = 0
    for pid, rows in by_process.items():
        config = engine.process_config(conn, pid)
        for start in range(0, len(rows), 500):
            engine.add(conn, rows[start : start + 500], config)
        written += len(rows)
    snapshots = conn.execute(
        sa.text(f"SELECT process_id, draft_id, data FROM draft_snapshot{scope}"), params
    )
    for pid, draft_id, data in list(snapshots):
        index_draft_text(conn, pid, draft_id, data)
        written += 1
    return written


# The drafting package registers how a compacted document becomes plain text (the
# foundation does not import it); without it, draft text is simply not indexed.
_draft_text_reader: Callable[[bytes], str] | None = None


def read_draft_text_with(reader: Callable[[bytes], str]) -> None:
    global _draft_text_reader
    _draft_text_reader = reader


def draft_plain_text(snapshot: bytes) -> str:
    return _draft_text_reader(snapshot) if _draft_text_reader and snapshot else ""


def index_draft_text(
    conn, process_id: int, draft_id: int, snapshot: bytes = b"", text: str | None = None
) -> None:
    """Index the text of a draft's compacted document (replacing what was indexed)."""
    title = conn.execute(
        sa.text("SELECT title FROM draft WHERE id = :id"), {"id": draft_id}
    ).scalar()
    engine.remove(conn, process_id, DRAFT_TEXT.key, [draft_id])
    row = {
        "process_id": process_id,
        "kind": DRAFT_TEXT.key,
        "object_id": draft_id,
        "parent_id": None,
        "title": title or "",
        "body": text if text is not None else draft_plain_text(snapshot),
    }
    engine.add(conn, [row], engine.process_config(conn, process_id))


def _create(target, connection, **kw) -> None:
    engine.create_schema(connection)


def _drop(target, connection, **kw) -> None:
    engine.drop_schema(connection)


def install(metadata) -> None:
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
    # Tests and `create_all` build the index with the tables (the migration does it too).
    if not event.contains(metadata, "after_create", _create):
        event.listen(metadata, "after_create", _create)
        event.listen(metadata, "before_drop", _drop)
