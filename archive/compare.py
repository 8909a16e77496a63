"""Two archives compared apart from ids and timestamps (the round trip's check).

Each table's rows are ordered by id, and every id or reference is replaced by the rank of
the row it names in its table (import keeps the order of ids, so ranks survive it); row
timestamps (``created_at``, ``updated_at``) and the audit entries of the archive's own
import or download are left out."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

from . import scope

_TIMESTAMPS = {"created_at", "updated_at"}
_OWN_EVENTS = {"import", "archive"}


def _load(data: bytes) -> tuple[dict, dict, dict]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        users = {u["id"]: u["email"] for u in json.loads(archive.read("users.json"))}
        tables = {
            name: json.loads(archive.read(entry["file"]))
            for name, entry in manifest["tables"].items()
        }
        parts = {name: hashlib.sha256(archive.read(name)).hexdigest() for name in manifest["parts"]}
    return tables, users, parts


def normalised(data: bytes) -> dict:
    tables, users, parts = _load(data)
    if "audit_event" in tables:
        tables["audit_event"] = [
            r for r in tables["audit_event"] if r.get("action") not in _OWN_EVENTS
        ]
    ranks = {
        name: {row["id"]: rank for rank, row in enumerate(sorted(rows, key=lambda r: r["id"]))}
        for name, rows in tables.items()
        if rows and "id" in rows[0]
    }
    model_tables = scope.model_tables()
    out = {}
    for table_scope in scope.archived_tables():
        name = table_scope.name
        references = {r.column: r.table for r in table_scope.references}
        rows = []
        for row in sorted(tables.get(name, []), key=lambda r: r.get("id", 0)):
            clean = {}
            for column, value in row.items():
                if column in _TIMESTAMPS:
                    continue
                if column == "id":
                    value = ranks[name][value]
                elif column in references and value is not None:
                    value = ranks.get(references[column], {}).get(value, "dangling")
                elif column in table_scope.user_columns and value is not None:
                    value = users.get(value)
                elif column in table_scope.binary_columns and value is not None:
                    value = parts.get(value)
                elif column == "object_id" and name in scope.TYPED_REFERENCES:
                    target = model_tables.get(row.get("object_type"))
                    value = ranks.get(target, {}).get(value)
                elif (name, column) in scope.LOG_POSITIONS:
                    log = ranks.get(scope.LOG_POSITIONS[(name, column)], {})
                    value = max((r for i, r in log.items() if i <= value), default=None)
                elif (name, column) in scope.KEY_COLUMNS:
                    value = _keys(value, ranks, users)
                clean[column] = value
            rows.append(clean)
        out[name] = rows
    return out


def _keys(value, ranks: dict, users: dict):
    def ranked(kind: str, table: str, ident: int) -> str:
        if table == scope.USERS:
            return f"user:{users.get(ident)}"
        return f"{kind}:{ranks.get(table, {}).get(ident)}"

    return scope.rewrite_keys(value, ranked)


def differences(first: bytes, second: bytes, limit: int = 20) -> list[str]:
    """Plain descriptions of where two archives differ (empty: equal)."""
    a, b = normalised(first), normalised(second)
    found = []
    for name in sorted(set(a) | set(b)):
        rows_a, rows_b = a.get(name, []), b.get(name, [])
        if len(rows_a) != len(rows_b):
            found.append(f"{name}: {len(rows_a)} rows, then {len(rows_b)}")
            continue
        for row_a, row_b in zip(rows_a, rows_b, strict=True):
            if row_a != row_b:
                keys = sorted(k for k in set(row_a) | set(row_b) if row_a.get(k) != row_b.get(k))
                found.append(
                    f"{name} row {row_a.get('id')}: "
                    + ", ".join(f"{k}: {row_a.get(k)!r} -> {row_b.get(k)!r}" for k in keys[:4])
                )
                break
        if len(found) >= limit:
            break
    return found
