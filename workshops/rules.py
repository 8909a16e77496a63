"""The rules of live workshop activities, with no Flask and no database.

Dot voting, ranking (Borda count), option scoring, the gradient of agreement,
the end-of-session evaluation, moderation and the submission rate limit are
plain functions here so they can be tested and benchmarked alone. A refused
input raises ``RuleBroken`` with a message code; ``messages.py`` turns the code
into a sentence for the participant in their language.
"""

from __future__ import annotations

import secrets
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from facilitation.ratelimit import RateLimiter  # noqa: F401 - part of the rules' public API

# Short codes avoid letters and digits that are easy to confuse on a projector.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6

MAX_IDEA = 280  # characters of one brainstorm contribution
MAX_NAME = 120
MAX_INSTITUTION = 200
MAX_COMMENT = 2000
MAX_CLUSTER = 60

AGREEMENT_LEVELS = 8  # 1 = whole-hearted endorsement ... 8 = block
SUPPORT_LEVELS = (1, 2, 3)
RESERVATION_LEVELS = (5, 6, 7)
BLOCK_LEVEL = 8
EVALUATION_DIMENSIONS = ("relevance", "usefulness", "expertise", "organisation")
RATING_MIN, RATING_MAX = 1, 5


class RuleBroken(Exception):
    """An input refused by a rule. ``code`` names the message; ``params`` fill it."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


# --- Join codes and text -----------------------------------------------------------


def generate_code(rng: Callable[[str], str] = secrets.choice) -> str:
    return "".join(rng(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str | None) -> str:
    """Accept what people type: spaces, dashes and lower case."""
    return "".join(ch for ch in (raw or "").upper() if ch.isascii() and ch.isalnum())[:16]


def clean_text(raw, limit: int, *, required: bool = True, code: str = "text") -> str:
    """Collapse whitespace, refuse empty (if required) or over-long text."""
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise RuleBroken("malformed")
    text = " ".join(raw.split())
    if required and not text:
        raise RuleBroken(f"{code}_empty")
    if len(text) > limit:
        raise RuleBroken(f"{code}_too_long", limit=limit, length=len(text))
    return text


def as_int(value, *, lo: int | None = None, hi: int | None = None, code: str = "malformed") -> int:
    """An integer from a payload; booleans and floats with a fraction are refused."""
    if isinstance(value, bool):
        raise RuleBroken(code)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if not isinstance(value, int):
        raise RuleBroken(code)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise RuleBroken(code, lo=lo, hi=hi)
    return value


# --- Dot voting ----------------------------------------------------------------------


def validate_dots(allocation, choice_keys: Iterable[str], dots: int, max_per_choice: int) -> dict:
    """A participant's whole allocation of dots: {choice_key: n}. Zero entries are dropped."""
    if not isinstance(allocation, Mapping):
        raise RuleBroken("malformed")
    keys = set(choice_keys)
    clean: dict[str, int] = {}
    for key, raw in allocation.items():
        if key not in keys:
            raise RuleBroken("unknown_choice")
        count = as_int(raw, lo=0, code="malformed")
        if count > max_per_choice:
            raise RuleBroken("too_many_on_one", limit=max_per_choice)
        if count:
            clean[key] = count
    if sum(clean.values()) > dots:
        raise RuleBroken("too_many_dots", limit=dots)
    return clean


def dot_totals(allocations: Iterable[Mapping[str, int]], choice_keys: Iterable[str]) -> list[dict]:
    """Totals per choice, most dots first; ties keep the order of the choices."""
    order = list(choice_keys)
    totals = Counter({key: 0 for key in order})
    voters = Counter()
    for allocation in allocations:
        for key, count in allocation.items():
            if key in totals and count:
                totals[key] += count
                voters[key] += 1
    position = {key: i for i, key in enumerate(order)}
    ranked = sorted(order, key=lambda k: (-totals[k], position[k]))
    return [{"key": k, "dots": totals[k], "voters": voters[k]} for k in ranked]


# --- Ranking (Borda count) -------------------------------------------------------------


def validate_ranking(order, choice_keys: Iterable[str]) -> list[str]:
    """A ranking lists distinct known choices, best first; it may leave some out."""
    if not isinstance(order, list | tuple):
        raise RuleBroken("malformed")
    keys = set(choice_keys)
    if any(not isinstance(k, str) or k not in keys for k in order):
        raise RuleBroken("unknown_choice")
    if len(set(order)) != len(order):
        raise RuleBroken("duplicate_in_ranking")
    if not order:
        raise RuleBroken("empty_ranking")
    return list(order)


def borda(rankings: Iterable[list[str]], choice_keys: Iterable[str]) -> list[dict]:
    """Borda count over n choices: first place n-1 points, last n-n; unranked get 0.

    Ties on points are broken by first places, then by the order of the choices.
    """
    order = list(choice_keys)
    n = len(order)
    points = {key: 0 for key in order}
    firsts = {key: 0 for key in order}
    ranks: dict[str, list[int]] = defaultdict(list)
    for ranking in rankings:
        for place, key in enumerate(ranking):
            if key not in points:
                continue
            points[key] += n - 1 - place
            ranks[key].append(place + 1)
        if ranking and ranking[0] in firsts:
            firsts[ranking[0]] += 1
    position = {key: i for i, key in enumerate(order)}
    ranked = sorted(order, key=lambda k: (-points[k], -firsts[k], position[k]))
    return [
        {
            "key": k,
            "points": points[k],
            "first_places": firsts[k],
            "mean_rank": round(statistics.fmean(ranks[k]), 2) if ranks[k] else None,
        }
        for k in ranked
    ]


