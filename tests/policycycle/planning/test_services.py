"""Planning services on a real SQLite database."""

from datetime import date

import pytest

from facilitation.extensions import db
from facilitation.models import Organisation
from facilitation.validation import ValidationFailed
from policycycle.models import (
    Action,
    Indicator,
    InstrumentKind,
    OptionScore,
    OptionStatus,
    PolicyOption,
)
from policycycle.planning import actions, instruments, options, services


def test_every_specific_objective_gets_one_baseline(planning_chain):
    chain = planning_chain()
    pid = chain.process.id
    assert options.ensure_baselines(pid) == 0  # already there
    baselines = db.session.scalars(
        db.select(PolicyOption).where(
            PolicyOption.process_id == pid, PolicyOption.is_baseline.is_(True)
        )
    ).all()
    assert sorted(b.objective_id for b in baselines) == sorted(o.id for o in chain.specific)
    baseline = baselines[0]
    with pytest.raises(ValidationFailed):
        options.delete_option(baseline)
    with pytest.raises(ValidationFailed):
        options.discard_option(baseline, "no")


def test_discarding_needs_a_reason_and_one_preferred_option_per_objective(planning_chain):
    chain = planning_chain(n_specific=1)
    so = chain.specific[0]
    other = options.create_option(chain.process.id, so, {"title": "Campaign"})
    with pytest.raises(ValidationFailed) as failed:
        options.discard_option(other, "  ")
    assert "reason" in failed.value.errors
    options.discard_option(other, "Too costly")
    assert other.status == OptionStatus.DISCARDED and other.discard_reason == "Too costly"
    third = options.create_option(chain.process.id, so, {"title": "Agency"})
    options.prefer_option(third, "Cheaper")
    assert chain.options[0].status == OptionStatus.CONSIDERED
    assert third.status == OptionStatus.PREFERRED


def test_mca_result_through_the_database_matches_the_hand_calculation(planning_chain, make_user):
    chain = planning_chain(n_specific=1)
    pid, so = chain.process.id, chain.specific[0]
    effect, cost = chain.criteria
    second = make_user(name="Second scorer")
    option = chain.options[0]
    options.save_scores(
        pid,
        so.id,
        f"user:{second.id}",
        second.name,
        {(option.id, effect.id): 0, (option.id, cost.id): -3},
    )
    db.session.commit()
    view = services.mca_result(pid, so.id)
    cell = view.result.cells[(option.id, effect.id)]
    assert (cell.mean, cell.spread, cell.count) == (1.0, 1.0, 2)  # scores 2 and 0
    # effect mean 1 (w 3), cost mean -2 (w 1): (3 - 2) / 4 = 0.25
    assert view.result.totals[option.id] == pytest.approx(0.25)
    assert view.result.ranking[0] == option.id
    assert set(view.scorers) == {chain.owner.name, "Second scorer"}
    assert view.weight_setters[effect.id] == chain.owner.name


def test_scores_refuse_other_objectives_options_and_out_of_range_values(planning_chain):
    chain = planning_chain(n_specific=2)
    pid = chain.process.id
    foreign = chain.options[1]
    with pytest.raises(ValidationFailed):
        options.save_scores(
            pid, chain.specific[0].id, "user:1", "x", {(foreign.id, chain.criteria[0].id): 1}
        )
    with pytest.raises(ValidationFailed):
        options.save_scores(
            pid,
            chain.specific[0].id,
            "user:1",
            "x",
            {(chain.options[0].id, chain.criteria[0].id): 4},
        )
    db.session.rollback()
    # None clears a score
    options.save_scores(
        pid,
        chain.specific[0].id,
        f"user:{chain.owner.id}",
        "x",
        {(chain.options[0].id, chain.criteria[0].id): None},
    )
    assert (
        db.session.scalar(
            db.select(db.func.count(OptionScore.id)).where(
                OptionScore.option_id == chain.options[0].id
            )
        )
        == 1
    )


