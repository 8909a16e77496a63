"""Issue 12, part A: the stakeholder records of a real case, honest and incomplete."""

from __future__ import annotations

from facilitation.extensions import db
from facilitation.models import Organisation
from stakeholders import registry
from stakeholders.models import Assessment, Consultation


def test_an_assessment_may_leave_impact_legitimacy_and_urgency_not_assessed(
    demo_context, coordinator_client
):
    org = db.session.scalar(
        db.select(Organisation).where(Organisation.process_id == demo_context.process.id)
    )
    response = coordinator_client.post(
        f"/p/{demo_context.process.id}/stakeholders/organisations/{org.id}/assessments",
        data={
            "power": "4",
            "interest": "5",
            "position": "1",
            "impact": "",
            "legitimacy": "",
            "urgency": "",
            "current_engagement": "",
            "target_engagement": "involve",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    row = db.session.scalars(
        db.select(Assessment)
        .where(Assessment.organisation_id == org.id)
        .order_by(Assessment.id.desc())
    ).first()
    assert (row.impact, row.legitimacy, row.urgency) == (None, None, None)
    assert row.salience is None  # not invented from missing ratings
    page = coordinator_client.get(
        f"/p/{demo_context.process.id}/stakeholders/organisations/{org.id}"
    ).get_data(as_text=True)
    assert "not assessed" in page
    # The plain service accepts the same.
    again = registry.add_assessment(
        org, assessed_by=None, power=2, interest=2, position=0, target_engagement="inform"
    )
    assert again.salience is None


def test_a_consultation_records_aggregate_attendance_without_institutions(
    demo_context, coordinator_client
):
    pid = demo_context.process.id
    response = coordinator_client.post(
        f"/p/{pid}/stakeholders/consultations/new",
        data={
            "title": "National seminar",
            "stage": "analysis",
            "method": "workshop",
            "participation_level": "consult",
            "held": "y",
            "attendance_women": "23",
            "attendance_men": "19",
            "attendance_other": "2",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    seminar = db.session.scalar(
        db.select(Consultation).where(Consultation.title == "National seminar")
    )
    assert (seminar.attendance_women, seminar.attendance_men, seminar.attendance_other) == (
        23,
        19,
        2,
    )
    assert seminar.attendance["total"] == 44
    page = coordinator_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "44" in page  # the total is shown
