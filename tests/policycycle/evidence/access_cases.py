"""Access cases for the evidence pages."""

from facilitation.extensions import db
from facilitation.models import Organisation, OrganisationCategory
from policycycle.models import Indicator, Objective, ObjectiveLevel, SwotItem
from tests.access import Case


def build(world):
    from policycycle.evidence import links, mapping, services

    pid = world.process_id
    nso = Organisation(
        process_id=pid, name="Statistics Office", category=OrganisationCategory.STATISTICS_OFFICE
    )
    objective = Objective(process_id=pid, level=ObjectiveLevel.OPERATIONAL, title="Data")
    swot = SwotItem(process_id=pid, quadrant="W", statement="No emigration data")
    db.session.add_all([nso, objective, swot])
    db.session.flush()
    indicator = Indicator(process_id=pid, name="Emigrants per year", objective_id=objective.id)
    db.session.add(indicator)
    db.session.flush()
    source = services.save_source(
        pid, {"name": "Census", "source_type": "census", "owner_id": nso.id}
    )
    document = links.save_document(pid, {"kind": "report", "title": "Profile"})
    link = links.add_link(pid, claim=f"swot:{swot.id}", cited=f"source:{source.id}")
    mapped = mapping.map_source(pid, indicator.id, source.id)
    world.ids.update(
        evidence_org=nso.id,
        evidence_objective=objective.id,
        evidence_swot=swot.id,
        evidence_indicator=indicator.id,
        evidence_source=source.id,
        evidence_document=document.id,
        evidence_link=link.id,
        evidence_mapping=mapped.id,
    )


def _source(w):
    return {"source_id": w.ids["evidence_source"]}


def _indicator(w):
    return {"indicator_id": w.ids["evidence_indicator"]}


def _document(w):
    return {"document_id": w.ids["evidence_document"]}


def _new_source(w):
    return {
        "name": "Border cards",
        "source_type": "border_cards",
        "owner_id": w.ids["evidence_org"],
        "periodicity": "monthly",
        "access": "open",
        "sharing_agreement": "none",
    }


CASES = [
    Case("evidence.inventory", "read"),
    Case("evidence.download_xlsx", "read"),
    Case("evidence.sharing", "read"),
    Case("evidence.new_source", "write"),
    Case("evidence.new_source", "write", method="POST", data=_new_source),
    Case("evidence.source", "read", values=_source),
    Case("evidence.profile_png", "read", values=_source),
    Case("evidence.edit_source", "write", values=_source),
    Case(
        "evidence.edit_source",
        "write",
        method="POST",
        values=_source,
        data=lambda w: {**_new_source(w), "name": "Census 2021"},
    ),
    Case("evidence.delete_source", "write", method="POST", values=_source),
    Case(
        "evidence.add_rating",
        "write",
        method="POST",
        values=_source,
        data={"dimension": "accuracy", "score": "2", "note": "Post-enumeration survey"},
    ),
    Case("evidence.indicators", "read"),
    Case(
        "evidence.map_source",
        "write",
        method="POST",
        values=_indicator,
        data=lambda w: {
            f"i{w.ids['evidence_indicator']}-source_id": w.ids["evidence_source"],
            f"i{w.ids['evidence_indicator']}-can_feed": "y",
        },
    ),
    Case(
        "evidence.unmap_source",
        "write",
        method="POST",
        values=lambda w: {"link_id": w.ids["evidence_mapping"]},
    ),
    Case("evidence.gap_action", "write", values=_indicator),
    Case("evidence.gap_action", "write", method="POST", values=_indicator, data={"title": ""}),
    Case("evidence.links_page", "read"),
    Case(
        "evidence.add_link",
        "write",
        method="POST",
        data=lambda w: {
            "claim": f"swot:{w.ids['evidence_swot']}",
            "cited": f"document:{w.ids['evidence_document']}",
        },
    ),
    Case(
        "evidence.delete_link",
        "write",
        method="POST",
        values=lambda w: {"link_id": w.ids["evidence_link"]},
    ),
    Case(
        "evidence.add_document",
        "write",
        method="POST",
        data={"kind": "study", "title": "Diaspora study"},
    ),
    Case("evidence.edit_document", "write", values=_document),
    Case(
        "evidence.edit_document",
        "write",
        method="POST",
        values=_document,
        data={"kind": "study", "title": "Renamed"},
    ),
    Case("evidence.delete_document", "write", method="POST", values=_document),
]
