"""The group's artefacts as blocks of a draft: tables built from the current data.

Each block is a table marked ``cycleBlock=<kind>`` in the Yjs document, so "refresh"
finds it again and replaces it in place with today's data; the draft and the analysis
do not drift apart.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from facilitation.extensions import db
from policycycle.models import (
    Action,
    Indicator,
    Objective,
    PolicyOption,
    Quadrant,
    SwotItem,
)

from .prosemirror import plain_run


def _cell(text: object, header: bool = False) -> dict:
    return {
        "header": header,
        "colspan": 1,
        "rowspan": 1,
        "blocks": [{"type": "paragraph", "runs": [plain_run(str(text or ""))] if text else []}],
    }


def _list_cell(lines: list[str]) -> dict:
    if not lines:
        return _cell("")
    items = [[{"type": "paragraph", "runs": [plain_run(line)]}] for line in lines]
    return {
        "header": False,
        "colspan": 1,
        "rowspan": 1,
        "blocks": [{"type": "list", "ordered": False, "start": 1, "items": items}],
    }


def _table(kind: str, header: list[str], rows: list[list[dict]]) -> dict:
    return {
        "type": "table",
        "cycle_block": kind,
        "rows": [[_cell(title, header=True) for title in header], *rows],
    }


def _number(value) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def swot_block(process_id: int) -> dict:
    items = db.session.scalars(
        db.select(SwotItem)
        .where(SwotItem.process_id == process_id, SwotItem.merged_into_id.is_(None))
        .order_by(SwotItem.position, SwotItem.id)
    ).all()
    by_quadrant = {q: [i.statement for i in items if i.quadrant == q] for q in Quadrant}
    return _table(
        "swot",
        [Quadrant.STRENGTH.label, Quadrant.WEAKNESS.label],
        [
            [
                _list_cell(by_quadrant[Quadrant.STRENGTH]),
                _list_cell(by_quadrant[Quadrant.WEAKNESS]),
            ],
            [_cell(Quadrant.OPPORTUNITY.label, True), _cell(Quadrant.THREAT.label, True)],
            [
                _list_cell(by_quadrant[Quadrant.OPPORTUNITY]),
                _list_cell(by_quadrant[Quadrant.THREAT]),
            ],
        ],
    )


def objectives_block(process_id: int) -> dict:
    objectives = db.session.scalars(
        db.select(Objective)
        .where(Objective.process_id == process_id)
        .order_by(Objective.position, Objective.id)
    ).all()
    indicators = db.session.scalars(
        db.select(Indicator).where(
            Indicator.process_id == process_id, Indicator.objective_id.is_not(None)
        )
    ).all()
    by_objective: dict[int, list[str]] = {}
    for indicator in indicators:
        target = _number(indicator.target_value)
        if target:
            target = f" → {target} {indicator.unit}".rstrip()
            if indicator.target_year:
                target += f" ({indicator.target_year})"
        by_objective.setdefault(indicator.objective_id, []).append(f"{indicator.name}{target}")
    rows = [
        [_cell(o.level.label), _cell(o.title), _list_cell(by_objective.get(o.id, []))]
        for o in objectives
    ]
    return _table("objectives", [_("Level"), _("Objective"), _("Indicators")], rows)


def options_block(process_id: int) -> dict:
    options = db.session.scalars(
        db.select(PolicyOption)
        .where(PolicyOption.process_id == process_id)
        .order_by(PolicyOption.objective_id, PolicyOption.id)
    ).all()
    rows = [
        [_cell(o.objective.title), _cell(o.title), _cell(o.status.label), _cell(o.description)]
        for o in options
    ]
    return _table("options", [_("Objective"), _("Option"), _("Status"), _("Description")], rows)


def action_plan_block(process_id: int) -> dict:
    actions = db.session.scalars(
        db.select(Action)
        .where(Action.process_id == process_id)
        .order_by(Action.position, Action.id)
    ).all()
    rows = []
    for action in actions:
        period = " – ".join(
            d.isoformat() for d in (action.start_date, action.end_date) if d is not None
        )
        lead = ", ".join(
            r.organisation.name for r in action.raci if str(r.letter.value) in ("A", "R")
        )
        rows.append(
            [
                _cell(action.code),
                _cell(action.title),
                _cell(lead),
                _cell(period),
                _cell(_number(action.cost)),
            ]
        )
    return _table(
        "action_plan",
        [_("Code"), _("Action"), _("Responsible"), _("Period"), _("Cost")],
        rows,
    )


BLOCKS: dict[str, tuple[object, Callable[[int], dict]]] = {
    "swot": (_l("SWOT table"), swot_block),
    "objectives": (_l("Objectives with indicators"), objectives_block),
    "options": (_l("Options table"), options_block),
    "action_plan": (_l("Action-plan summary"), action_plan_block),
}
