"""Lineage: which row of which installation each archived row stems from, and its BASE.

Every row has an *origin*, ``<installation id>:<row id there>``: the installation where
the row was first created and its id there. A row created here has this installation's
id and its own id; an imported row keeps the origin it had in the archive (so a process
imported twice still points at the first installation). On import the new process also
keeps each row's *fingerprint* as imported, the common ancestor a three-way merge needs
(``archive/merge.py``). An archive carries both in ``lineage.json``:

.. code-block:: text

    {"installation": "<id of the installation that wrote the archive>",
     "source": {"installation", "process_id", "exported_at"} | null,
     "origins": {table: {"<archive id>": "<origin>"}},      every row with an id
     "base": {table: {"<archive id>": "<fingerprint>"}},    rows as they were imported
     "deleted": {table: [{"origin", "base"}]},              imported rows deleted since
     "links": {table: [<fingerprint>]}}                     links as imported (no ids)

A fingerprint is the sha256 of the row's content with every id replaced by what does not
change between installations: references by the origin of the row they name, people by
e-mail, binary values by their sha256; ids, ``process_id``, timestamps and secrets are
left out."""

from __future__ import annotations

import hashlib
import json
import uuid

from sqlalchemy import insert, select

from facilitation.extensions import db
from facilitation.mixins import utcnow

from . import merge_base, scope
from .models import ArchiveLineage, ArchiveMergeBase, ArchiveOrigin, SiteInstallation

#: Not merged row by row: the Yjs log and snapshot merge as CRDTs (``merge.py``).
CRDT_TABLES = {"draft_update", "draft_snapshot"}
#: Binary states frozen when written (a named version): left out of fingerprints, since
#: import rewrites their comment marks without anyone changing them.
FROZEN_STATES = {("draft_version", "state")}
_LEFT_OUT = {"id", "process_id", "created_at", "updated_at"}


def installation_id() -> str:
    """This installation's id, made on first use."""
    found = db.session.scalar(select(SiteInstallation.installation_id).limit(1))
    if found:
        return found
    # Made with the schema; should the row have been removed, it is made again on its own
    # short transaction, so that a refused import that rolls back does not undo it.
    made = str(uuid.uuid4())
    with db.engine.begin() as connection:
        connection.execute(
            insert(SiteInstallation.__table__).values(installation_id=made, created_at=utcnow())
        )
    return made


def local_origins(process_id: int) -> dict[str, dict[int, str]]:
    """{table: {local id: origin}} of the rows this process imported or merged in."""
    found: dict[str, dict[int, str]] = {}
    for table, local_id, origin in db.session.execute(
        select(ArchiveOrigin.table_name, ArchiveOrigin.local_id, ArchiveOrigin.origin).where(
            ArchiveOrigin.process_id == process_id
        )
    ):
        found.setdefault(table, {})[local_id] = origin
    return found


class Origins:
    """The origin of any row of an archive-shaped set of tables."""

    def __init__(self, installation: str, known: dict[str, dict]):
        self.installation = installation
        self.known = known

    def of(self, table: str, row_id) -> str:
        explicit = self.known.get(table, {}).get(row_id)
        if explicit is None and not isinstance(row_id, str):
            explicit = self.known.get(table, {}).get(str(row_id))
        return explicit or f"{self.installation}:{row_id}"


def _keys(value, origins: Origins, emails: dict):
    def named(kind: str, table: str, ident: int) -> str:
        if table == scope.USERS:
            return f"user:{emails.get(ident, ident)}"
        return f"{kind}:{origins.of(table, ident)}"

    return scope.rewrite_keys(value, named)


def canonical(
    table_scope: scope.TableScope, row: dict, origins: Origins, emails: dict, parts: dict
) -> dict:
    """The row with installation-specific ids replaced (see the module's docstring)."""
    name = table_scope.name
    references = {r.column: r.table for r in table_scope.references}
    model_tables = scope.model_tables()
    out = {}
    for column, value in row.items():
        if (
            column in _LEFT_OUT
            or (name, column) in scope.SECRETS
            or (name, column) in FROZEN_STATES
            or (name, column) in scope.LOG_POSITIONS
        ):
            continue
        if value is not None:
            if column in references:
                value = origins.of(references[column], value)
            elif column in table_scope.user_columns:
                value = emails.get(value, f"person:{value}")
            elif column in table_scope.binary_columns:
                value = parts.get(value, value)
            elif column == "object_id" and name in scope.TYPED_REFERENCES:
                value = origins.of(model_tables.get(row.get("object_type"), "?"), value)
            elif (name, column) in scope.KEY_COLUMNS:
                value = _keys(value, origins, emails)
        out[column] = value
    return out


def fingerprint(table_scope, row, origins, emails, parts) -> str:
    content = canonical(table_scope, row, origins, emails, parts)
    data = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _has_id(table_scope) -> bool:
    keys = list(table_scope.table.primary_key.columns)
    return len(keys) == 1 and keys[0].name == "id"


