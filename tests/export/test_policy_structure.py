"""The policy document is one coherent strategy: the co-edited draft is its body, the
cycle reaches it only through cycle blocks, every chapter of a national policy is there
with content, long material is in annexes, and it says what the screens say."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn
from flask_babel import force_locale

from drafting import outline, prosemirror, rooms
from drafting import services as drafting_services
from drafting.export import collect, policy_body, policy_data, services, table_fit
from drafting.export import docx_base as dx
from drafting.export.option_text import option_status, sensitivity_sentence
from drafting.models import DraftKind
from drafting.readiness import drafting_rule, unwritten_chapters
from facilitation.extensions import db
from policycycle.models import OptionStatus, PolicyOption

from .layout_support import body_tables, section_text_widths

ANNEXES = (
    "Action plan",
    "Results framework",
    "Multi-criteria analysis",
    "Risk matrix",
    "Document control and sign-off",
)


def _doc(process) -> Document:
    return Document(io.BytesIO(services.export(process, "policy").data))


def _body_elements(doc):
    """(kind, style, text) of the body in order: paragraphs and tables."""
    out = []
    for element in doc.element.body.iterchildren():
        if element.tag == qn("w:p"):
            style = (
                element.pPr.pStyle.val
                if element.pPr is not None and element.pPr.pStyle is not None
                else ""
            )
            text = "".join(t.text or "" for t in element.iter(qn("w:t")))
            out.append(("p", style, text))
        elif element.tag == qn("w:tbl"):
            out.append(("tbl", "", "".join(t.text or "" for t in element.iter(qn("w:t")))))
    return out


def _heading_level(style: str) -> int | None:
    for level in (1, 2, 3):
        if style.replace(" ", "") in (f"Heading{level}",):
            return level
    return None


def check_structure(doc, annexes=ANNEXES) -> None:
    """Shared by the tests of a factory process, the demo and the large demo."""
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    with force_locale("en"):
        chapters = [str(c.title) for c in outline.chapters()]
    body = [h for h in headings if h in chapters]
    assert body == chapters, headings  # every chapter, once, in order
    for title in annexes:
        assert sum(h.endswith(f": {title}") for h in headings) == 1, (title, headings)
    assert headings.index("Glossary") < next(
        i for i, h in enumerate(headings) if h.startswith("Annex 1:")
    )
    text = "\n".join(p.text for p in doc.paragraphs)
    assert outline.GUIDANCE_MARK not in text  # guidance never reaches the reader
    assert text.count("Vision:") <= 2  # the summary and the vision chapter, one vision
    swot = [t for t in doc.tables if t.cell(0, 0).text == "Strengths"]
    assert len(swot) == 1  # printed once
    # No empty heading: each heading is followed by content before the next heading of
    # the same or a higher level.
    elements = _body_elements(doc)
    for index, (kind, style, heading_text) in enumerate(elements):
        level = _heading_level(style)
        if kind != "p" or level is None:
            continue
        content = False
        for later_kind, later_style, later_text in elements[index + 1 :]:
            later_level = _heading_level(later_style) if later_kind == "p" else None
            if later_level is not None:
                if later_level <= level:
                    break
                continue
            if later_kind == "tbl" or later_text.strip() or later_style == "Figure":
                content = True
                break
        assert content, f"empty heading: {heading_text}"


def test_policy_document_without_a_draft_is_the_complete_national_outline(full_process):
    check_structure(_doc(full_process))


def test_policy_draft_starts_from_the_national_outline_seeded_once(full_process):
    draft = drafting_services.create_draft(full_process.id, None, "Policy", "policy", [])
    db.session.commit()
    with force_locale("en"):
        assert [s.title for s in draft.sections] == outline.chapter_titles()
    tree = prosemirror.tree_from_update(rooms.current_state(full_process.id, draft.id))
    again = prosemirror.tree_from_update(rooms.current_state(full_process.id, draft.id))
    assert tree == again  # loading twice does not seed twice
    headings = [b for b in tree["blocks"] if b["type"] == "heading"]
    assert len(headings) == len(outline.flat())
    kinds = [b.get("cycle_block") for b in tree["blocks"] if b["type"] == "table"]
    for kind in ("summary", "making", "swot", "problem", "objectives", "options", "results"):
        assert kind in kinds
    assert sum(outline.is_guidance(b) for b in tree["blocks"]) == len(outline.flat())
    # A group that writes nothing: the export is still complete, with no guidance in it.
    check_structure(_doc(full_process))


def test_the_exported_body_is_the_draft_and_its_blocks_only(full_process):
    """No second generated copy: a draft holding one chapter exports one chapter."""
    draft = drafting_services.create_draft(
        full_process.id, None, "Short", DraftKind.OTHER.value, ["Our analysis"]
    )
    draft.kind = DraftKind.POLICY
    db.session.commit()
    rooms.change(
        full_process.id,
        draft.id,
        lambda doc: prosemirror.append_blocks(
            prosemirror.fragment_of(doc),
            [{"type": "table", "cycle_block": "swot", "rows": []}],
        ),
    )
    doc = _doc(full_process)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert (
        "Situation analysis" not in headings and "Objectives and policy statements" not in headings
    )
    assert "Our analysis" in headings  # the old title heading was dropped and this promoted
    assert len([t for t in doc.tables if t.cell(0, 0).text == "Strengths"]) == 1


def test_a_chapter_with_only_guidance_is_marked_in_a_draft_and_listed_by_readiness(
    app, full_process
):
    blocks = [
        {"type": "heading", "level": 1, "runs": [prosemirror.plain_run("Financing")]},
        outline.guidance_block("Say how it is funded."),
        {"type": "heading", "level": 1, "runs": [prosemirror.plain_run("Glossary")]},
        {"type": "paragraph", "runs": [prosemirror.plain_run("Migrant: a person who moves.")]},
    ]
    assert unwritten_chapters(blocks) == [(0, "Financing")]
    data = collect.cycle(full_process)
    items = policy_body.prepared({"blocks": blocks}, data, policy_data.PolicyExtras())
    assert policy_body.empty_headings(items) == {0}
    draft = drafting_services.create_draft(full_process.id, None, "Policy", "other", [])
    draft.kind = DraftKind.POLICY
    db.session.commit()
    rooms.change(
        full_process.id,
        draft.id,
        lambda doc: prosemirror.append_blocks(prosemirror.fragment_of(doc), blocks),
    )
    doc = _doc(full_process)
    texts = [p.text for p in doc.paragraphs]
    assert texts[texts.index("Financing") + 1] == "[This chapter is still to be drafted.]"
    with app.test_request_context():
        findings = [f for f in drafting_rule(full_process.id) if "Financing" in f.message]
    assert findings and findings[0].endpoint == "drafting.edit"
    assert findings[0].url_values["_anchor"] == "chapter-2"


def test_options_print_as_on_the_screens(full_process):
    options = db.session.scalars(
        db.select(PolicyOption).where(PolicyOption.process_id == full_process.id)
    ).all()
    baseline = next(o for o in options if o.is_baseline)
    discarded = next(o for o in options if o.status == OptionStatus.DISCARDED)
    assert option_status(baseline) == "Baseline (reference)"
    doc = _doc(full_process)
    cells = {c.text for t in doc.tables for r in t.rows for c in r.cells}
    assert "Under consideration" not in {
        r.cells[1].text for t in doc.tables for r in t.rows if r.cells[0].text == baseline.title
    }
    assert "Baseline (reference)" in cells
    data = collect.cycle(full_process)
    ranked = {oid for t in data.mca for oid in t.result.ranking}
    assert discarded.id not in ranked  # discarded options do not rank
    mca_rows = [
        r.cells[0].text
        for t in doc.tables
        if t.cell(0, len(t.columns) - 1).text == "Rank"
        for r in t.rows[1:]
    ]
    assert discarded.title not in mca_rows


def test_sensitivity_names_the_variation_that_changes_the_first_place():
    from drafting.export.collect import McaTable
    from policycycle.planning import mca

    result = mca.analyse(
        [1, 2, 3],
        [10, 20],
        {10: 1.0, 20: 1.0},
        [(2, 10, 3), (2, 20, -1), (3, 10, 0), (3, 20, 2)],
        baseline=1,
    )
    table = McaTable(
        "SO1",
        "Data",
        [(10, "Cost", 1.0), (20, "Rights", 1.0)],
        [(1, "Baseline", True, ""), (2, "Registry", False, ""), (3, "Survey", False, "")],
        result,
        [],
    )
    from flask import Flask
    from flask_babel import Babel

    app = Flask(__name__)
    Babel(app)
    with app.app_context():
        sentence = sensitivity_sentence(table)
    assert "leaving out “Cost” puts Survey first" in sentence


def test_unrated_sources_are_not_usable_yet(full_process):
    from facilitation.models import Organisation
    from policycycle.evidence import services as evidence

    owner = db.session.scalar(
        db.select(Organisation).where(Organisation.process_id == full_process.id).limit(1)
    )
    source = evidence.save_source(
        full_process.id,
        {"name": "Border crossings register", "source_type": "border_cards", "owner_id": owner.id},
    )
    db.session.commit()
    _profile, usable = policy_data.profile_and_usable(source)
    assert usable == "Not rated yet"
    doc = _doc(full_process)
    rows = [
        [c.text for c in r.cells]
        for t in doc.tables
        for r in t.rows
        if r.cells[0].text == "Border crossings register"
    ]
    assert rows and rows[0][-1] == "Not rated yet"


def _render_pdf(docx_path, tmp_path):
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    pdf = tmp_path / (docx_path.stem + ".pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


def _body_pages(pages: list[str]) -> int:
    starts = [
        n
        for n, page in enumerate(pages, 1)
        if any(line.strip().startswith("Annex 1:") for line in page.splitlines())
    ]
    assert len(starts) == 2  # the table of contents, then the annex itself
    return starts[-1] - 1


def _needs_libreoffice():
    return pytest.mark.skipif(
        shutil.which("soffice") is None or shutil.which("pdftotext") is None,
        reason="LibreOffice (soffice) and poppler-utils are not installed",
    )


@pytest.mark.slow
@_needs_libreoffice()
def test_demo_policy_document_is_complete_and_opens_in_libreoffice(app, tmp_path):
    from demo import loader as demo
    from facilitation.models import Process

    demo.load(app)
    db.session.commit()
    process = db.session.scalars(db.select(Process).order_by(Process.id)).first()
    data = services.export(process, "policy").data
    doc = Document(io.BytesIO(data))
    check_structure(doc)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Kestria" in text  # the group's own writing is the body
    assert "still to be drafted" not in text  # the demo's draft is complete
    path = tmp_path / "demo-policy.docx"
    path.write_bytes(data)
    pages = _render_pdf(path, tmp_path)
    assert 10 <= _body_pages(pages) < 60


@pytest.mark.slow
@_needs_libreoffice()
def test_large_demo_policy_body_stays_under_60_pages(app, tmp_path):
    from demo import loader as demo
    from facilitation.models import Process

    demo.load(app, size="large")
    db.session.commit()
    process = next(
        p for p in db.session.scalars(db.select(Process).order_by(Process.id)) if "Large" in p.title
    )
    data = services.export(process, "policy").data
    # the large demo records no risks: no risk matrix
    check_structure(Document(io.BytesIO(data)), [a for a in ANNEXES if a != "Risk matrix"])
    path = tmp_path / "large-policy.docx"
    path.write_bytes(data)
    assert _body_pages(_render_pdf(path, tmp_path)) < 60


def test_demo_policy_document_is_the_demo_groups_draft_with_its_sign_off(app):
    """Loading the demo agrees its agenda, whose readiness rules read the policy draft
    before the demo is committed: the document exported next, in the same process, is
    still the group's draft (not the bare outline) and its sign-off matrix has a row per
    section (an empty matrix of headings only was printed)."""
    from demo import loader as demo
    from facilitation.models import Process

    demo.load(app)
    db.session.commit()
    process = db.session.scalars(db.select(Process).order_by(Process.id)).first()
    data = services.build(process, "policy").data
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "one household in five receives remittances" in text
    matrix = next(
        t for t in doc.tables if t.rows[0].cells[0].text == "Section" and len(t.columns) > 3
    )
    assert len(matrix.rows) > 10
    # ten institutions: the grid has a landscape page, and no "– Not yet" wraps
    widths = section_text_widths(doc)
    section_width = next(w for tbl, w in body_tables(doc, widths) if tbl is matrix._tbl)
    assert section_width > max(widths[0], 10000)
    assert table_fit.overflowing_words(data) == []
    # What the cycle decided reaches the reader: the agenda with its drivers and
    # decision, the evidence behind each cause, the sources' quality profiles, and the
    # consulted and informed roles of the implementation arrangements.
    headers = {tuple(c.text for c in t.rows[0].cells) for t in doc.tables}
    assert ("Issue", "Drivers and evidence", "Decision") in headers
    assert ("Cause", "Evidence") in headers
    assert any("Quality profile" in h and "Usable" in h for h in headers)
    assert any("Consulted on" in h and "Informed of" in h for h in headers)
    inventory = next(t for t in doc.tables if "Quality profile" in t.rows[0].cells[-2].text)
    assert "Relevance" in inventory.rows[1].cells[-2].text


def test_a_sign_off_matrix_without_sections_prints_no_empty_grid(app):
    from drafting.export import signoff_annex

    annex = signoff_annex.SignoffAnnex(
        institutions=[("MoI", "Ministry of Interior")], sections=[], cells=[]
    )
    doc = dx.new_document()
    signoff_annex.add_matrix(doc, annex, 16.0)
    assert not doc.tables
    assert any("No section of this text" in p.text for p in doc.paragraphs)
