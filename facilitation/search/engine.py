"""The search index on the database's own full-text engine. No Flask import.

One index per database, every row scoped by process:

- SQLite: an FTS5 virtual table ``search_entry`` with the ``unicode61`` tokenizer and
  ``remove_diacritics 2`` (accents ignored), ranked by ``bm25`` (a title weighs ten times
  the body).
- PostgreSQL: a table ``search_entry`` with a ``tsvector`` column (title weight A, body
  weight B) under a GIN index, built in the process language's text-search configuration
  ('simple' for a language PostgreSQL does not know), through ``unaccent`` when the
  extension could be installed; ranked by ``ts_rank``.

Snippets come back with \\x01 / \\x02 around the matched words: the caller escapes the
text and only then turns the markers into ``<mark>`` (user text is hostile).

The table is not part of the SQLAlchemy metadata (its shape differs per engine): the
migration creates it, and ``create_all``/``drop_all`` do through metadata DDL events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

TABLE = "search_entry"
START, STOP = "\x01", "\x02"
PG_CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "pt": "portuguese"}
_WORD = re.compile(r"\w+", re.UNICODE)
_unaccent_known: dict[str, bool] = {}


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    parent_id: int | None
    body_snippet: str  # the body around the matches (the page shows the live title)


def _is_pg(conn) -> bool:
    return conn.dialect.name == "postgresql"


# --- schema ------------------------------------------------------------------------------


def create_schema(conn) -> None:
    if _is_pg(conn):
        _try_unaccent(conn)
        conn.exec_driver_sql(
            f"CREATE TABLE IF NOT EXISTS {TABLE} ("
            " id BIGSERIAL PRIMARY KEY,"
            " process_id INTEGER NOT NULL REFERENCES process(id) ON DELETE CASCADE,"
            " kind VARCHAR(20) NOT NULL, object_id INTEGER NOT NULL, parent_id INTEGER,"
            " title TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '',"
            " config VARCHAR(20) NOT NULL DEFAULT 'simple',"
            " document TSVECTOR NOT NULL)"
        )
        conn.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_document ON {TABLE} USING gin (document)"
        )
        conn.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_object ON {TABLE} (process_id, kind, object_id)"
        )
    else:
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
            "title, body, process_id UNINDEXED, kind UNINDEXED, object_id UNINDEXED,"
            " parent_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
        )


def drop_schema(conn) -> None:
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {TABLE}")


def _try_unaccent(conn) -> None:
    """Install ``unaccent`` if the server has it and we may; searching works without."""
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
    except sa.exc.DBAPIError:
        pass
    _unaccent_known.pop(str(conn.engine.url), None)


def _unaccent(conn) -> str:
    key = str(conn.engine.url)
    if key not in _unaccent_known:
        found = conn.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
        _unaccent_known[key] = found.first() is not None
    return "unaccent" if _unaccent_known[key] else ""


def config_for(language: str | None) -> str:
    return PG_CONFIGS.get((language or "")[:2], "simple")


def process_config(conn, process_id: int) -> str:
    if not _is_pg(conn):
        return "simple"
    language = conn.execute(
        sa.text("SELECT language FROM process WHERE id = :pid"), {"pid": process_id}
    ).scalar()
    return config_for(language)


# --- writing -----------------------------------------------------------------------------


def remove(conn, process_id: int, kind: str, object_ids: list[int]) -> None:
    for start in range(0, len(object_ids), 500):
        conn.execute(
            sa.text(
                f"DELETE FROM {TABLE} WHERE process_id = :pid AND kind = :kind"
                " AND object_id IN :ids"
            ).bindparams(sa.bindparam("ids", expanding=True)),
            {"pid": process_id, "kind": kind, "ids": object_ids[start : start + 500]},
        )


def prune(conn, kind: str, table: str, process_id: int | None = None) -> None:
    """Drop the entries of ``kind`` whose row is no longer in ``table`` (deleted by a bulk
    statement or a database cascade, out of the session's sight)."""
    scope = " AND process_id = :pid" if process_id is not None else ""
    conn.execute(
        sa.text(
            f"DELETE FROM {TABLE} WHERE kind = :kind{scope}"
            f" AND object_id NOT IN (SELECT id FROM {table} WHERE 1 = 1{scope})"
        ),
        {"kind": kind, "pid": process_id},
    )


def remove_process(conn, process_id: int) -> None:
    conn.execute(sa.text(f"DELETE FROM {TABLE} WHERE process_id = :pid"), {"pid": process_id})


def add(conn, rows: list[dict], config: str = "simple") -> None:
    """Insert rows (process_id, kind, object_id, parent_id, title, body); the caller
    removed any older row of the same objects."""
    if not rows:
        return
    if _is_pg(conn):
        fold = _unaccent(conn)
        conn.execute(
            sa.text(
                f"INSERT INTO {TABLE} (process_id, kind, object_id, parent_id, title, body,"
                " config, document) VALUES (:process_id, :kind, :object_id, :parent_id,"
                " :title, :body, CAST(:config AS TEXT),"
                f" setweight(to_tsvector(CAST(CAST(:config AS TEXT) AS regconfig), {fold}(:title)), 'A')"
                f" || setweight(to_tsvector(CAST(CAST(:config AS TEXT) AS regconfig),"
                f" {fold}(:body)), 'B'))"
            ),
            [{**row, "config": config} for row in rows],
        )
    else:
        conn.execute(
            sa.text(
                f"INSERT INTO {TABLE} (title, body, process_id, kind, object_id, parent_id)"
                " VALUES (:title, :body, :process_id, :kind, :object_id, :parent_id)"
            ),
            rows,
        )


# --- reading -----------------------------------------------------------------------------


def words(query: str) -> list[str]:
    return _WORD.findall(query or "")[:12]


def _fts5_query(terms: list[str]) -> str:
    """Every word must match, each as a prefix; quoting keeps FTS5 syntax out of it."""
    return " ".join('"' + term.replace('"', '""') + '"*' for term in terms)


def search(
    conn,
    process_id: int,
    query: str,
    *,
    kinds: list[str] | None = None,
    limit: int = 20,
    offset: int = 0,
    config: str = "simple",
) -> tuple[dict[str, int], list[Hit]]:
    """(matches per kind, one page of hits best first) for the process."""
    terms = words(query)
    if not terms:
        return {}, []
    params: dict = {"pid": process_id, "limit": limit, "offset": offset}
    kind_filter = ""
    if kinds:
        kind_filter = " AND kind IN :kinds"
        params["kinds"] = list(kinds)
    if _is_pg(conn):
        fold = _unaccent(conn)
        # Prefix matching on every word, as in the SQLite index.
        params["q"] = " & ".join(_pg_term(term) for term in terms)
        params["config"] = config
        params["opts"] = (
            f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=10, MaxFragments=2,"
            ' FragmentDelimiter=" … "'
        )
        match = (
            f"FROM {TABLE}, to_tsquery(CAST(:config AS regconfig), {fold}(:q)) AS query"
            " WHERE process_id = :pid AND document @@ query"
        )
        select_hits = (
            "SELECT kind, object_id, parent_id,"
            " ts_headline(CAST(:config AS regconfig), body, query, :opts) "
            f"{match}{kind_filter} ORDER BY ts_rank(document, query) DESC, id"
            " LIMIT :limit OFFSET :offset"
        )
    else:
        params["q"] = _fts5_query(terms)
        match = f"FROM {TABLE} WHERE {TABLE} MATCH :q AND process_id = :pid"
        select_hits = (
            "SELECT kind, object_id, parent_id,"
            f" snippet({TABLE}, 1, X'01', X'02', '…', 24) "
            f"{match}{kind_filter} ORDER BY bm25({TABLE}, 10.0, 1.0), rowid"
            " LIMIT :limit OFFSET :offset"
        )

    def run(sql: str):
        statement = sa.text(sql)
        if ":kinds" in sql:
            statement = statement.bindparams(sa.bindparam("kinds", expanding=True))
        return conn.execute(statement, params)

    counts = {kind: int(n) for kind, n in run(f"SELECT kind, count(*) {match} GROUP BY kind")}
    hits = [
        Hit(kind, int(object_id), int(parent_id) if parent_id is not None else None, body)
        for kind, object_id, parent_id, body in run(select_hits)
    ]
    return counts, hits


def _pg_term(term: str) -> str:
    """A prefix term for to_tsquery; only word characters reach here, quoted anyway."""
    return "'" + term.replace("'", "''").replace("\\", "") + "':*"
