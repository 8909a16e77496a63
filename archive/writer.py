"""Writing a process archive: one zip holding the whole process (see docs/archive.md).

``manifest.json`` names the format and its version, the process, the audit position the
archive was taken at and every file; ``users.json`` lists the people the rows refer to,
by e-mail; ``tables/<table>.json`` holds each process-scoped table's rows (archive-local
ids); ``parts/...`` holds binary values (Yjs states and updates, uploaded templates)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable

from sqlalchemy import func, select

from facilitation.extensions import db
from facilitation.mixins import utcnow
from facilitation.models import AuditEvent, Process, User

from . import codec, scope

FORMAT = "policycycle-process-archive"
FORMAT_VERSION = 2
#: Format 2 added ``lineage.json`` and ``installation`` (for merging back); format 1
#: archives are still read.


def _row_filter(table_scope: scope.TableScope, process_id: int, by_name: dict):
    """The WHERE clause selecting the process's rows of a table."""
    table = table_scope.table
    if table.name == scope.ROOT:
        return table.c.id == process_id
    if "process_id" in table.c:
        return table.c.process_id == process_id
    # A link table without process_id: through a required parent.
    for reference in table_scope.references:
        if not reference.nullable:
            parent = by_name[reference.table]
            return table.c[reference.column].in_(
                select(parent.table.c.id).where(_row_filter(parent, process_id, by_name))
            )
    raise LookupError(table.name)


def _order(table):
    return [c for c in table.primary_key.columns]


def collect(process_id: int, progress: Callable[[int, str], None] | None = None) -> dict:
    """Every file of the archive as {name: bytes}, manifest last."""
    scopes = scope.archived_tables()
    by_name = {s.name: s for s in scopes}
    files: dict[str, bytes] = {}
    parts: dict[str, dict] = {}
    tables: dict[str, dict] = {}
    user_ids: set[int] = set()
    for index, table_scope in enumerate(scopes):
        if progress:
            progress(5 + 80 * index // len(scopes), "collect")
        table = table_scope.table
        result = db.session.execute(
            select(table)
            .where(_row_filter(table_scope, process_id, by_name))
            .order_by(*_order(table))
        )
        rows = []
        for number, row in enumerate(result.mappings(), start=1):
            out = {}
            for column in table.columns:
                if (table.name, column.name) in scope.SECRETS:
                    continue
                value = row[column.name]
                if column.name in table_scope.binary_columns and value is not None:
                    name = f"parts/{table.name}/{number}.{column.name}.bin"
                    files[name] = bytes(value)
                    parts[name] = {
                        "size": len(value),
                        "sha256": hashlib.sha256(value).hexdigest(),
                    }
                    value = name
                else:
                    value = codec.to_json(column, value)
                if column.name in table_scope.user_columns and value is not None:
                    user_ids.add(value)
                out[column.name] = value
            for key_column in _key_columns(table.name):
                user_ids.update(_user_keys(out.get(key_column)))
            rows.append(out)
        if rows:
            name = f"tables/{table.name}.json"
            files[name] = _dump(rows)
            tables[table.name] = {"file": name, "rows": len(rows)}
    users = db.session.execute(
        select(User.id, User.email, User.name).where(User.id.in_(user_ids)).order_by(User.id)
    ).all()
    files["users.json"] = _dump([{"id": u.id, "email": u.email, "name": u.name} for u in users])
    from . import lineage

    files["lineage.json"] = _dump(
        lineage.section(
            process_id,
            {name: json.loads(files[entry["file"]]) for name, entry in tables.items()},
            {u.id: u.email.strip().lower() for u in users},
            {name: part["sha256"] for name, part in parts.items()},
        )
    )
    process = db.session.get(Process, process_id)
    last = db.session.execute(
        select(AuditEvent.id, AuditEvent.at)
        .where(AuditEvent.process_id == process_id)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": utcnow().isoformat(),
        "process": {
            "id": process_id,
            "title": process.title,
            "language": process.language,
            "audit_events": db.session.scalar(
                select(func.count(AuditEvent.id)).where(AuditEvent.process_id == process_id)
            ),
        },
        "audit_position": {
            "last_event_id": last.id if last else None,
            "last_event_at": last.at.isoformat() if last else None,
        },
        "installation": lineage.installation_id(),
        "users": "users.json",
        "lineage": "lineage.json",
        "tables": tables,
        "parts": parts,
    }
    files["manifest.json"] = _dump(manifest)
    return files


def _key_columns(table_name: str) -> list[str]:
    return [c for t, c in scope.KEY_COLUMNS if t == table_name]


def _user_keys(value) -> set[int]:
    found = set()
    for key in _keys_in(value):
        kind, _, ident = key.partition(":")
        if kind == "user" and ident.isdigit():
            found.add(int(ident))
    return found


def _keys_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        keys = []
        for item in value:
            if isinstance(item, str):
                keys.append(item)
            elif isinstance(item, dict) and isinstance(item.get("key"), str):
                keys.append(item["key"])
        return keys
    return []


def _dump(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def build(process_id: int, progress: Callable[[int, str], None] | None = None) -> bytes:
    """The archive of a process as the bytes of a zip file."""
    files = collect(process_id, progress)
    if progress:
        progress(90, "save")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", files.pop("manifest.json"))
        for name in sorted(files):
            archive.writestr(name, files[name])
    return buffer.getvalue()


def filename(process: Process) -> str:
    stamp = utcnow().strftime("%Y%m%d-%H%M")
    return f"process-{process.id}-{stamp}.pcarchive.zip"
