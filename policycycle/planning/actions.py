"""The action plan: activities, RACI, indicators, monitoring. Services flush; callers commit."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.orm import joinedload

from facilitation.extensions import db
from facilitation.models import Organisation, User
from facilitation.validation import ValidationFailed, in_process
from policycycle.models import (
    Action,
    ActionRaci,
    ActionStatus,
    Indicator,
    Instrument,
    MonitoringUpdate,
    Objective,
    ObjectiveLevel,
    RaciLetter,
    action_dependency,
)

from . import chain, costing
from .gantt import GanttRow
from .rules import RACI_MESSAGES, code_sort_key, raci_problems

ACTION_TEXT_FIELDS = ("code", "output", "milestones", "funding_source", "assumptions", "risks")
PRECISIONS = ("day", "month")
INDICATOR_FIELDS = (
    "name",
    "unit",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
    "means_of_verification",
)


def _check_raci(process_id: int, raci: dict) -> dict[int, RaciLetter]:
    """Refuse only what cannot be recorded (an unknown letter, another process's
    institution). A missing or doubled accountable institution is a method rule: the
    activity saves and the readiness check lists it with a link to mend it."""
    letters = {}
    for org_id, letter in raci.items():
        if not letter:
            continue
        org = in_process(Organisation, org_id, process_id, "raci", _("an institution"))
        letters[org.id] = str(letter).upper()
    problems = [p for p in raci_problems(letters.values()) if p == "bad_letter"]
    if problems:
        raise ValidationFailed({"raci": " ".join(str(RACI_MESSAGES[p]) for p in problems)})
    return {org_id: RaciLetter(letter) for org_id, letter in letters.items()}


def _check_dates(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise ValidationFailed({"end_date": _("The end date comes before the start date.")})


def _check_indicator(indicator: dict | None) -> dict | None:
    if not indicator or not (indicator.get("name") or "").strip():
        if indicator and any(indicator.get(k) not in (None, "") for k in INDICATOR_FIELDS[1:]):
            raise ValidationFailed(
                {"indicator_name": _("Name the indicator these values measure.")}
            )
        return None
    clean = {k: indicator.get(k) for k in INDICATOR_FIELDS}
    clean["name"] = clean["name"].strip()
    clean["unit"] = (clean.get("unit") or "").strip()
    clean["means_of_verification"] = (clean.get("means_of_verification") or "").strip()
    for year_key in ("baseline_year", "target_year"):
        year = clean.get(year_key)
        if year is not None and not 1900 <= int(year) <= 2100:
            raise ValidationFailed({f"indicator_{year_key}": _("Give a year such as 2027.")})
    if (
        clean.get("baseline_year")
        and clean.get("target_year")
        and clean["target_year"] < clean["baseline_year"]
    ):
        raise ValidationFailed(
            {"indicator_target_year": _("The target year comes before the baseline year.")}
        )
    return clean


def create_action(
    process_id: int,
    objective_id: int,
    title: str,
    *,
    instrument_id=None,
    raci: dict | None = None,
    indicator: dict | None = None,
    depends_on: list[int] = (),
    start_date: date | None = None,
    end_date: date | None = None,
    start_precision: str = "day",
    end_precision: str = "day",
    cost: float | None = None,
    costs: list[dict] | None = None,
    status: str = ActionStatus.PLANNED,
    require_raci: bool = True,
    **fields,
) -> Action:
    """Add an activity to the action plan (public service, also used by the evidence base).

    ``objective_id``: an operational objective (or a specific one) of the process.
    ``raci``: ``{organisation_id: "R"|"A"|"C"|"I"}``; the method wants exactly one A and
    at least one R, but an activity whose lead is not yet agreed saves all the same
    (the readiness check lists it). ``start_precision``/``end_precision``: "day" or
    "month" (a plan written by month: the start is stored as the month's first day, the
    end as its last). ``indicator``: a dict with ``name``,
    ``unit``, ``baseline_value``, ``baseline_year``, ``target_value``, ``target_year``,
    ``means_of_verification``. Other keyword fields: ``output``, ``milestones``,
    ``funding_source``, ``assumptions``, ``risks``. Raises ``ValidationFailed``.
    """
    action = Action(process_id=process_id, title="")
    _apply(
        action,
        objective_id,
        title,
        instrument_id=instrument_id,
        raci=raci,
        indicator=indicator,
        depends_on=depends_on,
        start_date=start_date,
        end_date=end_date,
        start_precision=start_precision,
        end_precision=end_precision,
        cost=cost,
        costs=costs,
        status=status,
        require_raci=require_raci,
        **fields,
    )
    return action


def update_action(action: Action, objective_id: int, title: str, **kwargs) -> Action:
    """Same arguments as ``create_action``; replaces RACI, indicator and dependencies."""
    _apply(action, objective_id, title, **kwargs)
    return action


def _apply(
    action: Action,
    objective_id,
    title,
    *,
    instrument_id=None,
    raci=None,
    indicator=None,
    depends_on=(),
    start_date=None,
    end_date=None,
    start_precision="day",
    end_precision="day",
    cost=None,
    costs=None,
    status=ActionStatus.PLANNED,
    require_raci=True,
    **fields,
) -> None:
    process_id = action.process_id
    objective = chain.action_objective(process_id, objective_id)
    title = (title or "").strip()
    if not title:
        raise ValidationFailed({"title": _("Describe the activity in a few words.")})
    instrument = in_process(
        Instrument, instrument_id, process_id, "instrument_id", _("an instrument")
    )
    letters = _check_raci(process_id, raci or {}) if (raci or require_raci) else {}
    _check_dates(start_date, end_date)
    if start_precision not in PRECISIONS or end_precision not in PRECISIONS:
        raise ValidationFailed(
            {"start_date": _("Give a date such as 2027-03-15 or a month such as 2027-03.")}
        )
    code = (fields.get("code") or "").strip()
    if len(code) > 30:
        raise ValidationFailed({"code": _("Keep the code under 30 characters.")})
    if cost is not None and cost < 0:
        raise ValidationFailed({"cost": _("A cost cannot be negative.")})
    clean_indicator = _check_indicator(indicator)
    clean_costs = costing.clean_cost_lines(costs) if costs is not None else None
    if status not in {s.value for s in ActionStatus}:
        raise ValidationFailed({"status": _("Choose a status from the list.")})
    prerequisites = []
    for dep_id in depends_on or ():
        dep = in_process(Action, dep_id, process_id, "depends_on", _("an activity"))
        if dep is action:
            raise ValidationFailed({"depends_on": _("An activity cannot depend on itself.")})
        prerequisites.append(dep)

    action.objective_id = objective.id
    action.instrument_id = instrument.id if instrument else None
    action.title = title
    action.start_date, action.end_date, action.cost = start_date, end_date, cost
    action.start_precision = start_precision if start_date else "day"
    action.end_precision = end_precision if end_date else "day"
    action.status = ActionStatus(status)
    for key in ACTION_TEXT_FIELDS:
        if key in fields:
            setattr(action, key, (fields[key] or "").strip())
    if action.id is None:
        action.position = (
            db.session.scalar(
                db.select(func.coalesce(func.max(Action.position), 0)).where(
                    Action.process_id == process_id, Action.objective_id == objective.id
                )
            )
            or 0
        ) + 1
        db.session.add(action)
        db.session.flush()
    if prerequisites and _creates_cycle(process_id, action.id, {d.id for d in prerequisites}):
        raise ValidationFailed({"depends_on": _("These dependencies would make a circle.")})
    action.depends_on = prerequisites
    if raci is not None or require_raci:
        current = {r.organisation_id: r for r in action.raci}
        for org_id, row in current.items():
            if org_id not in letters:
                action.raci.remove(row)
        for org_id, letter in letters.items():
            if org_id in current:
                if current[org_id].letter != letter:
                    current[org_id].letter = letter
            else:
                action.raci.append(
                    ActionRaci(process_id=process_id, organisation_id=org_id, letter=letter)
                )
    if indicator is not None:
        _save_indicator(action, clean_indicator)
    if clean_costs is not None:
        costing.set_cost_lines(action, clean_costs)
    db.session.flush()


def _creates_cycle(process_id: int, action_id: int, prerequisites: set[int]) -> bool:
    edges = defaultdict(set)
    for a, b in db.session.execute(
        db.select(action_dependency.c.action_id, action_dependency.c.depends_on_id)
        .join(Action, Action.id == action_dependency.c.action_id)
        .where(Action.process_id == process_id, action_dependency.c.action_id != action_id)
    ):
        edges[a].add(b)
    stack, seen = list(prerequisites), set()
    while stack:
        node = stack.pop()
        if node == action_id:
            return True
        if node not in seen:
            seen.add(node)
            stack.extend(edges[node])
    return False


def _save_indicator(action: Action, clean: dict | None) -> None:
    existing = db.session.scalars(
        db.select(Indicator)
        .where(Indicator.process_id == action.process_id, Indicator.action_id == action.id)
        .order_by(Indicator.id)
    ).first()
    if clean is None:
        if existing is not None:
            db.session.delete(existing)
        return
    if existing is None:
        existing = Indicator(process_id=action.process_id, action_id=action.id, name="")
        db.session.add(existing)
    for key, value in clean.items():
        setattr(existing, key, value)


def delete_action(action: Action) -> None:
    dependents = action_dependents(action)
    if dependents:
        raise ValidationFailed(
            _(
                "Other activities depend on this one: %(list)s. Remove the dependency first.",
                list="; ".join(dependents),
            )
        )
    db.session.delete(action)
    db.session.flush()


def action_dependents(action: Action) -> list[str]:
    rows = db.session.scalars(
        db.select(Action.title)
        .join(action_dependency, action_dependency.c.action_id == Action.id)
        .where(
            Action.process_id == action.process_id, action_dependency.c.depends_on_id == action.id
        )
    )
    return [_("Activity “%(title)s”", title=title) for title in rows]


def add_monitoring_update(
    action: Action,
    user: User | None,
    reported_on: date,
    status: str,
    current_value: float | None = None,
    comment: str = "",
) -> MonitoringUpdate:
    """A dated monitoring update; the activity takes its status."""
    if status not in {s.value for s in ActionStatus}:
        raise ValidationFailed({"status": _("Choose a status from the list.")})
    if reported_on is None:
        raise ValidationFailed({"reported_on": _("Give the date of the update.")})
    update = MonitoringUpdate(
        process_id=action.process_id,
        action_id=action.id,
        reported_on=reported_on,
        status=ActionStatus(status),
        current_value=current_value,
        comment=(comment or "").strip(),
        reported_by_id=user.id if user else None,
    )
    db.session.add(update)
    action.status = ActionStatus(status)
    db.session.flush()
    return update


def monitoring_history(action: Action) -> list[MonitoringUpdate]:
    return list(
        db.session.scalars(
            db.select(MonitoringUpdate)
            .where(
                MonitoringUpdate.process_id == action.process_id,
                MonitoringUpdate.action_id == action.id,
            )
            .order_by(MonitoringUpdate.reported_on, MonitoringUpdate.id)
        )
    )


# --- Reading the plan ---------------------------------------------------------------------


def _plan_data(process_id: int, objective_ids: list[int] | None = None):
    """Everything the plan shows, in six queries; only the actions under
    ``objective_ids`` when given."""
    code_map = chain.codes(process_id)

    def scoped(query, action_column):
        if objective_ids is None:
            return query
        return query.join(Action, Action.id == action_column).where(
            Action.objective_id.in_(objective_ids)
        )

    action_query = (
        db.select(Action)
        .where(Action.process_id == process_id)
        .options(joinedload(Action.instrument))
    )
    if objective_ids is not None:
        action_query = action_query.where(Action.objective_id.in_(objective_ids))
    actions = list(db.session.scalars(action_query))
    organisations = {
        o.id: o
        for o in db.session.scalars(
            db.select(Organisation).where(Organisation.process_id == process_id)
        )
    }
    raci = defaultdict(list)
    for action_id, org_id, letter in db.session.execute(
        scoped(
            db.select(ActionRaci.action_id, ActionRaci.organisation_id, ActionRaci.letter).where(
                ActionRaci.process_id == process_id
            ),
            ActionRaci.action_id,
        )
    ):
        raci[action_id].append((organisations[org_id], str(letter)))
    indicators = {}
    for ind in db.session.scalars(
        scoped(
            db.select(Indicator)
            .where(Indicator.process_id == process_id, Indicator.action_id.is_not(None))
            .order_by(Indicator.id.desc()),
            Indicator.action_id,
        )
    ):
        indicators[ind.action_id] = ind  # the first one wins (descending order)
    updates = defaultdict(list)
    for upd in db.session.scalars(
        scoped(
            db.select(MonitoringUpdate)
            .where(MonitoringUpdate.process_id == process_id)
            .order_by(MonitoringUpdate.reported_on, MonitoringUpdate.id),
            MonitoringUpdate.action_id,
        )
    ):
        updates[upd.action_id].append(upd)
    deps = defaultdict(list)
    for a, b in db.session.execute(
        db.select(action_dependency.c.action_id, action_dependency.c.depends_on_id)
        .join(Action, Action.id == action_dependency.c.action_id)
        .where(Action.process_id == process_id)
    ):
        deps[a].append(b)
    return code_map, actions, raci, indicators, updates, deps


def _row(action, code_map, raci, indicators, updates, deps) -> dict:
    letters = raci.get(action.id, [])
    by_letter = defaultdict(list)
    for organisation, letter in sorted(letters, key=lambda pair: pair[0].name):
        by_letter[letter].append(organisation)
    indicator = indicators.get(action.id)
    history = updates.get(action.id, [])
    return {
        "action": action,
        "id": action.id,
        "code": code_map.get(("action", action.id), ""),
        "objective_code": code_map.get(("objective", action.objective_id), ""),
        "title": action.title,
        "output": action.output,
        "instrument": action.instrument,
        "lead": by_letter["A"][0] if len(by_letter["A"]) == 1 else None,
        "accountable": by_letter["A"],
        "partners": by_letter["R"],
        "consulted": by_letter["C"],
        "informed": by_letter["I"],
        "raci": {organisation.id: letter for organisation, letter in letters},
        "start": action.start_date,
        "end": action.end_date,
        "start_precision": action.start_precision or "day",
        "end_precision": action.end_precision or "day",
        "milestones": action.milestones,
        "depends_on": sorted(
            (code_map.get(("action", d), "") for d in deps.get(action.id, [])), key=code_sort_key
        ),
        "indicator": indicator,
        "cost": action.cost,
        "funding_source": action.funding_source,
        "assumptions": action.assumptions,
        "risks": action.risks,
        "status": ActionStatus(action.status),
        "updates": history,
        "latest_update": history[-1] if history else None,
    }


def action_plan_rows(process_id: int, specific_objective_id: int | None = None) -> list[dict]:
    """Public service: the action plan grouped by specific objective (used by exports).

    Returns a list of groups in code order, each ``{"code": "SO1", "objective":
    Objective, "operational": [{"code": "Op1.1", "objective": Objective, "actions":
    [row, ...]}], "actions": [rows placed directly under the specific objective]}``,
    plus a last group with ``code == ""`` for activities outside the chain (if any).
    Each row: ``code`` (A1.1.1), ``title``, ``output``, ``instrument``, ``lead`` (the
    one A organisation or None), ``partners`` (R organisations), ``consulted``,
    ``informed``, ``start``, ``end``, ``milestones``, ``depends_on`` (codes),
    ``indicator`` (Indicator: baseline_value/year, target_value/year,
    means_of_verification, or None), ``cost``, ``funding_source``, ``assumptions``,
    ``risks``, ``status`` (ActionStatus), ``updates`` (MonitoringUpdate, oldest
    first), ``latest_update``. A constant number of queries. With
    ``specific_objective_id``, only that specific objective's group.
    """
    scope = None
    if specific_objective_id is not None:
        scope = [
            specific_objective_id,
            *db.session.scalars(
                db.select(Objective.id).where(
                    Objective.process_id == process_id, Objective.parent_id == specific_objective_id
                )
            ),
        ]
    code_map, actions, raci, indicators, updates, deps = _plan_data(process_id, scope)
    rows = [_row(a, code_map, raci, indicators, updates, deps) for a in actions]
    rows.sort(key=lambda r: (code_sort_key(r["code"]), r["id"]))
    by_objective = defaultdict(list)
    for row in rows:
        by_objective[row["action"].objective_id].append(row)
    # One objective's plan: only its operational objectives (the groups keep no other).
    operational = chain.operational_objectives(process_id, code_map, specific_objective_id)
    groups, placed = [], set()
    for so_code, so in chain.specific_objectives(process_id, code_map):
        if scope is not None and so.id != specific_objective_id:
            continue
        ops = []
        for op_code, op in operational:
            if op.parent_id == so.id:
                ops.append({"code": op_code, "objective": op, "actions": by_objective[op.id]})
                placed.add(op.id)
        groups.append(
            {"code": so_code, "objective": so, "operational": ops, "actions": by_objective[so.id]}
        )
        placed.add(so.id)
    orphans = [r for r in rows if r["action"].objective_id not in placed]
    if orphans and scope is None:
        groups.append({"code": "", "objective": None, "operational": [], "actions": orphans})
    return groups


def flat_rows(groups: list[dict]) -> list[dict]:
    out = []
    for group in groups:
        out.extend(group["actions"])
        for op in group["operational"]:
            out.extend(op["actions"])
    return out


def gantt_rows(process_id: int, specific_objective_id: int | None = None) -> list[GanttRow]:
    """Public service for the Gantt chart (browser SVG and the Word export's figure).

    One ``GanttRow(code, title, start, end, status, group)`` per activity in code
    order: ``start``/``end`` are dates or None, ``status`` the ActionStatus value,
    ``group`` the specific objective's code, ``depends_on`` the codes of the
    activities that must finish first. ``policycycle.planning.gantt.layout`` turns
    them into positions. Four queries; with ``specific_objective_id`` only the
    activities under that specific objective.
    """
    code_map = chain.codes(process_id)
    parents, specific = {}, set()
    for objective_id, parent_id, level in db.session.execute(
        db.select(Objective.id, Objective.parent_id, Objective.level).where(
            Objective.process_id == process_id
        )
    ):
        parents[objective_id] = parent_id
        if str(level) == ObjectiveLevel.SPECIFIC:
            specific.add(objective_id)
    query = db.select(
        Action.id,
        Action.objective_id,
        Action.title,
        Action.start_date,
        Action.end_date,
        Action.status,
    ).where(Action.process_id == process_id)
    prerequisites = defaultdict(list)
    for action_id, depends_on_id in db.session.execute(
        db.select(action_dependency.c.action_id, action_dependency.c.depends_on_id)
        .join(Action, Action.id == action_dependency.c.action_id)
        .where(Action.process_id == process_id)
    ):
        prerequisites[action_id].append(code_map.get(("action", depends_on_id), ""))
    rows = []
    for action_id, objective_id, title, start, end, status in db.session.execute(query):
        code = code_map.get(("action", action_id), "")
        if not code:
            continue
        so_id = objective_id if objective_id in specific else parents.get(objective_id)
        if specific_objective_id is not None and so_id != specific_objective_id:
            continue
        group = code_map.get(("objective", so_id), "")
        rows.append(
            GanttRow(
                code,
                title,
                start,
                end,
                str(ActionStatus(status).value),
                group,
                tuple(sorted(filter(None, prerequisites.get(action_id, [])), key=code_sort_key)),
            )
        )
    rows.sort(key=lambda r: code_sort_key(r.code))
    return rows
