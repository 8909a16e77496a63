import re
from datetime import date, timedelta

from facilitation.models import AuditEvent, Role
from policycycle.validation.models import Endorsement


def test_record_and_remove_an_endorsement(client, make_process, login_as, db):
    process = make_process()
    login_as(process.memberships[0].user)
    page = client.get(f"/p/{process.id}/validation/")
    assert page.status_code == 200 and "No decision recorded yet." in page.get_data(as_text=True)
    response = client.post(
        f"/p/{process.id}/validation/endorsements",
        data={
            "body": "Cabinet",
            "decision": "endorsed",
            "decided_on": "2026-11-20",
            "reference": "Decision 41/2026",
            "version_label": "v1.0",
        },
    )
    assert response.status_code == 302
    endorsement = db.session.execute(db.select(Endorsement)).scalar_one()
    assert endorsement.decision.label == "Endorsed"
    page = client.get(f"/p/{process.id}/validation/").get_data(as_text=True)
    assert "Decision 41/2026" in page and "version v1.0" in page
    client.post(f"/p/{process.id}/validation/endorsements/{endorsement.id}/delete")
    assert db.session.scalar(db.select(db.func.count(Endorsement.id))) == 0
    actions = db.session.scalars(
        db.select(AuditEvent.action).where(AuditEvent.object_type == "Endorsement")
    ).all()
    assert actions == ["create", "delete"]


def test_bad_decisions_are_refused_with_field_messages(client, make_process, login_as, db):
    process = make_process()
    login_as(process.memberships[0].user)
    missing = client.post(f"/p/{process.id}/validation/endorsements", data={"decision": "endorsed"})
    assert missing.status_code == 400
    text = missing.get_data(as_text=True)
    assert (
        "Name the body that took the decision." in text and "Give the date of the decision." in text
    )
    future = (date.today() + timedelta(days=3)).isoformat()
    late = client.post(
        f"/p/{process.id}/validation/endorsements",
        data={"body": "Cabinet", "decision": "endorsed", "decided_on": future},
    )
    assert late.status_code == 400 and "cannot be dated in the future" in late.get_data(
        as_text=True
    )
    wrong = client.post(
        f"/p/{process.id}/validation/endorsements",
        data={"body": "Cabinet", "decision": "vetoed", "decided_on": "2026-11-01"},
    )
    assert wrong.status_code == 400
    assert db.session.scalar(db.select(db.func.count(Endorsement.id))) == 0


def test_validation_counts_on_the_dashboard_and_members_cannot_endorse(
    client, make_process, member, login_as, db
):
    process = make_process()
    login_as(process.memberships[0].user)
    client.post(
        f"/p/{process.id}/validation/endorsements",
        data={
            "body": "Round table",
            "decision": "endorsed_with_changes",
            "decided_on": "2026-11-02",
        },
    )
    dashboard = client.get(f"/p/{process.id}/").get_data(as_text=True)
    assert "1 artefact" in dashboard
    login_as(member(process, Role.MEMBER))
    response = client.post(
        f"/p/{process.id}/validation/endorsements",
        data={"body": "Me", "decision": "endorsed", "decided_on": "2026-11-02"},
    )
    assert response.status_code == 403


def test_the_page_lists_the_round_tables_and_no_other_consultation(
    client, make_process, login_as, db
):
    from stakeholders.consultations import save_consultation

    process = make_process()
    login_as(process.memberships[0].user)
    for title, method in (
        ("Round table with the regions", "validation_round_table"),
        ("Workshop on the objectives", "workshop"),
    ):
        save_consultation(
            process.id,
            title=title,
            method=method,
            stage="validation",
            participation_level="consult",
            starts_on=date(2026, 11, 2),
        )
    db.session.commit()
    page = client.get(f"/p/{process.id}/validation/").get_data(as_text=True)
    assert "Round table with the regions" in page
    assert "Workshop on the objectives" not in page


def test_the_page_lists_the_eight_newest_named_versions_newest_first(
    client, make_process, login_as, db
):
    from datetime import datetime

    from drafting import services as drafting

    process = make_process()
    user = process.memberships[0].user
    login_as(user)
    policy = drafting.create_draft(process.id, user, "Policy", "policy", ["Context"])
    plan = drafting.create_draft(process.id, user, "Action plan", "action_plan", ["Actions"])
    for n in range(10):
        version = drafting.create_version(process.id, (policy, plan)[n % 2], f"v0.{n}", "", user)
        version.created_at = datetime(2026, 11, 1 + n, 9, 0)
    db.session.commit()
    page = client.get(f"/p/{process.id}/validation/").get_data(as_text=True)
    listed = re.findall(r"<strong>(v0\.\d)</strong>", page)
    assert listed == [f"v0.{n}" for n in range(9, 1, -1)]
    assert "Action plan" in page  # each version names its draft
