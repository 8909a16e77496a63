"""What an assessment means: power-interest quadrant, salience type, engagement gap.

Plain functions on numbers (no Flask, no database). Scores run from 1 to 5; a score of
``HIGH_FROM`` (4) or more counts as high, so 3 is the middle and stays "low".
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from facilitation.labelled import Labelled

SCORE_MIN, SCORE_MAX = 1, 5
POSITION_MIN, POSITION_MAX = -2, 2
HIGH_FROM = 4


class EngagementLevel(Labelled):
    """The IAP2-style spectrum, from the least to the most shared power."""

    INFORM = "inform"
    CONSULT = "consult"
    INVOLVE = "involve"
    COLLABORATE = "collaborate"
    EMPOWER = "empower"

    @classmethod
    def labels(cls):
        return ENGAGEMENT_LABELS

    @property
    def rank(self) -> int:
        return ENGAGEMENT_ORDER.index(self) + 1


ENGAGEMENT_ORDER = list(EngagementLevel)
ENGAGEMENT_LABELS = {
    EngagementLevel.INFORM: _l("Inform"),
    EngagementLevel.CONSULT: _l("Consult"),
    EngagementLevel.INVOLVE: _l("Involve"),
    EngagementLevel.COLLABORATE: _l("Collaborate"),
    EngagementLevel.EMPOWER: _l("Empower"),
}


class Quadrant(Labelled):
    MANAGE_CLOSELY = "manage_closely"
    KEEP_SATISFIED = "keep_satisfied"
    KEEP_INFORMED = "keep_informed"
    MONITOR = "monitor"

    @classmethod
    def labels(cls):
        return {member: text[0] for member, text in QUADRANT_TEXT.items()}

    @property
    def advice(self) -> str:
        return str(QUADRANT_TEXT[self][1])


QUADRANT_TEXT = {
    Quadrant.MANAGE_CLOSELY: (
        _l("Key player"),
        _l("High power, high interest: involve closely at every stage."),
    ),
    Quadrant.KEEP_SATISFIED: (
        _l("Keep satisfied"),
        _l("High power, low interest: consult on what touches them; avoid surprises."),
    ),
    Quadrant.KEEP_INFORMED: (
        _l("Keep informed"),
        _l("Low power, high interest: inform regularly; they can become allies."),
    ),
    Quadrant.MONITOR: (
        _l("Monitor"),
        _l("Low power, low interest: keep an eye on them with little effort."),
    ),
}


class Salience(Labelled):
    """Mitchell, Agle and Wood (1997): which of power, legitimacy and urgency are high."""

    DEFINITIVE = "definitive"
    DOMINANT = "dominant"
    DANGEROUS = "dangerous"
    DEPENDENT = "dependent"
    DORMANT = "dormant"
    DISCRETIONARY = "discretionary"
    DEMANDING = "demanding"
    NONE = "none"

    @classmethod
    def labels(cls):
        return {member: text[0] for member, text in SALIENCE_TEXT.items()}

    @property
    def advice(self) -> str:
        return str(SALIENCE_TEXT[self][1])


SALIENCE_TEXT = {
    Salience.DEFINITIVE: (
        _l("Definitive"),
        _l("Power, legitimacy and urgency: their claims come first."),
    ),
    Salience.DOMINANT: (
        _l("Dominant"),
        _l("Power and legitimacy: expected to be heard formally."),
    ),
    Salience.DANGEROUS: (
        _l("Dangerous"),
        _l("Power and urgency without legitimacy: may act to block; engage early."),
    ),
    Salience.DEPENDENT: (
        _l("Dependent"),
        _l("Legitimacy and urgency without power: rely on others to be heard."),
    ),
    Salience.DORMANT: (
        _l("Dormant"),
        _l("Power only: little to say now, but can weigh in if their interests move."),
    ),
    Salience.DISCRETIONARY: (
        _l("Discretionary"),
        _l("Legitimacy only: a rightful voice with no pressing claim."),
    ),
    Salience.DEMANDING: (
        _l("Demanding"),
        _l("Urgency only: pressing, but without power or a recognised claim."),
    ),
    Salience.NONE: (
        _l("Not salient"),
        _l("None of power, legitimacy or urgency is high."),
    ),
}

_SALIENCE = {
    (True, True, True): Salience.DEFINITIVE,
    (True, True, False): Salience.DOMINANT,
    (True, False, True): Salience.DANGEROUS,
    (False, True, True): Salience.DEPENDENT,
    (True, False, False): Salience.DORMANT,
    (False, True, False): Salience.DISCRETIONARY,
    (False, False, True): Salience.DEMANDING,
    (False, False, False): Salience.NONE,
}


def is_high(score: int | None) -> bool:
    return score is not None and score >= HIGH_FROM


def quadrant(power: int, interest: int) -> Quadrant:
    if is_high(power):
        return Quadrant.MANAGE_CLOSELY if is_high(interest) else Quadrant.KEEP_SATISFIED
    return Quadrant.KEEP_INFORMED if is_high(interest) else Quadrant.MONITOR


def salience(power: int | None, legitimacy: int | None, urgency: int | None) -> Salience | None:
    """The salience type, or None when one of the three is not assessed."""
    if power is None or legitimacy is None or urgency is None:
        return None
    return _SALIENCE[(is_high(power), is_high(legitimacy), is_high(urgency))]


@dataclass(frozen=True)
class Gap:
    """Steps between the current and the target engagement level.

    ``steps`` > 0: engagement must deepen; 0: on target; < 0: more than planned.
    Not engaged at all counts as one step below "inform".
    """

    steps: int

    @property
    def label(self) -> str:
        if self.steps > 0:
            return ngettext(
                "%(num)d step short of the target", "%(num)d steps short of the target", self.steps
            )
        if self.steps < 0:
            return ngettext(
                "%(num)d step beyond the target", "%(num)d steps beyond the target", -self.steps
            )
        return str(_l("On target"))


def engagement_gap(current: str | None, target: str | None) -> Gap | None:
    if not target:
        return None
    current_rank = EngagementLevel(current).rank if current else 0
    return Gap(EngagementLevel(target).rank - current_rank)


OPTIONAL_SCORES = frozenset({"impact", "legitimacy", "urgency"})


def check_scores(**scores: int | None) -> dict[str, str]:
    """Field -> message for every score out of range. ``position`` runs -2..+2; impact,
    legitimacy and urgency may be None ("not assessed")."""
    errors = {}
    for name, value in scores.items():
        low, high = (POSITION_MIN, POSITION_MAX) if name == "position" else (SCORE_MIN, SCORE_MAX)
        if value is None and name in OPTIONAL_SCORES:
            continue
        if value is None:
            errors[name] = str(_l("Give a score from %(low)d to %(high)d.", low=low, high=high))
        elif not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            errors[name] = str(
                _l("The score must be a whole number from %(low)d to %(high)d.", low=low, high=high)
            )
    return errors
