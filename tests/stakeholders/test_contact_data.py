"""Focal points' e-mails and phone numbers are shown only to the roles that may export
them: one rule for pages and exports."""

from __future__ import annotations

import pytest

from facilitation.extensions import db
from facilitation.models import Role
from stakeholders import registry

EMAIL, PHONE = "focal.person@ministry.example", "+999 555 0101"


@pytest.fixture
def setup(make_process, make_user, member):
    facilitator = make_user()
    process = make_process(owner=facilitator)
    from facilitation import services

    org = services.find_or_create_organisation(process, "Ministry of Labour")
    registry.add_focal_point(org, name="Focal Person", role="Director", email=EMAIL, phone=PHONE)
    db.session.commit()
    users = {"facilitator": facilitator}
    for role in (Role.COORDINATOR, Role.MEMBER, Role.OBSERVER):
        users[str(role)] = member(process, role)
    return process, org, users


@pytest.mark.parametrize(
    "role,sees",
    [("facilitator", True), ("coordinator", True), ("member", True), ("observer", False)],
)
def test_contact_data_follows_the_export_right(app, setup, role, sees):
    from tests.access import sign_in

    process, org, users = setup
    client = app.test_client()
    sign_in(client, users[role])
    page = client.get(f"/p/{process.id}/stakeholders/organisations/{org.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Focal Person" in text  # who the contact is stays visible to every member
    assert (EMAIL in text) is sees
    assert (PHONE in text) is sees
    export = client.get(f"/p/{process.id}/stakeholders/export/nodes_csv?personal=1")
    assert export.status_code == (200 if sees else 403)
    if sees:
        assert EMAIL in export.get_data(as_text=True)
    registry_page = client.get(f"/p/{process.id}/stakeholders/").get_data(as_text=True)
    assert ('name="personal"' in registry_page) is sees
