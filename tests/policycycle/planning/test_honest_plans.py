"""Issue 12, part A: an honest, incomplete plan is recorded as it is; the method rules
then show where it is incomplete (readiness findings with a link to mend), instead of
refusing the record."""

from __future__ import annotations

from datetime import date

from facilitation.extensions import db
from policycycle.models import Action, Instrument, Objective, ObjectiveLevel, PolicyOption
from policycycle.planning import actions, chain, instruments, options, readiness


def text(response) -> str:
    return response.get_data(as_text=True)


def _so_without_operational(process):
    general = Objective(process_id=process.id, level=ObjectiveLevel.GENERAL, title="Vision")
    db.session.add(general)
    db.session.flush()
    so = Objective(
        process_id=process.id,
        level=ObjectiveLevel.SPECIFIC,
        title="Integrate newcomers",
        parent_id=general.id,
    )
    db.session.add(so)
    db.session.flush()
    return so


def test_an_activity_without_an_accountable_institution_saves_and_is_flagged(
    planning_chain, login_as
):
    chain_ = planning_chain(n_specific=1, n_actions=1)
    client = login_as(chain_.owner)
    base = f"/p/{chain_.process.id}"
    response = client.post(
        f"{base}/action-plan/new",
        data={
            "objective_id": chain_.operational[0].id,
            "title": "Open a one-stop shop",
            "status": "planned",
            f"raci-{chain_.orgs[1].id}": "R",
        },
    )
    assert response.status_code == 302
    action = db.session.scalar(db.select(Action).where(Action.title == "Open a one-stop shop"))
    assert action is not None and [str(r.letter) for r in action.raci] == ["R"]
    page = text(client.get(f"{base}/readiness"))
    assert "Open a one-stop shop" in page
    assert f"/action-plan/{action.id}/edit" in page  # the mend link
    # With no institution at all, it still saves.
    response = client.post(
        f"{base}/action-plan/new",
        data={
            "objective_id": chain_.operational[0].id,
            "title": "Lead not agreed yet",
            "status": "planned",
        },
    )
    assert response.status_code == 302


def test_an_instrument_serves_an_objective_directly_without_a_preferred_option(
    make_process, login_as, make_user
):
    owner = make_user()
    process = make_process(owner=owner)
    so = _so_without_operational(process)
    db.session.commit()
    instrument = instruments.save_instrument(
        process.id, {"objective_id": so.id, "kind": "regulatory", "title": "Residence decree"}
    )
    db.session.commit()
    assert instrument.option_id is None and instrument.objective_id == so.id
    # The readiness check does not say the objective has no instrument.
    messages = [f.message for f in readiness.run_all(process.id, readiness.RULES)]
    assert not any("has no policy instrument" in m for m in messages)
    # Through the form.
    client = login_as(owner)
    response = client.post(
        f"/p/{process.id}/instruments/new",
        data={"objective_id": so.id, "kind": "informational", "title": "Welcome campaign"},
    )
    assert response.status_code == 302, text(response)
    saved = db.session.scalar(db.select(Instrument).where(Instrument.title == "Welcome campaign"))
    assert saved.objective_id == so.id and saved.option_id is None
    page = text(client.get(f"/p/{process.id}/instruments"))
    assert "Welcome campaign" in page and "SO1" in page


def test_codes_follow_the_plans_structure_and_a_custom_code_wins(make_process, make_user):
    process = make_process(owner=make_user())
    so = _so_without_operational(process)
    first = actions.create_action(process.id, so.id, "Draft the law", require_raci=False)
    second = actions.create_action(process.id, so.id, "Adopt the law", require_raci=False)
    db.session.commit()
    codes = chain.codes(process.id)
    assert codes[("objective", so.id)] == "SO1"
    assert codes[("action", first.id)] == "A1.1.1"
    assert codes[("action", second.id)] == "A1.1.2"
    actions.update_action(second, so.id, "Adopt the law", require_raci=False, code="1.1.b")
    so.code = "OE1"
    db.session.commit()
    codes = chain.codes(process.id)
    assert codes[("action", second.id)] == "1.1.b"
    assert codes[("objective", so.id)] == "OE1"


def test_the_baseline_title_is_editable_and_in_the_process_language(make_process, make_user):
    process = make_process(owner=make_user(), language="pt")
    so = _so_without_operational(process)
    options.ensure_baselines(process.id, [so.id])
    db.session.commit()
    baseline = db.session.scalar(db.select(PolicyOption).where(PolicyOption.is_baseline))
    assert baseline.title != "Baseline: do nothing new"  # written in Portuguese
    options.update_option(baseline, {"title": "Manter a situação atual"})
    db.session.commit()
    assert baseline.title == "Manter a situação atual"


def test_month_precision_dates_are_accepted_and_shown_as_months(planning_chain, login_as):
    chain_ = planning_chain(n_specific=1, n_actions=1)
    client = login_as(chain_.owner)
    base = f"/p/{chain_.process.id}"
    a, r = chain_.orgs
    response = client.post(
        f"{base}/action-plan/new",
        data={
            "objective_id": chain_.operational[0].id,
            "title": "Train border officers",
            "status": "planned",
            f"raci-{a.id}": "A",
            f"raci-{r.id}": "R",
            "start_date": "2027-03",
            "end_date": "2027-06",
        },
    )
    assert response.status_code == 302, text(response)
    action = db.session.scalar(db.select(Action).where(Action.title == "Train border officers"))
    assert action.start_date == date(2027, 3, 1) and action.start_precision == "month"
    assert action.end_date == date(2027, 6, 30) and action.end_precision == "month"
    page = text(client.get(f"{base}/action-plan"))
    assert "March 2027" in page and "June 2027" in page
    edit = text(client.get(f"{base}/action-plan/{action.id}/edit"))
    assert 'value="2027-03"' in edit
    response = client.post(
        f"{base}/action-plan/new",
        data={"objective_id": chain_.operational[0].id, "title": "X", "start_date": "March"},
    )
    assert response.status_code == 400
    assert "2027-03" in text(response)  # the message shows the accepted forms


def test_removing_an_organisation_lists_its_roles_and_the_readiness_then_flags_the_lead(
    planning_chain, login_as
):
    chain_ = planning_chain(n_specific=1, n_actions=1)
    client = login_as(chain_.owner)
    base = f"/p/{chain_.process.id}"
    lead = chain_.orgs[0]
    page = client.get(f"{base}/stakeholders/organisations/{lead.id}").get_data(as_text=True)
    assert "A1.1.1" in page and "Activity 1.1" in page and "Accountable" in page
    response = client.post(f"{base}/stakeholders/organisations/{lead.id}/delete")
    assert response.status_code == 302
    readiness_page = client.get(f"{base}/readiness").get_data(as_text=True)
    assert "has no accountable institution yet" in readiness_page