def section(process_id: int, tables: dict[str, list], emails: dict, parts: dict) -> dict:
    """``lineage.json`` of an archive being written: ``tables`` are its rows (archive
    ids are this installation's ids), ``parts`` {part name: sha256}."""
    here = installation_id()
    known = local_origins(process_id)
    origins = Origins(here, known)
    out = {"installation": here, "source": None, "origins": {}, "base": {}, "deleted": {}}
    lineage = db.session.get(ArchiveLineage, process_id)
    if lineage is not None:
        out["source"] = {
            "installation": lineage.source_installation,
            "process_id": lineage.source_process_id,
            "exported_at": lineage.source_exported_at,
        }
    bases: dict[str, dict[int, str]] = {}
    for table, local_id, base in db.session.execute(
        select(ArchiveOrigin.table_name, ArchiveOrigin.local_id, ArchiveOrigin.base_hash).where(
            ArchiveOrigin.process_id == process_id
        )
    ):
        bases.setdefault(table, {})[local_id] = base
    for table_scope in scope.archived_tables():
        name = table_scope.name
        if not _has_id(table_scope):
            continue
        present = {row["id"] for row in tables.get(name, [])}
        if present:
            out["origins"][name] = {str(i): origins.of(name, i) for i in sorted(present)}
        table_bases = bases.get(name, {})
        base = {str(i): h for i, h in table_bases.items() if i in present}
        if base:
            out["base"][name] = base
        gone = [
            {"origin": known[name][i], "base": h}
            for i, h in sorted(table_bases.items())
            if i not in present and i in known.get(name, {})
        ]
        if gone:
            out["deleted"][name] = gone
    if lineage is not None:
        out["links"] = _links_as_imported(process_id, lineage.source_installation)
    return out


def _links_as_imported(process_id: int, source: str) -> dict[str, list[str]]:
    links: dict[str, list[str]] = {}
    for table, fingerprint in db.session.execute(
        select(ArchiveMergeBase.table_name, ArchiveMergeBase.fingerprint)
        .where(ArchiveMergeBase.process_id == process_id, ArchiveMergeBase.installation == source)
        .order_by(ArchiveMergeBase.table_name, ArchiveMergeBase.fingerprint)
    ):
        links.setdefault(table, []).append(fingerprint)
    return links


def archive_origins(archive) -> Origins:
    """The origins of an archive's rows (an archive without lineage: its exporter's ids)."""
    lineage = archive.lineage or {}
    installation = (
        lineage.get("installation")
        or archive.manifest.get("installation")
        or (f"process-{archive.manifest.get('process', {}).get('id')}")
    )
    known = {}
    tables = lineage.get("origins")
    for table, rows in tables.items() if isinstance(tables, dict) else ():
        if isinstance(rows, dict):
            known[table] = {
                str(k): v for k, v in rows.items() if isinstance(v, str) and len(v) <= 80
            }
    return Origins(str(installation)[:36], known)


def archive_emails(archive) -> dict:
    return {
        p["id"]: p["email"].strip().lower()
        for p in archive.users
        if isinstance(p, dict) and isinstance(p.get("email"), str)
    }


def archive_part_hashes(archive) -> dict:
    return {name: hashlib.sha256(data).hexdigest() for name, data in archive.parts.items()}


def record_import(archive, process_id: int, new_ids: dict[str, dict]) -> None:
    """Remember where the imported process came from and every row as imported."""
    origins = archive_origins(archive)
    emails = archive_emails(archive)
    parts = archive_part_hashes(archive)
    db.session.add(
        ArchiveLineage(
            process_id=process_id,
            source_installation=origins.installation[:36],
            source_process_id=int(archive.manifest["process"].get("id") or 0),
            source_exported_at=str(archive.manifest.get("exported_at", ""))[:40],
        )
    )
    rows, links = [], {}
    for table_scope in scope.archived_tables():
        name = table_scope.name
        if not _has_id(table_scope):
            # Links as imported, so the archive can say which ones were removed here.
            links[name] = {
                print_: print_
                for row in archive.tables.get(name, [])
                if (print_ := fingerprint(table_scope, row, origins, emails, parts))
            }
            continue
        if name in CRDT_TABLES:
            continue
        mapping = new_ids.get(name, {})
        for row in archive.tables.get(name, []):
            new_id = mapping.get(row.get("id"))
            if new_id is None:
                continue
            rows.append(
                {
                    "process_id": process_id,
                    "table_name": name,
                    "local_id": new_id,
                    "origin": origins.of(name, row["id"])[:80],
                    "base_hash": fingerprint(table_scope, row, origins, emails, parts),
                }
            )
    if rows:
        db.session.execute(insert(ArchiveOrigin.__table__), rows)
    merge_base.replace(process_id, origins.installation, {k: v for k, v in links.items() if v})
