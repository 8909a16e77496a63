"""The Flask-free rules of live activities."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshops import rules
from workshops.rules import RuleBroken

CHOICES = ["contribution:1", "contribution:2", "contribution:3", "contribution:4"]


def refused(expected, fn, *args, **kwargs):
    with pytest.raises(RuleBroken) as caught:
        fn(*args, **kwargs)
    assert caught.value.code == expected
    return caught.value


# --- codes and text -------------------------------------------------------------------


def test_generated_codes_avoid_confusable_characters():
    for _ in range(200):
        code = rules.generate_code()
        assert len(code) == rules.CODE_LENGTH
        assert not set(code) & set("O0I1")


def test_code_normalisation_accepts_what_people_type():
    assert rules.normalise_code(" ab3-k9z ") == "AB3K9Z"
    assert rules.normalise_code(None) == ""
    assert rules.normalise_code("x" * 40) == "X" * 16


def test_clean_text_collapses_whitespace_and_enforces_limits():
    assert rules.clean_text("  two \n\n words ", 20) == "two words"
    refused("text_empty", rules.clean_text, "   ", 20)
    err = refused("text_too_long", rules.clean_text, "x" * 21, 20)
    assert err.params == {"limit": 20, "length": 21}
    refused("malformed", rules.clean_text, {"a": 1}, 20)
    assert rules.clean_text("", 20, required=False) == ""


def test_as_int_refuses_booleans_and_fractions():
    assert rules.as_int("3") == 3
    assert rules.as_int(2.0) == 2
    assert rules.as_int("-2", lo=-3, hi=3) == -2
    refused("malformed", rules.as_int, True)
    refused("malformed", rules.as_int, 1.5)
    refused("malformed", rules.as_int, "x")
    refused("out", rules.as_int, 9, hi=5, code="out")


# --- dot voting ---------------------------------------------------------------------------


def test_dots_within_budget_are_accepted_and_zeros_dropped():
    clean = rules.validate_dots({CHOICES[0]: 2, CHOICES[1]: 0, CHOICES[2]: "1"}, CHOICES, 3, 2)
    assert clean == {CHOICES[0]: 2, CHOICES[2]: 1}


def test_dots_over_budget_per_choice_or_unknown_are_refused():
    refused("too_many_dots", rules.validate_dots, {CHOICES[0]: 2, CHOICES[1]: 2}, CHOICES, 3, 3)
    refused("too_many_on_one", rules.validate_dots, {CHOICES[0]: 3}, CHOICES, 5, 2)
    refused("unknown_choice", rules.validate_dots, {"contribution:99": 1}, CHOICES, 3, 3)
    refused("malformed", rules.validate_dots, [CHOICES[0]], CHOICES, 3, 3)
    refused("malformed", rules.validate_dots, {CHOICES[0]: -1}, CHOICES, 3, 3)


def test_dot_totals_order_by_dots_then_choice_order():
    totals = rules.dot_totals(
        [{CHOICES[1]: 2, CHOICES[2]: 1}, {CHOICES[2]: 1}, {CHOICES[3]: 2}], CHOICES
    )
    assert [(t["key"], t["dots"], t["voters"]) for t in totals] == [
        (CHOICES[1], 2, 1),
        (CHOICES[2], 2, 2),
        (CHOICES[3], 2, 1),
        (CHOICES[0], 0, 0),
    ]


@given(st.lists(st.dictionaries(st.sampled_from(CHOICES), st.integers(0, 3)), max_size=30))
def test_dot_totals_conserve_every_dot(allocations):
    totals = rules.dot_totals(allocations, CHOICES)
    assert sum(t["dots"] for t in totals) == sum(sum(a.values()) for a in allocations)
    assert [t["dots"] for t in totals] == sorted((t["dots"] for t in totals), reverse=True)


# --- ranking --------------------------------------------------------------------------------


def test_borda_gives_n_minus_one_points_to_first_place():
    result = rules.borda([CHOICES[:3], [CHOICES[2], CHOICES[0]], [CHOICES[0]]], CHOICES)
    points = {r["key"]: r["points"] for r in result}
    # 4 choices: places score 3, 2, 1, 0.
    assert points == {CHOICES[0]: 3 + 2 + 3, CHOICES[1]: 2, CHOICES[2]: 1 + 3, CHOICES[3]: 0}
    assert result[0]["key"] == CHOICES[0]
    assert result[0]["first_places"] == 2
    assert result[0]["mean_rank"] == pytest.approx(4 / 3, abs=0.01)
    assert result[-1]["mean_rank"] is None


def test_borda_breaks_ties_by_first_places():
    result = rules.borda(
        [[CHOICES[1], CHOICES[0], CHOICES[2]], [CHOICES[2], CHOICES[0]]], CHOICES[:3]
    )
    # CHOICES[0]: 1+1 = 2 points, 0 firsts; CHOICES[1]: 2 points, 1 first; CHOICES[2]: 0+2.
    assert [r["key"] for r in result] == [CHOICES[1], CHOICES[2], CHOICES[0]]


@given(st.lists(st.permutations(CHOICES), min_size=1, max_size=20))
def test_borda_total_points_are_fixed_for_full_rankings(rankings):
    result = rules.borda(rankings, CHOICES)
    n = len(CHOICES)
    assert sum(r["points"] for r in result) == len(rankings) * n * (n - 1) // 2


@given(st.lists(st.permutations(CHOICES), min_size=1, max_size=10))
def test_a_unanimous_first_place_wins(rankings):
    favourite = CHOICES[2]
    rankings = [[favourite] + [c for c in r if c != favourite] for r in rankings]
    assert rules.borda(rankings, CHOICES)[0]["key"] == favourite


def test_ranking_validation():
    assert rules.validate_ranking([CHOICES[1], CHOICES[0]], CHOICES) == [CHOICES[1], CHOICES[0]]
    refused("duplicate_in_ranking", rules.validate_ranking, [CHOICES[1]] * 2, CHOICES)
    refused("unknown_choice", rules.validate_ranking, ["x"], CHOICES)
    refused("empty_ranking", rules.validate_ranking, [], CHOICES)
    refused("malformed", rules.validate_ranking, "abc", CHOICES)


# --- scoring ---------------------------------------------------------------------------------


def test_scores_are_validated_per_option_and_criterion():
    clean = rules.validate_scores({"1:10": 2, "2:10": "-3"}, [1, 2], [10], -3, 3)
    assert clean == {"1:10": 2, "2:10": -3}
    refused("score_out_of_range", rules.validate_scores, {"1:10": 4}, [1], [10], -3, 3)
    refused("unknown_choice", rules.validate_scores, {"1:11": 1}, [1], [10], -3, 3)
    refused("malformed", rules.validate_scores, {}, [1], [10], -3, 3)


def test_score_summary_weights_means():
    summary = rules.score_summary(
        [(1, 10, 3), (1, 10, 1), (1, 20, -1), (2, 10, 1), (2, 20, 3)],
        {10: 2.0, 20: 1.0},
        [1, 2],
    )
    by_option = {row["option_id"]: row for row in summary}
    assert by_option[1]["means"] == {10: 2.0, 20: -1.0}
    assert by_option[1]["weighted"] == pytest.approx((2 * 2 - 1) / 3, abs=0.01)
    assert by_option[2]["weighted"] == pytest.approx((2 * 1 + 3) / 3, abs=0.01)
    assert summary[0]["option_id"] == 2
    assert by_option[1]["scorers"] == 2


# --- gradient of agreement ---------------------------------------------------------------------


def test_agreement_spread_counts_every_level():
    spread = rules.agreement_spread([1, 1, 2, 3, 6])
    assert spread["responses"] == 5
    assert [lvl["count"] for lvl in spread["levels"]] == [2, 1, 1, 0, 0, 1, 0, 0]
    assert spread["support_share"] == 0.8
    assert spread["blocks"] == 0
    assert spread["median"] == 2
    assert spread["verdict"] == "support_with_reservations"


@pytest.mark.parametrize(
    "levels,verdict",
    [
        ([], "no_responses"),
        ([1, 2, 3], "consensus"),
        ([1, 1, 8], "blocked"),
        ([5, 6, 7, 1], "no_agreement"),
    ],
)
def test_agreement_verdicts(levels, verdict):
    assert rules.agreement_spread(levels)["verdict"] == verdict


@given(st.lists(st.integers(1, 8), max_size=50))
def test_agreement_shares_sum_to_one(levels):
    spread = rules.agreement_spread(levels)
    assert sum(lvl["count"] for lvl in spread["levels"]) == len(levels)
    if levels:
        assert sum(lvl["share"] for lvl in spread["levels"]) == pytest.approx(1, abs=0.01)


# --- evaluation -------------------------------------------------------------------------------


def test_evaluation_validation_and_summary():
    answer = rules.validate_evaluation(
        {"relevance": "5", "usefulness": 4, "expertise": 5, "organisation": 3, "comments": " ok "}
    )
    assert answer == {
        "relevance": 5,
        "usefulness": 4,
        "expertise": 5,
        "organisation": 3,
        "comments": "ok",
    }
    refused(
        "rating_out_of_range",
        rules.validate_evaluation,
        {"relevance": 6, "usefulness": 4, "expertise": 5, "organisation": 3},
    )
    refused("rating_out_of_range", rules.validate_evaluation, {"relevance": 3})
    summary = rules.evaluation_summary([answer, {**answer, "relevance": 3}])
    assert summary["responses"] == 2
    assert summary["dimensions"]["relevance"] == {"mean": 4.0, "distribution": [0, 0, 1, 0, 1]}


# --- moderation ----------------------------------------------------------------------------------


def test_merge_rules():
    a, b = rules.Card(1), rules.Card(2)
    rules.check_merge(a, b)
    refused("merge_into_itself", rules.check_merge, a, a)
    refused("already_merged", rules.check_merge, rules.Card(3, merged_into=2), b)
    refused("merge_target_not_visible", rules.check_merge, a, rules.Card(4, hidden=True))
    refused("merge_target_not_visible", rules.check_merge, a, rules.Card(5, merged_into=2))
    assert rules.is_visible(a)
    assert not rules.is_visible(rules.Card(6, hidden=True))


# --- rate limiting ---------------------------------------------------------------------------------


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_rate_limiter_slides_its_window():
    clock = FakeClock()
    limiter = rules.RateLimiter(limit=3, window=10, clock=clock)
    assert all(limiter.allow("p1") for _ in range(3))
    assert not limiter.allow("p1")
    assert limiter.allow("p2")  # another participant is not affected
    assert limiter.retry_after("p1") == pytest.approx(10)
    clock.now += 9.9
    assert not limiter.allow("p1")
    clock.now += 0.2
    assert limiter.allow("p1")
    assert limiter.retry_after("p2") == 0.0


def test_counts_by_keeps_every_key():
    assert rules.counts_by(["female", "male", "female"], ["female", "male", "not_stated"]) == {
        "female": 2,
        "male": 1,
        "not_stated": 0,
    }
