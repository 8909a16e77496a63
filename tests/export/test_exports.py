"""Every export reopened with python-docx/openpyxl and checked against the data."""

from __future__ import annotations

import io

from docx import Document
from openpyxl import load_workbook

from drafting.export import collect, services
from facilitation.extensions import db
from facilitation.models import AuditEvent
from policycycle.models import Action

from . import factory


def _docx(data: bytes):
    return Document(io.BytesIO(data))


def _headings(doc) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]


def test_policy_document_structure_follows_the_cycle(full_process):
    file = services.export(full_process, "policy")
    doc = _docx(file.data)
    top = [text for style, text in _headings(doc) if style == "Heading 1"]
    assert top == [
        "Acronyms",
        "Executive summary",
        "Introduction",
        "Situation analysis",
        "Problem statement",
        "Vision and guiding principles",
        "Alignment with international frameworks",
        "Objectives and policy statements",
        "Options appraisal",
        "Policy instruments",
        "Institutional and coordination arrangements",
        "Financing",
        "Risks and mitigation",
        "Monitoring and evaluation",
        "Glossary",
        "Annex 1: Action plan",
        "Annex 2: Results framework",
        "Annex 3: Costing and financing plan",
        "Annex 4: Multi-criteria analysis",
        "Annex 5: Risk matrix",
        "Annex 6: Document control and sign-off",
    ]
    assert doc.paragraphs[0].text == "" and any(
        p.text == full_process.title and p.style.name == "Title" for p in doc.paragraphs
    )
    assert any("DRAFT" in p.text for p in doc.paragraphs[:15])
    body = doc.element.body.xml
    assert "TOC \\o" in body
    # figures: problem tree, objectives tree, MCA ranking, Gantt
    assert len(doc.inline_shapes) == 4
    assert all(shape.width > 0 for shape in doc.inline_shapes)
    # acronyms table lists the organisations with an acronym
    assert [r.cells[0].text for r in doc.tables[0].rows[1:]] == ["MFA", "MoI", "MoLSP", "NSO"]
    # the user's control character was dropped, the field-like text kept as text
    text = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert factory.NASTY.replace("\x01", "") in text
    assert doc.sections[0].header.paragraphs[0].text.startswith(full_process.title)


def test_policy_document_without_draft_mark_once_validated(full_process):
    factory.agree_validation(full_process)
    doc = _docx(services.export(full_process, "policy").data)
    assert not any("DRAFT" in p.text for p in doc.paragraphs)


def _matrix(doc):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == "Code")


def test_action_plan_docx_one_row_per_action_with_subtotals(full_process):
    doc = _docx(services.export(full_process, "action-plan").data)
    assert doc.sections[0].page_width > doc.sections[0].page_height
    table = _matrix(doc)
    header = [c.text for c in table.rows[0].cells]
    assert header[:3] == ["Code", "Activity and output", "Responsibilities"]
    assert len(header) == 7
    assert (
        table.rows[0]._tr.trPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader"
        )
        is not None
    )
    codes = [r.cells[0].text for r in table.rows[1:]]
    action_codes = [c for c in codes if c.startswith("A")]
    actions = db.session.scalars(
        db.select(Action).where(Action.process_id == full_process.id)
    ).all()
    assert len(action_codes) == len(actions) == 6
    assert action_codes == sorted(action_codes)
    subtotals = [r for r in table.rows if r.cells[0].text.startswith("Subtotal")]
    assert [r.cells[5].text for r in subtotals] == ["6,000", "12,000"]
    assert table.rows[-1].cells[5].text == "18,000"
    lead = [r.cells[2].text for r in table.rows[1:] if r.cells[0].text.startswith("A")]
    assert all(text.startswith("A: MoLSP\nR: ") for text in lead)
    assert len(doc.inline_shapes) == 1  # the Gantt chart


def test_action_plan_xlsx_types_filters_and_frozen_header(full_process):
    wb = load_workbook(io.BytesIO(services.export(full_process, "action-plan-xlsx").data))
    ws = wb.worksheets[0]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:")
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[2]]  # activity rows
    assert len(rows) == 6
    header = [c.value for c in ws[1]]
    start, cost = header.index("Start"), header.index("Cost (USD)")
    assert all(hasattr(r[start], "year") for r in rows)
    assert all(isinstance(r[cost], float | int) for r in rows)
    assert sum(r[cost] for r in rows) == 18000
    nasty = [r[3] for r in rows if "PAGE" in r[3]]
    assert nasty and all(ws.cell(row=2, column=4).data_type == "s" for _ in nasty)


