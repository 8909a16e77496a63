"""The evidence base in the policy document: the data-source inventory annex, the
sources named in the monitoring and evaluation framework, and the stakeholder map."""

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


def test_stakeholder_map_lists_unconnected_organisations_apart(full_process):
    """Organisations without a tie are listed under the map (recorded in the picture by
    the drawing code), not scattered across it among the connected ones."""
    from PIL import Image

    from stakeholders.figures import UNCONNECTED_KEY
    from stakeholders.models import Tie, TieType

    orgs = db.session.scalars(
        db.select(Organisation).where(Organisation.process_id == full_process.id)
    ).all()
    db.session.add(
        Tie(
            process_id=full_process.id,
            source_id=orgs[0].id,
            target_id=orgs[1].id,
            type=TieType.COORDINATES,
        )
    )
    for name in ("Zeta Loose Association", "Alpha Loose Forum"):
        db.session.add(Organisation(process_id=full_process.id, name=name))
    db.session.commit()
    doc = Document(io.BytesIO(services.build(full_process, "policy").data))
    listed = []
    for shape in doc.inline_shapes:
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        image = Image.open(io.BytesIO(doc.part.related_parts[blip.embed].blob))
        if UNCONNECTED_KEY in image.text:
            listed.append(int(image.text[UNCONNECTED_KEY]))
    assert len(listed) == 1 and listed[0] == len(orgs) - 2 + 2
