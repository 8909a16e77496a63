"""The problem tree as drawn for print: the direct causes of the focal problem sit side
by side under it (an indented column would read as a chain of causes)."""

from __future__ import annotations

from drafting.export import tree_figures


def _nodes(direct_leaves: int) -> list[tuple[int, str, int | None, str]]:
    nodes = [(1, "focal", None, "Migration does not contribute to development")]
    nodes += [(2, "effect", 1, "Families fall into debt")]
    nodes += [(10 + k, "cause", 1, f"Direct cause number {k}") for k in range(direct_leaves)]
    return nodes


def test_direct_causes_of_the_focal_problem_are_never_stacked():
    for count in (2, 3):
        layout = tree_figures.problem_layout(_nodes(count), max_width_pt=16 * 72 / 2.54)
        direct = [layout.boxes[10 + k] for k in range(count)]
        assert not any(box.stacked for box in direct), count
        assert len({round(box.y) for box in direct}) == 1  # one row under the focal problem


def test_a_cause_with_many_leaves_still_stacks_them_to_save_width():
    nodes = _nodes(1) + [(100 + k, "cause", 10, f"Sub-cause {k}") for k in range(4)]
    layout = tree_figures.problem_layout(nodes, max_width_pt=16 * 72 / 2.54)
    assert all(layout.boxes[100 + k].stacked for k in range(4))


def test_a_shorter_page_splits_a_deep_tree_into_more_figures():
    """The landscape action plan leaves a tree less height than the portrait policy."""
    nodes = [(1, None, "general", "General objective")]
    nodes += [(10 + s, 1, "specific", f"Specific objective {s}") for s in range(3)]
    nodes += [
        (100 + 10 * s + o, 10 + s, "operational", f"Operational objective {s}.{o} in words")
        for s in range(3)
        for o in range(5)
    ]
    labels = {"general": "General", "specific": "Specific", "operational": "Operational"}
    wide_and_tall = tree_figures.objectives_tree_parts(nodes, labels, 25 / 2.54)
    wide_and_short = tree_figures.objectives_tree_parts(nodes, labels, 25 / 2.54, 12 / 2.54)
    assert len(wide_and_tall) == 1
    assert len(wide_and_short) > 1
    assert all(part.png for part in wide_and_short)
