"""Weighted multi-criteria analysis of policy options, relative to the baseline.

Plain Python, no Flask and no database: the service layer loads the scores and
hands them here, so the arithmetic can be checked by hand and by property tests.

The method, as the core group sees it:

* Every scorer gives each option a score on each criterion from -3 (much worse than
  the baseline) to +3 (much better). The baseline ("do nothing new") is the zero of
  the scale: it scores 0 on every criterion by definition.
* Per option and criterion the scores are aggregated into a mean and a spread (the
  population standard deviation, plus the lowest and highest score): a large spread
  tells the group it does not agree yet.
* A criterion nobody has scored for an option counts as 0 (no better, no worse than
  the baseline) and is reported as missing.
* The weighted total of an option is the weighted mean of its criterion means,
  ``sum(w * mean) / sum(w)``, so totals stay on the -3..+3 scale whatever the weights.
* The ranking orders options by total, highest first.
* The sensitivity check recomputes the ranking when any single weight moves up or
  down by 20 % and when any single criterion is dropped, and says whether the top
  option changes under any of these variations.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import mul

WEIGHT_STEP = 0.20  # the +/- 20 % variation of the sensitivity check
_TIE = 1e-9  # totals closer than this are equal


@dataclass(frozen=True)
class Cell:
    """The aggregated scores of one option on one criterion."""

    mean: float
    spread: float  # population standard deviation of the scorers' scores
    low: int | None
    high: int | None
    count: int  # number of scorers; 0 means nobody scored it (mean counts as 0)

    @property
    def missing(self) -> bool:
        return self.count == 0


EMPTY_CELL = Cell(mean=0.0, spread=0.0, low=None, high=None, count=0)
BASELINE_CELL = Cell(mean=0.0, spread=0.0, low=0, high=0, count=0)


@dataclass(frozen=True)
class Variation:
    """One variation tried by the sensitivity check and the top option(s) it gives."""

    kind: str  # "up" (weight +20 %), "down" (weight -20 %) or "drop" (criterion left out)
    criterion: Hashable
    top: tuple  # the option(s) ranked first under this variation
    changes_top: bool


@dataclass(frozen=True)
class Sensitivity:
    top: tuple  # the option(s) ranked first with the weights as set (several on a tie)
    variations: tuple[Variation, ...]

    @property
    def stable(self) -> bool:
        """True when no single variation changes which option comes first."""
        return bool(self.top) and not any(v.changes_top for v in self.variations)

    @property
    def changes(self) -> tuple[Variation, ...]:
        return tuple(v for v in self.variations if v.changes_top)


@dataclass(frozen=True)
class McaResult:
    options: tuple  # option ids, in the order given
    criteria: tuple  # criterion ids, in the order given
    weights: Mapping
    baseline: Hashable | None
    cells: Mapping  # (option, criterion) -> Cell
    totals: Mapping  # option -> weighted total
    ranking: tuple  # option ids, best first
    sensitivity: Sensitivity
    missing: int = 0  # option x criterion cells nobody scored (baseline excluded)
    contributions: Mapping = field(default_factory=dict)  # (option, criterion) -> w*mean/sum(w)

    def rank_of(self, option) -> int:
        """1-based rank; options with equal totals share the better rank."""
        total = self.totals[option]
        return 1 + sum(1 for o in self.options if self.totals[o] > total + _TIE)

    @property
    def top(self) -> tuple:
        return self.sensitivity.top


def aggregate(scores: Iterable[tuple[Hashable, Hashable, int]]) -> dict:
    """Aggregate ``(option, criterion, score)`` triples (one per scorer) into Cells."""
    grouped: dict = defaultdict(list)
    for option, criterion, score in scores:
        grouped[(option, criterion)].append(int(score))
    cells = {}
    for key, values in grouped.items():
        mean = sum(values) / len(values)
        variance = sum((v - mean) ** 2 for v in values) / len(values)
        cells[key] = Cell(
            mean=mean,
            spread=math.sqrt(variance),
            low=min(values),
            high=max(values),
            count=len(values),
        )
    return cells


def weighted_totals(
    options: Sequence, criteria: Sequence, weights: Mapping, means: Mapping
) -> dict:
    """``sum(w * mean) / sum(w)`` per option; ``means`` maps (option, criterion) to a mean."""
    weight_sum = sum(weights[c] for c in criteria)
    if weight_sum <= 0:
        return {o: 0.0 for o in options}
    return {
        o: sum(weights[c] * means.get((o, c), 0.0) for c in criteria) / weight_sum for o in options
    }


def rank(options: Sequence, totals: Mapping) -> tuple:
    """Options by total, best first; ties keep the given order (stable sort)."""
    return tuple(sorted(options, key=lambda o: -totals[o]))


def top_options(options: Sequence, totals: Mapping) -> tuple:
    """The option(s) with the highest total, in the given order (several on a tie)."""
    if not options:
        return ()
    best = max(totals[o] for o in options)
    return tuple(o for o in options if totals[o] >= best - _TIE)


def _totals_of_rows(rows: Mapping, weight_list: list, weight_sum: float) -> dict:
    """``weighted_totals`` over precomputed rows of means (criteria in the same order):
    the same sums, term by term in the same order, without a lookup per term."""
    if weight_sum <= 0:
        return dict.fromkeys(rows, 0.0)
    return {o: sum(map(mul, weight_list, row)) / weight_sum for o, row in rows.items()}


def sensitivity(
    options: Sequence,
    criteria: Sequence,
    weights: Mapping,
    means: Mapping,
    step: float = WEIGHT_STEP,
) -> Sensitivity:
    """Does the top option change when one weight moves by +/- ``step`` or one
    criterion is dropped? A criterion is only dropped when another one remains."""
    # Three variations per criterion, each a weighted total of every option: the means
    # are laid out once per option (issue 18: the options page runs this per objective).
    rows = {o: [means.get((o, c), 0.0) for c in criteria] for o in options}
    base = [weights[c] for c in criteria]
    top = top_options(options, _totals_of_rows(rows, base, sum(base)))
    variations = []
    for index, criterion in enumerate(criteria):
        for kind, factor in (("up", 1 + step), ("down", 1 - step)):
            varied = list(base)
            varied[index] = weights[criterion] * factor
            new_top = top_options(options, _totals_of_rows(rows, varied, sum(varied)))
            variations.append(Variation(kind, criterion, new_top, new_top != top))
        if len(criteria) > 1:
            kept = [i for i in range(len(criteria)) if i != index]
            dropped_rows = {o: [row[i] for i in kept] for o, row in rows.items()}
            kept_weights = [base[i] for i in kept]
            new_top = top_options(
                options, _totals_of_rows(dropped_rows, kept_weights, sum(kept_weights))
            )
            variations.append(Variation("drop", criterion, new_top, new_top != top))
    return Sensitivity(top=top, variations=tuple(variations))


def means_of(
    options: Sequence,
    criteria: Sequence,
    scores: Iterable[tuple[Hashable, Hashable, int]],
    baseline: Hashable | None = None,
) -> dict:
    """The mean score per (option, criterion) that has scores, as ``analyse`` computes it
    (the baseline's scores ignored; a cell without scores counts as 0.0)."""
    known = set(options)
    wanted = set(criteria)
    grouped: dict = defaultdict(list)
    for o, c, s in scores:
        if o in known and c in wanted and o != baseline:
            grouped[(o, c)].append(int(s))
    return {key: sum(values) / len(values) for key, values in grouped.items()}


def top_and_sensitivity(
    options: Sequence,
    criteria: Sequence,
    weights: Mapping,
    scores: Iterable[tuple[Hashable, Hashable, int]],
    baseline: Hashable | None = None,
) -> Sensitivity:
    """``analyse(...).sensitivity`` (its ``top`` is the analysis's top) without the rest:
    no spreads, ranking or contributions. The options page's overview shows only the top
    option and whether it holds, for every objective of the process (issue 18)."""
    options = tuple(options)
    criteria = tuple(criteria)
    for c in criteria:
        if not weights.get(c, 0) > 0:
            raise ValueError(f"criterion {c!r} needs a positive weight")
    return sensitivity(options, criteria, weights, means_of(options, criteria, scores, baseline))


def analyse(
    options: Sequence,
    criteria: Sequence,
    weights: Mapping,
    scores: Iterable[tuple[Hashable, Hashable, int]],
    baseline: Hashable | None = None,
) -> McaResult:
    """The whole analysis for one objective's options.

    ``options`` and ``criteria`` are ids in display order; ``weights`` maps each
    criterion to a positive weight; ``scores`` holds one ``(option, criterion, score)``
    per scorer. Scores given to the baseline option are ignored: it is the zero.
    """
    options = tuple(options)
    criteria = tuple(criteria)
    for c in criteria:
        if not weights.get(c, 0) > 0:
            raise ValueError(f"criterion {c!r} needs a positive weight")
    known = set(options)
    wanted = set(criteria)
    cells = aggregate(
        (o, c, s) for o, c, s in scores if o in known and c in wanted and o != baseline
    )
    full_cells = {}
    missing = 0
    for o in options:
        for c in criteria:
            if o == baseline:
                full_cells[(o, c)] = BASELINE_CELL
                continue
            cell = cells.get((o, c), EMPTY_CELL)
            missing += cell.missing
            full_cells[(o, c)] = cell
    means = {key: cell.mean for key, cell in full_cells.items()}
    totals = weighted_totals(options, criteria, weights, means)
    weight_sum = sum(weights[c] for c in criteria) or 1.0
    contributions = {
        (o, c): weights[c] * means[(o, c)] / weight_sum for o in options for c in criteria
    }
    return McaResult(
        options=options,
        criteria=criteria,
        weights={c: weights[c] for c in criteria},
        baseline=baseline,
        cells=full_cells,
        totals=totals,
        ranking=rank(options, totals),
        sensitivity=sensitivity(options, criteria, weights, means),
        missing=missing,
        contributions=contributions,
    )
