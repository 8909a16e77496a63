"""Services of the analysis stages against a real database: validation, links to
other processes refused, dependents reported, drafting and readiness rules."""

import pytest

from facilitation.extensions import db
from facilitation.models import Organisation
from facilitation.validation import ValidationFailed
from policycycle.analysis import objectives, problems, readiness, services
from policycycle.models import Objective, PolicyOption, ProblemNode


def test_issue_refuses_an_institution_of_another_process(setup, make_process):
    process, _user, _client = setup
    other = make_process(title="Other")
    foreign_org = db.session.execute(
        db.select(Organisation).where(Organisation.process_id == other.id)
    ).scalar_one()
    with pytest.raises(ValidationFailed) as exc:
        services.save_issue(process.id, title="Brain drain", raised_by_id=foreign_org.id)
    assert "raised_by_id" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        services.save_issue(process.id, title="  ")
    assert exc.value.errors == {"title": "Give the issue a title."}


def test_decision_needs_a_reason_and_is_audited(setup):
    process, _user, _client = setup
    issue = services.save_issue(process.id, title="Irregular departures")
    with pytest.raises(ValidationFailed) as exc:
        services.decide_issue(issue, status="on_agenda", reason="")
    assert "reason" in exc.value.errors
    services.decide_issue(issue, status="on_agenda", reason="Largest group affected")
    assert issue.status == "on_agenda"


def test_ratings_weights_and_dots_rank_the_issues(setup, member):
    process, user, _client = setup
    second = member(process)
    urgency = services.save_criterion(process.id, name="Urgency", weight=2)
    cost = services.save_criterion(process.id, name="Cost", weight=1)
    with pytest.raises(ValidationFailed):
        services.save_criterion(process.id, name="urgency")
    a = services.save_issue(process.id, title="A")
    b = services.save_issue(process.id, title="B")
    services.rate_issue(a, user.id, {urgency.id: 2, cost.id: 2})
    services.rate_issue(b, user.id, {urgency.id: 5, cost.id: 1})
    services.rate_issue(b, second.id, {urgency.id: 3})
    with pytest.raises(ValidationFailed):
        services.rate_issue(a, user.id, {urgency.id: 9})
    services.set_dots(a, user.id, 4)
    with pytest.raises(ValidationFailed) as exc:
        services.set_dots(b, user.id, 2)
    assert "1 left" in exc.value.errors["dots"]
    rows = services.ranked_issues(process.id)
    assert [r.issue.title for r in rows] == ["B", "A"]
    assert rows[0].score == round((2 * 4 + 1 * 1) / 3, 2) and rows[0].raters == 2
    assert rows[1].dots == 4


def test_swot_merge_moves_evidence_and_tows_links(setup):
    process, _user, _client = setup
    keep = services.save_swot_item(
        process.id, quadrant="W", statement="Weak coordination", evidence="Workshop 1"
    )
    dup = services.save_swot_item(
        process.id, quadrant="W", statement="Ministries do not talk", evidence="Round table"
    )
    opp = services.save_swot_item(process.id, quadrant="O", statement="Donor funding")
    strategy = services.save_tows(
        process.id, kind="WO", text="Fund a committee", swot_item_ids=[dup.id, opp.id]
    )
    with pytest.raises(ValidationFailed) as exc:
        services.save_tows(process.id, kind="SO", text="x", swot_item_ids=[dup.id])
    assert "swot_item_ids" in exc.value.errors
    services.merge_swot_items(keep, dup.id)
    assert {i.id for i in strategy.swot_items} == {keep.id, opp.id}
    assert "Round table" in keep.evidence
    assert [i.id for i in services.swot_quadrants(process.id)["W"]] == [keep.id]
    with pytest.raises(ValidationFailed) as exc:
        services.merge_swot_items(keep, opp.id)
    with pytest.raises(ValidationFailed) as exc:
        services.delete_swot_item(keep)
    assert "Fund a committee" in str(exc.value)


