from datetime import date

from policycycle.analysis.objective_rules import (
    IndicatorFacts,
    crowded_levels,
    draft_plan,
    restate,
    smart_status,
)
from policycycle.analysis.prioritisation import rank, weighted_scores
from policycycle.analysis.problem_tree import TreeNode


def test_restate_problems_as_desired_situations():
    assert restate("Weak coordination between ministries") == (
        "Strengthened coordination between ministries"
    )
    assert restate("Lack of reliable migration data.") == "Reliable migration data in place"
    assert restate("Recruitment fees are high") == "Recruitment fees are reduced"
    assert restate("Registers are not interoperable") == "Registers are interoperable"
    assert restate("Migration does not contribute to development") == (
        "Migration contributes to development"
    )
    assert restate("Decisions rely on unreliable data") == "Decisions rely on reliable data"
    assert restate("Labour migration is poorly regulated") == "Labour migration is well regulated"
    assert restate("Migrants meet xenophobia") is None
    assert restate("") is None


def test_draft_plan_maps_levels_and_keeps_links():
    nodes = [
        TreeNode(1, "focal", None, "Focal"),
        TreeNode(2, "cause", 1, "Direct cause"),
        TreeNode(3, "cause", 2, "Deeper cause"),
        TreeNode(4, "effect", 1, "Effect"),
        TreeNode(5, "cause", None, "Detached"),
    ]
    plan = draft_plan(nodes)
    assert [(d.problem_node_id, d.level, d.parent_problem_node_id) for d in plan] == [
        (1, "general", None),
        (2, "specific", 1),
        (3, "operational", 2),
    ]
    assert [d.problem_node_id for d in draft_plan(nodes, already_linked={1, 2})] == [3]


def test_smart_measurable_and_time_bound_come_from_indicators():
    none = smart_status(True, True, False, [])
    assert (none.measurable, none.time_bound, none.score) == (False, False, 2)
    partial = smart_status(True, True, True, [IndicatorFacts("Share", 10, None, 2030)])
    assert (partial.measurable, partial.time_bound) == (False, True)
    full = smart_status(True, True, True, [IndicatorFacts("Share", 10, 50, None, date(2030, 1, 1))])
    assert full.complete


def test_crowded_levels_counts_siblings_of_one_level():
    objectives = [(1, "general", None)] + [(i, "specific", 1) for i in range(2, 9)]
    objectives += [(20, "operational", 2), (21, "operational", 3)]
    crowded = crowded_levels(objectives)
    assert (
        len(crowded) == 1 and crowded[0].level == "specific" and len(crowded[0].objective_ids) == 7
    )
    assert crowded_levels(objectives[:7]) == []


def test_weighted_scores_and_rank():
    ratings = [(1, 10, 5), (1, 10, 3), (1, 11, 1), (2, 10, 2), (2, 11, 5), (3, 99, 5)]
    scores = weighted_scores(ratings, {10: 2.0, 11: 1.0})
    assert scores == {1: round((2 * 4 + 1) / 3, 2), 2: 3.0}
    assert rank([(1, "b"), (2, "a"), (3, "c"), (4, "d")], scores, {4: 3, 3: 1}) == [2, 1, 4, 3]
