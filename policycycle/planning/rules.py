"""Plain rules of the planning stages: action codes, RACI and the mandate check.

No Flask and no database: the services load rows and ask these functions.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

# --- Codes: SO1, Op1.1, A1.1.1 ----------------------------------------------------------


@dataclass(frozen=True)
class ObjectiveRow:
    id: int
    level: str  # "general" | "specific" | "operational"
    parent_id: int | None
    position: int = 0
    code: str = ""  # the group's own code, if any


@dataclass(frozen=True)
class ActionRow:
    id: int
    objective_id: int
    position: int = 0
    code: str = ""  # the group's own code, if any
    instrument_id: int | None = None


def assign_codes(
    objectives: Sequence[ObjectiveRow], actions: Sequence[ActionRow]
) -> dict[tuple[str, int], str]:
    """Codes by level, in (position, id) order.

    Specific objectives are numbered across the process: SO1, SO2...; an operational
    objective under SO i is Op i.j; an action under Op i.j is A i.j.k. An action placed
    directly under SO i (no operational objective) is A i.0.k. Returns
    ``{("objective", id): code, ("action", id): code}``; an item outside this chain
    (an operational objective without a specific parent) gets no code.
    """
    order = lambda row: (row.position, row.id)  # noqa: E731
    specific = sorted((o for o in objectives if o.level == "specific"), key=order)
    children = defaultdict(list)
    for o in objectives:
        if o.level == "operational" and o.parent_id is not None:
            children[o.parent_id].append(o)
    by_objective = defaultdict(list)
    for a in actions:
        by_objective[a.objective_id].append(a)

    codes: dict[tuple[str, int], str] = {}

    def number(rows, prefix: str) -> None:
        for k, action in enumerate(sorted(rows, key=order), 1):
            codes[("action", action.id)] = action.code or f"A{prefix}.{k}"

    def by_measure(rows) -> list[list[ActionRow]]:
        groups = defaultdict(list)
        for action in rows:
            groups[action.instrument_id].append(action)
        keys = sorted(groups, key=lambda key: (key is None, key or 0))
        return [groups[key] for key in keys]

    for i, so in enumerate(specific, 1):
        codes[("objective", so.id)] = so.code or f"SO{i}"
        operational = sorted(children.get(so.id, []), key=order)
        direct = by_objective.get(so.id, [])
        if operational:
            number(direct, f"{i}.0")
        else:
            for j, rows in enumerate(by_measure(direct), 1):
                number(rows, f"{i}.{j}")
        for j, op in enumerate(operational, 1):
            codes[("objective", op.id)] = op.code or f"Op{i}.{j}"
            number(by_objective.get(op.id, []), f"{i}.{j}")
    return codes


def code_sort_key(code: str) -> tuple:
    """Sort SO2 before SO10 and A1.2.3 before A1.10.1; codeless items last."""
    numbers = tuple(int(n) for n in re.findall(r"\d+", code or ""))
    return (not numbers, numbers)


# --- RACI ----------------------------------------------------------------------------------

RACI_LETTERS = ("R", "A", "C", "I")

RACI_MESSAGES = {
    "bad_letter": _l("Use only R (responsible), A (accountable), C (consulted) or I (informed)."),
    "no_accountable": _l(
        "Choose exactly one accountable institution (A): the one that answers for the activity."
    ),
    "several_accountable": _l(
        "Only one institution can be accountable (A) for an activity; "
        "make the others responsible (R) or consulted (C)."
    ),
    "no_responsible": _l(
        "Choose at least one responsible institution (R): one that does the work."
    ),
}


def raci_problems(letters: Iterable[str]) -> list[str]:
    """Problem keys (see ``RACI_MESSAGES``) of one action's RACI letters; [] when valid.

    The rule: one letter per institution, exactly one A, at least one R.
    """
    letters = [str(letter).upper() for letter in letters if letter]
    problems = []
    if any(letter not in RACI_LETTERS for letter in letters):
        problems.append("bad_letter")
    accountable = letters.count("A")
    if accountable == 0:
        problems.append("no_accountable")
    elif accountable > 1:
        problems.append("several_accountable")
    if "R" not in letters:
        problems.append("no_responsible")
    return problems


# --- Mandate check ------------------------------------------------------------------------

# Words too common to tell one policy area from another (en, fr, es, pt).
_STOPWORD_TEXT = """and the for with from into onto over under about their this that other others
    policy policies area areas national public management services service affairs general
    des les pour avec dans sur une politique nationale publique gestion
    los las para con por una del política nacional pública gestión
    dos das com por uma gestão"""
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STEM = 5  # compare words by their first letters: "migrant", "migración" -> "migra"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_STOPWORDS = frozenset(map(_fold, _STOPWORD_TEXT.split()))


def keywords(text: str) -> dict[str, str]:
    """Significant words of a text (four letters or more, not a common word), by stem."""
    return dict(_keywords(text or ""))


@functools.lru_cache(maxsize=2048)
def _keywords(text: str) -> tuple[tuple[str, str], ...]:
    # Remembered per text: the instruments page checks each instrument's lead institution,
    # and a few institutions lead most of the 150 instruments (the same mandate folded
    # letter by letter each time). A pure function of the text, so right in every process.
    words = _WORD.findall(_fold(text))
    return tuple({w[:_STEM]: w for w in words if len(w) >= 4 and w not in _STOPWORDS}.items())


def mandate_mentions(area: str, mandate: str, policy_tags: str) -> tuple[bool | None, list[str]]:
    """Does an institution's mandate or policy tags mention the instrument's area?

    A simple keyword check: the significant words of ``area`` are compared with the
    words of the mandate and tags by their first five letters (accents and case
    ignored). Returns ``(None, [])`` when the area has no significant word (nothing
    to check), ``(True, matched area words)`` when at least one is found,
    ``(False, [])`` otherwise.
    """
    wanted = keywords(area)
    if not wanted:
        return None, []
    present = keywords(f"{mandate} {policy_tags}")
    found = sorted(word for stem, word in wanted.items() if stem in present)
    return (bool(found), found)
