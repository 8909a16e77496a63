"""The sensitivity check gives what recomputing every total gives, with work that does
not multiply by the criteria (issue 18: the options page runs it for every objective)."""

from __future__ import annotations

import cProfile
import pstats
import random

import pytest

from policycycle.planning import mca


def _reference(options, criteria, weights, means, step=mca.WEIGHT_STEP):
    """The check as first written: every variation's totals recomputed from scratch."""
    top = mca.top_options(options, mca.weighted_totals(options, criteria, weights, means))
    found = []
    for criterion in criteria:
        for kind, factor in (("up", 1 + step), ("down", 1 - step)):
            varied = dict(weights)
            varied[criterion] = weights[criterion] * factor
            new = mca.top_options(options, mca.weighted_totals(options, criteria, varied, means))
            found.append(mca.Variation(kind, criterion, new, new != top))
        if len(criteria) > 1:
            remaining = [c for c in criteria if c != criterion]
            new = mca.top_options(options, mca.weighted_totals(options, remaining, weights, means))
            found.append(mca.Variation("drop", criterion, new, new != top))
    return mca.Sensitivity(top=top, variations=tuple(found))


@pytest.mark.parametrize("seed", range(40))
def test_same_answer_as_recomputing_every_total(seed):
    rng = random.Random(seed)
    options = list(range(rng.randint(1, 12)))
    criteria = [f"c{i}" for i in range(rng.randint(1, 6))]
    weights = {c: rng.choice([0.5, 1, 1, 2, 3, 0.25]) for c in criteria}
    # Few distinct means, so ties (and near-ties after a weight moves) are common.
    means = {
        (o, c): rng.choice([-3, -1.5, 0, 0.5, 1, 2, 3])
        for o in options
        for c in criteria
        if rng.random() > 0.2
    }
    assert mca.sensitivity(options, criteria, weights, means) == _reference(
        options, criteria, weights, means
    )


def test_work_does_not_multiply_options_by_criteria_per_variation():
    options = list(range(30))
    criteria = [f"c{i}" for i in range(6)]
    weights = dict.fromkeys(criteria, 1.0)
    means = {(o, c): (o * 7 + len(c)) % 5 - 2.0 for o in options for c in criteria}
    profile = cProfile.Profile()
    profile.enable()
    mca.sensitivity(options, criteria, weights, means)
    profile.disable()
    # 18 variations of 30 options x 6 criteria: recomputing each total term by term made
    # ~10,000 Python calls; laid out once, each variation is a few calls per option.
    assert pstats.Stats(profile).total_calls < 2500


@pytest.mark.parametrize("seed", range(40))
def test_top_and_sensitivity_is_the_full_analysis_sensitivity(seed):
    rng = random.Random(seed)
    options = list(range(rng.randint(1, 10)))
    criteria = [f"c{i}" for i in range(rng.randint(1, 5))]
    weights = {c: rng.choice([0.5, 1, 2, 3, 0.25]) for c in criteria}
    baseline = rng.choice([None, *options])
    scores = [
        (o, c, rng.randint(-3, 3))
        for o in options + [99]  # an option not listed: ignored by both
        for c in criteria + ["other"]
        for _scorer in range(rng.randint(0, 3))
    ]
    full = mca.analyse(options, criteria, weights, scores, baseline)
    quick = mca.top_and_sensitivity(options, criteria, weights, scores, baseline)
    assert quick == full.sensitivity
    assert quick.top == full.top and quick.stable == full.sensitivity.stable