def test_criterion_weight_records_who_set_it(planning_chain, make_user):
    chain = planning_chain(n_specific=1)
    other = make_user()
    criterion = chain.criteria[1]
    options.save_criterion(chain.process.id, {"name": "Cost", "weight": 1}, other, criterion)
    assert criterion.weight_set_by_id == chain.owner.id  # unchanged weight
    options.save_criterion(chain.process.id, {"name": "Cost", "weight": 2}, other, criterion)
    assert criterion.weight_set_by_id == other.id
    with pytest.raises(ValidationFailed):
        options.save_criterion(chain.process.id, {"name": "cost", "weight": 1}, other)
    with pytest.raises(ValidationFailed):
        options.save_criterion(chain.process.id, {"name": "New", "weight": 0}, other)


def test_instruments_need_a_preferred_option_of_the_process(planning_chain):
    chain = planning_chain(n_specific=1)
    other_chain = planning_chain(n_specific=1)
    pid = chain.process.id
    considered = options.create_option(pid, chain.specific[0], {"title": "Other"})
    with pytest.raises(ValidationFailed) as failed:
        instruments.save_instrument(
            pid, {"option_id": considered.id, "kind": "financial", "title": "Grant"}
        )
    assert "option_id" in failed.value.errors
    with pytest.raises(ValidationFailed):  # another process's option
        instruments.save_instrument(
            pid, {"option_id": other_chain.options[0].id, "kind": "financial", "title": "Grant"}
        )
    with pytest.raises(ValidationFailed) as failed:  # another process's institution
        instruments.save_instrument(
            pid,
            {
                "option_id": chain.options[0].id,
                "kind": "financial",
                "title": "Grant",
                "lead_organisation_id": other_chain.orgs[0].id,
            },
        )
    assert "lead_organisation_id" in failed.value.errors
    grouped = services.instruments_by_kind(pid)
    assert set(grouped) == set(InstrumentKind)
    assert [i.title for i in grouped[InstrumentKind.REGULATORY]] == ["Decree 1"]


def test_mandate_check_warns_but_does_not_refuse(planning_chain):
    chain = planning_chain(n_specific=1)
    instrument = chain.instruments[0]
    assert instruments.mandate_check(instrument) == ("ok", ["labour", "migration"])
    instruments.save_instrument(
        chain.process.id,
        {
            "option_id": chain.options[0].id,
            "kind": "regulatory",
            "title": "Decree 1",
            "lead_organisation_id": chain.orgs[1].id,
            "policy_area": "Diaspora engagement",
        },
        instrument,
    )
    assert instruments.mandate_check(instrument) == ("warning", [])


def test_deleting_shows_what_depends(planning_chain):
    chain = planning_chain(n_specific=1)
    with pytest.raises(ValidationFailed) as failed:
        options.delete_option(chain.options[0])
    assert "Decree 1" in str(failed.value) and "2 linked activities" in str(failed.value)
    with pytest.raises(ValidationFailed) as failed:
        instruments.delete_instrument(chain.instruments[0])
    assert "Activity 1.1" in str(failed.value)


def test_create_action_records_an_incomplete_raci_and_refuses_unknown_letters(planning_chain):
    chain = planning_chain(n_specific=1, n_actions=0)
    pid, op = chain.process.id, chain.operational[0]
    a, r = chain.orgs
    # The RACI rule advises (readiness finding); only an unknown letter is refused.
    with pytest.raises(ValidationFailed) as failed:
        actions.create_action(pid, op.id, "Train inspectors", raci={a.id: "X"})
    assert "Use only R" in failed.value.errors["raci"]
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(Action.id))) == 0  # nothing half-saved
    for raci in ({a.id: "R"}, {a.id: "A", r.id: "A"}, {a.id: "A", r.id: "C"}, {}):
        kept = actions.create_action(pid, op.id, "Lead not agreed", raci=raci)
        assert sorted(str(x.letter) for x in kept.raci) == sorted(raci.values())
    db.session.rollback()
    action = actions.create_action(pid, op.id, "Train inspectors", raci={a.id: "a", r.id: "r"})
    assert sorted(str(x.letter) for x in action.raci) == ["A", "R"]


