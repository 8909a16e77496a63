"""The MCA arithmetic, on cases worked out by hand and on generated ones."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policycycle.planning import mca


def test_hand_checked_means_spreads_totals_and_ranking():
    # B is the baseline; weights: c1 = 3, c2 = 1 (sum 4).
    scores = [
        ("X", "c1", 2),
        ("X", "c1", 2),  # mean 2, spread 0
        ("X", "c2", -1),
        ("X", "c2", -3),  # mean -2, spread 1
        ("Y", "c1", 1),
        ("Y", "c1", 1),
        ("Y", "c1", 1),
        ("Y", "c2", 3),
        ("Y", "c2", 1),  # mean 2, spread 1
        ("B", "c1", 3),  # scores of the baseline are ignored
    ]
    result = mca.analyse(["B", "X", "Y"], ["c1", "c2"], {"c1": 3, "c2": 1}, scores, "B")

    assert result.cells[("X", "c1")] == mca.Cell(mean=2, spread=0, low=2, high=2, count=2)
    assert result.cells[("X", "c2")].mean == -2
    assert result.cells[("X", "c2")].spread == 1
    assert (result.cells[("X", "c2")].low, result.cells[("X", "c2")].high) == (-3, -1)
    assert result.cells[("Y", "c2")].spread == 1
    assert result.cells[("B", "c1")].mean == 0
    # X = (3*2 + 1*-2) / 4 = 1.0 ; Y = (3*1 + 1*2) / 4 = 1.25 ; B = 0
    assert result.totals == pytest.approx({"B": 0.0, "X": 1.0, "Y": 1.25})
    assert result.ranking == ("Y", "X", "B")
    assert result.rank_of("Y") == 1 and result.rank_of("B") == 3
    assert result.missing == 0
    # Contributions add up to the total.
    assert result.contributions[("X", "c1")] == pytest.approx(1.5)
    assert result.contributions[("X", "c2")] == pytest.approx(-0.5)


def test_hand_checked_sensitivity_dropping_a_criterion_changes_the_top():
    scores = [("X", "c1", 2), ("X", "c2", -2), ("Y", "c1", 1), ("Y", "c2", 2)]
    result = mca.analyse(["B", "X", "Y"], ["c1", "c2"], {"c1": 3, "c2": 1}, scores, "B")
    sens = result.sensitivity
    assert sens.top == ("Y",)
    # Weight moves of +/-20 % keep Y first:
    #   c1 x1.2: X = (7.2-2)/4.6 = 1.13, Y = (3.6+2)/4.6 = 1.22
    #   c1 x0.8: X = (4.8-2)/3.4 = 0.82, Y = (2.4+2)/3.4 = 1.29
    #   c2 x1.2: X = (6-2.4)/4.2 = 0.86, Y = (3+2.4)/4.2 = 1.29
    #   c2 x0.8: X = (6-1.6)/3.8 = 1.16, Y = (3+1.6)/3.8 = 1.21
    # Dropping c2 leaves X = 2 against Y = 1: X comes first.
    assert not sens.stable
    assert [(v.kind, v.criterion, v.top) for v in sens.changes] == [("drop", "c2", ("X",))]
    assert len(sens.variations) == 6


def test_hand_checked_sensitivity_a_weight_move_changes_the_top():
    # Weights c1 = 2.2, c2 = 1: X = (6.6-3)/3.2 = 1.125 beats Y = 1.
    scores = [("X", "c1", 3), ("X", "c2", -3), ("Y", "c1", 1), ("Y", "c2", 1)]
    result = mca.analyse(["X", "Y"], ["c1", "c2"], {"c1": 2.2, "c2": 1}, scores)
    assert result.totals["X"] == pytest.approx(1.125)
    assert result.top == ("X",)
    changes = {(v.kind, v.criterion) for v in result.sensitivity.changes}
    # c1 x0.8 = 1.76: X = (5.28-3)/2.76 = 0.83 < 1 ; c2 x1.2: X = (6.6-3.6)/3.4 = 0.88 < 1 ;
    # without c1: X = -3 < 1. Up on c1, down on c2 and dropping c2 keep X first.
    assert changes == {("down", "c1"), ("up", "c2"), ("drop", "c1")}


def test_stable_when_one_option_is_better_everywhere():
    scores = [("X", "c1", 3), ("X", "c2", 2), ("Y", "c1", 1), ("Y", "c2", 1)]
    result = mca.analyse(["B", "X", "Y"], ["c1", "c2"], {"c1": 1, "c2": 1}, scores, "B")
    assert result.sensitivity.stable
    assert result.top == ("X",)


def test_missing_scores_count_as_baseline_and_are_reported():
    result = mca.analyse(["B", "X"], ["c1", "c2"], {"c1": 1, "c2": 1}, [("X", "c1", 2)], "B")
    assert result.cells[("X", "c2")].missing
    assert result.missing == 1
    assert result.totals["X"] == pytest.approx(1.0)


def test_ties_at_the_top_are_reported_as_several_top_options():
    result = mca.analyse(["B", "X"], ["c1"], {"c1": 1}, [], "B")
    assert result.top == ("B", "X")
    assert result.sensitivity.stable is True  # the tie itself does not move
    result = mca.analyse(["X", "Y"], ["c1"], {"c1": 1}, [("X", "c1", 1), ("Y", "c1", 1)])
    assert result.top == ("X", "Y")


def test_a_single_criterion_is_never_dropped():
    result = mca.analyse(["X"], ["c1"], {"c1": 1}, [("X", "c1", 1)])
    assert {v.kind for v in result.sensitivity.variations} == {"up", "down"}


def test_weights_must_be_positive():
    with pytest.raises(ValueError):
        mca.analyse(["X"], ["c1"], {"c1": 0}, [])


def test_no_options_gives_an_empty_result():
    result = mca.analyse([], ["c1"], {"c1": 1}, [])
    assert result.ranking == () and result.top == () and not result.sensitivity.stable


# --- Properties --------------------------------------------------------------------

score_values = st.integers(min_value=-3, max_value=3)
weight_values = st.floats(min_value=0.1, max_value=10, allow_nan=False, allow_infinity=False)


@st.composite
def problems(draw):
    n_options = draw(st.integers(min_value=1, max_value=5))
    n_criteria = draw(st.integers(min_value=1, max_value=5))
    options = [f"o{i}" for i in range(n_options)]
    criteria = [f"c{i}" for i in range(n_criteria)]
    weights = {c: draw(weight_values) for c in criteria}
    scores = draw(
        st.lists(
            st.tuples(st.sampled_from(options), st.sampled_from(criteria), score_values),
            max_size=40,
        )
    )
    baseline = draw(st.sampled_from([None, *options]))
    return options, criteria, weights, scores, baseline


@settings(max_examples=200, deadline=None)
@given(problems())
def test_properties_of_the_analysis(problem):
    options, criteria, weights, scores, baseline = problem
    result = mca.analyse(options, criteria, weights, scores, baseline)

    assert sorted(result.ranking) == sorted(options)
    totals = [result.totals[o] for o in result.ranking]
    assert totals == sorted(totals, reverse=True)
    for o in options:
        assert -3 - 1e-9 <= result.totals[o] <= 3 + 1e-9
        contributions = sum(result.contributions[(o, c)] for c in criteria)
        assert contributions == pytest.approx(result.totals[o], abs=1e-9)
    if baseline is not None:
        assert result.totals[baseline] == 0
    for cell in result.cells.values():
        if cell.count:
            assert cell.low <= cell.mean <= cell.high
            assert cell.spread <= (cell.high - cell.low) / 2 + 1e-9
    expected_variations = 2 * len(criteria) + (len(criteria) if len(criteria) > 1 else 0)
    assert len(result.sensitivity.variations) == expected_variations
    assert result.sensitivity.stable == (
        not any(v.top != result.top for v in result.sensitivity.variations)
    )
    assert result.ranking[0] in result.top


@settings(max_examples=100, deadline=None)
@given(problems(), st.floats(min_value=0.01, max_value=100))
def test_scaling_every_weight_changes_nothing(problem, factor):
    options, criteria, weights, scores, baseline = problem
    base = mca.analyse(options, criteria, weights, scores, baseline)
    scaled = mca.analyse(
        options, criteria, {c: w * factor for c, w in weights.items()}, scores, baseline
    )
    for o in options:
        assert math.isclose(base.totals[o], scaled.totals[o], abs_tol=1e-9)


@settings(max_examples=100, deadline=None)
@given(problems())
def test_an_option_better_on_every_criterion_is_first_whatever_the_variation(problem):
    options, criteria, weights, scores, _ = problem
    # Others score at most +2, the champion +3 on every criterion: it wins every variation.
    scores = [(o, c, min(s, 2)) for o, c, s in scores]
    scores += [("champion", c, 3) for c in criteria]
    result = mca.analyse([*options, "champion"], criteria, weights, scores)
    assert result.top == ("champion",)
    assert result.sensitivity.stable
