from hypothesis import given
from hypothesis import strategies as st

from policycycle.analysis.problem_tree import (
    TreeNode,
    check_tree,
    descendants,
    has_solution_wording,
    levels,
    nodes_in_cycles,
    would_create_cycle,
)


def codes(nodes):
    return sorted((i.code, i.node_id) for i in check_tree(nodes))


def good_tree():
    return [
        TreeNode(1, "focal", None, "Migration is poorly governed"),
        TreeNode(2, "cause", 1, "Weak coordination between ministries"),
        TreeNode(3, "cause", 2, "Mandates overlap"),
        TreeNode(4, "effect", 1, "Migrants are exposed to exploitation"),
        TreeNode(5, "effect", 4, "Remittances flow through informal channels"),
    ]


def test_a_well_formed_tree_has_no_issue():
    assert check_tree(good_tree()) == []
    assert levels(good_tree()) == {1: 0, 2: 1, 3: 2, 4: 1, 5: 2}


def test_exactly_one_focal_problem():
    assert codes([TreeNode(1, "cause", None, "x")]) == [("detached", 1), ("no_focal", None)]
    two = [*good_tree(), TreeNode(9, "focal", None, "Another focal problem")]
    assert ("several_focal", 9) in codes(two)
    assert check_tree([]) == []


def test_cycles_are_found():
    nodes = [
        TreeNode(1, "focal", None, "Focal"),
        TreeNode(2, "cause", 3, "A"),
        TreeNode(3, "cause", 2, "B"),
        TreeNode(4, "cause", 2, "hangs on the loop"),
    ]
    assert nodes_in_cycles(nodes) == {2, 3}
    assert codes(nodes) == [("cycle", 2), ("cycle", 3), ("detached", 4)]


def test_every_cause_connected_and_right_direction():
    nodes = [
        *good_tree(),
        TreeNode(6, "cause", None, "Floating cause"),
        TreeNode(7, "cause", 4, "Cause under an effect"),
    ]
    assert codes(nodes) == [("detached", 6), ("wrong_parent", 7)]


def test_focal_with_parent_is_reported():
    nodes = [TreeNode(1, "focal", 2, "Focal"), TreeNode(2, "cause", 1, "C")]
    assert ("focal_has_parent", 1) in codes(nodes)


def test_lack_of_wording_warns_in_the_working_languages():
    for text in (
        "Lack of a migration database",
        "Absence of a law on asylum",
        "No referral system",
        "Manque de données fiables",
        "Falta de coordinación",
        "Ausência de dados",
        "There is no strategy",
    ):
        assert has_solution_wording(text), text
    for text in (
        "Weak coordination",
        "Migrant workers lack protection",
        "Nobody knows the numbers",
    ):
        assert not has_solution_wording(text), text
    issues = check_tree([TreeNode(1, "focal", None, "Lack of a policy")])
    assert [(i.code, i.severity) for i in issues] == [("solution_wording", "warning")]


def test_would_create_cycle_and_descendants():
    nodes = good_tree()
    assert would_create_cycle(nodes, 2, 3)
    assert would_create_cycle(nodes, 2, 2)
    assert not would_create_cycle(nodes, 3, 1)
    assert not would_create_cycle(nodes, 3, None)
    assert descendants(nodes, 1) == [2, 4, 3, 5]


@given(st.lists(st.integers(min_value=0, max_value=15), min_size=1, max_size=15))
def test_checks_never_crash_and_cycle_nodes_are_not_levelled(parents):
    nodes = [
        TreeNode(i + 1, "focal" if i == 0 else "cause", p if p and p != i + 1 else None, "t")
        for i, p in enumerate(parents)
    ]
    issues = check_tree(nodes)
    cyclic = nodes_in_cycles(nodes)
    assert not (cyclic - {1}) & set(levels(nodes))  # the focal problem is level 0 by definition
    assert {i.node_id for i in issues if i.code == "cycle"} == cyclic - {1}
