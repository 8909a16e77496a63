"""Keeping the search index in step with the artefacts.

A session ``after_flush`` hook (like the audit trail's) re-indexes every searchable row
created, changed or deleted in the flush, through the flush's own connection, so the index
commits or rolls back with the change: forms, imports, workshop acceptances and the CLI
all go through it. Bulk inserts that bypass the unit of work (the large demo) call
``reindex_process``; draft text is written by ``index_draft_text`` when a draft's log is
compacted.

Rows can also vanish where the session does not see them: a bulk ``DELETE`` sent through
the session (``session.execute(delete(...))``, ``query.delete()``) and a database cascade
(``ON DELETE CASCADE``: deleting an objective removes its options, their instruments and
its actions). Both drop the index entries whose artefact is gone (:func:`engine.prune`),
so a result never links to a deleted artefact. A changed row is indexed again only when
its searchable text changed: on the FTS5 table each rewrite is a scan of the index.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from . import engine
from .kinds import BY_KEY, BY_TABLE, DRAFT_TEXT, KINDS, entry


def _kind_of(obj):
    table = getattr(type(obj), "__tablename__", None)
    return BY_TABLE.get(table) if table else None


def _text_changed(obj, kind) -> bool:
    """Did the flush change what the index holds of this row?"""
    attrs = sa.inspect(obj).attrs
    columns = ("process_id", kind.title, *kind.body, *((kind.parent,) if kind.parent else ()))
    return any(attrs[name].history.has_changes() for name in columns)


# table -> the indexed kinds a deletion of one of its rows removes in the database
# (ON DELETE CASCADE, followed through every level); built once from the metadata.
_cascades: dict[str, set[str]] | None = None
_metadata = None


def cascaded_kinds(table: str) -> set[str]:
    global _cascades
    if _cascades is None:
        _cascades = _cascade_map(_metadata)
    return _cascades.get(table, set())


def _cascade_map(metadata) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    edges = [
        (fk.column.table.name, child.name)
        for child in metadata.tables.values()
        for fk in child.foreign_keys
        if (fk.ondelete or "").upper() == "CASCADE" and fk.column.table.name != "process"
    ]
    changed = True
    while changed:  # follow the cascade down every level
        changed = False
        for parent, child in edges:
            reached = found[child] | ({BY_TABLE[child].key} if child in BY_TABLE else set())
            if not reached <= found[parent]:
                found[parent] |= reached
                changed = True
    return {table: kinds for table, kinds in found.items() if kinds}


def _prune(conn, kinds: set[str], process_id: int | None = None) -> None:
    for key in sorted(kinds):
        kind = BY_KEY[key]
        engine.prune(conn, key, kind.table, process_id)
        if key == "draft":
            engine.prune(conn, DRAFT_TEXT.key, kind.table, process_id)


def _after_flush(session: Session, flush_context) -> None:
    stale: dict[tuple[int, str], list[int]] = defaultdict(list)
    fresh: dict[int, list[dict]] = defaultdict(list)
    dropped_processes: list[int] = []
    relanguaged: list[int] = []
    cascaded: dict[int, set[str]] = defaultdict(set)
    for obj in session.deleted:
        table = getattr(type(obj), "__tablename__", None)
        if table == "process":
            dropped_processes.append(obj.id)
            continue
        if kind := _kind_of(obj):
            stale[(obj.process_id, kind.key)].append(obj.id)
            if kind.key == "draft":
                stale[(obj.process_id, DRAFT_TEXT.key)].append(obj.id)
        if table and (kinds := cascaded_kinds(table)):
            cascaded[obj.process_id] |= kinds
    for obj in session.dirty:
        if getattr(type(obj), "__tablename__", None) == "process":
            if sa.inspect(obj).attrs.language.history.has_changes():
                relanguaged.append(obj.id)
            continue
        kind = _kind_of(obj)
        if kind and _text_changed(obj, kind):
            stale[(obj.process_id, kind.key)].append(obj.id)
            fresh[obj.process_id].append(entry(kind, obj))
    for obj in session.new:
        if kind := _kind_of(obj):
            fresh[obj.process_id].append(entry(kind, obj))
    if not (stale or fresh or dropped_processes or relanguaged or cascaded):
        return
    conn = session.connection()
    for process_id in dropped_processes:
        engine.remove_process(conn, process_id)
    for process_id, kinds in cascaded.items():
        _prune(conn, kinds, process_id)
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


def _after_bulk_delete(state: ORMExecuteState):
    """A ``DELETE`` statement sent through the session: run it, then drop the index
    entries of the indexed rows it removed, itself or by cascade."""
    if not state.is_delete:
        return None
    table = getattr(getattr(state.statement, "table", None), "name", None)
    if table == "process":
        kinds = set(BY_TABLE[name].key for name in BY_TABLE)
    else:
        kinds = cascaded_kinds(table) | ({BY_TABLE[table].key} if table in BY_TABLE else set())
    if not kinds:
        return None
    result = state.invoke_statement()
    _prune(state.session.connection(), kinds)
    return result


def _create(target, connection, **kw) -> None:
    engine.create_schema(connection)


def _drop(target, connection, **kw) -> None:
    engine.drop_schema(connection)


def install(metadata) -> None:
    global _metadata, _cascades
    _metadata, _cascades = metadata, None
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
    if not event.contains(Session, "do_orm_execute", _after_bulk_delete):
        event.listen(Session, "do_orm_execute", _after_bulk_delete)
    # Tests and `create_all` build the index with the tables (the migration does it too).
    if not event.contains(metadata, "after_create", _create):
        event.listen(metadata, "after_create", _create)
        event.listen(metadata, "before_drop", _drop)
