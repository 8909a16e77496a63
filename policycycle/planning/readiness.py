"""Readiness rules of the planning stages: each one or two queries, whatever the size.

The root table of each query is scoped by process; joined rows are reached through
their indexed foreign keys (a process_id condition in the join would make SQLite pick
the process index and scan every row of the process for each parent).

Each rule takes a process id and returns ``Finding`` objects that say what is broken
and where it is mended (endpoint + url values). The readiness page runs these and
every rule other packages registered.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import case, func

from facilitation.extensions import db
from facilitation.stages import Finding
from policycycle.models import (
    Action,
    ActionCost,
    ActionRaci,
    Instrument,
    Objective,
    ObjectiveLevel,
    OptionStatus,
    PolicyOption,
    RaciLetter,
)

from . import chain


def _specific_objective_counts(process_id: int):
    """Per specific objective: real options, baselines, preferred options, instruments."""
    return db.session.execute(
        db.select(
            Objective.id,
            Objective.title,
            func.count(func.distinct(case((PolicyOption.is_baseline.is_(False), PolicyOption.id)))),
            func.count(func.distinct(case((PolicyOption.is_baseline.is_(True), PolicyOption.id)))),
            func.count(
                func.distinct(
                    case((PolicyOption.status == OptionStatus.PREFERRED, PolicyOption.id))
                )
            ),
            func.count(func.distinct(Instrument.id)),
        )
        .select_from(Objective)
        .outerjoin(
            PolicyOption,
            PolicyOption.objective_id == Objective.id,
        )
        .outerjoin(
            # An instrument serves its objective through a preferred option or directly.
            Instrument,
            Instrument.objective_id == Objective.id,
        )
        .where(Objective.process_id == process_id, Objective.level == ObjectiveLevel.SPECIFIC)
        .group_by(Objective.id, Objective.title)
    ).all()


def objectives_rule(process_id: int) -> list[Finding]:
    """Specific objective without option, without baseline, without preferred option,
    without instrument."""
    rows = [
        row
        for row in _specific_objective_counts(process_id)
        if row[2] == 0 or not row[3] or not row[4] or row[5] == 0
    ]
    code_map = chain.codes(process_id) if rows else {}
    findings = []
    for objective_id, title, options, baselines, preferred, instruments in rows:
        label = f"{code_map.get(('objective', objective_id), '')} {title}".strip()
        where = {"objective_id": objective_id}
        if options == 0:
            findings.append(
                Finding(
                    "options",
                    _(
                        "Specific objective “%(title)s” has no policy option besides the baseline.",
                        title=label,
                    ),
                    "planning.options_objective",
                    where,
                )
            )
        if options and not baselines:
            findings.append(
                Finding(
                    "options",
                    _(
                        "The options of “%(title)s” are analysed without a baseline option.",
                        title=label,
                    ),
                    "planning.options_objective",
                    where,
                )
            )
        if options and not preferred:
            findings.append(
                Finding(
                    "options",
                    _("No preferred option has been chosen for “%(title)s”.", title=label),
                    "planning.options_objective",
                    where,
                    severity="warning",
                )
            )
        if instruments == 0:
            findings.append(
                Finding(
                    "instruments",
                    _("Specific objective “%(title)s” has no policy instrument.", title=label),
                    "planning.instruments_page",
                    {},
                )
            )
    return findings


def discarded_rule(process_id: int) -> list[Finding]:
    """Option discarded without its reason."""
    rows = db.session.execute(
        db.select(PolicyOption.id, PolicyOption.objective_id, PolicyOption.title).where(
            PolicyOption.process_id == process_id,
            PolicyOption.status == OptionStatus.DISCARDED,
            func.trim(PolicyOption.discard_reason) == "",
        )
    ).all()
    return [
        Finding(
            "options",
            _("Option “%(title)s” was discarded without a reason.", title=title),
            "planning.options_edit",
            {"option_id": option_id},
        )
        for option_id, _objective_id, title in rows
    ]


def instrument_rule(process_id: int) -> list[Finding]:
    """Selected instrument without any action implementing it."""
    rows = db.session.execute(
        db.select(Instrument.id, Instrument.title)
        .outerjoin(Action, Action.instrument_id == Instrument.id)
        .where(Instrument.process_id == process_id, Instrument.selected.is_(True))
        .group_by(Instrument.id, Instrument.title)
        .having(func.count(Action.id) == 0)
    ).all()
    return [
        Finding(
            "action_plan",
            _("Instrument “%(title)s” has no activity in the action plan.", title=title),
            "planning.action_plan_new",
            {"instrument_id": instrument_id},
        )
        for instrument_id, title in rows
    ]


def raci_rule(process_id: int) -> list[Finding]:
    """Action without exactly one accountable or without a responsible institution."""
    accountable = func.count(case((ActionRaci.letter == RaciLetter.ACCOUNTABLE, 1)))
    responsible = func.count(case((ActionRaci.letter == RaciLetter.RESPONSIBLE, 1)))
    rows = db.session.execute(
        db.select(Action.id, Action.title, accountable, responsible)
        .outerjoin(ActionRaci, ActionRaci.action_id == Action.id)
        .where(Action.process_id == process_id)
        .group_by(Action.id, Action.title)
        .having((accountable != 1) | (responsible == 0))
    ).all()
    if not rows:
        return []
    code_map = chain.codes(process_id)
    findings = []
    for action_id, title, n_accountable, n_responsible in rows:
        label = f"{code_map.get(('action', action_id), '')} {title}".strip()
        where = {"action_id": action_id}
        if n_accountable != 1:
            message = (
                _(
                    "Activity “%(title)s” has no accountable institution yet: "
                    "agree which one answers for it.",
                    title=label,
                )
                if n_accountable == 0
                else _(
                    "Activity “%(title)s” has %(count)d accountable institutions instead of one.",
                    title=label,
                    count=n_accountable,
                )
            )
            findings.append(
                Finding(
                    "action_plan",
                    message,
                    "planning.action_plan_edit",
                    where,
                )
            )
        if n_responsible == 0:
            findings.append(
                Finding(
                    "action_plan",
                    _("Activity “%(title)s” has no responsible institution.", title=label),
                    "planning.action_plan_edit",
                    where,
                )
            )
    return findings


# Beyond this many uncosted activities one finding sums them up.
COST_FINDINGS_LISTED = 10


def cost_rule(process_id: int) -> list[Finding]:
    """Activity with neither an estimated cost nor a cost line (method advice)."""
    rows = db.session.execute(
        db.select(Action.id, Action.title)
        .outerjoin(ActionCost, ActionCost.action_id == Action.id)
        .where(Action.process_id == process_id, Action.cost.is_(None))
        .group_by(Action.id, Action.title)
        .having(func.count(ActionCost.id) == 0)
        .order_by(Action.id)
    ).all()
    if len(rows) > COST_FINDINGS_LISTED:
        return [
            Finding(
                "action_plan",
                _(
                    "%(count)d activities have no cost yet: the financing plan and its "
                    "funding gap are incomplete.",
                    count=len(rows),
                ),
                "planning.action_plan",
                severity="warning",
            )
        ]
    code_map = chain.codes(process_id) if rows else {}
    return [
        Finding(
            "action_plan",
            _(
                "Activity “%(title)s” has no cost: give its cost per year and the funding secured.",
                title=f"{code_map.get(('action', action_id), '')} {title}".strip(),
            ),
            "planning.action_plan_edit",
            {"action_id": action_id, "_anchor": "costs"},
            severity="warning",
        )
        for action_id, title in rows
    ]


RULES = (objectives_rule, discarded_rule, instrument_rule, raci_rule, cost_rule)


def run_all(process_id: int, rules) -> list[Finding]:
    findings = []
    for rule in rules:
        findings.extend(rule(process_id))
    return findings
