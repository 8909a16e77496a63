"""The JSON Schema of the archive format, generated from the same introspection that
writes archives (``python -m archive.schema > docs/archive.schema.json``); a test checks
the committed file is current."""

from __future__ import annotations

import json

from sqlalchemy import Enum, String

from . import codec, scope
from .writer import FORMAT, FORMAT_VERSION

_KIND = {
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "datetime": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "part": {"type": "string", "pattern": "^parts/[a-z_]+/[0-9]+\\.[a-z_]+\\.bin$"},
    "json": {},
    "string": {"type": "string"},
}


def _column(column) -> dict:
    kind = codec.kind_of(column)
    schema = dict(_KIND[kind])
    if isinstance(column.type, Enum):
        schema["enum"] = list(column.type.enums)
    elif kind == "string" and isinstance(column.type, String) and column.type.length:
        schema["maxLength"] = column.type.length
    if column.nullable and schema:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return schema


def _table(table_scope: scope.TableScope) -> dict:
    columns = [
        c for c in table_scope.table.columns if (table_scope.name, c.name) not in scope.SECRETS
    ]
    return {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {c.name: _column(c) for c in columns},
            "required": [c.name for c in columns if c.primary_key],
            "additionalProperties": False,
        },
    }


def generate() -> dict:
    tables = scope.archived_tables()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Policy-cycle process archive, format {FORMAT_VERSION}",
        "description": (
            "A zip file: manifest.json (the manifest below), users.json (users), "
            "lineage.json (see $defs.lineage), tables/<table>.json (one array of rows per table, see $defs.tables) and "
            "parts/<table>/<n>.<column>.bin (binary values). See docs/archive.md."
        ),
        "$ref": "#/$defs/manifest",
        "$defs": {
            "manifest": {
                "type": "object",
                "required": [
                    "format",
                    "format_version",
                    "process",
                    "tables",
                    "users",
                    "parts",
                    "audit_position",
                ],
                "properties": {
                    "format": {"const": FORMAT},
                    "format_version": {"type": "integer", "minimum": 1, "maximum": FORMAT_VERSION},
                    "installation": {"type": "string", "maxLength": 36},
                    "lineage": {"const": "lineage.json"},
                    "exported_at": {"type": "string", "format": "date-time"},
                    "process": {
                        "type": "object",
                        "required": ["id", "title"],
                        "properties": {
                            "id": {"type": "integer"},
                            "title": {"type": "string"},
                            "language": {"type": "string"},
                            "audit_events": {"type": "integer"},
                        },
                    },
                    "audit_position": {
                        "type": "object",
                        "required": ["last_event_id", "last_event_at"],
                        "properties": {
                            "last_event_id": {"type": ["integer", "null"]},
                            "last_event_at": {"type": ["string", "null"], "format": "date-time"},
                        },
                    },
                    "users": {"const": "users.json"},
                    "tables": {
                        "type": "object",
                        "propertyNames": {"enum": [t.name for t in tables]},
                        "additionalProperties": {
                            "type": "object",
                            "required": ["file", "rows"],
                            "properties": {
                                "file": {"type": "string", "pattern": "^tables/[a-z_]+\\.json$"},
                                "rows": {"type": "integer", "minimum": 0},
                            },
                        },
                    },
                    "parts": {
                        "type": "object",
                        "additionalProperties": {
                            "type": "object",
                            "required": ["size", "sha256"],
                            "properties": {
                                "size": {"type": "integer", "minimum": 0},
                                "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                            },
                        },
                    },
                },
            },
            "users": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "email"],
                    "properties": {
                        "id": {"type": "integer"},
                        "email": {"type": "string"},
                        "name": {"type": "string"},
                    },
                },
            },
            "lineage": {
                "description": (
                    "lineage.json (format 2): each row's origin (<installation>:<id there>) "
                    "and, for an imported process, each row's fingerprint as imported and "
                    "the imported rows deleted since (and the links as imported). See "
                    "archive/lineage.py."
                ),
                "type": "object",
                "required": ["installation", "source", "origins", "base", "deleted"],
                "properties": {
                    "installation": {"type": "string"},
                    "source": {
                        "anyOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["installation", "process_id"],
                                "properties": {
                                    "installation": {"type": "string"},
                                    "process_id": {"type": "integer"},
                                    "exported_at": {"type": "string"},
                                },
                            },
                        ]
                    },
                    "origins": {
                        "type": "object",
                        "additionalProperties": {
                            "type": "object",
                            "additionalProperties": {"type": "string", "maxLength": 80},
                        },
                    },
                    "base": {
                        "type": "object",
                        "additionalProperties": {
                            "type": "object",
                            "additionalProperties": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                        },
                    },
                    "deleted": {
                        "type": "object",
                        "additionalProperties": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["origin", "base"],
                                "properties": {
                                    "origin": {"type": "string"},
                                    "base": {"type": "string"},
                                },
                            },
                        },
                    },
                    "links": {
                        "description": (
                            "Link tables (no ids): the fingerprints of the links as "
                            "imported, so a merge can tell a link removed here from one "
                            "added on the other side."
                        ),
                        "type": "object",
                        "additionalProperties": {
                            "type": "array",
                            "items": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                        },
                    },
                },
            },
            "tables": {t.name: _table(t) for t in tables},
        },
    }


def dumps() -> str:
    return json.dumps(generate(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover
    from facilitation.app import create_app

    with create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).app_context():
        print(dumps(), end="")