def test_create_action_refuses_other_process_links_and_bad_dates(planning_chain):
    chain = planning_chain(n_specific=1, n_actions=0)
    other = planning_chain(n_specific=1, n_actions=1)
    pid, op = chain.process.id, chain.operational[0]
    raci = {chain.orgs[0].id: "A", chain.orgs[1].id: "R"}
    for kwargs, field in (
        ({"instrument_id": other.instruments[0].id}, "instrument_id"),
        ({"depends_on": [other.actions[0].id]}, "depends_on"),
        ({"raci": {other.orgs[0].id: "A", chain.orgs[1].id: "R"}}, "raci"),
        ({"start_date": date(2027, 5, 1), "end_date": date(2027, 1, 1)}, "end_date"),
        ({"cost": -5.0}, "cost"),
    ):
        with pytest.raises(ValidationFailed) as failed:
            actions.create_action(pid, op.id, "X", **{"raci": raci, **kwargs})
        assert field in failed.value.errors, kwargs
    with pytest.raises(ValidationFailed):
        actions.create_action(pid, other.operational[0].id, "X", raci=raci)


def test_dependencies_cannot_make_a_circle(planning_chain):
    chain = planning_chain(n_specific=1, n_actions=2)
    first, second = chain.actions
    raci = {chain.orgs[0].id: "A", chain.orgs[1].id: "R"}
    actions.update_action(
        second, chain.operational[0].id, second.title, raci=raci, depends_on=[first.id]
    )
    db.session.commit()
    with pytest.raises(ValidationFailed) as failed:
        actions.update_action(
            first, chain.operational[0].id, first.title, raci=raci, depends_on=[second.id]
        )
    assert "depends_on" in failed.value.errors
    db.session.rollback()
    with pytest.raises(ValidationFailed) as failed:
        actions.delete_action(first)
    assert second.title in str(failed.value)


def test_action_plan_rows_have_codes_lead_partners_and_indicator(planning_chain):
    chain = planning_chain(n_specific=2, n_actions=2)
    pid = chain.process.id
    action = chain.actions[0]
    actions.add_monitoring_update(action, chain.owner, date(2027, 3, 1), "ongoing", 0.5, "Draft")
    db.session.commit()
    groups = services.action_plan_rows(pid)
    assert [g["code"] for g in groups] == ["SO1", "SO2"]
    op_group = groups[0]["operational"][0]
    assert op_group["code"] == "Op1.1"
    row = op_group["actions"][0]
    assert row["code"] == "A1.1.1" and row["title"] == "Activity 1.1"
    assert row["lead"].id == chain.orgs[0].id
    assert [o.id for o in row["partners"]] == [chain.orgs[1].id]
    assert row["indicator"].target_value == 1 and row["indicator"].baseline_year == 2025
    assert str(row["status"]) == "ongoing" and row["latest_update"].comment == "Draft"
    assert groups[1]["operational"][0]["actions"][1]["code"] == "A2.1.2"
    gantt = services.gantt_rows(pid)
    assert [r.code for r in gantt] == ["A1.1.1", "A1.1.2", "A2.1.1", "A2.1.2"]
    assert gantt[0].start == date(2027, 1, 1) and gantt[0].group == "SO1"