def test_user_formula_text_stays_text_in_excel(full_process):
    action = db.session.scalars(
        db.select(Action).where(Action.process_id == full_process.id)
    ).first()
    action.title = '=HYPERLINK("http://evil")'
    db.session.commit()
    wb = load_workbook(io.BytesIO(services.export(full_process, "action-plan-xlsx").data))
    cells = [c for row in wb.worksheets[0].iter_rows() for c in row if c.value == action.title]
    assert cells and all(c.data_type == "s" for c in cells)


def test_mca_workbook_has_criteria_scores_and_ranking(full_process):
    wb = load_workbook(io.BytesIO(services.export(full_process, "mca-xlsx").data))
    assert [ws.title for ws in wb.worksheets] == ["Criteria", "Scores", "Ranking"]
    criteria = list(wb["Criteria"].iter_rows(min_row=2, max_row=4, max_col=2, values_only=True))
    assert criteria == [("Effectiveness", 3), ("Cost", 2), ("Feasibility", 1)]
    assert wb["Criteria"]["B5"].value == "=SUM(B2:B4)"
    assert wb["Scores"].max_row == 1 + 6
    ranking = list(wb["Ranking"].iter_rows(min_row=2, values_only=True))
    # as on the MCA screen, the discarded option is not ranked (its scores stay listed)
    assert [r[2] for r in ranking] == ["Licence recruiters", "Keep current practice"]
    table = collect.mca_tables(full_process.id)[0]
    top = table.result.ranking[0]
    assert ranking[0][-2] == round(table.result.totals[top], 3)


def test_every_export_is_audited(full_process):
    for kind in ("policy", "action-plan", "action-plan-xlsx", "mca-xlsx"):
        services.export(full_process, kind)
    db.session.commit()
    events = db.session.scalars(
        db.select(AuditEvent).where(
            AuditEvent.process_id == full_process.id, AuditEvent.action == "export"
        )
    ).all()
    assert sorted(e.changes["kind"] for e in events) == sorted(
        ["policy", "action-plan", "action-plan-xlsx", "mca-xlsx"]
    )


def test_labels_follow_the_working_language(full_process):
    full_process.language = "fr"
    db.session.commit()
    wb = load_workbook(io.BytesIO(services.export(full_process, "action-plan-xlsx").data))
    assert wb.worksheets[0].title == "Plan d'action"
    doc = _docx(services.export(full_process, "policy").data)
    assert any(p.text == "Table des matières" for p in doc.paragraphs)
    # back in English for an English process: the locale is the process's, not sticky
    full_process.language = "en"
    db.session.commit()
    wb = load_workbook(io.BytesIO(services.export(full_process, "action-plan-xlsx").data))
    assert wb.worksheets[0].title == "Action plan"


def test_an_empty_process_still_gives_a_policy_document(make_process):
    process = make_process()
    available = services.available(process.id)
    assert available == {
        "policy": True,
        "action-plan": False,
        "action-plan-xlsx": False,
        "mca-xlsx": False,
        "consultation-report": False,
    }
    doc = _docx(services.export(process, "policy").data)
    assert any(p.text == process.title for p in doc.paragraphs)
    # the whole outline, each chapter marked as still to be drafted, and the sign-off page
    texts = [p.text for p in doc.paragraphs]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Executive summary" and "Glossary" in headings
    assert texts[texts.index("Financing") + 1] == "[This chapter is still to be drafted.]"
    assert headings[-1] == "Annex 1: Document control and sign-off"


def test_actions_without_dates_or_costs_export(full_process):
    for action in db.session.scalars(db.select(Action).where(Action.process_id == full_process.id)):
        action.start_date = action.end_date = action.cost = None
    db.session.commit()
    doc = _docx(services.export(full_process, "action-plan").data)
    assert _matrix(doc).rows[-1].cells[5].text == "0"
    assert not doc.inline_shapes  # no dates: no Gantt chart
    wb = load_workbook(io.BytesIO(services.export(full_process, "action-plan-xlsx").data))
    assert wb.worksheets[0].max_row == 9  # six activities, a blank row, the totals
