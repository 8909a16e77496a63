"""Ranking of agenda issues, with no Flask or database import.

Two ways for a core group to prioritise, usable together:
- agreed criteria with weights, each member rating each issue 1-5 per criterion:
  ``weighted_scores`` averages the members' ratings per criterion, then takes the
  weighted mean over the criteria that have at least one rating (0-5 scale);
- dot votes: each member spreads ``DOTS_PER_MEMBER`` dots over the issues.
``rank`` orders issues by weighted score, then dots, then title.
"""

from __future__ import annotations

from collections.abc import Iterable

RATING_MIN, RATING_MAX = 1, 5
DOTS_PER_MEMBER = 5


def weighted_scores(
    ratings: Iterable[tuple[int, int, int]], weights: dict[int, float]
) -> dict[int, float]:
    """``ratings``: (issue_id, criterion_id, score), either every member's rating or
    one already-averaged row per issue and criterion. Returns issue_id -> 0..5 score."""
    sums: dict[tuple[int, int], list[float]] = {}
    for issue_id, criterion_id, score in ratings:
        if criterion_id in weights:
            sums.setdefault((issue_id, criterion_id), []).append(score)
    per_issue: dict[int, tuple[float, float]] = {}
    for (issue_id, criterion_id), scores in sums.items():
        weight = max(weights[criterion_id], 0.0)
        total, weight_sum = per_issue.get(issue_id, (0.0, 0.0))
        per_issue[issue_id] = (total + weight * sum(scores) / len(scores), weight_sum + weight)
    return {
        issue_id: round(total / weight_sum, 2) if weight_sum else 0.0
        for issue_id, (total, weight_sum) in per_issue.items()
    }


def rank(
    issues: Iterable[tuple[int, str]], scores: dict[int, float], dots: dict[int, int]
) -> list[int]:
    return [
        issue_id
        for issue_id, _ in sorted(
            issues, key=lambda it: (-scores.get(it[0], 0.0), -dots.get(it[0], 0), it[1].lower())
        )
    ]