def test_indicator_values_are_validated_and_replaced(planning_chain):
    chain = planning_chain(n_specific=1, n_actions=1)
    action = chain.actions[0]
    raci = {chain.orgs[0].id: "A", chain.orgs[1].id: "R"}
    with pytest.raises(ValidationFailed) as failed:
        actions.update_action(
            action,
            chain.operational[0].id,
            action.title,
            raci=raci,
            indicator={"name": "", "target_value": 3},
        )
    assert "indicator_name" in failed.value.errors
    db.session.rollback()
    actions.update_action(
        action,
        chain.operational[0].id,
        action.title,
        raci=raci,
        indicator={"name": "Inspections", "target_value": 30, "target_year": 2028},
    )
    db.session.commit()
    rows = db.session.scalars(db.select(Indicator).where(Indicator.action_id == action.id)).all()
    assert [(i.name, i.target_value) for i in rows] == [("Inspections", 30)]


def test_evidence_can_add_an_activity_without_raci_and_readiness_lists_it(planning_chain):
    chain = planning_chain(n_specific=1, n_actions=1)
    action = services.create_action(
        chain.process.id, chain.operational[0].id, "Develop a data source", require_raci=False
    )
    db.session.commit()
    from policycycle.planning import readiness

    findings = readiness.raci_rule(chain.process.id)
    assert {f.url_values["action_id"] for f in findings} == {action.id}


def test_snapshots_summarise_each_stage(planning_chain):
    chain = planning_chain(n_specific=1, n_actions=1)
    pid = chain.process.id
    snap = services.options_snapshot(pid)
    assert [c["name"] for c in snap["criteria"]] == ["Effectiveness", "Cost"]
    assert any(o["status"] == "preferred" for o in snap["options"])
    assert services.instruments_snapshot(pid)["regulatory"][0]["title"] == "Decree 1"
    assert services.action_plan_snapshot(pid)["actions"][0]["code"] == "A1.1.1"
    assert db.session.scalar(services.count_actions(pid)) == 1
    org = db.session.get(Organisation, chain.orgs[0].id)
    assert services.action_plan_snapshot(pid)["actions"][0]["lead"] == org.name


def test_objective_dependents_for_the_objectives_page(planning_chain):
    chain = planning_chain(n_specific=1, n_actions=2)
    pid = chain.process.id
    assert services.objective_dependents(pid, chain.specific[0].id) == ["1 policy option"]
    assert services.objective_dependents(pid, chain.operational[0].id) == [
        "2 activities of the action plan"
    ]


def test_mca_overview_agrees_with_the_full_analysis(planning_chain):
    chain = planning_chain(n_specific=2)
    pid = chain.process.id
    overview = options.mca_overview(pid)
    for so in chain.specific:
        view = services.mca_result(pid, so.id)
        assert overview[so.id]["top"] == view.titles(view.result.top)
        assert overview[so.id]["stable"] == view.result.sensitivity.stable


def test_organisation_dependents_for_the_stakeholder_registry(planning_chain):
    chain = planning_chain(n_specific=1, n_actions=2)
    pid = chain.process.id
    assert services.organisation_dependents(pid, chain.orgs[0].id) == [
        "lead institution of 1 instrument",
        "accountable (A) for 2 activities",
    ]
    assert services.organisation_dependents(pid, chain.orgs[1].id) == [
        "responsible, consulted or informed in 2 activities"
    ]


def test_agreeing_the_planning_stages_stores_their_snapshots(planning_chain):
    from facilitation import services as core
    from facilitation.models import StageState

    chain = planning_chain(n_specific=1, n_actions=1)
    pid = chain.process.id
    for stage in ("options", "instruments", "action_plan"):
        core.agree_stage(pid, stage, chain.owner, "Agreed in the workshop", accept_breaks=True)
    db.session.commit()
    db.session.expire_all()
    states = {
        s.stage: s
        for s in db.session.scalars(db.select(StageState).where(StageState.process_id == pid))
    }
    assert states["options"].snapshot["counts"] == 1
    assert states["options"].snapshot["content"]["criteria"][0]["name"] == "Effectiveness"
    assert states["action_plan"].snapshot["content"]["actions"][0]["code"] == "A1.1.1"
    assert states["instruments"].snapshot["content"]["regulatory"][0]["title"] == "Decree 1"