# --- Scoring options against criteria ------------------------------------------------------


def score_key(option_id: int, criterion_id: int) -> str:
    return f"{option_id}:{criterion_id}"


def validate_scores(scores, option_ids, criterion_ids, lo: int, hi: int) -> dict:
    """{"<option>:<criterion>": score} for known pairs only, each within lo..hi."""
    if not isinstance(scores, Mapping) or not scores:
        raise RuleBroken("malformed")
    allowed = {score_key(o, c) for o in option_ids for c in criterion_ids}
    clean = {}
    for key, raw in scores.items():
        if key not in allowed:
            raise RuleBroken("unknown_choice")
        clean[key] = as_int(raw, lo=lo, hi=hi, code="score_out_of_range")
    return clean


def score_summary(
    scores: Iterable[tuple[int, int, int]], weights: Mapping[int, float], option_ids: Iterable[int]
) -> list[dict]:
    """Mean score per option and criterion and the weighted total, best option first.

    ``scores`` yields (option_id, criterion_id, score); the weighted total is the sum
    over criteria of weight x mean score, divided by the sum of weights.
    """
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for option_id, criterion_id, value in scores:
        cells[(option_id, criterion_id)].append(value)
    total_weight = sum(weights.values()) or 1.0
    rows = []
    for option_id in option_ids:
        means = {}
        weighted = 0.0
        scorers = 0
        for criterion_id, weight in weights.items():
            values = cells.get((option_id, criterion_id), [])
            scorers = max(scorers, len(values))
            if values:
                means[criterion_id] = round(statistics.fmean(values), 2)
                weighted += weight * statistics.fmean(values)
        rows.append(
            {
                "option_id": option_id,
                "means": means,
                "weighted": round(weighted / total_weight, 2),
                "scorers": scorers,
            }
        )
    rows.sort(key=lambda r: -r["weighted"])
    return rows


# --- Gradient of agreement -------------------------------------------------------------------


def agreement_spread(levels: Iterable[int]) -> dict:
    """How a group stands on a statement, from 1 (whole-hearted support) to 8 (block).

    Returns the count and share per level, the share supporting (1-3), the number
    of blocks, the median level and a plain verdict: "consensus" (everyone at 1-3),
    "support_with_reservations" (no block, most at 1-4), "no_agreement" otherwise,
    "blocked" when anyone blocks, "no_responses" when nobody answered.
    """
    values = [int(v) for v in levels]
    counts = Counter(values)
    total = len(values)
    per_level = [
        {
            "level": level,
            "count": counts.get(level, 0),
            "share": round(counts.get(level, 0) / total, 3) if total else 0.0,
        }
        for level in range(1, AGREEMENT_LEVELS + 1)
    ]
    support = sum(counts.get(level, 0) for level in SUPPORT_LEVELS)
    blocks = counts.get(BLOCK_LEVEL, 0)
    if not total:
        verdict = "no_responses"
    elif blocks:
        verdict = "blocked"
    elif support == total:
        verdict = "consensus"
    elif support + counts.get(4, 0) > total / 2:
        verdict = "support_with_reservations"
    else:
        verdict = "no_agreement"
    return {
        "responses": total,
        "levels": per_level,
        "support_share": round(support / total, 3) if total else 0.0,
        "blocks": blocks,
        "median": statistics.median(values) if values else None,
        "verdict": verdict,
    }


# --- Evaluation -----------------------------------------------------------------------------


def validate_evaluation(answers: Mapping) -> dict:
    clean = {}
    for dimension in EVALUATION_DIMENSIONS:
        clean[dimension] = as_int(
            answers.get(dimension), lo=RATING_MIN, hi=RATING_MAX, code="rating_out_of_range"
        )
    clean["comments"] = clean_text(
        answers.get("comments", ""), MAX_COMMENT, required=False, code="comment"
    )
    return clean


def evaluation_summary(rows: Iterable[Mapping]) -> dict:
    """Mean and distribution (1..5) per dimension, with the number of answers."""
    rows = list(rows)
    summary = {"responses": len(rows), "dimensions": {}}
    for dimension in EVALUATION_DIMENSIONS:
        values = [int(r[dimension]) for r in rows if r.get(dimension) is not None]
        counts = Counter(values)
        summary["dimensions"][dimension] = {
            "mean": round(statistics.fmean(values), 2) if values else None,
            "distribution": [counts.get(v, 0) for v in range(RATING_MIN, RATING_MAX + 1)],
        }
    return summary


# --- Moderation --------------------------------------------------------------------------------


@dataclass
class Card:
    """What moderation needs to know of a contribution."""

    id: int
    hidden: bool = False
    merged_into: int | None = None


def check_merge(source: Card, target: Card) -> None:
    """Merging folds a duplicate into another visible card, never into itself or a chain."""
    if source.id == target.id:
        raise RuleBroken("merge_into_itself")
    if source.merged_into is not None:
        raise RuleBroken("already_merged")
    if target.merged_into is not None or target.hidden:
        raise RuleBroken("merge_target_not_visible")


def is_visible(card: Card) -> bool:
    return not card.hidden and card.merged_into is None


def clean_cluster(raw) -> str:
    return clean_text(raw, MAX_CLUSTER, required=False, code="cluster")


# --- Attendance --------------------------------------------------------------------------------


def counts_by(values: Iterable[str], keys: Iterable[str]) -> dict[str, int]:
    counts = Counter(values)
    return {key: counts.get(key, 0) for key in keys}
