"""Access cases for every stakeholders route."""

from datetime import date

from facilitation.extensions import db
from facilitation.models import Organisation
from stakeholders import consultations, registry
from stakeholders.models import Commitment
from tests.access import Case


def build(world):
    pid = world.process_id
    a = Organisation(process_id=pid, name="Matrix NGO", category="civil_society")
    b = Organisation(process_id=pid, name="Matrix University", category="academia")
    c = Organisation(process_id=pid, name="Matrix Union", category="trade_union")
    db.session.add_all([a, b, c])
    db.session.flush()
    tie = registry.add_tie(pid, source_id=a.id, target_id=b.id, type="informs")
    consultation = consultations.save_consultation(
        pid,
        title="Matrix hearing",
        stage="agenda",
        method="public_hearing",
        participation_level="consult",
        held=True,
        starts_on=date(2026, 1, 5),
    )
    participant = consultations.set_participant(consultation, a.id, women=1, men=1)
    row = consultations.save_input(
        pid, organisation_id=a.id, consultation_id=consultation.id, text="Matrix input"
    )
    commitment = consultations.save_commitment(pid, text="Matrix promise")
    assert isinstance(commitment, Commitment)
    spare = consultations.save_consultation(
        pid, title="Matrix spare", stage="analysis", method="survey", participation_level="consult"
    )
    spare_input = consultations.save_input(pid, organisation_id=b.id, text="Spare input")
    spare_commitment = consultations.save_commitment(pid, text="Spare promise")
    world.ids.update(
        sh_spare_consultation=spare.id,
        sh_spare_input=spare_input.id,
        sh_spare_commitment=spare_commitment.id,
    )
    world.ids.update(
        sh_org=a.id,
        sh_org_b=b.id,
        sh_org_c=c.id,
        sh_tie=tie.id,
        sh_consultation=consultation.id,
        sh_participant=participant.id,
        sh_input=row.id,
        sh_commitment=commitment.id,
    )


def _org(w):
    return {"org_id": w.ids["sh_org"]}


def _consultation(w):
    return {"consultation_id": w.ids["sh_consultation"]}


DELETED_ALREADY = (400, 404)

