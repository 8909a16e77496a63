"""The consultation report and the policy document's stakeholder annexes, checked
against the consultations recorded through the stakeholders package."""

from __future__ import annotations

import io
from datetime import date

from docx import Document

from drafting.export import services
from facilitation.extensions import db
from facilitation.models import Organisation
from stakeholders import consultations


def _org(process, name):
    return db.session.scalar(
        db.select(Organisation).where(
            Organisation.process_id == process.id, Organisation.name == name
        )
    )


def _consult(process):
    held = consultations.save_consultation(
        process.id,
        title="Hearing on recruitment",
        stage="analysis",
        method="public_hearing",
        participation_level="consult",
        starts_on=date(2026, 3, 2),
        held=True,
    )
    planned = consultations.save_consultation(
        process.id,
        title="Validation round table",
        stage="validation",
        method="validation_round_table",
        participation_level="involve",
        held=False,
    )
    consultations.set_participant(
        held, _org(process, "Migrant Rights Centre").id, women=4, men=2, other=1
    )
    consultations.set_participant(
        held, _org(process, "Ministry of Foreign Affairs").id, women=1, men=3
    )
    consultations.save_input(
        process.id,
        consultation_id=held.id,
        organisation_id=_org(process, "Migrant Rights Centre").id,
        text="License the recruiters",
        disposition="accepted",
    )
    consultations.save_input(
        process.id,
        consultation_id=held.id,
        organisation_id=_org(process, "Ministry of Foreign Affairs").id,
        text="Close the border",
        disposition="out_of_scope",
        justification="Not a migration-governance measure.",
    )
    db.session.commit()
    return held, planned


def test_consultation_report_counts_participation_and_answers(full_process):
    _consult(full_process)
    assert services.available(full_process.id)["consultation-report"]
    doc = Document(io.BytesIO(services.export(full_process, "consultation-report").data))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Consultations held",
        "Participation by category and sex",
        "Inputs received and how they were answered",
    ]
    held, by_category, inputs = doc.tables
    assert [c.text for c in held.rows[1].cells] == [
        "Hearing on recruitment",
        "Situation and problem analysis",
        held.rows[1].cells[2].text,
        "2 Mar 2026",  # dates in the process language (English: British form)
        "11",
    ]
    assert len(held.rows) == 2  # the planned one is not listed as held
    assert any("Validation round table" in p.text for p in doc.paragraphs)
    totals = [c.text for c in by_category.rows[-1].cells]
    assert totals == ["Total", "5", "5", "1", "11"]
    rows = {r.cells[1].text: r.cells for r in inputs.rows[1:]}
    assert rows["Close the border"][3].text == "Not a migration-governance measure."
    assert rows["License the recruiters"][2].text == "Accepted"


def test_policy_document_annexes_list_stakeholders_and_the_report(full_process):
    _consult(full_process)
    doc = Document(io.BytesIO(services.export(full_process, "policy").data))
    annexes = [
        p.text for p in doc.paragraphs if p.style.name == "Heading 1" and p.text.startswith("Annex")
    ]
    assert annexes[0] == "Annex 1: Action plan"
    assert any(a.endswith("Stakeholders and consultations") for a in annexes)
    subheadings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert "Stakeholders consulted" in subheadings and "Consultations held" in subheadings
    table = next(t for t in doc.tables if t.cell(0, 0).text == "Stakeholder")
    names = [r.cells[0].text for r in table.rows[1:]]
    assert names == ["Migrant Rights Centre", "Ministry of Foreign Affairs (MFA)"]
