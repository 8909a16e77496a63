"""Archive export: one zip with the whole process, versioned, valid against its schema."""

import hashlib
import json
import pathlib

import jsonschema

from archive import writer
from facilitation.cli import cli
from facilitation.extensions import db
from facilitation.models import AuditEvent

from .helpers import files_of, json_of

DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs"


def test_cli_writes_the_whole_process(app, rich_process, tmp_path):
    out = tmp_path / "process.zip"
    result = app.test_cli_runner().invoke(
        cli, ["archive", "export", "--process", str(rich_process.id), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    files = files_of(out.read_bytes())
    manifest = json.loads(files["manifest.json"])
    assert manifest["format"] == "policycycle-process-archive"
    assert manifest["format_version"] == writer.FORMAT_VERSION
    for table in (
        "process",
        "organisation",
        "membership",
        "draft",
        "draft_update",
        "draft_version",
        "draft_comment",
        "export_template",
        "audit_event",
    ):
        assert table in manifest["tables"], table
    emails = {u["email"] for u in json.loads(files["users.json"])}
    assert {"owner@archive.test", "writer@archive.test"} <= emails
    # binary values are parts of the zip, named by the row and checked by a digest
    template = json.loads(files["tables/export_template.json"])[0]
    assert files[template["data"]] == b"PK\x03\x04 not really"
    for name, part in manifest["parts"].items():
        assert hashlib.sha256(files[name]).hexdigest() == part["sha256"]
    # no secret of the installation leaves it
    assert "token_hash" not in files["tables/membership.json"].decode()


def test_records_the_audit_position_it_was_taken_at(app, rich_process):
    last = db.session.scalars(
        db.select(AuditEvent)
        .where(AuditEvent.process_id == rich_process.id)
        .order_by(AuditEvent.id.desc())
    ).first()
    manifest = json_of(writer.build(rich_process.id), "manifest.json")
    assert manifest["audit_position"]["last_event_id"] == last.id
    assert manifest["audit_position"]["last_event_at"] == last.at.isoformat()


def test_archive_is_valid_against_the_documented_schema(app, rich_process):
    schema = json.loads((DOCS / "archive.schema.json").read_text(encoding="utf-8"))
    files = files_of(writer.build(rich_process.id))
    manifest = json.loads(files["manifest.json"])
    jsonschema.validate(manifest, schema)
    users = {"$ref": "#/$defs/users", "$defs": schema["$defs"]}
    jsonschema.validate(json.loads(files["users.json"]), users)
    for table, entry in manifest["tables"].items():
        rows = json.loads(files[entry["file"]])
        assert len(rows) == entry["rows"]
        jsonschema.validate(rows, {"$ref": f"#/$defs/tables/{table}", "$defs": schema["$defs"]})


def test_only_this_process_is_archived(app, rich_process, make_process):
    other = make_process(title="Another policy")
    files = files_of(writer.build(rich_process.id))
    for name, content in files.items():
        if name.startswith("tables/"):
            for row in json.loads(content):
                assert row.get("process_id", rich_process.id) == rich_process.id, name
    assert other.title not in files["tables/process.json"].decode()
