"""Layout and file hygiene of every Word export, checked on the reopened files: columns
wide enough for every word (real font metrics), captions, repeated header rows, rows kept
whole, landscape running heads, template fonts, language, core properties, producer,
thumbnail, alt text, locale formatting, and the PDF with its table of contents."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from docx import Document
from docx.oxml.ns import qn

from drafting.export import captions, services, table_fit

from .layout_support import (
    body_tables,
    pdf_text,
    printed_text_sizes,
    section_text_widths,
    soffice_missing,
)
from .test_consultation_report import _consult

WORD = ("policy", "action-plan", "consultation-report")


@pytest.fixture
def exports(full_process):
    _consult(full_process)
    return {kind: services.build(full_process, kind).data for kind in WORD}


def _every_word_fits_its_column_in_every_export(exports):
    for kind, data in exports.items():
        assert table_fit.overflowing_words(data) == [], kind


def test_a_column_too_narrow_for_its_word_is_caught(exports):
    """The checker itself fails on a table squeezed below its words."""
    data = exports["action-plan"]
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            body = source.read(name)
            if name == "word/document.xml":
                body = re.sub(rb'<w:tcW w:w="\d+"', b'<w:tcW w:w="400"', body)
            target.writestr(name, body)
    assert table_fit.overflowing_words(out.getvalue())


def _tables_fit_the_page_repeat_headers_and_keep_rows_whole(exports):
    for kind, data in exports.items():
        doc = Document(io.BytesIO(data))
        widths = section_text_widths(doc)
        for tbl, section_width in body_tables(doc, widths):
            grid = sum(int(c.get(qn("w:w"))) for c in tbl.iter(qn("w:gridCol")))
            assert grid <= section_width + 2, (kind, grid, section_width)
            rows = tbl.findall(qn("w:tr"))
            assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None, kind
            assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows)


def _every_table_has_a_caption_above_and_figures_below(exports):
    for kind, data in exports.items():
        doc = Document(io.BytesIO(data))
        assert captions.missing_captions(doc) == [], kind
        caption_id = doc.styles["Caption"].style_id
        for drawing in doc.element.body.iter(qn("w:drawing")):
            paragraph = drawing.getparent().getparent()
            following = paragraph.getnext()
            style = following.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            assert style is not None and style.get(qn("w:val")) == caption_id, kind


def _captions_are_numbered_in_document_order(exports):
    doc = Document(io.BytesIO(exports["policy"]))
    numbers = [
        int(m.group(1))
        for p in doc.paragraphs
        if p.style.name == "Caption"
        for m in [re.match(r"Table (\d+)", p.text)]
        if m
    ]
    assert numbers == list(range(1, len(numbers) + 1))


def _a_group_row_keeps_with_the_row_below(exports):
    doc = Document(io.BytesIO(exports["action-plan"]))
    # the matrix follows the document-control table: its first row under the header is
    # the first specific objective, one cell across the table
    groups = [
        t.rows[1]._tr
        for t in doc.tables
        if len(t.rows) > 2 and len(t.rows[1]._tr.findall(qn("w:tc"))) == 1
    ]
    assert groups
    assert groups[0].find(f".//{qn('w:keepNext')}") is not None


def _the_draft_mark_sits_at_the_right_margin_of_landscape_pages(exports):
    doc = Document(io.BytesIO(exports["policy"]))
    landscape = [s for s in doc.sections if s.page_width > s.page_height]
    assert landscape
    for section in landscape:
        assert not section.header.is_linked_to_previous
        paragraph = section.header.paragraphs[0]
        assert "DRAFT" in paragraph.text
        stops = [
            (t.get(qn("w:val")), int(t.get(qn("w:pos"))))
            for t in paragraph._p.iter(qn("w:tab"))
            if t.get(qn("w:pos"))
        ]
        right = [pos for kind, pos in stops if kind == "right"]
        width = section.page_width - section.left_margin - section.right_margin
        assert right == [round(width / 635)], stops


def _template_fonts_apply_to_headings_and_body(exports):
    for kind, data in exports.items():
        styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
        assert "Theme=" not in styles and "w:cstheme" not in styles, kind
        doc = Document(io.BytesIO(data))
        assert table_fit.style_font(doc, "Heading 1").family == "Arial"
        assert table_fit.style_font(doc, "Normal").family == "Times New Roman"


def _core_properties_producer_and_no_thumbnail(full_process, exports):
    for kind, data in exports.items():
        doc = Document(io.BytesIO(data))
        props = doc.core_properties
        assert props.author == "Ministry of Interior", kind
        assert props.title.startswith(full_process.title)
        now = datetime.now(UTC)
        assert now - timedelta(hours=1) < props.created.replace(tzinfo=UTC)
        assert props.created.replace(tzinfo=UTC) <= now + timedelta(minutes=1)
        assert props.modified == props.created
        assert props.language == "en-GB"
        package = zipfile.ZipFile(io.BytesIO(data))
        app = package.read("docProps/app.xml").decode()
        assert "Macintosh" not in app and "Policy-cycle toolkit" in app
        assert not [n for n in package.namelist() if "thumbnail" in n]
        assert b"thumbnail" not in package.read("_rels/.rels")
        settings = package.read("word/settings.xml").decode()
        assert 'w:themeFontLang w:val="en-GB"' in settings
        assert 'w:lang w:val="en-GB"' in package.read("word/styles.xml").decode()


def _every_figure_has_alt_text(exports):
    for kind, data in exports.items():
        doc = Document(io.BytesIO(data))
        pictures = list(doc.element.body.iter(qn("wp:docPr")))
        assert all(p.get("descr") and p.get("title") for p in pictures), kind
    assert list(Document(io.BytesIO(exports["policy"])).element.body.iter(qn("wp:docPr")))


def _the_table_of_contents_keeps_its_word_field(exports):
    document = zipfile.ZipFile(io.BytesIO(exports["policy"])).read("word/document.xml").decode()
    assert re.search(r'<w:instrText[^>]*> TOC \\o "1-3"', document)


def test_french_export_formats_numbers_and_dates_in_french(full_process):
    full_process.language = "fr"
    data = services.build(full_process, "action-plan").data
    assert table_fit.overflowing_words(data) == []  # "45 000" does not break at its space
    doc = Document(io.BytesIO(data))
    text = "\n".join(
        cell.text for table in doc.tables for row in table.rows for cell in row.cells
    ) + "\n".join(p.text for p in doc.paragraphs)
    # 1 000 x s x k euros per activity in the factory: French groups with a narrow space
    assert re.search(r"\d[\u202f\u00a0 ]000\b", text), text[:400]
    assert not re.search(r"\d,\d{3}\b", text)
    # activity periods are written by month ("févr. 2026"), in French
    assert re.search(r"\b(janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.) 2026", text)
    assert doc.core_properties.language == "fr-FR"


def test_pdf_without_libreoffice_says_so_on_the_page(app, login_as, full_process):
    app.config["SOFFICE_PATH"] = "/nonexistent/soffice"
    client = login_as(full_process.owner)
    url = f"/p/{full_process.id}/exports/policy/pdf"
    response = client.get(url)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "PDF export needs LibreOffice on the server" in page


def test_cli_pdf_without_libreoffice_fails_clearly(app, full_process, tmp_path):
    app.config["SOFFICE_PATH"] = "/nonexistent/soffice"
    out = tmp_path / "policy.pdf"
    result = app.test_cli_runner().invoke(
        args=["export", "policy", "--process", str(full_process.id), "--out", str(out)]
        + ["--format", "pdf"]
    )
    assert result.exit_code != 0 and "LibreOffice" in result.output
    assert not out.exists()


@pytest.mark.slow
@pytest.mark.skipif(soffice_missing(), reason="LibreOffice and poppler-utils are not installed")
def test_pdf_download_has_toc_page_numbers(login_as, full_process):
    client = login_as(full_process.owner)
    page = client.get(f"/p/{full_process.id}/exports/").get_data(as_text=True)
    assert 'name="format" value="pdf"' in page  # the Exports page offers PDF (as a job)
    # The direct address builds it in the request when no worker runs, as here.
    response = client.get(f"/p/{full_process.id}/exports/policy/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    contents = text[text.index("Contents") :][:3000]
    # "2. Situation analysis ........ 7": every TOC line ends with its page number
    assert len(re.findall(r"\.{5,}\s*\d+\s*$", contents, re.MULTILINE)) >= 5, contents


def _no_figure_text_prints_under_8_pt(exports):
    for kind, data in exports.items():
        sizes = printed_text_sizes(Document(io.BytesIO(data)))
        small = [(alt, round(pt, 2)) for alt, pt in sizes if pt < 7.99]
        assert small == [], kind
    assert len(printed_text_sizes(Document(io.BytesIO(exports["policy"])))) >= 3


def test_layout_and_hygiene_of_every_word_export(full_process, exports):
    """One build of the three Word exports, every check on it."""
    _every_word_fits_its_column_in_every_export(exports)
    _tables_fit_the_page_repeat_headers_and_keep_rows_whole(exports)
    _every_table_has_a_caption_above_and_figures_below(exports)
    _captions_are_numbered_in_document_order(exports)
    _a_group_row_keeps_with_the_row_below(exports)
    _the_draft_mark_sits_at_the_right_margin_of_landscape_pages(exports)
    _template_fonts_apply_to_headings_and_body(exports)
    _core_properties_producer_and_no_thumbnail(full_process, exports)
    _every_figure_has_alt_text(exports)
    _the_table_of_contents_keeps_its_word_field(exports)
    _no_figure_text_prints_under_8_pt(exports)