def test_tows_becomes_an_option_under_a_specific_objective(setup):
    process, _user, _client = setup
    strategy = services.save_tows(process.id, kind="WT", text="Create a migration committee")
    general = objectives.save_objective(process.id, level="general", title="Migration is managed")
    with pytest.raises(ValidationFailed) as exc:
        services.option_from_tows(strategy, objective_id=general.id)
    assert "objective_id" in exc.value.errors
    specific = objectives.save_objective(
        process.id, level="specific", title="Coordination works", parent_id=general.id
    )
    option = services.option_from_tows(strategy, objective_id=specific.id)
    assert isinstance(option, PolicyOption) and option.tows_strategy_id == strategy.id
    with pytest.raises(ValidationFailed) as exc:
        services.delete_tows(strategy)
    assert "Create a migration committee" in str(exc.value)
    with pytest.raises(ValidationFailed):
        objectives.delete_objective(specific)  # the option hangs on it


def test_gap_becomes_a_cause_and_cannot_then_be_deleted(setup):
    process, _user, _client = setup
    item = services.save_framework_item(process.id, kind="law", title="Aliens Act")
    gap = services.save_gap(
        process.id,
        area="labour",
        statement="No licensing of agencies",
        rating="absent",
        framework_item_id=item.id,
    )
    with pytest.raises(ValidationFailed):
        services.delete_framework_item(item)
    focal = problems.save_node(process.id, kind="focal", text="Migration is unmanaged")
    cause = services.cause_from_gap(gap, parent_id=focal.id)
    assert (cause.kind, cause.parent_id, cause.gap_id) == ("cause", focal.id, gap.id)
    assert services.gap_dependents(gap)
    with pytest.raises(ValidationFailed):
        services.delete_gap(gap)


def test_problem_tree_rules_are_enforced_on_input(setup, make_process):
    process, _user, _client = setup
    focal = problems.save_node(process.id, kind="focal", text="Migration is unmanaged")
    with pytest.raises(ValidationFailed) as exc:
        problems.save_node(process.id, kind="focal", text="Second focal")
    assert "kind" in exc.value.errors
    effect = problems.save_node(process.id, kind="effect", text="Exploitation", parent_id=focal.id)
    with pytest.raises(ValidationFailed) as exc:
        problems.save_node(process.id, kind="cause", text="Bad", parent_id=effect.id)
    assert "parent_id" in exc.value.errors
    a = problems.save_node(process.id, kind="cause", text="A", parent_id=focal.id)
    b = problems.save_node(process.id, kind="cause", text="B", parent_id=a.id)
    with pytest.raises(ValidationFailed) as exc:
        problems.save_node(process.id, kind="cause", text="A", parent_id=b.id, node=a)
    assert "loop" in exc.value.errors["parent_id"]
    other = make_process(title="Other")
    foreign = problems.save_node(other.id, kind="focal", text="Elsewhere")
    with pytest.raises(ValidationFailed):
        problems.save_node(process.id, kind="cause", text="C", parent_id=foreign.id)
    with pytest.raises(ValidationFailed) as exc:
        problems.delete_node(a)
    assert "B" in str(exc.value)


def test_draft_objectives_keeps_links_and_is_idempotent(setup):
    process, _user, _client = setup
    focal = problems.save_node(
        process.id, kind="focal", text="Migration does not benefit development"
    )
    c1 = problems.save_node(process.id, kind="cause", text="Weak coordination", parent_id=focal.id)
    problems.save_node(
        process.id, kind="cause", text="Registers are not interoperable", parent_id=c1.id
    )
    problems.save_node(process.id, kind="effect", text="Exploitation", parent_id=focal.id)
    created = objectives.draft_from_problem_tree(process.id)
    assert [(o.level, o.title) for o in created] == [
        ("general", "Migration benefits development"),
        ("specific", "Strengthened coordination"),
        ("operational", "Registers are interoperable"),
    ]
    assert created[1].parent_id == created[0].id and created[2].parent_id == created[1].id
    assert created[1].problem_node_id == c1.id
    assert objectives.draft_from_problem_tree(process.id) == []
    with pytest.raises(ValidationFailed):
        problems.delete_node(c1)  # its objective depends on it


