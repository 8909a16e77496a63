"""Objectives logic with no Flask or database import: drafting the objectives tree
from the problem tree, restating problems as desired situations, SMART checks and
the "few objectives per level" rule.

- ``restate(text)`` -> the desired situation, or ``None`` when no rule applies
  (English wording rules; the caller falls back to a translated template).
- ``draft_plan(nodes, already_linked)`` -> ``list[DraftObjective]`` in parent-first
  order: the focal problem becomes the general objective, its direct causes specific
  objectives, deeper causes operational objectives, each keeping its problem node and
  hanging below the objective drafted from the node's parent. Effects are the ends
  the general objective serves and are not drafted. Nodes already linked to an
  objective are skipped (their objective is reused as parent), so drafting twice
  adds nothing.
- ``smart_status(specific, achievable, realistic, indicators)`` -> ``SmartStatus``;
  measurable and time-bound come from the indicators (``IndicatorFacts``).
- ``crowded_levels(objectives, limit=6)`` -> groups of sibling objectives of one
  level that exceed the limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .problem_tree import CAUSE, FOCAL, TreeNode, levels

GENERAL, SPECIFIC, OPERATIONAL = "general", "specific", "operational"
MAX_PER_LEVEL = 6

# First word of a problem -> first word of the desired situation.
_LEADING = {
    "low": "Higher",
    "high": "Reduced",
    "weak": "Strengthened",
    "poor": "Improved",
    "limited": "Expanded",
    "insufficient": "Sufficient",
    "inadequate": "Adequate",
    "fragmented": "Coordinated",
    "uncoordinated": "Coordinated",
    "unreliable": "Reliable",
    "outdated": "Updated",
    "ineffective": "Effective",
    "inefficient": "Efficient",
    "unclear": "Clear",
    "irregular": "Regular",
    "unsafe": "Safe",
    "slow": "Faster",
    "costly": "Affordable",
    "expensive": "Affordable",
    "increasing": "Reduced",
    "rising": "Reduced",
    "growing": "Reduced",
    "widespread": "Reduced",
    "frequent": "Less frequent",
    "many": "Fewer",
    "few": "More",
    "incomplete": "Complete",
    "inconsistent": "Consistent",
    "unregulated": "Regulated",
    "undocumented": "Documented",
    "informal": "Formalised",
    "overlapping": "Clearly divided",
    "excessive": "Reasonable",
}
_TRAILING = re.compile(
    r"^(?P<subject>.+?)\s+(?P<verb>is|are)\s+(?:too\s+|very\s+)?(?P<word>\w+)\.?$", re.IGNORECASE
)
_TRAILING_WORDS = {
    "low": "higher",
    "high": "reduced",
    "weak": "strengthened",
    "poor": "improved",
    "limited": "expanded",
    "insufficient": "sufficient",
    "inadequate": "adequate",
    "fragmented": "coordinated",
    "unreliable": "reliable",
    "outdated": "updated",
    "unclear": "clear",
    "slow": "faster",
    "incomplete": "complete",
}
# Negative words anywhere in the sentence -> their positive counterpart.
_INNER = {
    "unreliable": "reliable",
    "poorly": "well",
    "unlicensed": "licensed",
    "unregulated": "regulated",
    "unprotected": "protected",
    "informal": "formal",
    "irregular": "regular",
    "unsafe": "safe",
    "inadequate": "adequate",
    "insufficient": "sufficient",
    "weak": "strong",
    "few": "more",
    "fragmented": "coordinated",
    "limited": "wider",
    "exploited": "protected",
}
_NEGATION = re.compile(r"\b(?P<verb>is|are|was|were|can|could)\s+not\b", re.IGNORECASE)
_DOES_NOT = re.compile(r"\b(?P<aux>does|do)\s+not\s+(?P<verb>\w+)", re.IGNORECASE)
_LACK = re.compile(
    r"^\s*(?:the\s+)?(?:lack|absence|shortage)\s+of\s+(?P<rest>.+)$|^\s*no\s+(?P<rest2>.+)$",
    re.IGNORECASE,
)


def restate(text: str) -> str | None:
    """Restate a negative situation as the desired one ("Weak X" -> "Strengthened X")."""
    text = " ".join((text or "").split()).rstrip(".")
    if not text:
        return None
    lack = _LACK.match(text)
    if lack:
        rest = lack.group("rest") or lack.group("rest2")
        return f"{rest[0].upper()}{rest[1:]} in place"
    first, _, rest = text.partition(" ")
    replacement = _LEADING.get(first.lower())
    if replacement and rest:
        return f"{replacement} {rest}"
    trailing = _TRAILING.match(text)
    if trailing and trailing.group("word").lower() in _TRAILING_WORDS:
        word = _TRAILING_WORDS[trailing.group("word").lower()]
        return f"{trailing.group('subject')} {trailing.group('verb')} {word}"
    if _NEGATION.search(text):
        return _NEGATION.sub(lambda m: m.group("verb"), text, count=1)
    does_not = _DOES_NOT.search(text)
    if does_not:
        verb = does_not.group("verb")
        if does_not.group("aux").lower() == "does":
            verb = verb + ("es" if verb.endswith(("s", "sh", "ch", "x", "o")) else "s")
        return text[: does_not.start()] + verb + text[does_not.end() :]
    words = text.split(" ")
    for index, word in enumerate(words):
        replacement = _INNER.get(word.lower())
        if replacement:
            words[index] = replacement.capitalize() if index == 0 else replacement
            return " ".join(words)
    return None


@dataclass(frozen=True)
class DraftObjective:
    problem_node_id: int
    parent_problem_node_id: int | None  # the node whose objective is the parent
    level: str
    problem_text: str


def draft_plan(
    nodes: Iterable[TreeNode], already_linked: Iterable[int] = ()
) -> list[DraftObjective]:
    nodes = list(nodes)
    linked = set(already_linked)
    depth = levels(nodes)
    by_id = {n.id: n for n in nodes}
    plan = []
    drafted = [n for n in nodes if n.id in depth and n.kind in (FOCAL, CAUSE)]
    drafted.sort(key=lambda n: (depth[n.id], n.id))
    for node in drafted:
        if node.id in linked:
            continue
        d = depth[node.id]
        level = GENERAL if d == 0 else SPECIFIC if d == 1 else OPERATIONAL
        parent = node.parent_id if node.kind != FOCAL and node.parent_id in by_id else None
        plan.append(DraftObjective(node.id, parent, level, node.text))
    return plan


@dataclass(frozen=True)
class IndicatorFacts:
    name: str
    baseline_value: float | None
    target_value: float | None
    target_year: int | None = None
    target_date: object | None = None


@dataclass(frozen=True)
class SmartStatus:
    specific: bool
    measurable: bool
    achievable: bool
    realistic: bool
    time_bound: bool

    @property
    def score(self) -> int:
        return sum(
            (self.specific, self.measurable, self.achievable, self.realistic, self.time_bound)
        )

    @property
    def complete(self) -> bool:
        return self.score == 5

    def items(self) -> list[tuple[str, bool]]:
        return [
            ("specific", self.specific),
            ("measurable", self.measurable),
            ("achievable", self.achievable),
            ("realistic", self.realistic),
            ("time_bound", self.time_bound),
        ]


def is_measurable(indicators: Iterable[IndicatorFacts]) -> bool:
    """An indicator with a name, a baseline value and a target value."""
    return any(
        i.name and i.baseline_value is not None and i.target_value is not None for i in indicators
    )


def is_time_bound(indicators: Iterable[IndicatorFacts]) -> bool:
    """An indicator with a target date or a target year."""
    return any(i.target_date is not None or i.target_year is not None for i in indicators)


def smart_status(
    specific: bool, achievable: bool, realistic: bool, indicators: Iterable[IndicatorFacts]
) -> SmartStatus:
    indicators = list(indicators)
    return SmartStatus(
        bool(specific),
        is_measurable(indicators),
        bool(achievable),
        bool(realistic),
        is_time_bound(indicators),
    )


@dataclass(frozen=True)
class CrowdedLevel:
    level: str
    parent_id: int | None
    objective_ids: tuple[int, ...]


def crowded_levels(
    objectives: Iterable[tuple[int, str, int | None]], limit: int = MAX_PER_LEVEL
) -> list[CrowdedLevel]:
    """Sibling groups ``(id, level, parent_id)`` with more than ``limit`` objectives
    of one level under the same parent (or at the top, for parentless ones)."""
    groups: dict[tuple[str, int | None], list[int]] = {}
    for oid, level, parent in objectives:
        groups.setdefault((level, parent), []).append(oid)
    return [
        CrowdedLevel(level, parent, tuple(sorted(ids)))
        for (level, parent), ids in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0))
        if len(ids) > limit
    ]
