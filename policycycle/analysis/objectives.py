"""Objectives services: the objectives tree (drafted from the problem tree, then
edited), SMART checks, indicators and alignment. Flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.orm import joinedload, selectinload

from facilitation.extensions import db
from facilitation.scoped import get_in_process
from facilitation.sorting import sorted_by_name
from facilitation.validation import ValidationFailed, in_process
from policycycle.models import (
    Action,
    FrameworkItem,
    FrameworkKind,
    Indicator,
    Objective,
    ObjectiveLevel,
    PolicyOption,
    ProblemNode,
)

from .models import ObjectiveAlignment
from .objective_rules import (
    MAX_PER_LEVEL,
    CrowdedLevel,
    IndicatorFacts,
    SmartStatus,
    crowded_levels,
    draft_plan,
    restate,
    smart_status,
)
from .problem_tree import TreeNode
from .tree_layout import Layout, layout_tree

# Which level may hang below which.
ALLOWED_PARENT = {
    ObjectiveLevel.GENERAL: (),
    ObjectiveLevel.SPECIFIC: (ObjectiveLevel.GENERAL,),
    ObjectiveLevel.OPERATIONAL: (ObjectiveLevel.SPECIFIC, ObjectiveLevel.OPERATIONAL),
}
LEVEL_ORDER = {ObjectiveLevel.GENERAL: 0, ObjectiveLevel.SPECIFIC: 1, ObjectiveLevel.OPERATIONAL: 2}


def objectives(process_id: int) -> list[Objective]:
    return list(
        db.session.execute(
            db.select(Objective)
            .where(Objective.process_id == process_id)
            .options(selectinload(Objective.indicators))
            .order_by(Objective.position, Objective.id)
        ).scalars()
    )


def get_objective(process_id: int, objective_id: int) -> Objective | None:
    return get_in_process(Objective, objective_id, process_id)


def get_indicator(process_id: int, indicator_id: int) -> Indicator | None:
    ind = get_in_process(Indicator, indicator_id, process_id)
    return ind if ind is not None and ind.objective_id else None


def facts(indicators) -> list[IndicatorFacts]:
    return [
        IndicatorFacts(i.name, i.baseline_value, i.target_value, i.target_year, i.target_date)
        for i in indicators
    ]


def smart_of(objective: Objective) -> SmartStatus:
    return smart_status(
        objective.specific_ok,
        objective.achievable_ok,
        objective.realistic_ok,
        facts(objective.indicators),
    )


@dataclass
class ObjectiveRow:
    objective: Objective
    smart: SmartStatus
    depth: int


def objectives_with_smart(
    process_id: int, rows: list[Objective] | None = None
) -> list[ObjectiveRow]:
    """Objectives in tree order (depth first, general first), each with its SMART status."""
    rows = objectives(process_id) if rows is None else rows
    known = {o.id for o in rows}
    children: dict[int | None, list[Objective]] = {}
    for o in rows:
        parent = o.parent_id if o.parent_id in known else None
        children.setdefault(parent, []).append(o)
    for siblings in children.values():
        siblings.sort(key=lambda o: (LEVEL_ORDER[ObjectiveLevel(o.level)], o.position, o.id))
    ordered: list[ObjectiveRow] = []
    seen: set[int] = set()
    stack = [(o, 0) for o in reversed(children.get(None, []))]
    while stack:
        obj, depth = stack.pop()
        if obj.id in seen:
            continue
        seen.add(obj.id)
        ordered.append(ObjectiveRow(obj, smart_of(obj), depth))
        stack.extend((c, depth + 1) for c in reversed(children.get(obj.id, [])))
    for o in rows:  # objectives on a loop of parents still show
        if o.id not in seen:
            ordered.append(ObjectiveRow(o, smart_of(o), 0))
    return ordered


def objectives_tree_layout(
    process_id: int, rows: list[Objective] | None = None, options=None
) -> Layout:
    rows = objectives(process_id) if rows is None else rows
    return layout_tree(
        ((o.id, o.parent_id, o.title) for o in rows),
        options=options,
        kinds={o.id: str(o.level) for o in rows},
    )


def crowded(process_id: int, rows: list[Objective] | None = None) -> list[CrowdedLevel]:
    rows = objectives(process_id) if rows is None else rows
    return crowded_levels([(o.id, str(o.level), o.parent_id) for o in rows], MAX_PER_LEVEL)


def draft_from_problem_tree(process_id: int) -> list[Objective]:
    """Restate each connected problem (focal and causes) as an objective, keeping the
    link; problems that already have an objective are skipped."""
    nodes = (
        db.session.execute(db.select(ProblemNode).where(ProblemNode.process_id == process_id))
        .scalars()
        .all()
    )
    linked = {
        row[0]: row[1]
        for row in db.session.execute(
            db.select(Objective.problem_node_id, Objective.id).where(
                Objective.process_id == process_id, Objective.problem_node_id.is_not(None)
            )
        ).all()
    }
    plan = draft_plan([TreeNode(n.id, str(n.kind), n.parent_id, n.text) for n in nodes], linked)
    position = (
        db.session.scalar(
            db.select(func.count(Objective.id)).where(Objective.process_id == process_id)
        )
        or 0
    )
    created = []
    for step in plan:
        title = restate(step.problem_text) or _(
            "Desired situation: %(problem)s", problem=step.problem_text
        )
        objective = Objective(
            process_id=process_id,
            level=ObjectiveLevel(step.level),
            title=title,
            parent_id=linked.get(step.parent_problem_node_id),
            problem_node_id=step.problem_node_id,
            position=position,
        )
        position += 1
        db.session.add(objective)
        db.session.flush()
        linked[step.problem_node_id] = objective.id
        created.append(objective)
    return created


def save_objective(
    process_id: int,
    *,
    level: str,
    title: str,
    description: str = "",
    parent_id=None,
    alignment: str = "",
    problem_node_id=None,
    code: str | None = None,
    objective: Objective | None = None,
) -> Objective:
    if level not in ObjectiveLevel.__members__.values():
        raise ValidationFailed({"level": _("Choose general, specific or operational.")})
    level = ObjectiveLevel(level)
    if not (title or "").strip():
        raise ValidationFailed({"title": _("State the objective as a desired situation.")})
    parent = in_process(
        Objective, parent_id, process_id, "parent_id", _("an objective of this process")
    )
    if level == ObjectiveLevel.GENERAL and parent is not None:
        raise ValidationFailed({"parent_id": _("A general objective sits at the top of the tree.")})
    if level != ObjectiveLevel.GENERAL:
        if parent is None:
            raise ValidationFailed(
                {"parent_id": _("Choose the objective this one contributes to.")}
            )
        if parent.level not in ALLOWED_PARENT[level]:
            raise ValidationFailed(
                {
                    "parent_id": _(
                        "A specific objective serves a general one; an operational "
                        "objective serves a specific or another operational one."
                    )
                }
            )
    if objective is not None and parent is not None:
        ancestor, seen = parent, set()
        while ancestor is not None and ancestor.id not in seen:
            if ancestor.id == objective.id:
                raise ValidationFailed(
                    {
                        "parent_id": _(
                            "This would make a loop: the chosen objective already serves this one."
                        )
                    }
                )
            seen.add(ancestor.id)
            ancestor = ancestor.parent
    node = in_process(
        ProblemNode, problem_node_id, process_id, "problem_node_id", _("a problem of this process")
    )
    if objective is None:
        position = (
            db.session.scalar(
                db.select(func.count(Objective.id)).where(Objective.process_id == process_id)
            )
            or 0
        )
        objective = Objective(process_id=process_id, position=position)
        db.session.add(objective)
    elif level != objective.level and children_of(objective):
        bad = [
            c
            for c in children_of(objective)
            if level not in ALLOWED_PARENT[ObjectiveLevel(c.level)]
        ]
        if bad:
            raise ValidationFailed(
                {
                    "level": _(
                        "Objectives below this one would no longer fit: %(list)s.",
                        list="; ".join(c.title for c in bad),
                    )
                }
            )
    objective.level = level
    objective.title = title.strip()
    objective.description = (description or "").strip()
    objective.parent_id = parent.id if parent else None
    objective.alignment = (alignment or "").strip()
    objective.problem_node_id = node.id if node else None
    if code is not None:  # None keeps the code it had
        code = code.strip()
        if len(code) > 30:
            raise ValidationFailed({"code": _("Keep the code under 30 characters.")})
        objective.code = code
    db.session.flush()
    return objective


def save_smart(
    objective: Objective,
    *,
    specific_ok: bool,
    achievable_ok: bool,
    realistic_ok: bool,
    smart_note: str = "",
) -> Objective:
    objective.specific_ok = bool(specific_ok)
    objective.achievable_ok = bool(achievable_ok)
    objective.realistic_ok = bool(realistic_ok)
    objective.smart_note = (smart_note or "").strip()
    db.session.flush()
    return objective


def children_of(objective: Objective) -> list[Objective]:
    return list(
        db.session.execute(
            db.select(Objective).where(Objective.parent_id == objective.id)
        ).scalars()
    )


def objective_dependents(objective: Objective) -> list[str]:
    found = [_("Objective: %(title)s", title=c.title) for c in children_of(objective)]
    options = db.session.execute(
        db.select(PolicyOption.title).where(PolicyOption.objective_id == objective.id)
    ).scalars()
    found += [_("Policy option: %(title)s", title=t) for t in options]
    actions = db.session.execute(
        db.select(Action.title).where(Action.objective_id == objective.id)
    ).scalars()
    found += [_("Action: %(title)s", title=t) for t in actions]
    return found


def delete_objective(objective: Objective) -> None:
    """Refused while other objectives, options or actions hang on it; its own
    indicators go with it."""
    dependents = objective_dependents(objective)
    if dependents:
        raise ValidationFailed(
            _(
                "These depend on this objective: %(list)s. Move or delete them first.",
                list="; ".join(dependents),
            )
        )
    db.session.delete(objective)
    db.session.flush()


def save_indicator(
    objective: Objective,
    *,
    name: str,
    unit: str = "",
    baseline_value=None,
    baseline_year=None,
    target_value=None,
    target_year=None,
    target_date: date | None = None,
    means_of_verification: str = "",
    indicator: Indicator | None = None,
) -> Indicator:
    if not (name or "").strip():
        raise ValidationFailed({"name": _("Name the indicator.")})
    if baseline_year and target_year and int(target_year) < int(baseline_year):
        raise ValidationFailed({"target_year": _("The target year comes after the baseline year.")})
    if target_date and baseline_year and target_date.year < int(baseline_year):
        raise ValidationFailed({"target_date": _("The target date comes after the baseline year.")})
    if indicator is None:
        indicator = Indicator(process_id=objective.process_id, objective_id=objective.id)
        db.session.add(indicator)
    indicator.name = name.strip()
    indicator.unit = (unit or "").strip()
    indicator.baseline_value = baseline_value
    indicator.baseline_year = baseline_year
    indicator.target_value = target_value
    indicator.target_year = target_year
    indicator.target_date = target_date
    indicator.means_of_verification = (means_of_verification or "").strip()
    db.session.flush()
    db.session.expire(objective, ["indicators"])
    return indicator


def alignments(objective: Objective) -> list[ObjectiveAlignment]:
    return list(
        db.session.execute(
            db.select(ObjectiveAlignment)
            .where(ObjectiveAlignment.objective_id == objective.id)
            .options(joinedload(ObjectiveAlignment.framework_item))
            .order_by(ObjectiveAlignment.id)
        ).scalars()
    )


def strategies(process_id: int) -> list[FrameworkItem]:
    """Plans, policies and agreements of the inventory an objective can align with."""
    return sorted_by_name(
        db.session.execute(
            db.select(FrameworkItem).where(
                FrameworkItem.process_id == process_id,
                FrameworkItem.kind.in_([FrameworkKind.POLICY, FrameworkKind.AGREEMENT]),
            )
        ).scalars(),
        lambda item: item.title,
    )


def align(objective: Objective, *, framework_item_id, note: str = "") -> ObjectiveAlignment:
    """Record that the objective serves a plan or strategy of the inventory."""
    item = in_process(
        FrameworkItem,
        framework_item_id,
        objective.process_id,
        "framework_item_id",
        _("a plan or strategy of this process's inventory"),
    )
    if item is None:
        raise ValidationFailed({"framework_item_id": _("Choose the plan or strategy.")})
    if item.kind not in (FrameworkKind.POLICY, FrameworkKind.AGREEMENT):
        raise ValidationFailed(
            {
                "framework_item_id": _(
                    "Align with a policy, plan, strategy or agreement of the inventory."
                )
            }
        )
    if any(a.framework_item_id == item.id for a in alignments(objective)):
        raise ValidationFailed(
            {"framework_item_id": _("The objective is already aligned with it.")}
        )
    alignment = ObjectiveAlignment(
        process_id=objective.process_id,
        objective_id=objective.id,
        framework_item_id=item.id,
        note=(note or "").strip(),
    )
    db.session.add(alignment)
    db.session.flush()
    return alignment


def unalign(alignment: ObjectiveAlignment) -> None:
    db.session.delete(alignment)
    db.session.flush()


def delete_indicator(indicator: Indicator) -> None:
    objective = indicator.objective
    db.session.delete(indicator)
    db.session.flush()
    if objective is not None:
        db.session.expire(objective, ["indicators"])