def test_objective_levels_and_smart_from_indicators(setup):
    process, _user, _client = setup
    general = objectives.save_objective(process.id, level="general", title="G")
    with pytest.raises(ValidationFailed):
        objectives.save_objective(process.id, level="operational", title="O", parent_id=general.id)
    specific = objectives.save_objective(
        process.id, level="specific", title="S", parent_id=general.id
    )
    with pytest.raises(ValidationFailed):
        objectives.save_objective(
            process.id, level="specific", title="G", parent_id=specific.id, objective=general
        )
    assert not objectives.smart_of(specific).measurable
    objectives.save_indicator(
        specific,
        name="Share formal",
        baseline_value=60,
        target_value=80,
        target_year=2031,
        baseline_year=2024,
    )
    smart = objectives.smart_of(specific)
    assert smart.measurable and smart.time_bound
    with pytest.raises(ValidationFailed) as exc:
        objectives.save_indicator(specific, name="Bad", baseline_year=2030, target_year=2020)
    assert "target_year" in exc.value.errors


def test_readiness_rules_point_at_where_to_mend(setup, app):
    process, _user, _client = setup
    focal = problems.save_node(process.id, kind="focal", text="Migration is unmanaged")
    problems.save_node(process.id, kind="cause", text="Lack of a database", parent_id=focal.id)
    problems.save_node(
        process.id,
        kind="cause",
        text="Mandates overlap",
        parent_id=focal.id,
        evidence="Functional review",
    )
    general = objectives.save_objective(process.id, level="general", title="Managed")
    for n in range(7):
        objectives.save_objective(process.id, level="specific", title=f"S{n}", parent_id=general.id)
    db.session.flush()
    with app.test_request_context():
        findings = [f for rule in readiness.RULES for f in rule(process.id)]
    messages = [f.message for f in findings]
    assert any("Cause without evidence" in m and "Lack of a database" in m for m in messages)
    assert not any("Mandates overlap" in m and "without evidence" in m for m in messages)
    assert sum("Objective without indicator" in m for m in messages) == 8
    crowded = [f for f in findings if f.severity == "warning" and f.stage == "objectives"]
    assert len(crowded) == 1
    assert any(f.severity == "warning" and "Lack of" in f.message for f in findings)
    with app.test_request_context():
        from flask import url_for

        for f in findings:
            assert url_for(f.endpoint, **f.url_values)


def test_snapshots_are_json(setup, app):
    import json

    process, _user, _client = setup
    problems.save_node(process.id, kind="focal", text="Focal")
    services.save_issue(process.id, title="Issue")
    objectives.save_objective(process.id, level="general", title="G")
    for builder in (
        readiness.snapshot_agenda,
        readiness.snapshot_analysis,
        readiness.snapshot_objectives,
    ):
        assert json.loads(json.dumps(builder(process.id)))
    assert db.session.scalar(db.select(db.func.count(ProblemNode.id))) == 1
    assert db.session.scalar(db.select(db.func.count(Objective.id))) == 1


def test_objectives_align_with_plans_of_the_inventory(setup, make_process):
    process, _user, _client = setup
    general = objectives.save_objective(process.id, level="general", title="G")
    plan = services.save_framework_item(process.id, kind="policy", title="Development plan")
    law = services.save_framework_item(process.id, kind="law", title="Aliens Act")
    other = make_process(title="Other")
    foreign = services.save_framework_item(other.id, kind="policy", title="Their plan")
    with pytest.raises(ValidationFailed):
        objectives.align(general, framework_item_id=law.id)
    with pytest.raises(ValidationFailed):
        objectives.align(general, framework_item_id=foreign.id)
    objectives.align(general, framework_item_id=plan.id, note="Pillar 3")
    with pytest.raises(ValidationFailed):
        objectives.align(general, framework_item_id=plan.id)
    assert [a.framework_item.title for a in objectives.alignments(general)] == ["Development plan"]
    with pytest.raises(ValidationFailed) as exc:
        services.delete_framework_item(plan)
    assert "Objective aligned with it: G" in str(exc.value)
    assert readiness.snapshot_objectives(process.id)["objectives"][0]["aligned_with"] == [
        "Development plan"
    ]
