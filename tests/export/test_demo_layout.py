"""The Word exports of the demo process and of the large demo, checked as printed:
every word fits its column (real font metrics), every table captioned, no figure text
under 8 pt, and the demo's policy document rendered by LibreOffice with page numbers in
its table of contents."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from demo import loader as demo
from drafting.export import captions, pdf, services, table_fit
from facilitation.extensions import db
from facilitation.models import Process

from .layout_support import pdf_text, printed_text_sizes, soffice_missing


def _check(kind: str, data: bytes) -> None:
    assert table_fit.overflowing_words(data) == [], kind
    doc = Document(io.BytesIO(data))
    assert captions.missing_captions(doc) == [], kind
    small = [(alt, round(pt, 2)) for alt, pt in printed_text_sizes(doc) if pt < 7.99]
    assert small == [], kind


@pytest.mark.slow
def test_demo_exports_fit_and_read_in_print(app):
    demo.load(app)
    db.session.commit()
    process = db.session.scalars(db.select(Process).order_by(Process.id)).first()
    built = {}
    for kind in services.WORD_KINDS:
        if services.available(process.id).get(kind):
            built[kind] = services.build(process, kind).data
            _check(kind, built[kind])
    assert set(built) == set(services.WORD_KINDS)
    if soffice_missing():
        pytest.skip("LibreOffice and poppler-utils are not installed")
    text = pdf_text(pdf.convert(built["policy"], "policy"))
    contents = text[text.index("Contents") :][:4000]
    assert len(re.findall(r"\.{5,}\s*\d+\s*$", contents, re.MULTILINE)) >= 10, contents
    # The contents fit one page: their last entries ran onto a page of their own.
    contents_page = next(page for page in text.split("\f") if "Contents" in page)
    assert "Annex 10" in contents_page and "Endorsements" in contents_page, contents_page


@pytest.mark.slow
def test_large_demo_exports_fit_and_read_in_print(app):
    demo.load(app, size="large")
    db.session.commit()
    process = db.session.scalar(
        db.select(Process).where(Process.title == "Large benchmark process")
    )
    for kind in ("policy", "action-plan"):
        _check(kind, services.build(process, kind).data)
