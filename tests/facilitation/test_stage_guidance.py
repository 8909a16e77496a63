"""Issue 12, part B: the dashboard says where the group is and what to do next; an
empty process is not "complete"; agreeing a stage with breaks asks for confirmation
and records the breaks left open."""

from __future__ import annotations

from facilitation.extensions import db
from facilitation.models import StageState
from policycycle.models import Objective, ObjectiveLevel


def test_an_empty_process_does_not_say_the_chain_is_complete(make_process, login_as):
    process = make_process()
    client = login_as(process.memberships[0].user)
    page = client.get(f"/p/{process.id}/").get_data(as_text=True)
    assert "the chain is complete" not in page
    assert "nothing to check yet" in page
    assert "Next step" in page and "Agenda setting" in page


def test_agreeing_a_stage_with_breaks_asks_for_confirmation_and_records_them(
    make_process, make_user, login_as
):
    owner = make_user()
    process = make_process(owner=owner)
    general = Objective(process_id=process.id, level=ObjectiveLevel.GENERAL, title="Vision")
    db.session.add(general)
    db.session.flush()
    db.session.add(
        Objective(
            process_id=process.id,
            level=ObjectiveLevel.SPECIFIC,
            title="Orphan objective",
            parent_id=general.id,
        )
    )
    db.session.commit()
    client = login_as(owner)
    client.post(f"/p/{process.id}/stages/options/agree", data={"note": ""})
    state = db.session.scalar(
        db.select(StageState).where(
            StageState.process_id == process.id, StageState.stage == "options"
        )
    )
    assert state is None or not state.agreed  # not without confirming
    client.post(f"/p/{process.id}/stages/options/agree", data={"confirm_breaks": "y"})
    db.session.expire_all()
    state = db.session.scalar(
        db.select(StageState).where(
            StageState.process_id == process.id, StageState.stage == "options"
        )
    )
    assert state.agreed
    assert any("Orphan objective" in b for b in state.snapshot["open_breaks"])
    page = client.get(f"/p/{process.id}/stages/options/agreement").get_data(as_text=True)
    assert "Orphan objective" in page  # the record of what was agreed names the breaks


def test_the_creator_of_a_process_chooses_their_own_role(make_user, login_as):
    from facilitation.models import Membership, Process, Role

    user = make_user()
    client = login_as(user)
    page = client.get("/processes/new").get_data(as_text=True)
    assert "Your role in this process" in page
    response = client.post(
        "/processes/new",
        data={
            "title": "Immigration strategy",
            "country": "Island state",
            "language": "pt",
            "lead_organisation": "Ministry of Internal Administration",
            "my_role": "coordinator",
        },
    )
    assert response.status_code == 302
    process = db.session.scalar(db.select(Process).where(Process.title == "Immigration strategy"))
    membership = db.session.scalar(
        db.select(Membership).where(
            Membership.process_id == process.id, Membership.user_id == user.id
        )
    )
    assert membership.role == Role.COORDINATOR


def test_an_agreed_stage_says_so_on_its_own_page(make_process, login_as):
    process = make_process()
    client = login_as(process.memberships[0].user)
    client.post(f"/p/{process.id}/stages/agenda/agree", data={"confirm_breaks": "y"})
    page = client.get(f"/p/{process.id}/agenda").get_data(as_text=True)
    assert "This stage is agreed" in page
    assert f"/p/{process.id}/stages/agenda/agreement" in page
