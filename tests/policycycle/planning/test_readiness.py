"""The readiness check finds planted breaks, none in a complete chain, in constant queries."""

from sqlalchemy import event

from facilitation.extensions import db
from facilitation.stages import registry
from policycycle.models import (
    Action,
    ActionRaci,
    Instrument,
    Objective,
    ObjectiveLevel,
    OptionStatus,
    PolicyOption,
)
from policycycle.planning import readiness


def planning_findings(process_id):
    return readiness.run_all(process_id, readiness.RULES)


def test_a_complete_chain_has_no_planning_break(planning_chain):
    chain = planning_chain(n_specific=2, n_actions=2)
    assert planning_findings(chain.process.id) == []


def test_planted_breaks_are_each_found_with_where_to_mend_them(planning_chain, app):
    chain = planning_chain(n_specific=2, n_actions=2)
    pid = chain.process.id
    # 1. a specific objective without any option or instrument
    bare = Objective(process_id=pid, level=ObjectiveLevel.SPECIFIC, title="Bare objective")
    db.session.add(bare)
    # 2. an option discarded without a reason
    stray = PolicyOption(
        process_id=pid,
        objective_id=chain.specific[0].id,
        title="Stray",
        status=OptionStatus.DISCARDED,
        discard_reason="",
    )
    # 3. an option set without baseline (baseline removed behind the services' back)
    baseline = db.session.scalar(
        db.select(PolicyOption).where(
            PolicyOption.objective_id == chain.specific[1].id, PolicyOption.is_baseline.is_(True)
        )
    )
    db.session.delete(baseline)
    # 4. an instrument without action
    lonely = Instrument(
        process_id=pid, option_id=chain.options[0].id, kind="financial", title="Lonely grant"
    )
    db.session.add_all([stray, lonely])
    # 5. an action with two accountable institutions, 6. one with no responsible
    two_a, no_r = chain.actions[0], chain.actions[2]
    for row in two_a.raci:
        row.letter = "A"
    db.session.execute(
        db.delete(ActionRaci).where(ActionRaci.action_id == no_r.id, ActionRaci.letter == "R")
    )
    db.session.commit()

    findings = planning_findings(pid)
    keys = {(f.endpoint, tuple(sorted(f.url_values.items())), f.severity) for f in findings}
    assert ("planning.options_objective", (("objective_id", bare.id),), "error") in keys
    assert ("planning.instruments_page", (), "error") in keys
    assert ("planning.options_edit", (("option_id", stray.id),), "error") in keys
    assert (
        "planning.options_objective",
        (("objective_id", chain.specific[1].id),),
        "error",
    ) in keys
    assert ("planning.action_plan_new", (("instrument_id", lonely.id),), "error") in keys
    assert ("planning.action_plan_edit", (("action_id", two_a.id),), "error") in keys
    assert ("planning.action_plan_edit", (("action_id", no_r.id),), "error") in keys
    messages = " ".join(f.message for f in findings)
    assert "Bare objective" in messages and "without a reason" in messages
    assert "without a baseline option" in messages and "Lonely grant" in messages
    assert "2 accountable institutions" in messages and "no responsible" in messages
    # every finding links to a page of the app
    with app.test_request_context():
        from flask import url_for

        for f in planning_findings(pid):
            assert url_for(f.endpoint, process_id=pid, **f.url_values)


def test_the_rules_are_registered_for_the_readiness_page(app):
    rules = registry(app).readiness_rules
    assert all(rule in rules for rule in readiness.RULES)


def _count_queries(process_id):
    statements = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        planning_findings(process_id)
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return len(statements)


def _break_everything(chain):
    for action in chain.actions:
        db.session.execute(db.delete(ActionRaci).where(ActionRaci.action_id == action.id))
    for option in chain.options:
        option.status = OptionStatus.DISCARDED
        option.discard_reason = ""
    db.session.execute(db.delete(Action).where(Action.process_id == chain.process.id))
    db.session.commit()


def test_query_count_does_not_grow_with_the_data(planning_chain):
    small = planning_chain(n_specific=1, n_actions=1)
    large = planning_chain(n_specific=6, n_actions=4)
    assert _count_queries(small.process.id) == _count_queries(large.process.id)
    _break_everything(small)
    _break_everything(large)
    assert _count_queries(small.process.id) == _count_queries(large.process.id)
    assert len(planning_findings(large.process.id)) > len(planning_findings(small.process.id))
