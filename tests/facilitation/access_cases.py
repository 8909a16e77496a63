"""Access cases for the foundation's routes (accounts, processes, stages)."""

from facilitation.extensions import db
from facilitation.models import Invitation, Membership, Milestone, Process
from tests.access import Case


def build(world):
    milestone = Milestone(process_id=world.process_id, title="Draft ready")
    db.session.add(milestone)
    db.session.flush()
    world.ids["milestone"] = milestone.id
    world.ids["membership"] = db.session.execute(
        db.select(Membership.id).where(
            Membership.process_id == world.process_id,
            Membership.user_id == world.users["member"].id,
        )
    ).scalar_one()
    from facilitation import services

    invitation, _token = services.create_invitation(
        db.session.get(Process, world.process_id),
        world.users["facilitator"],
        f"invitee{world.process_id}@matrix.test",
        "member",
    )
    world.ids["invitation"] = invitation.id
    assert isinstance(invitation, Invitation)


CASES = [
    Case("auth.login", "public"),
    Case("auth.choose_language", "public", method="POST", data={"language": "fr", "next": "/"}),
    Case("auth.login", "public", method="POST", data={"email": "x@y.z", "password": "nope"}),
    Case("auth.register", "public"),
    Case("auth.register", "public", method="POST", data={}),
    Case("auth.accept_invitation", "public", values={"token": "not-a-token"}),
    Case("auth.accept_invitation", "public", method="POST", values={"token": "not-a-token"}),
    Case("auth.logout", "login", method="POST", login_redirect_ok=True),
    Case("auth.account", "login"),
    Case("auth.account", "login", method="POST", data={"name": "Renamed"}),
    Case("auth.admin_users", "admin"),
    Case(
        "auth.admin_toggle_active",
        "admin",
        method="POST",
        values=lambda w: {"user_id": w.users["outsider"].id},
    ),
    Case(
        "auth.admin_end_sessions",
        "admin",
        method="POST",
        values=lambda w: {"user_id": w.users["outsider"].id},
    ),
    Case("processes.index", "login"),
    Case("processes.create", "login"),
    Case("processes.create", "login", method="POST", data={"title": ""}),
    Case("processes.dashboard", "read"),
    Case("processes.settings", "manage"),
    Case(
        "processes.settings",
        "manage",
        method="POST",
        data={
            "title": "Renamed",
            "country": "Kestria",
            "language": "en",
            "lead_organisation": "Ministry of Interior",
        },
    ),
    Case("processes.add_milestone", "manage", method="POST", data={"title": "Validation workshop"}),
    Case(
        "processes.toggle_milestone",
        "manage",
        method="POST",
        values=lambda w: {"milestone_id": w.ids["milestone"]},
    ),
    Case(
        "processes.delete_milestone",
        "manage",
        method="POST",
        values=lambda w: {"milestone_id": w.ids["milestone"]},
    ),
    Case("processes.members", "read"),
    Case(
        "processes.invite",
        "manage",
        method="POST",
        data={"email": "new.person@matrix.test", "role": "member", "organisation_id": "0"},
    ),
    Case(
        "processes.revoke_invitation",
        "manage",
        method="POST",
        values=lambda w: {"invitation_id": w.ids["invitation"]},
    ),
    Case(
        "processes.update_member",
        "manage",
        method="POST",
        values=lambda w: {"membership_id": w.ids["membership"]},
        data=lambda w: {
            f"m{w.ids['membership']}-role": "observer",
            f"m{w.ids['membership']}-organisation_id": "0",
        },
    ),
    Case(
        "processes.remove_member",
        "manage",
        method="POST",
        values=lambda w: {"membership_id": w.ids["membership"]},
    ),
    Case("processes.activity", "read"),
    Case("processes.agree_stage", "manage", method="POST", values={"stage": "agenda"}),
    Case("processes.reopen_stage", "manage", method="POST", values={"stage": "agenda"}),
    Case("processes.stage_agreement", "read", values={"stage": "agenda"}),
    Case("search.search", "read", values={"q": "Matrix"}),
]
