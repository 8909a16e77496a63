"""Codes and lookups shared by the planning pages: SO1, Op1.1, A1.1.1."""

from __future__ import annotations

from flask_babel import gettext as _

from facilitation.extensions import db
from facilitation.request_memo import remembered_for_request
from facilitation.scoped import get_in_process, get_in_process_or_404
from facilitation.validation import ValidationFailed
from policycycle.models import Action, Objective, ObjectiveLevel

from .rules import ActionRow, ObjectiveRow, assign_codes, code_sort_key


def codes(process_id: int) -> dict[tuple[str, int], str]:
    """Codes of every objective and action of the process (two light queries, made once
    per GET: the plan's scope, rows and funding each need them)."""
    return dict(remembered_for_request(("plan codes", process_id), lambda: _codes(process_id)))


def _codes(process_id: int) -> dict[tuple[str, int], str]:
    objectives = [
        ObjectiveRow(i, str(level), parent, position or 0, (code or "").strip())
        for i, level, parent, position, code in db.session.execute(
            db.select(
                Objective.id,
                Objective.level,
                Objective.parent_id,
                Objective.position,
                Objective.code,
            ).where(Objective.process_id == process_id)
        )
    ]
    actions = [
        ActionRow(i, objective, position or 0, (code or "").strip(), instrument)
        for i, objective, position, code, instrument in db.session.execute(
            db.select(
                Action.id, Action.objective_id, Action.position, Action.code, Action.instrument_id
            ).where(Action.process_id == process_id)
        )
    ]
    return assign_codes(objectives, actions)


def specific_objectives(
    process_id: int, code_map: dict | None = None
) -> list[tuple[str, Objective]]:
    """(code, objective) for each specific objective, in code order."""
    code_map = code_map if code_map is not None else codes(process_id)
    rows = remembered_for_request(
        ("specific objectives", process_id),
        lambda: (
            db.session.execute(
                db.select(Objective).where(
                    Objective.process_id == process_id, Objective.level == ObjectiveLevel.SPECIFIC
                )
            )
            .scalars()
            .all()
        ),
    )
    pairs = [(code_map.get(("objective", o.id), ""), o) for o in rows]
    # Codes are given in (position, id) order; a custom code must not reorder the plan.
    return sorted(pairs, key=lambda pair: (not pair[0], pair[1].position or 0, pair[1].id))


def operational_objectives(
    process_id: int, code_map: dict | None = None, parent_id: int | None = None
) -> list[tuple[str, Objective]]:
    """(code, objective) for operational objectives under a specific one, in code order;
    only those under ``parent_id`` when given."""
    code_map = code_map if code_map is not None else codes(process_id)
    query = db.select(Objective).where(
        Objective.process_id == process_id, Objective.level == ObjectiveLevel.OPERATIONAL
    )
    if parent_id is not None:
        query = query.where(Objective.parent_id == parent_id)
    rows = db.session.execute(query).scalars()
    pairs = [(code_map.get(("objective", o.id), ""), o) for o in rows]
    return sorted(pairs, key=lambda pair: code_sort_key(pair[0]))


def specific_objective_or_404(process_id: int, objective_id: int) -> Objective:
    return get_in_process_or_404(Objective, objective_id, process_id, level=ObjectiveLevel.SPECIFIC)


def action_objective(process_id: int, objective_id, field: str = "objective_id") -> Objective:
    """An objective an action can hang on: operational (or specific) of this process."""
    objective = get_in_process(Objective, int(objective_id), process_id) if objective_id else None
    if objective is None:
        raise ValidationFailed({field: _("Choose an objective of this process.")})
    if objective.level == ObjectiveLevel.GENERAL:
        raise ValidationFailed(
            {
                field: _(
                    "Attach the activity to an operational or specific objective, not the general one."
                )
            }
        )
    return objective
