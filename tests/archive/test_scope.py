"""Nothing process-scoped is silently left out of an archive, and the schema is current."""

import json
import pathlib

import sqlalchemy as sa

from archive import schema, scope
from facilitation.extensions import db

DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs"


def test_every_table_is_archived_or_excluded_with_a_reason(app):
    archived = set(scope.archived_table_names())
    missing = sorted(set(db.metadata.tables) - archived - set(scope.EXCLUDED))
    assert not missing, f"tables neither archived nor in scope.EXCLUDED: {missing}"
    assert not archived & set(scope.EXCLUDED)
    assert set(scope.EXCLUDED) <= set(db.metadata.tables), "an exclusion names no table"
    assert all(reason.strip() for reason in scope.EXCLUDED.values())


def test_a_new_process_scoped_table_is_found_and_an_unscoped_one_is_reported():
    """Walking the metadata, not a list: a child of a child of ``process`` is archived; a
    table that hangs off nothing process-scoped shows up as missing until excluded."""
    metadata = sa.MetaData()
    sa.Table("process", metadata, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "note",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("process_id", sa.ForeignKey("process.id"), nullable=False),
    )
    sa.Table(
        "note_reply",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("note_id", sa.ForeignKey("note.id"), nullable=False),
    )
    sa.Table("site_setting", metadata, sa.Column("id", sa.Integer, primary_key=True))
    names = scope.archived_table_names(metadata)
    assert names == ["process", "note", "note_reply"]
    assert set(metadata.tables) - set(names) - set(scope.EXCLUDED) == {"site_setting"}


def test_the_committed_json_schema_is_current(app):
    committed = (DOCS / "archive.schema.json").read_text(encoding="utf-8")
    assert json.loads(committed) == json.loads(schema.dumps()), (
        "docs/archive.schema.json is stale: python -m archive.schema > docs/archive.schema.json"
    )
