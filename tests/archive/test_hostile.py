"""Hostile or broken archives are refused with a plain message and leave nothing behind."""

import io
import json
import zipfile

import pytest

from archive import loader, reader, writer
from facilitation.extensions import db

from .helpers import files_of, rezip, with_json


@pytest.fixture
def archive_bytes(rich_process):
    return writer.build(rich_process.id)


def _counts():
    return {
        name: db.session.scalar(db.select(db.func.count()).select_from(table))
        for name, table in db.metadata.tables.items()
    }


def _refused(app, data) -> list[str]:
    before = _counts()
    with pytest.raises(reader.ArchiveRefused) as refused:
        loader.load(reader.read(data, app.config))
    db.session.rollback()
    assert _counts() == before, "a refused archive left rows behind"
    assert refused.value.problems
    return refused.value.problems


def test_zip_bomb_is_refused(app, archive_bytes):
    app.config["ARCHIVE_MAX_INFLATED"] = 2 * 1024 * 1024
    files = files_of(archive_bytes)
    files["parts/draft_update/99.data.bin"] = b"\0" * (8 * 1024 * 1024)
    problems = _refused(app, rezip(files))
    assert any("zip bomb" in p for p in problems)


def test_a_member_that_inflates_past_its_declared_size_is_stopped(app, archive_bytes):
    """The central directory can lie: the real bytes are counted while reading."""
    app.config["ARCHIVE_MAX_INFLATED"] = 1024 * 1024
    app.config["ARCHIVE_MAX_RATIO"] = 10**9
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files_of(archive_bytes).items():
            archive.writestr(name, content)
        for n in range(3):  # each under the limit, together over it
            archive.writestr(f"parts/draft_update/{90 + n}.data.bin", b"\0" * (600 * 1024))
    assert "zip bomb" in " ".join(_refused(app, buffer.getvalue()))


@pytest.mark.parametrize(
    "name",
    ["../evil.json", "/etc/passwd", "tables/../../x.json", "tables\\x.json", "parts/a/../../b.bin"],
)
def test_path_traversal_names_are_refused(app, archive_bytes, name):
    files = files_of(archive_bytes)
    files[name] = b"[]"
    assert any("not allowed" in p for p in _refused(app, rezip(files)))


@pytest.mark.parametrize(
    "version, words",
    [
        (writer.FORMAT_VERSION + 1, "newer version"),
        (0, "not valid"),
        ("1", "not valid"),
        (None, "not valid"),
        (True, "not valid"),
    ],
)
def test_wrong_or_future_format_version_is_refused(app, archive_bytes, version, words):
    data = with_json(archive_bytes, "manifest.json", lambda m: {**m, "format_version": version})
    assert any(words in p for p in _refused(app, data))


def test_not_an_archive_is_refused(app, archive_bytes):
    assert any("not a zip" in p for p in _refused(app, b"MZ\x90\x00 an executable"))
    files = files_of(archive_bytes)
    del files["manifest.json"]
    assert any("no manifest" in p for p in _refused(app, rezip(files)))
    data = with_json(archive_bytes, "manifest.json", lambda m: {**m, "format": "something-else"})
    assert any("not a process archive" in p for p in _refused(app, data))


def test_oversize_archive_is_refused(app, archive_bytes):
    app.config["ARCHIVE_MAX_BYTES"] = len(archive_bytes) - 1
    assert any("larger than" in p for p in _refused(app, archive_bytes))


def test_malformed_json_is_refused(app, archive_bytes):
    files = files_of(archive_bytes)
    files["tables/organisation.json"] = b'[{"id": 1, "name": '
    assert any("not valid JSON" in p for p in _refused(app, rezip(files)))
    files["tables/organisation.json"] = b"[" * 100_000 + b"]" * 100_000  # too deep
    assert any("not valid JSON" in p for p in _refused(app, rezip(files)))
    files["tables/organisation.json"] = b'{"rows": "not a list"}'
    assert any("list of rows" in p for p in _refused(app, rezip(files)))


def test_dangling_references_are_refused(app, archive_bytes):
    def dangle(rows):
        rows[-1]["parent_id"] = 987654
        return rows

    problems = _refused(app, with_json(archive_bytes, "tables/organisation.json", dangle))
    assert any("refers to a missing organisation" in p for p in problems)

    def unknown_person(rows):
        rows[0]["author_id"] = 4242
        return rows

    problems = _refused(app, with_json(archive_bytes, "tables/draft_comment.json", unknown_person))
    assert any("missing from users.json" in p for p in problems)


def test_missing_or_swapped_binary_part_is_refused(app, archive_bytes):
    files = files_of(archive_bytes)
    for name in [n for n in files if n.startswith("parts/export_template/")]:
        del files[name]
    assert any("missing file" in p for p in _refused(app, rezip(files)))


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("name", 12, "text was expected"),
        ("name", "x" * 201, "longer than 200"),
        ("in_core_group", "yes", "true or false"),
        ("category", "secret_society", "known values"),
        ("created_at", "yesterday", "a date"),
        ("id", "one", "whole number"),
        ("id", 2**70, "too large"),
        ("name", None, "a value is required"),
        ("colour", "red", "unknown field"),
    ],
)
def test_wrong_types_are_refused_field_by_field(app, archive_bytes, field, value, words):
    def edit(rows):
        rows[0][field] = value
        return rows

    problems = _refused(app, with_json(archive_bytes, "tables/organisation.json", edit))
    assert any(words in p and "organisation" in p for p in problems), problems


def test_unknown_table_is_refused(app, archive_bytes):
    files = files_of(archive_bytes)
    manifest = json.loads(files["manifest.json"])
    manifest["tables"]["user_account"] = {"file": "tables/user_account.json", "rows": 1}
    files["manifest.json"] = json.dumps(manifest).encode()
    files["tables/user_account.json"] = b'[{"id": 1, "email": "x@y.z", "is_admin": true}]'
    assert any("does not know" in p for p in _refused(app, rezip(files)))


def test_a_database_rule_broken_midway_rolls_everything_back(app, archive_bytes):
    """Two organisations of one name pass the row checks but break a unique rule on
    insert, after the process and other rows went in: all of it is undone."""

    def duplicate(rows):
        rows[-1]["name"] = rows[0]["name"]
        return rows

    problems = _refused(app, with_json(archive_bytes, "tables/organisation.json", duplicate))
    assert any("rule of the database" in p for p in problems)
