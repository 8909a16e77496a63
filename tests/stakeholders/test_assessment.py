"""Derivations of an assessment: quadrant, salience, engagement gap, score ranges."""

import pytest

from stakeholders.assessment import (
    Quadrant,
    Salience,
    check_scores,
    engagement_gap,
    quadrant,
    salience,
)


@pytest.mark.parametrize(
    ("power", "interest", "expected"),
    [
        (5, 5, Quadrant.MANAGE_CLOSELY),
        (4, 4, Quadrant.MANAGE_CLOSELY),
        (4, 3, Quadrant.KEEP_SATISFIED),
        (3, 4, Quadrant.KEEP_INFORMED),
        (3, 3, Quadrant.MONITOR),
        (1, 1, Quadrant.MONITOR),
    ],
)
def test_quadrant(power, interest, expected):
    assert quadrant(power, interest) == expected


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ((5, 5, 5), Salience.DEFINITIVE),
        ((5, 4, 1), Salience.DOMINANT),
        ((4, 2, 4), Salience.DANGEROUS),
        ((2, 4, 5), Salience.DEPENDENT),
        ((4, 3, 3), Salience.DORMANT),
        ((1, 5, 1), Salience.DISCRETIONARY),
        ((3, 3, 5), Salience.DEMANDING),
        ((3, 3, 3), Salience.NONE),
    ],
)
def test_salience_follows_mitchell(scores, expected):
    assert salience(*scores) == expected
    assert expected.label and expected.advice


def test_engagement_gap():
    assert engagement_gap("consult", "collaborate").steps == 2
    assert engagement_gap("empower", "involve").steps == -2
    assert engagement_gap("inform", "inform").steps == 0
    assert engagement_gap(None, "inform").steps == 1
    assert engagement_gap("inform", None) is None
    assert "2" in engagement_gap("consult", "collaborate").label


def test_scores_out_of_range_are_named():
    assert check_scores(power=3, interest=5, position=-2) == {}
    errors = check_scores(power=6, interest=0, position=3, urgency=None, impact=True)
    # Urgency may be "not assessed" (None); a missing power is refused.
    assert set(errors) == {"power", "interest", "position", "impact"}
    assert set(check_scores(power=None, interest=3, position=0)) == {"power"}
    assert "-2" in errors["position"] and "2" in errors["position"]
