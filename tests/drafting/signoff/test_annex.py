"""The policy document gains the sign-off matrix and the reservations register as
annexes: reopened with python-docx, and opened by LibreOffice."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from drafting.export import services as export_services
from drafting.signoff import services
from facilitation.extensions import db

from .helpers import build, policy_blocks, set_text


def _sign(world, org, user, key, stance, reason=""):
    sections = services.current_sections(world.process.id, world.draft)
    services.record(
        world.process.id,
        world.draft,
        user,
        sections,
        organisation_id=org.id,
        section_key=key,
        stance=stance,
        reason=reason,
    )
    db.session.commit()


def _tables(doc):
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]


@pytest.fixture
def exported(make_process, member, make_user, tmp_path):
    world = build(make_process, member, make_user)
    _sign(world, world.interior, world.interior_focal, "scope", "agree")
    _sign(world, world.labour, world.labour_focal, "scope", "reservation", "Name seasonal work.")
    _sign(world, world.labour, world.labour_focal, "measures", "object", "Costs not agreed.")
    set_text(world.process.id, world.draft.id, policy_blocks(scope="The scope, now rewritten."))
    file = export_services.build(world.process, "policy", draft_id=world.draft.id)
    return world, file.data


def test_the_policy_document_carries_the_matrix_and_the_register(exported):
    world, data = exported
    doc = Document(io.BytesIO(data))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    matrix_at = next(i for i, h in enumerate(headings) if h.endswith("Sign-off matrix"))
    assert headings[matrix_at + 1].endswith("Reservations register")
    tables = _tables(doc)
    matrix = next(t for t in tables if t[0][:3] == ["Section", "MoI", "MoL"])
    assert matrix[1][0] == "1. Scope"
    # Symbols and words, and the earlier text said in words.
    assert matrix[1][1] == "✓ Agrees\non an earlier text"
    assert matrix[1][2].startswith("! Reservation") and "on an earlier text" in matrix[1][2]
    assert matrix[2][1] == "– Not yet" and matrix[2][2] == "✗ Objects"
    register = next(t for t in tables if t[0][0] == "Institution" and "Reason" in t[0])
    reasons = {row[3] for row in register[1:]}
    assert reasons == {"Name seasonal work.", "Costs not agreed."}
    assert all(row[5].startswith("Open") for row in register[1:])


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_annexes(exported, tmp_path):
    _world, data = exported
    source = tmp_path / "policy.docx"
    source.write_bytes(data)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    pdf = tmp_path / "policy.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    keep = os.environ.get("SIGNOFF_PDF_OUT")
    if keep:  # for looking at the pages by eye
        Path(keep).write_bytes(pdf.read_bytes())
    assert "Sign-off matrix" in text and "Reservations register" in text
    words = text.split()
    assert "Costs" in words and "Objects" in words and "Agrees" in words


def test_no_sign_off_annex_before_the_first_position(make_process, member, make_user):
    world = build(make_process, member, make_user)
    data = export_services.build(world.process, "policy", draft_id=world.draft.id).data
    headings = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert not any(h.endswith("Sign-off matrix") for h in headings)
