"""One number that moves with every committed write to the database.

A stage page re-read by the same person, in the same language, on the same day, with no
write to the database in between, is the same page byte for byte (CSRF token included: it
lives in the session). :mod:`facilitation.page_validators` turns that into an ``ETag``, so
a repeat load is answered ``304 Not Modified`` without rendering. This module gives it the
"no write in between" part.

Every write goes through SQLAlchemy's engine: the ORM, Core statements on ``engine.begin()``
(the co-editing log, the job runner, the archive), in the web server and in the worker
alike. So the engine's events are the one place that sees them all:

- a connection that runs an INSERT, UPDATE, DELETE or DDL statement is marked;
- when a marked connection commits, ``change_stamp.value`` is incremented on the same
  connection just before the commit, so the new stamp becomes visible *with* the data,
  never before it (a reader that saw the new stamp sees the new data);
- a rollback drops the mark.

The stamp is one row for the whole database rather than one per process: any write, to
any process, makes every page be rendered again. Coarse, and always right: a page's
content may come from another process's rows (an organisation, a user's name) or from no
process at all. A reader takes the stamp *before* anything else it shows (see
``page_validators``), so a write committed while it renders gives a newer stamp next time.

The increment is the last statement of the writing transaction: on PostgreSQL the row's
lock is held only while that transaction commits, and it takes no other lock after it, so
it cannot deadlock.
"""

from __future__ import annotations

import re
import weakref

from sqlalchemy import BigInteger, event, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db

TABLE = "change_stamp"
_WROTE = "policycycle.wrote"
_SCHEMA = "schema"  # the mark of a connection that changed the schema (a migration)
# A statement's first word: a schema change, a write, or a CTE that may hold one.
_FIRST_WORD = re.compile(
    r"^\s*(?:(?P<schema>CREATE|DROP|ALTER)|(?P<write>INSERT|UPDATE|DELETE|REPLACE|MERGE|UPSERT"
    r"|TRUNCATE)|(?P<cte>WITH))\b",
    re.I,
)
_WRITE_IN_CTE = re.compile(r"\b(?:INSERT|UPDATE|DELETE)\b", re.I)
_BUMP = f"UPDATE {TABLE} SET value = value + 1 WHERE id = 1"  # noqa: S608 (a constant)

# Engines whose database is known to have the table (create_all/drop_all keep it right in
# tests). Absence is not remembered: a database migrated by another process is seen at once.
_table_on: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()
_watched: weakref.WeakSet[Engine] = weakref.WeakSet()
_HAS_TABLE = {
    "sqlite": f"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{TABLE}'",
    "postgresql": f"SELECT to_regclass('{TABLE}')",
}


class ChangeStamp(db.Model):
    __tablename__ = TABLE

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


def _note_write(conn: Connection, cursor, statement, parameters, context, executemany) -> None:
    first = _FIRST_WORD.match(statement)
    if first is not None and first["schema"]:  # a migration may have made or dropped the table
        conn.info[_WROTE] = _SCHEMA
    elif conn.info.get(_WROTE):
        return
    elif (
        (context is not None and (context.isinsert or context.isupdate or context.isdelete))
        or (first is not None and first["write"])
        or (first is not None and first["cte"] and _WRITE_IN_CTE.search(statement))
    ):
        conn.info[_WROTE] = True


def _raw(conn: Connection, statement: str):
    """Run on the DB-API cursor: inside the connection's transaction, unseen by the events
    here (the increment must not mark the connection again)."""
    cursor = conn.connection.cursor()
    try:
        cursor.execute(statement)
        return cursor.fetchone() if cursor.description else None
    finally:
        cursor.close()


def _has_table(conn: Connection, schema_changed: bool = False) -> bool:
    engine = conn.engine
    if schema_changed or not _table_on.get(engine):
        query = _HAS_TABLE.get(engine.dialect.name)
        row = _raw(conn, query) if query else None
        _table_on[engine] = bool(row and row[0])
    return _table_on[engine]


def _bump_on_commit(conn: Connection) -> None:
    wrote = conn.info.pop(_WROTE, False)
    if wrote and _has_table(conn, schema_changed=wrote == _SCHEMA):
        _raw(conn, _BUMP)


def _forget_write(conn: Connection) -> None:
    conn.info.pop(_WROTE, None)


@event.listens_for(ChangeStamp.__table__, "after_create")
def _first_row(table, connection: Connection, **kw) -> None:
    connection.execute(insert(table).values(id=1, value=0))
    _table_on[connection.engine] = True


@event.listens_for(ChangeStamp.__table__, "after_drop")
def _table_gone(table, connection: Connection, **kw) -> None:
    _table_on[connection.engine] = False


def watch(engine: Engine) -> None:
    """Count the writes committed through ``engine`` (once per engine)."""
    if engine in _watched:
        return
    _watched.add(engine)
    event.listen(engine, "before_cursor_execute", _note_write)
    event.listen(engine, "commit", _bump_on_commit)
    event.listen(engine, "rollback", _forget_write)


def bump() -> None:
    """Move the stamp with no other write: every page tagged so far is out of date."""
    with db.engine.begin() as conn:
        _raw(conn, _BUMP)  # unseen by the events: counted once, not again at the commit


def current() -> int | None:
    """The stamp now, or None where the database has no stamp (not migrated yet)."""
    if not _has_table(db.session.connection()):
        return None
    return db.session.execute(
        select(ChangeStamp.value).where(ChangeStamp.id == 1)
    ).scalar_one_or_none()


def init_app(app) -> None:
    with app.app_context():
        watch(db.engine)
