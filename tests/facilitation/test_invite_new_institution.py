"""Issue 12, less typing: an invitation can create the institution it names."""

from facilitation.models import Invitation, Organisation


def _orgs(db, process):
    return db.session.scalars(
        db.select(Organisation).where(Organisation.process_id == process.id)
    ).all()


def test_an_invitation_creates_the_institution_it_names(client, make_process, login_as, db):
    process = make_process(lead_organisation="Ministry of Internal Administration")
    login_as(process.memberships[0].user)
    page = client.get(f"/p/{process.id}/members").get_data(as_text=True)
    assert 'name="new_organisation"' in page
    response = client.post(
        f"/p/{process.id}/invitations",
        data={
            "email": "focal@ine.example",
            "role": "member",
            "organisation_id": "0",
            "new_organisation": "  National  Statistics Institute ",
        },
    )
    assert response.status_code == 200
    created = db.session.scalar(
        db.select(Organisation).where(Organisation.name == "National Statistics Institute")
    )
    assert created is not None and created.process_id == process.id
    assert str(created.level) == "national" and str(created.category) == "ministry"
    invitation = db.session.scalar(db.select(Invitation))
    assert invitation.organisation_id == created.id
    # Typing a name already in the registry (any case) uses it: no duplicate.
    client.post(
        f"/p/{process.id}/invitations",
        data={
            "email": "second@ine.example",
            "role": "observer",
            "organisation_id": "0",
            "new_organisation": "national statistics institute",
        },
    )
    assert len(_orgs(db, process)) == 2


def test_choosing_and_typing_an_institution_is_refused_and_creates_nothing(
    client, make_process, login_as, db
):
    process = make_process()
    login_as(process.memberships[0].user)
    response = client.post(
        f"/p/{process.id}/invitations",
        data={
            "email": "x@example.org",
            "role": "member",
            "organisation_id": str(process.lead_organisation_id),
            "new_organisation": "Red Cross",
        },
    )
    assert response.status_code == 400
    assert "Choose an institution from the list or type a new one, not both." in response.get_data(
        as_text=True
    )
    # A refused invitation (already a member) leaves no new institution behind either.
    response = client.post(
        f"/p/{process.id}/invitations",
        data={
            "email": process.memberships[0].user.email,
            "role": "member",
            "organisation_id": "0",
            "new_organisation": "Red Cross",
        },
    )
    assert response.status_code == 400
    assert len(_orgs(db, process)) == 1
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 0
