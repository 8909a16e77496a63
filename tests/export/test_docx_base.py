"""The shared Word helpers: safe text, fields only from our code, tables, templates."""

from __future__ import annotations

import io
import re
import zipfile

from docx import Document

from drafting.export import docx_base as dx


def _reopen(doc):
    return Document(io.BytesIO(dx.to_bytes(doc)))


def _document_xml(doc) -> str:
    with zipfile.ZipFile(io.BytesIO(dx.to_bytes(doc))) as z:
        return z.read("word/document.xml").decode()


def test_safe_text_strips_xml_illegal_characters():
    assert dx.safe_text("a\x00b\x01c\x0bd\x1fe\ufffe") == "abcde"
    assert dx.safe_text("tab\tline\nend") == "tab\tline\nend"
    assert dx.safe_text(None) == ""


def test_user_text_never_becomes_a_field():
    doc = dx.new_document()
    nasty = '{ PAGE } <w:fldSimple w:instr="PAGE"/> \x01 & "quotes"'
    dx.add_paragraph(doc, nasty)
    dx.add_table(doc, ["H"], [[nasty]], [5])
    xml = _document_xml(doc)
    assert "fldSimple w:instr" not in xml.replace("&lt;w:fldSimple w:instr", "")
    # the only field is the table's caption number, which our code writes
    assert [i.strip() for i in re.findall(r"<w:instrText[^>]*>([^<]*)<", xml)] == [
        "SEQ Table \\* ARABIC"
    ]
    reopened = _reopen(doc)
    expected = nasty.replace("\x01", "")
    assert reopened.paragraphs[0].text == expected
    assert reopened.tables[0].cell(1, 0).text == expected


def test_table_header_repeats_and_rows_do_not_split():
    doc = dx.new_document()
    dx.add_table(doc, ["A", "B"], [[str(i), dx.Cell("x", span=1)] for i in range(30)], [3, 3])
    table = _reopen(doc).tables[0]
    first = table.rows[0]._tr
    assert first.trPr.find(dx.qn("w:tblHeader")) is not None
    assert len(table.rows) == 31
    assert table.style.name == dx.TABLE_STYLE


def test_spanned_cells_and_shading():
    doc = dx.new_document()
    dx.add_table(doc, ["A", "B", "C"], [[dx.Cell("wide", span=2, shade="F2F2F2"), "c"]], [2, 2, 2])
    xml = _document_xml(doc)
    assert '<w:gridSpan w:val="2"/>' in xml
    assert 'w:fill="F2F2F2"' in xml


def test_caption_and_toc_and_page_fields_are_ours():
    doc = dx.new_document()
    counters = dx.Counters()
    dx.add_heading(doc, "Intro", 1)
    dx.add_caption(doc, "Table", "First", counters, kind="Table")
    dx.add_caption(doc, "Table", "Second", counters, kind="Table")
    dx.add_toc(doc, "Contents", [(1, "1. Intro")])
    dx.set_header_footer(doc.sections[0], "Title", "Page", "of", mark="DRAFT")
    xml = _document_xml(doc)
    assert "SEQ Table" in xml and "TOC \\o" in xml
    reopened = _reopen(doc)
    captions = [p.text for p in reopened.paragraphs if p.style.name == "Caption"]
    assert captions == ["Table 1: First", "Table 2: Second"]
    footer = reopened.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert "DRAFT" in reopened.sections[0].header.paragraphs[0].text
    settings = reopened.settings.element.xml
    assert "updateFields" in settings


def test_lists_restart_numbering_and_nest():
    doc = dx.new_document()
    first = dx.new_list(doc, ordered=True)
    second = dx.new_list(doc, ordered=True)
    assert first != second
    dx.add_run(dx.add_list_paragraph(doc, first, 0), "one")
    dx.add_run(dx.add_list_paragraph(doc, first, 1), "nested")
    reopened = _reopen(doc)
    levels = [p._p.pPr.numPr.ilvl.val for p in reopened.paragraphs]
    assert levels == [0, 1]


def test_landscape_section_swaps_the_page():
    doc = dx.new_document()
    dx.add_paragraph(doc, "portrait")
    section = dx.add_section(doc, landscape=True)
    assert section.page_width > section.page_height
    reopened = _reopen(doc)
    assert reopened.sections[0].page_width < reopened.sections[0].page_height
    assert reopened.sections[1].page_width > reopened.sections[1].page_height


def test_reference_template_has_every_required_style():
    names = {s.name for s in dx.new_document().styles}
    assert set(dx.REQUIRED_STYLES) <= names


def test_template_problems_refuses_non_docx_and_lists_missing_styles():
    assert dx.template_problems(b"not a zip")[0] == ["not-docx"]
    plain = io.BytesIO()
    Document().save(plain)
    errors, missing = dx.template_problems(plain.getvalue())
    assert errors == []
    assert "Policy Table" in missing and "Heading 1" not in missing
    doc = dx.new_document(plain.getvalue())  # merged from the reference
    assert {"Policy Table", "Table Text", "Draft Mark"} <= {s.name for s in doc.styles}


def test_unsafe_links_become_plain_text():
    doc = dx.new_document()
    paragraph = doc.add_paragraph()
    dx.add_hyperlink(paragraph, "bad", "javascript:alert(1)")
    dx.add_hyperlink(paragraph, "good", "https://example.org/a?b=1&c=2")
    xml = paragraph._p.xml
    assert xml.count("<w:hyperlink") == 1
    rels = [r.target_ref for r in doc.part.rels.values() if r.is_external]
    assert rels == ["https://example.org/a?b=1&c=2"]
