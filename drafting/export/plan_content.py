"""The cycle blocks about implementation: cost by objective, risks, results framework and
the action-plan summary (see ``cycle_content`` for the parts they return)."""

from __future__ import annotations

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _

from policycycle.models import OptionStatus

from .collect import CycleData
from .cycle_parts import Bullets, Para, Table, amount, coded, money
from .policy_data import PolicyExtras


def _activity_count(n: int) -> str:
    return ngettext("%(n)s activity", "%(n)s activities", n, n=format_decimal(n))


def financing(data: CycleData, extras: PolicyExtras) -> list:
    groups = [g for g in data.actions if g.actions]
    if not groups:
        return []
    total = sum(g.cost for g in groups)
    count = sum(len(g.actions) for g in groups)
    rows = [
        [
            coded(g.code, g.title) or _("Other activities"),
            format_decimal(len(g.actions)),
            amount(g.cost),
        ]
        for g in groups
    ]
    rows.append([f"**{_('Total')}", format_decimal(count), amount(total)])
    # The lead says what the table's caption does not (it used to repeat it).
    lead = ngettext(
        "The action plan's %(n)s activity is estimated to cost %(total)s; the costing and "
        "financing plan in annex sets out the cost by year, the funding secured and its "
        "sources.",
        "The action plan's %(n)s activities are estimated to cost %(total)s in all; the "
        "costing and financing plan in annex sets out the cost by year, the funding secured "
        "and its sources.",
        count,
        n=format_decimal(count),
        total=money(total, data.currency),
    )
    return [
        Para(lead),
        Table(
            _("Estimated cost by specific objective"),
            [
                _("Specific objective"),
                _("Activities"),
                _("Estimated cost (%(currency)s)", currency=data.currency),
            ],
            rows,
            [0.6, 0.15, 0.25],
        ),
    ]


def risk_rows(data: CycleData, extras: PolicyExtras) -> list[list[str]]:
    """Code, what it concerns, risk, assumption: from the chosen options and the
    activities (the risk matrix annex; the chapter shows the options' part)."""
    rows = []
    for option in data.options:
        if option.status == OptionStatus.DISCARDED or option.is_baseline:
            continue
        if option.risks or option.assumptions:
            code = data.code_map.get(("objective", option.objective_id), "")
            rows.append([code, option.title, option.risks, option.assumptions])
    for group in data.actions:
        for action in group.actions:
            risk = extras.action_risks.get(action.id, "")
            if risk or action.assumptions:
                rows.append([action.code, action.title, risk, action.assumptions])
    return rows


def risks(data: CycleData, extras: PolicyExtras) -> list:
    rows = risk_rows(data, extras)
    if not rows:
        return []
    chosen = [
        r
        for r in rows
        if any(r[1] == o.title for o in data.options if o.status == OptionStatus.PREFERRED)
    ]
    parts: list = [
        Para(
            _(
                "%(n)s risks and assumptions are recorded for the chosen options and the "
                "activities; the risk matrix in annex lists each with what it concerns. The "
                "coordination mechanism reviews the matrix at each of its meetings and agrees "
                "a mitigation for every risk that materialises.",
                n=format_decimal(len(rows)),
            )
        )
    ]
    if chosen:
        parts.append(Para(_("The main risks of the chosen options:")))
        parts.append(Bullets([f"{r[0]} {r[1]}: {r[2] or r[3]}".strip() for r in chosen[:12]]))
    return parts


def results(data: CycleData, extras: PolicyExtras) -> list:
    rows = [
        [code or objective.level.label, i.name, i.baseline, i.target]
        for code, objective, indicators in data.objectives
        for i in indicators
    ]
    if not rows:
        return []
    return [
        Table(
            _("Results framework: objectives' indicators"),
            [_("Objective"), _("Indicator"), _("Baseline"), _("Target")],
            rows,
            [0.12, 0.48, 0.2, 0.2],
        ),
        Para(
            _(
                "The results framework in annex adds the activities' indicators, the means of "
                "verification and the quality of each data source."
            )
        ),
    ]


def action_plan(data: CycleData, extras: PolicyExtras) -> list:
    groups = [g for g in data.actions if g.actions]
    if not groups:
        return []
    return [
        Para(_("The activities by specific objective; the action plan in annex gives each one.")),
        Bullets([f"{coded(g.code, g.title)}: " + _activity_count(len(g.actions)) for g in groups]),
    ]
