"""A finished export's file is kept beside a SQLite database, not in it (a 1.4 MB result
committed into the database held its single write lock while a workshop's ideas waited:
docs/jobs.md), and is still served through the same authorised download route."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import text

from facilitation.extensions import db
from facilitation.jobs import results

from .test_export_jobs import _job_id, _start, _wait


def test_a_finished_exports_file_is_not_in_the_database_and_still_downloads(
    full_process, login_as, job_worker, app, make_process, member
):
    if results.in_database(app.config):
        pytest.skip("the results folder is SQLite's (TEST_DATABASE_URL is a server)")
    client = login_as(full_process.coordinator)
    location = _start(client, full_process, kind="policy")
    job_worker()
    job_id = _job_id(location)
    _html, seen = _wait(client, full_process, job_id)
    assert seen[-1] == "done", seen

    response = client.get(f"/p/{full_process.id}/jobs/{job_id}/download")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.data))
    assert any(p.text == "National Migration Policy 2026–2030" for p in doc.paragraphs)

    # The row names the file; the bytes are not in the database.
    with db.engine.connect() as connection:
        row = connection.execute(
            text("SELECT result, result_file, result_size FROM job WHERE id = :id"),
            {"id": job_id},
        ).one()
    assert row.result is None
    assert row.result_size == len(response.data)
    stored = Path(results.folder(app.config)) / row.result_file
    assert stored.read_bytes() == response.data

    # The same access rules: a member of another process gets 404, not the file.
    stranger = member(make_process())
    assert login_as(stranger).get(f"/p/{full_process.id}/jobs/{job_id}/download").status_code == 404
