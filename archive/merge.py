"""Merging back: what an archive taken from a process and worked on elsewhere would change.

The story: the server's process is exported, imported on a laptop (new ids) and worked
on offline while the server copy changes too; the laptop's archive then comes back. Its
``lineage.json`` (``archive/lineage.py``) names, for every row, the row it stems from
(its *origin*) and its fingerprint as imported (the BASE). Row by row, three-way:

- same on both sides, or changed on the server only: kept as it is on the server;
- changed on the laptop only: the server row is updated;
- new on the laptop: inserted with a new id (references resolved, also to rows that
  are themselves new); a new row whose unique key (an organisation's name...) matches a
  row new on the server is the same row: equal, or a conflict;
- deleted on one side and unchanged on the other: deleted (on the server);
- changed on both sides (or deleted on one, changed on the other): a *conflict*, which
  the coordinator settles **row by row** (keep the server's row, or take the laptop's);
- the audit trail is append-only: the laptop's new events are appended;
- link tables without an id (``tows_swot_link``...), compared by fingerprint with the
  links as imported (``lineage.json`` ``links``): a link added on the laptop is added, a
  link removed on the laptop (and still on the server) is removed, a link removed on the
  server stays removed;
- the base moves forward (``merge_base.py``): after a merge the server keeps, for that
  laptop, every row as the laptop had it; the next merge from the laptop compares with
  that instead of the import base;
- drafts merge as CRDTs: the laptop's Yjs state is applied to the server's document as
  an update (``merge_apply.py``), so no typed text is lost on either side.

:func:`plan` only reads; :func:`merge_apply.apply` writes, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import UniqueConstraint

from . import lineage, loader, merge_base, scope, writer
from .reader import Archive, ArchiveRefused

CHANGED, ADDED_BOTH, DELETED_LAPTOP, DELETED_SERVER = (
    "changed",
    "added-both",
    "deleted-on-laptop",
    "deleted-on-server",
)
APPEND_ONLY = {"audit_event"}
#: Kinds that are not merged row by row (the Yjs log, see lineage.CRDT_TABLES).
_SKIPPED = lineage.CRDT_TABLES


@dataclass
class Conflict:
    key: str  #: ``<table>/<origin>``: what a choice names
    table: str
    kind: str  #: CHANGED, ADDED_BOTH, DELETED_LAPTOP or DELETED_SERVER
    label: str  #: the row's title, name or first words
    server_id: int | None = None
    laptop_id: int | None = None
    fields: list[str] = field(default_factory=list)


@dataclass
class Plan:
    process_id: int
    #: {table: [(server id, laptop archive id)]} rows changed on the laptop only.
    updates: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    #: {table: [laptop archive id]} rows new on the laptop.
    inserts: dict[str, list[int]] = field(default_factory=dict)
    #: {table: [server id]} rows deleted on the laptop, unchanged on the server.
    deletes: dict[str, list[int]] = field(default_factory=dict)
    #: {table: [(laptop archive id, server id)]} rows new on both sides and equal.
    same_new: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    #: link rows (no id) new on the laptop: {table: [laptop row index]}
    links: dict[str, list[int]] = field(default_factory=dict)
    #: link rows removed on the laptop, still on the server: {table: [server row]}
    unlinks: dict[str, list[dict]] = field(default_factory=dict)
    #: laptop drafts whose text will be merged
    drafts: int = 0

    def counts(self) -> dict[str, dict[str, int]]:
        """{table: {applied, new, deleted, conflicts}} for the tables with anything."""
        out: dict[str, dict[str, int]] = {}

        def bump(table, what, n):
            if n:
                entry = out.setdefault(
                    table, {"applied": 0, "new": 0, "deleted": 0, "conflicts": 0}
                )
                entry[what] += n

        for table, rows in self.updates.items():
            bump(table, "applied", len(rows))
        for table, rows in self.inserts.items():
            bump(table, "new", len(rows))
        for table, rows in self.links.items():
            bump(table, "new", len(rows))
        for table, rows in self.deletes.items():
            bump(table, "deleted", len(rows))
        for table, rows in self.unlinks.items():
            bump(table, "deleted", len(rows))
        for conflict in self.conflicts:
            bump(conflict.table, "conflicts", 1)
        return out

    def as_dict(self) -> dict:
        """The preview as plain data (stored with the page's job)."""
        return {
            "process_id": self.process_id,
            "counts": self.counts(),
            "drafts": self.drafts,
            "conflicts": [c.__dict__ for c in self.conflicts],
        }


class Side:
    """One side's rows in archive form, with their origins and fingerprints."""

    def __init__(self, tables, origins, emails, parts):
        self.tables: dict[str, list[dict]] = tables
        self.origins: lineage.Origins = origins
        self.emails = emails
        self.parts = parts
        self.by_id = {
            name: {row["id"]: row for row in rows if "id" in row} for name, rows in tables.items()
        }

    def canonical(self, table_scope, row) -> dict:
        return lineage.canonical(table_scope, row, self.origins, self.emails, self.parts)

    def fingerprint(self, table_scope, row) -> str:
        return lineage.fingerprint(table_scope, row, self.origins, self.emails, self.parts)


def server_side(process_id: int) -> Side:
    """The process as it is here, in archive form (the writer's own introspection)."""
    import json

    files = writer.collect(process_id)
    manifest = json.loads(files["manifest.json"])
    tables = {name: json.loads(files[entry["file"]]) for name, entry in manifest["tables"].items()}
    users = json.loads(files["users.json"])
    return Side(
        tables,
        lineage.Origins(lineage.installation_id(), lineage.local_origins(process_id)),
        {u["id"]: u["email"].strip().lower() for u in users},
        {name: part["sha256"] for name, part in manifest["parts"].items()},
    )


def laptop_side(archive: Archive) -> Side:
    return Side(
        archive.tables,
        lineage.archive_origins(archive),
        lineage.archive_emails(archive),
        lineage.archive_part_hashes(archive),
    )


def check_related(archive: Archive, process_id: int) -> None:
    """Refuse an archive that was not taken from this process, with a plain message."""
    here = lineage.installation_id()
    source = (archive.lineage or {}).get("source")
    if archive.lineage is None:
        raise ArchiveRefused(
            [
                _(
                    "This archive does not say where it came from (it was written before "
                    "merging existed): it cannot be merged. Import it as a new process instead."
                )
            ]
        )
    if not _well_formed(archive.lineage):
        raise ArchiveRefused([_("The archive's lineage.json is not in the expected form.")])
    if (
        archive.lineage.get("installation") == here
        and archive.manifest["process"].get("id") == process_id
    ):
        raise ArchiveRefused(
            [_("This archive is of this very process: there is nothing to merge.")]
        )
    if (
        not isinstance(source, dict)
        or source.get("installation") != here
        or source.get("process_id") != process_id
    ):
        raise ArchiveRefused(
            [
                _(
                    "This archive was not taken from this process: it can only be merged "
                    "into the process it was exported from. Import it as a new process instead."
                )
            ]
        )


def _well_formed(lineage_section: dict) -> bool:
    """The shapes the merge relies on (docs/archive.schema.json, $defs.lineage)."""
    base = lineage_section.get("base") or {}
    deleted = lineage_section.get("deleted") or {}
    if not isinstance(base, dict) or not isinstance(deleted, dict):
        return False
    if not all(
        isinstance(rows, dict) and all(isinstance(v, str) for v in rows.values())
        for rows in base.values()
    ):
        return False
    links = lineage_section.get("links", {})
    if not isinstance(links, dict) or not all(
        isinstance(rows, list) and all(isinstance(v, str) for v in rows) for rows in links.values()
    ):
        return False
    return all(
        isinstance(rows, list)
        and all(
            isinstance(g, dict)
            and isinstance(g.get("origin"), str)
            and isinstance(g.get("base"), str)
            for g in rows
        )
        for rows in deleted.values()
    )


def label_of(row: dict) -> str:
    for column in ("title", "name", "statement", "summary", "body", "text", "description"):
        value = row.get(column)
        if isinstance(value, str) and value.strip():
            value = value.strip()
            return value if len(value) <= 80 else value[:79] + "…"
    return f"#{row.get('id')}"


def _has_id(table_scope) -> bool:
    return lineage._has_id(table_scope)


def _unique_keys(table_scope) -> list[tuple[str, ...]]:
    keys = []
    for constraint in table_scope.table.constraints:
        if isinstance(constraint, UniqueConstraint):
            keys.append(tuple(c.name for c in constraint.columns))
    for column in table_scope.table.columns:
        if column.unique:
            keys.append((column.name,))
    return [k for k in keys if not any((table_scope.name, c) in scope.SECRETS for c in k)]


def _unique_values(canonical: dict, key: tuple[str, ...]):
    # process_id is left out of canonical forms: both sides are the same process.
    values = tuple(canonical.get(c) for c in key if c != "process_id")
    return None if any(v is None for v in values) else values


def plan(archive: Archive, process_id: int) -> Plan:
    """What merging ``archive`` into the process would do; refuses hostile or unrelated
    archives (nothing is written)."""
    check_related(archive, process_id)
    loader._check(archive)  # every row well-formed, references inside the archive
    laptop = laptop_side(archive)
    server = server_side(process_id)
    bases = (archive.lineage or {}).get("base") or {}
    deleted = (archive.lineage or {}).get("deleted") or {}
    # What this laptop's last merge left (None before the first): it supersedes the
    # archive's import base.
    merged = merge_base.load(process_id, laptop.origins.installation)
    result = Plan(process_id=process_id)
    for table_scope in scope.archived_tables():
        name = table_scope.name
        if name in _SKIPPED:
            continue
        if not _has_id(table_scope):
            _plan_links(table_scope, laptop, server, _link_base(archive, merged, name), result)
            continue
        table_bases = TableBase(name, bases.get(name) or {}, (merged or {}).get(name) or {})
        _plan_table(table_scope, laptop, server, table_bases, deleted, result)
    result.drafts = len(laptop.tables.get("draft", []))
    return result


class TableBase:
    """One table's BASE: what the laptop's last merge left (by origin), else the row as
    the laptop imported it (by archive id)."""

    def __init__(self, name: str, imported: dict, merged: dict):
        self.name = name
        self.imported = imported
        self.merged = merged

    def of(self, laptop_id, origin: str) -> str | None:
        return self.merged.get(origin) or self.imported.get(str(laptop_id))

    def gone(self, laptop: Side, deleted: dict) -> list[tuple[str, str]]:
        """(origin, base) of the rows of the base the laptop no longer has: imported rows
        its archive lists as deleted, and rows it had at its last merge."""
        present = {
            laptop.origins.of(self.name, row["id"]) for row in laptop.tables.get(self.name, [])
        }
        found = {
            g["origin"]: g["base"]
            for g in deleted.get(self.name) or []
            if isinstance(g, dict) and isinstance(g.get("origin"), str)
        }
        for origin, base in self.merged.items():
            if origin not in present:
                found[origin] = base
        return [(origin, self.merged.get(origin, base)) for origin, base in found.items()]


def _link_base(archive: Archive, merged: dict | None, name: str) -> set[str] | None:
    """The links of the base by fingerprint; None when unknown (an archive written
    before links were recorded): then links are only added."""
    if merged is not None:
        return set(merged.get(name) or {})
    links = (archive.lineage or {}).get("links")
    if not isinstance(links, dict):
        return None
    return {v for v in links.get(name) or [] if isinstance(v, str)}


def _server_ids_by_origin(table_scope, server: Side) -> dict[str, int]:
    name = table_scope.name
    return {
        server.origins.of(name, row["id"]): row["id"]
        for row in server.tables.get(name, [])
        if "id" in row  # link tables have none
    }


def _plan_table(
    table_scope, laptop: Side, server: Side, bases: TableBase, deleted: dict, out: Plan
):
    name = table_scope.name
    by_origin = _server_ids_by_origin(table_scope, server)
    seen_server: set[int] = set()
    unique_keys = _unique_keys(table_scope)
    server_unique = {}
    for row in server.tables.get(name, []):
        canonical = server.canonical(table_scope, row)
        for key in unique_keys:
            values = _unique_values(canonical, key)
            if values is not None:
                server_unique[(key, values)] = row["id"]
    for row in laptop.tables.get(name, []):
        laptop_id = row["id"]
        origin = laptop.origins.of(name, laptop_id)
        base = bases.of(laptop_id, origin)
        server_id = by_origin.get(origin)
        if name == scope.ROOT:
            server_id = out.process_id
        laptop_print = laptop.fingerprint(table_scope, row)
        if server_id is None and base is None:
            # New on the laptop, unless the same unique key was added on the server.
            canonical = laptop.canonical(table_scope, row)
            twin = next(
                (
                    server_unique[(key, values)]
                    for key in unique_keys
                    if (values := _unique_values(canonical, key)) is not None
                    and (key, values) in server_unique
                ),
                None,
            )
            if name in APPEND_ONLY or twin is None:
                out.inserts.setdefault(name, []).append(laptop_id)
                continue
            seen_server.add(twin)
            twin_row = server.by_id[name][twin]
            if server.fingerprint(table_scope, twin_row) == laptop_print:
                out.same_new.setdefault(name, []).append((laptop_id, twin))
            else:
                out.conflicts.append(
                    _conflict(table_scope, ADDED_BOTH, origin, twin_row, row, server, laptop)
                )
            continue
        if server_id is None:
            # Deleted on the server since the archive was taken.
            if laptop_print != base and name not in APPEND_ONLY:
                out.conflicts.append(
                    _conflict(table_scope, DELETED_SERVER, origin, None, row, server, laptop)
                )
            continue
        seen_server.add(server_id)
        if name in APPEND_ONLY:
            continue
        server_row = server.by_id.get(name, {}).get(server_id)
        if server_row is None:
            continue
        server_print = server.fingerprint(table_scope, server_row)
        if server_print == laptop_print:
            continue
        if base is not None and server_print == base:
            out.updates.setdefault(name, []).append((server_id, laptop_id))
        elif base is not None and laptop_print == base:
            continue  # changed on the server only
        else:
            out.conflicts.append(
                _conflict(table_scope, CHANGED, origin, server_row, row, server, laptop)
            )
    if name in APPEND_ONLY or name == scope.ROOT:
        return
    for origin, base in bases.gone(laptop, deleted):
        server_id = by_origin.get(origin)
        if server_id is None or server_id in seen_server or base == merge_base.KEPT:
            continue
        server_row = server.by_id[name][server_id]
        if server.fingerprint(table_scope, server_row) == base:
            out.deletes.setdefault(name, []).append(server_id)
        else:
            out.conflicts.append(
                _conflict(table_scope, DELETED_LAPTOP, origin, server_row, None, server, laptop)
            )


def _conflict(table_scope, kind, origin, server_row, laptop_row, server, laptop) -> Conflict:
    fields: list[str] = []
    if server_row is not None and laptop_row is not None:
        mine = server.canonical(table_scope, server_row)
        theirs = laptop.canonical(table_scope, laptop_row)
        fields = sorted(k for k in set(mine) | set(theirs) if mine.get(k) != theirs.get(k))
    return Conflict(
        key=f"{table_scope.name}/{origin}",
        table=table_scope.name,
        kind=kind,
        label=label_of(laptop_row or server_row or {}),
        server_id=server_row["id"] if server_row else None,
        laptop_id=laptop_row["id"] if laptop_row else None,
        fields=fields,
    )


def _plan_links(table_scope, laptop: Side, server: Side, base: set[str] | None, out: Plan):
    """Links have no ids: they are compared by fingerprint, three ways when the base is
    known (a link in the base and missing on one side was removed there)."""
    name = table_scope.name
    here = {server.fingerprint(table_scope, row): row for row in server.tables.get(name, [])}
    theirs = set()
    for index, row in enumerate(laptop.tables.get(name, [])):
        print_ = laptop.fingerprint(table_scope, row)
        if print_ in theirs:
            continue
        theirs.add(print_)
        if print_ in here or (base is not None and print_ in base):
            continue  # on both sides, or removed on the server
        out.links.setdefault(name, []).append(index)
    if base is None:
        return
    for print_, row in here.items():
        if print_ in base and print_ not in theirs:
            out.unlinks.setdefault(name, []).append(row)
