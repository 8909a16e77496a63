"""Money in the exports: the financing annex, the stand-alone action plan and the
workbooks, reopened with python-docx/openpyxl; the action plan rendered by LibreOffice."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from docx import Document
from flask_babel import force_locale
from openpyxl import load_workbook

from drafting import prosemirror, rooms
from drafting import services as drafting_services
from drafting.export import collect, financing, services
from drafting.export import docx_base as dx
from facilitation.extensions import db
from facilitation.models import Organisation, Role
from policycycle.models import Action, ActionCost, ActionRaci, OptionScore
from policycycle.planning import costing


def _docx(data: bytes):
    return Document(io.BytesIO(data))


def _cost_lines(process) -> list[Action]:
    """Each activity: 2026 one-off (secured) and 2027 recurrent (half secured)."""
    actions = db.session.scalars(
        db.select(Action).where(Action.process_id == process.id).order_by(Action.id)
    ).all()
    for action in actions:
        costing.set_cost_lines(
            action,
            costing.clean_cost_lines(
                [
                    {"year": 2026, "kind": "one_off", "amount": 1000, "secured": 1000},
                    {"year": 2027, "kind": "recurrent", "amount": 2000, "secured": 1000},
                ]
            ),
        )
    db.session.commit()
    return actions


@pytest.fixture
def costed(full_process):
    full_process.currency = "GHS"
    _cost_lines(full_process)
    return full_process


def _table_text(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def _legend_entries(doc) -> list[int]:
    """The legend entries recorded in each picture by the drawing code."""
    from PIL import Image

    from drafting.export.figures import LEGEND_KEY

    counts = []
    for shape in doc.inline_shapes:
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        image = Image.open(io.BytesIO(doc.part.related_parts[blip.embed].blob))
        counts.append(int(image.text.get(LEGEND_KEY, "0")))
    return counts


def _all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


# --- the financing annex -----------------------------------------------------------------


def test_financing_annex_states_currency_years_secured_and_gap(costed):
    with force_locale("en"):
        data = collect.cycle(costed)
        doc = dx.new_document()
        assert financing.add_financing_annex(doc, data, dx.Counters(), 16.0) is True
    text = _all_text(doc)
    assert "Ghanaian Cedi (GHS)" in text
    # six activities x 3,000: 18,000 costed, 12,000 secured, 6,000 gap
    assert "GHS\u00a018,000" in text or "GHS18,000" in text
    by_year = next(t for t in doc.tables if t.rows[0].cells[0].text == "Year")
    rows = _table_text(by_year)
    assert rows[1][:4] == ["2026", "6,000", "6,000", "0"]
    assert rows[2][:4] == ["2027", "12,000", "6,000", "6,000"]
    assert rows[-1][:4] == ["Total", "18,000", "12,000", "6,000"]
    by_objective = next(t for t in doc.tables if t.rows[0].cells[0].text == "Specific objective")
    header = [c.text for c in by_objective.rows[0].cells]
    assert header == ["Specific objective", "2026", "2027", "Total", "Secured", "Funding gap"]
    assert _table_text(by_objective)[-1] == [
        "Total",
        "6,000",
        "12,000",
        "18,000",
        "12,000",
        "6,000",
    ]
    by_activity = next(t for t in doc.tables if t.rows[0].cells[1].text == "Activity")
    first = next(r for r in _table_text(by_activity) if r[0].startswith("A"))
    assert first[2] == "2026: 1,000\n2027: 2,000" and first[3:6] == ["3,000", "2,000", "1,000"]
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert captions and all("(GHS)" in c for c in captions)


def test_financing_annex_writes_nothing_without_costs(full_process):
    for action in db.session.scalars(db.select(Action).where(Action.process_id == full_process.id)):
        action.cost = None
    db.session.commit()
    with force_locale("en"):
        data = collect.cycle(full_process)
        doc = dx.new_document()
        before = len(doc.element.body)
        assert financing.add_financing_annex(doc, data, dx.Counters(), 16.0) is False
    assert len(doc.element.body) == before


def test_amounts_follow_the_document_language(costed):
    costed.language = "fr"
    costed.currency = "EUR"
    db.session.commit()
    doc = _docx(services.export(costed, "action-plan").data)
    text = _all_text(doc)
    assert "euro (EUR)" in text
    # French groups thousands with a (narrow) no-break space, never a comma
    assert re.search("18[\u00a0\u202f]000[\u00a0\u202f]€", text)
    assert "18,000" not in text


def test_single_estimate_without_years_is_shown_as_such(full_process):
    with force_locale("en"):
        doc = dx.new_document()
        financing.add_financing_annex(doc, collect.cycle(full_process), dx.Counters(), 16.0)
    text = _all_text(doc)
    assert "Year not given" in text
    assert "funding gap of $18,000" in text


# --- the stand-alone action plan ---------------------------------------------------------


def _narrative(process):
    draft = drafting_services.create_draft(
        process.id, process.owner, "Action plan narrative", "action_plan", []
    )
    db.session.commit()
    blocks = [
        {"type": "heading", "level": 1, "runs": [prosemirror.plain_run("How the plan works")]},
        {
            "type": "paragraph",
            "runs": [prosemirror.plain_run("The committee reviews the plan every year.")],
        },
    ]
    rooms.change(
        process.id,
        draft.id,
        lambda doc: prosemirror.append_blocks(prosemirror.fragment_of(doc), blocks),
    )
    db.session.commit()
    return draft


def test_action_plan_carries_control_acronyms_narrative_roles_money_and_legend(costed):
    org = db.session.scalars(
        db.select(Organisation).where(
            Organisation.process_id == costed.id, Organisation.acronym == "NSO"
        )
    ).one()
    action = db.session.scalars(db.select(Action).where(Action.process_id == costed.id)).first()
    db.session.execute(
        db.delete(ActionRaci).where(
            ActionRaci.action_id == action.id, ActionRaci.organisation_id == org.id
        )
    )
    informed = db.session.scalars(
        db.select(Organisation).where(
            Organisation.process_id == costed.id, Organisation.acronym == "MFA"
        )
    ).one()
    db.session.add(
        ActionRaci(process_id=costed.id, action_id=action.id, organisation_id=org.id, letter="C")
    )
    db.session.commit()
    assert informed  # the MFA stays R; C and I roles both reach the document below
    _narrative(costed)
    file = services.export(costed, "action-plan", costed.owner)
    doc = _docx(file.data)
    assert doc.sections[0].page_width > doc.sections[0].page_height
    assert any(p.style.name == "Title" and p.text == costed.title for p in doc.paragraphs)
    control = dict(
        (r.cells[0].text, r.cells[1].text) for r in doc.tables[0].rows[1:] if len(r.cells) > 1
    )
    assert control["Policy"] == costed.title
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert captions[0] == "Table 1: Document control"  # a caption that names its table
    assert all(re.match(r"(Table|Figure) \d+: \S", c) for c in captions), captions
    assert control["Currency"] == "Ghanaian Cedi (GHS)"
    assert control["Version"] and control["Date"] and control["Status"].startswith("Draft")
    acronyms = next(t for t in doc.tables if t.rows[0].cells[0].text == "Acronym")
    assert "NSO" in [r.cells[0].text for r in acronyms.rows[1:]]
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "How the plan works" in headings
    assert any("reviews the plan every year" in p.text for p in doc.paragraphs)
    matrix = next(t for t in doc.tables if t.rows[0].cells[0].text == "Code")
    header = [c.text for c in matrix.rows[0].cells]
    assert "Cost (GHS)" in header and "Responsibilities" in header
    roles = "\n".join(r.cells[2].text for r in matrix.rows[1:] if len(r.cells) > 2)
    assert "A: MoLSP" in roles and "C: NSO" in roles
    cost_cells = [r.cells[5].text for r in matrix.rows[1:] if r.cells[0].text.startswith("A")]
    assert cost_cells[0].startswith("3,000\nsecured 2,000\ngap 1,000")
    assert _table_text(matrix)[-1][5] == "18,000"
    assert "Costing and financing plan" in headings
    # The Gantt chart carries its legend, one entry per specific objective, inside the
    # figure: no separate colour table that could drift to the next page.
    assert not [t for t in doc.tables if t.rows[0].cells[0].text == "Colour"]
    assert len(doc.inline_shapes) == 1  # the Gantt chart
    assert _legend_entries(doc) == [len(collect.cycle(costed).actions)]
    assert file.filename.endswith(".docx")


def test_action_plan_shows_informed_role(costed):
    action = db.session.scalars(db.select(Action).where(Action.process_id == costed.id)).first()
    ngo = db.session.scalars(
        db.select(Organisation).where(
            Organisation.process_id == costed.id, Organisation.in_core_group.is_(False)
        )
    ).first()
    db.session.add(
        ActionRaci(process_id=costed.id, action_id=action.id, organisation_id=ngo.id, letter="I")
    )
    db.session.commit()
    doc = _docx(services.export(costed, "action-plan").data)
    matrix = next(t for t in doc.tables if t.rows[0].cells[0].text == "Code")
    label = ngo.acronym or ngo.name
    assert any(f"I: {label}" in r.cells[2].text for r in matrix.rows[1:])


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_action_plan_opens_in_libreoffice(costed, tmp_path):
    _narrative(costed)
    path = tmp_path / "plan.docx"
    path.write_bytes(services.export(costed, "action-plan", costed.owner).data)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pdf = tmp_path / "plan.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Costing and financing plan" in text and "GHS" in text


# --- workbooks ---------------------------------------------------------------------------


def test_action_plan_workbook_prints_and_adds_up(costed):
    wb = load_workbook(io.BytesIO(services.export(costed, "action-plan-xlsx").data))
    ws = wb.worksheets[0]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"
    header = [c.value for c in ws[1]]
    for name in ("Baseline", "Baseline year", "Target", "Target year", "Consulted (C)"):
        assert name in header
    cost = header.index("Cost (GHS)") + 1
    rows = list(ws.iter_rows(min_row=2, max_row=7))
    base = header.index("Baseline")
    assert all(isinstance(r[base].value, int | float) for r in rows)
    assert [r[header.index("Baseline year")].value for r in rows] == [2025] * 6
    assert [r[header.index("Target year")].value for r in rows] == [2027] * 6
    assert all(r[cost - 1].number_format == '#,##0 "GHS"' for r in rows)
    assert all(r[3].alignment.wrap_text for r in rows)
    gap = header.index("Funding gap (GHS)") + 1
    assert rows[0][gap - 1].value == "=MAX(S2-T2,0)"
    total = ws.cell(row=9, column=cost)
    assert total.value == "=SUM(S2:S7)"
    by_year = wb["Cost by objective"]
    assert [c.value for c in by_year[1]][:4] == ["Code", "Title", "2026", "2027"]
    assert by_year["E2"].value == "=SUM(C2:D2)"
    assert by_year.cell(row=by_year.max_row, column=3).value.startswith("=SUM(C2:")
    assert wb["Cost by activity"].max_row == 1 + 6 + 1


def test_formula_totals_compute_in_libreoffice(costed, tmp_path):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    path = tmp_path / "plan.xlsx"
    path.write_bytes(services.export(costed, "action-plan-xlsx").data)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    # the first sheet once LibreOffice has computed the SUM formulas
    lines = (tmp_path / "plan.csv").read_bytes().decode("latin-1").splitlines()
    total = next(line for line in lines if line.split(",")[3:4] == ["Total"])
    assert [v for v in total.split(",")[4:] if v] == ["18000", "12000", "6000"]


def test_mca_workbook_hides_scorers_unless_asked(costed):
    db.session.add(
        OptionScore(
            process_id=costed.id,
            option_id=db.session.scalars(
                db.select(OptionScore.option_id).where(OptionScore.process_id == costed.id)
            ).first(),
            criterion_id=db.session.scalars(
                db.select(OptionScore.criterion_id).where(OptionScore.process_id == costed.id)
            ).first(),
            scorer_key="user:99",
            scorer_name="Ama Mensah",
            score=2,
        )
    )
    db.session.commit()
    wb = load_workbook(io.BytesIO(services.export(costed, "mca-xlsx").data))
    scorers = {r[3] for r in wb["Scores"].iter_rows(min_row=2, values_only=True)}
    assert scorers == {"Scorer 1", "Scorer 2"}
    assert wb["Scores"].page_setup.orientation == "landscape"
    assert wb["Criteria"]["C2"].value.startswith("=B2/SUM(")
    named = load_workbook(
        io.BytesIO(services.export(costed, "mca-xlsx", include_personal=True).data)
    )
    names = {r[3] for r in named["Scores"].iter_rows(min_row=2, values_only=True)}
    assert names == {"Core group", "Ama Mensah"}


def test_only_a_coordinator_downloads_names(costed, login_as, client, member):
    url = f"/p/{costed.id}/exports/mca-xlsx?personal=1"
    someone = member(costed, Role.MEMBER)
    login_as(someone)
    assert client.get(url).status_code == 403
    assert client.get(f"/p/{costed.id}/exports/mca-xlsx").status_code == 200
    login_as(costed.coordinator)
    response = client.get(url)
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.data))
    assert "Core group" in {r[3] for r in wb["Scores"].iter_rows(min_row=2, values_only=True)}


def test_cost_lines_are_stored_per_year(costed):
    lines = db.session.scalars(
        db.select(ActionCost).where(ActionCost.process_id == costed.id)
    ).all()
    assert len(lines) == 12 and {line.year for line in lines} == {2026, 2027}
    action = db.session.get(Action, lines[0].action_id)
    assert action.cost == 3000


def test_no_consultation_report_before_one_is_held(full_process, login_as, client):
    from stakeholders.models import Consultation

    db.session.add(
        Consultation(
            process_id=full_process.id,
            title="Validation workshop",
            stage="validation",
            method="public_hearing",
            held=False,
        )
    )
    db.session.commit()
    assert services.available(full_process.id)["consultation-report"] is False
    login_as(full_process.owner)
    page = client.get(f"/p/{full_process.id}/exports/").text
    assert "No consultation has taken place yet" in page
    assert client.get(f"/p/{full_process.id}/exports/consultation-report").status_code == 404
    consultation = db.session.scalars(db.select(Consultation)).one()
    consultation.held = True
    db.session.commit()
    assert services.available(full_process.id)["consultation-report"] is True


def test_evidence_inventory_workbook_prints_landscape(full_process):
    from policycycle.evidence.exports import inventory_xlsx

    wb = load_workbook(io.BytesIO(inventory_xlsx(full_process.id)))
    ws = wb.worksheets[0]
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1


def test_every_amount_of_the_policy_body_names_its_currency(costed):
    """The executive summary and the Financing chapter state the currency, as the annex
    does (a cost without a currency was a finding of the issue)."""
    doc = _docx(services.build(costed, "policy").data)
    summary = next(p.text for p in doc.paragraphs if "at an estimated cost of" in p.text)
    assert re.search(r"GHS\s?18,000", summary), summary
    table = next(
        t
        for t in doc.tables
        if t.rows[0].cells[0].text == "Specific objective"
        and t.rows[0].cells[1].text == "Activities"
    )
    assert table.rows[0].cells[2].text == "Estimated cost (GHS)"
