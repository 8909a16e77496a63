"""The evidence base in the policy document: the data-source inventory annex and the
sources named in the monitoring and evaluation framework."""

from __future__ import annotations

import io

from docx import Document

from drafting.export import services
from facilitation.extensions import db
from facilitation.models import Organisation
from policycycle.evidence import mapping
from policycycle.evidence import services as evidence
from policycycle.models import Indicator


def test_inventory_annex_and_monitoring_sources(full_process):
    nso = db.session.scalar(
        db.select(Organisation).where(
            Organisation.process_id == full_process.id, Organisation.acronym == "NSO"
        )
    )
    source = evidence.save_source(
        full_process.id,
        {"name": "Labour Force Survey", "source_type": "household_survey", "owner_id": nso.id},
    )
    indicator = db.session.scalar(
        db.select(Indicator).where(
            Indicator.process_id == full_process.id, Indicator.objective_id.is_not(None)
        )
    )
    mapping.map_source(full_process.id, indicator.id, source.id)
    db.session.commit()
    doc = Document(io.BytesIO(services.export(full_process, "policy").data))
    annexes = [
        p.text for p in doc.paragraphs if p.style.name == "Heading 1" and p.text.startswith("Annex")
    ]
    assert any(a.endswith(": Data-source inventory") for a in annexes)
    inventory = next(t for t in doc.tables if t.cell(0, 0).text == "Source")
    assert [r.cells[0].text for r in inventory.rows[1:]] == ["Labour Force Survey"]
    assert inventory.rows[1].cells[-1].text == "Not rated yet"  # never "Yes" unrated
    results = next(
        t
        for t in doc.tables
        if [c.text for c in t.rows[0].cells][-1] == "Source (usable?)"
        and t.cell(0, 0).text == "Code"
    )
    row = next(r for r in results.rows[1:] if r.cells[1].text.startswith(indicator.name))
    assert row.cells[5].text == "Labour Force Survey (Not rated yet)"
    others = [
        r.cells[5].text for r in results.rows[1:] if not r.cells[1].text.startswith(indicator.name)
    ]
    assert "No source linked yet" in others
