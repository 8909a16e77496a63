import re

from facilitation import services
from facilitation.models import AuditEvent, Invitation, Membership, Organisation, Process, Role
from facilitation.stages import STAGES

from ..conftest import PASSWORD


def test_create_process_makes_the_creator_facilitator_and_the_lead_an_institution(
    client, make_user, login_as, db
):
    user = make_user()
    login_as(user)
    response = client.post(
        "/processes/new",
        data={
            "title": "National Migration and Citizenship Policy",
            "country": "Kestria",
            "language": "fr",
            "lead_organisation": "Ministry of Interior",
            "mandate": "Cabinet decision",
        },
    )
    assert response.status_code == 302
    process = db.session.execute(db.select(Process)).scalar_one()
    assert process.language == "fr"
    assert process.lead_organisation.name == "Ministry of Interior"
    assert process.lead_organisation.in_core_group
    membership = db.session.execute(db.select(Membership)).scalar_one()
    assert membership.role == Role.FACILITATOR and membership.user_id == user.id


def test_process_form_errors_save_nothing(client, make_user, login_as, db):
    login_as(make_user())
    response = client.post("/processes/new", data={"title": "", "country": "", "language": "en"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Give the process a title." in page and "Name the lead institution." in page
    assert db.session.scalar(db.select(db.func.count(Process.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Organisation.id))) == 0


def test_dashboard_shows_every_stage_the_group_and_activity(client, make_process, login_as):
    process = make_process()
    owner = process.memberships[0].user
    login_as(owner)
    page = client.get(f"/p/{process.id}/").get_data(as_text=True)
    for stage in STAGES:
        assert str(stage.label) in page
    assert owner.name in page
    assert "Not started" in page


def test_members_only_see_their_processes(client, make_process, make_user, login_as):
    mine = make_process(title="Mine")
    other = make_process(title="Theirs")
    login_as(mine.memberships[0].user)
    index = client.get("/").get_data(as_text=True)
    assert "Mine" in index and "Theirs" not in index
    assert client.get(f"/p/{other.id}/").status_code == 404


def test_invitation_creates_account_and_membership_once(client, make_process, login_as, db, app):
    process = make_process()
    login_as(process.memberships[0].user)
    org = services.find_or_create_organisation(process, "National Statistics Office")
    db.session.commit()
    response = client.post(
        f"/p/{process.id}/invitations",
        data={"email": "Stat@Example.org", "role": "member", "organisation_id": str(org.id)},
    )
    assert response.status_code == 200
    link = re.search(
        r'value="(http://[^"]+/invitation/[^"]+)"', response.get_data(as_text=True)
    ).group(1)
    path = link.split("localhost", 1)[1]
    invitation = db.session.execute(db.select(Invitation)).scalar_one()
    assert path.rsplit("/", 1)[1] not in invitation.token_hash  # only the hash is stored

    client.post("/logout")
    page = client.get(path)
    assert page.status_code == 200 and "stat@example.org" in page.get_data(as_text=True)
    joined = client.post(
        path, data={"name": "Stat Person", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert joined.status_code == 302
    membership = db.session.execute(
        db.select(Membership).where(
            Membership.process_id == process.id, Membership.role == Role.MEMBER
        )
    ).scalar_one()
    assert membership.user.email == "stat@example.org"
    assert membership.organisation_id == org.id
    client.post("/logout")
    assert client.get(path).status_code == 404  # one-time


def test_invitation_for_an_existing_account_asks_to_sign_in(client, make_process, make_user, db):
    process = make_process()
    existing = make_user(email="known@example.org")
    _invitation, token = services.create_invitation(
        process, process.memberships[0].user, "known@example.org", Role.OBSERVER
    )
    db.session.commit()
    response = client.get(f"/invitation/{token}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    client.post("/login", data={"email": "known@example.org", "password": PASSWORD})
    assert client.post(f"/invitation/{token}", data={}).status_code == 302
    assert services.processes_of(existing)[0][1].role == Role.OBSERVER


def test_the_last_manager_cannot_be_demoted_or_removed(client, make_process, login_as, db):
    process = make_process()
    owner = process.memberships[0]
    login_as(owner.user)
    client.post(
        f"/p/{process.id}/members/{owner.id}",
        data={f"m{owner.id}-role": "member", f"m{owner.id}-organisation_id": "0"},
    )
    client.post(f"/p/{process.id}/members/{owner.id}/remove")
    db.session.expire_all()
    assert db.session.get(Membership, owner.id).role == Role.FACILITATOR


def test_membership_refuses_an_institution_of_another_process(
    client, make_process, member, login_as, db
):
    process = make_process()
    other = make_process(title="Other")
    foreign_org = other.lead_organisation
    user = member(process, Role.MEMBER)
    membership = db.session.execute(
        db.select(Membership).where(Membership.user_id == user.id)
    ).scalar_one()
    login_as(process.memberships[0].user)
    client.post(
        f"/p/{process.id}/members/{membership.id}",
        data={
            f"m{membership.id}-role": "observer",
            f"m{membership.id}-organisation_id": str(foreign_org.id),
        },
    )
    db.session.expire_all()
    assert db.session.get(Membership, membership.id).organisation_id is None
    assert db.session.get(Membership, membership.id).role == Role.MEMBER


def test_stage_agreement_is_recorded_and_reopening_is_logged(client, make_process, login_as, db):
    process = make_process()
    login_as(process.memberships[0].user)
    client.post(
        f"/p/{process.id}/stages/agenda/agree", data={"note": "Agreed at the inception workshop"}
    )
    page = client.get(f"/p/{process.id}/").get_data(as_text=True)
    assert "Agreed by" in page
    client.post(f"/p/{process.id}/stages/agenda/reopen", data={"note": "New issue raised"})
    actions = [
        e.action
        for e in db.session.execute(db.select(AuditEvent).order_by(AuditEvent.id)).scalars()
    ]
    assert actions[-2:] == ["agree", "reopen"]
    assert client.post(f"/p/{process.id}/stages/nonsense/agree").status_code == 404


def test_dashboard_counts_breaks_in_the_chain_per_stage(client, make_process, login_as, app):
    from facilitation.stages import Finding, registry

    process = make_process()
    login_as(process.memberships[0].user)

    def planted(process_id):
        return [
            Finding("objectives", "Objective without indicator", "processes.dashboard", {}),
            Finding(
                "objectives", "Seven objectives at one level", "processes.dashboard", {}, "warning"
            ),
        ]

    registry(app).readiness_rules.append(planted)
    try:
        page = client.get(f"/p/{process.id}/").get_data(as_text=True)
    finally:
        registry(app).readiness_rules.remove(planted)
    assert "1 break in the chain" in page and "1 warning" in page


def test_readiness_is_recomputed_when_the_process_changes(make_process, app, db):
    from facilitation import services
    from facilitation.models import Milestone
    from facilitation.stages import Finding, registry

    process = make_process()
    calls = []

    def one_per_milestone(process_id):
        calls.append(process_id)
        count = db.session.scalar(
            db.select(db.func.count(Milestone.id)).where(Milestone.process_id == process_id)
        )
        return [Finding("agenda", "milestone", "processes.dashboard", {})] * count

    def planted():
        return [f for f in services.readiness_findings(process.id) if f.message == "milestone"]

    registry(app).readiness_rules.append(one_per_milestone)
    try:
        assert planted() == []
        assert planted() == []
        assert len(calls) == 1  # the second view reuses the result
        db.session.add(Milestone(process_id=process.id, title="Round table"))
        db.session.commit()
        assert len(planted()) == 1
        assert len(calls) == 2
    finally:
        registry(app).readiness_rules.remove(one_per_milestone)
