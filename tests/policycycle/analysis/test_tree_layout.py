from hypothesis import given
from hypothesis import strategies as st

from policycycle.analysis.tree_layout import LayoutOptions, layout_problem_tree, layout_tree, wrap


def test_wrap_cuts_long_text_with_an_ellipsis():
    lines = wrap("word " * 60, 20, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert wrap("", 20, 3) == [""]


def test_parent_is_centred_above_its_children():
    layout = layout_tree([(1, None, "root"), (2, 1, "a"), (3, 1, "b"), (4, 1, "c")])
    root, a, c = layout.boxes[1], layout.boxes[2], layout.boxes[4]
    assert root.y < a.y
    assert root.cx == (a.cx + c.cx) / 2
    assert set(layout.edges) == {(2, 1), (3, 1), (4, 1)}
    (x1, y1), (x2, y2) = layout.anchor(2, 1)
    assert y1 == a.y and y2 == root.y + root.height


def test_problem_tree_puts_effects_above_and_causes_below():
    layout = layout_problem_tree(
        [
            (1, "focal", None, "Focal problem"),
            (2, "cause", 1, "Cause A"),
            (3, "cause", 1, "Cause B"),
            (4, "cause", 2, "Root cause"),
            (5, "effect", 1, "Effect"),
            (6, "effect", 5, "Further effect"),
            (7, "cause", None, "Floating"),
        ]
    )
    b = layout.boxes
    assert b[6].y < b[5].y < b[1].y < b[2].y < b[4].y
    assert b[5].cx == b[1].cx
    assert b[7].detached and not b[2].detached
    assert (7, 1) not in layout.edges and (4, 2) in layout.edges
    assert layout.width >= max(box.x + box.width for box in b.values())
    (x1, y1), _ = layout.anchor(5, 1)
    assert y1 == b[5].y + b[5].height  # an effect connects from its bottom edge


def test_boxes_never_overlap_on_a_row():
    items = [(1, "focal", None, "F")] + [(i, "cause", (i // 3) or 1, f"c{i}") for i in range(2, 40)]
    layout = layout_problem_tree(items, options=LayoutOptions(box_width=100, h_gap=10))
    rows = {}
    for box in layout.boxes.values():
        rows.setdefault(box.y, []).append(box.x)
    for xs in rows.values():
        xs.sort()
        assert all(b - a >= 110 for a, b in zip(xs, xs[1:], strict=False))


@given(st.lists(st.integers(min_value=0, max_value=20), max_size=20))
def test_layout_places_every_node_even_with_loops(parents):
    items = [(i + 1, p or None, "t") for i, p in enumerate(parents)]
    layout = layout_tree(items)
    assert set(layout.boxes) == {i for i, _, _ in items}


def test_stacked_leaves_form_a_narrow_column():
    items = [
        (1, None, "root"),
        (2, 1, "a"),
        (3, 1, "b"),
        (4, 1, "c"),
        (5, 2, "x"),
        (6, 2, "y"),
        (7, 2, "z"),
        (8, 3, "only"),
    ]
    layout = layout_tree(items, options=LayoutOptions(stack_leaves=3, box_width=100, h_gap=10))
    b = layout.boxes
    assert b[5].stacked and b[6].stacked and b[7].stacked and not b[8].stacked
    assert b[5].x == b[6].x == b[7].x == b[2].x + 18 and b[5].y < b[6].y < b[7].y
    assert b[5].x + b[5].width == b[2].x + b[2].width  # stays inside its column
    spine = layout.edge_points(6, 2)
    assert spine[0][1] == b[2].y + b[2].height and spine[-1] == (b[6].x, b[6].cy)
    assert len(layout.edge_points(8, 3)) == 4
    # Without stacking, the same tree is wider.
    assert layout.width < layout_tree(items, options=LayoutOptions(box_width=100, h_gap=10)).width


def _overlap(a, b) -> bool:
    return (
        a.x < b.x + b.width
        and b.x < a.x + a.width
        and a.y < b.y + b.height
        and b.y < a.y + a.height
    )


@given(
    st.lists(st.integers(min_value=0, max_value=25), min_size=1, max_size=25),
    st.sampled_from([0, 2, 3]),
)
def test_no_two_boxes_overlap(parents, stack):
    kinds = ["focal"] + [("cause", "effect")[p % 2] for p in parents[1:]]
    items = [
        (i + 1, kinds[i], (p or None) if i else None, f"node {i}") for i, p in enumerate(parents)
    ]
    for layout in (
        layout_problem_tree(items, options=LayoutOptions(stack_leaves=stack)),
        layout_tree([(i, p, t) for i, _, p, t in items], options=LayoutOptions(stack_leaves=stack)),
    ):
        boxes = list(layout.boxes.values())
        for n, a in enumerate(boxes):
            assert a.x + a.width <= layout.width and a.y + a.height <= layout.height
            for b in boxes[n + 1 :]:
                assert not _overlap(a, b), (a, b)