CASES = [
    Case("stakeholders.registry_page", "read"),
    Case("stakeholders.new_organisation", "write"),
    Case(
        "stakeholders.new_organisation",
        "write",
        method="POST",
        data={"name": "", "category": "ministry", "level": "national", "parent_id": "0"},
    ),
    Case("stakeholders.batch_organisations", "write"),
    Case(
        "stakeholders.batch_organisations",
        "write",
        method="POST",
        data={"action": "check", "r-0-name": "Matrix Batch Agency"},
    ),
    Case("stakeholders.organisation", "read", values=_org),
    Case("stakeholders.edit_organisation", "write", values=_org),
    Case(
        "stakeholders.edit_organisation",
        "write",
        method="POST",
        values=_org,
        data={
            "name": "Matrix NGO renamed",
            "category": "civil_society",
            "level": "national",
            "parent_id": "0",
        },
    ),
    Case(
        "stakeholders.delete_organisation",
        "write",
        method="POST",
        values=lambda w: {"org_id": w.ids["sh_org_c"]},
        allowed_statuses=DELETED_ALREADY,
    ),
    Case(
        "stakeholders.add_focal_point",
        "write",
        method="POST",
        values=_org,
        data={"name": "Matrix Person", "role": "Officer", "replaces": "0"},
    ),
    Case(
        "stakeholders.add_assessment",
        "write",
        method="POST",
        values=_org,
        data={
            "power": "3",
            "interest": "4",
            "impact": "2",
            "position": "1",
            "legitimacy": "3",
            "urgency": "2",
            "target_engagement": "consult",
            "current_engagement": "",
        },
    ),
    Case("stakeholders.ties", "read"),
    Case(
        "stakeholders.ties",
        "write",
        method="POST",
        data=lambda w: {
            "source_id": w.ids["sh_org_b"],
            "target_id": w.ids["sh_org"],
            "type": "coordinates_with",
            "strength": "2",
        },
    ),
    Case(
        "stakeholders.delete_tie",
        "write",
        method="POST",
        values=lambda w: {"tie_id": w.ids["sh_tie"]},
        allowed_statuses=DELETED_ALREADY,
    ),
    Case("stakeholders.export", "read", values={"fmt": "graphml"}),
    Case("stakeholders.import_upload", "write"),
    Case("stakeholders.import_upload", "write", method="POST", data={"kind": "organisations"}),
    Case("stakeholders.import_mapping", "write"),
    Case("stakeholders.import_mapping", "write", method="POST"),
    Case("stakeholders.map_page", "read"),
    Case("stakeholders.map_json", "read"),
    Case("stakeholders.metrics_json", "read"),
    Case("stakeholders.analytics", "read"),
    Case("stakeholders.grid", "read"),
    Case("stakeholders.figure", "read", values={"name": "power-interest"}),
    Case("stakeholders.figure_start", "read", method="POST", values={"name": "power-interest"}),
    Case("stakeholders.consultations", "read"),
    Case("stakeholders.new_consultation", "write"),
    Case(
        "stakeholders.new_consultation",
        "write",
        method="POST",
        data={
            "title": "Matrix survey",
            "stage": "analysis",
            "method": "survey",
            "participation_level": "consult",
        },
    ),
    Case("stakeholders.consultation", "read", values=_consultation),
    Case("stakeholders.edit_consultation", "write", values=_consultation),
    Case(
        "stakeholders.edit_consultation",
        "write",
        method="POST",
        values=_consultation,
        data={
            "title": "Matrix hearing",
            "stage": "agenda",
            "method": "public_hearing",
            "participation_level": "consult",
            "held": "y",
        },
    ),
    Case(
        "stakeholders.set_participant",
        "write",
        method="POST",
        values=_consultation,
        data=lambda w: {"organisation_id": w.ids["sh_org_b"], "women": "2", "men": "0"},
    ),
    Case(
        "stakeholders.delete_participant",
        "write",
        method="POST",
        values=lambda w: {**_consultation(w), "participant_id": w.ids["sh_participant"]},
        allowed_statuses=DELETED_ALREADY,
    ),
    Case("stakeholders.inputs", "read"),
    Case("stakeholders.new_input", "write"),
    Case(
        "stakeholders.new_input",
        "write",
        method="POST",
        data=lambda w: {
            "organisation_id": w.ids["sh_org"],
            "consultation_id": "0",
            "text": "Another matrix input",
            "disposition": "",
        },
    ),
    Case("stakeholders.edit_input", "write", values=lambda w: {"input_id": w.ids["sh_input"]}),
    Case(
        "stakeholders.edit_input",
        "write",
        method="POST",
        values=lambda w: {"input_id": w.ids["sh_input"]},
        data=lambda w: {
            "organisation_id": w.ids["sh_org"],
            "consultation_id": "0",
            "text": "Matrix input",
            "disposition": "accepted",
        },
    ),
    Case("stakeholders.new_commitment", "write"),
    Case(
        "stakeholders.new_commitment",
        "write",
        method="POST",
        data={
            "text": "Matrix promise 2",
            "status": "open",
            "organisation_id": "0",
            "consultation_id": "0",
        },
    ),
    Case(
        "stakeholders.edit_commitment",
        "write",
        values=lambda w: {"commitment_id": w.ids["sh_commitment"]},
    ),
    Case(
        "stakeholders.edit_commitment",
        "write",
        method="POST",
        values=lambda w: {"commitment_id": w.ids["sh_commitment"]},
        data={
            "text": "Matrix promise",
            "status": "closed",
            "organisation_id": "0",
            "consultation_id": "0",
        },
    ),
    Case("stakeholders.coverage", "read"),
    Case(
        "stakeholders.delete_consultation",
        "write",
        method="POST",
        values=lambda w: {"consultation_id": w.ids["sh_spare_consultation"]},
        allowed_statuses=DELETED_ALREADY,
    ),
    Case(
        "stakeholders.delete_input",
        "write",
        method="POST",
        values=lambda w: {"input_id": w.ids["sh_spare_input"]},
        allowed_statuses=DELETED_ALREADY,
    ),
    Case(
        "stakeholders.delete_commitment",
        "write",
        method="POST",
        values=lambda w: {"commitment_id": w.ids["sh_spare_commitment"]},
        allowed_statuses=DELETED_ALREADY,
    ),
]
