"""Public services of the planning stages (options, instruments, action plan).

Other packages call only these functions (never the views):

* ``mca_result(process_id, objective_id)`` -> ``McaView``: the multi-criteria analysis
  of one specific objective (options, criteria and weights with who set them,
  mean and spread per option x criterion, weighted totals, ranking, sensitivity).
* ``instruments_by_kind(process_id)`` -> ``{InstrumentKind: [Instrument]}``.
* ``action_plan_rows(process_id)`` -> the action plan grouped by specific objective,
  with codes (SO1, Op1.1, A1.1.1), lead (A), partners (R), indicator, cost, funding.
* ``gantt_rows(process_id)`` -> ``[GanttRow(code, title, start, end, status, group)]``
  for the Gantt chart (the Word export draws it with matplotlib from these rows).
* ``create_action(process_id, objective_id, title, ...)``: adds an activity (the
  evidence base turns a data gap into a data-development activity with it).
* ``codes(process_id)``: ``{("objective"|"action", id): code}``.
* ``objective_dependents(process_id, objective_id)``: what the planning stages hang
  on an objective (options, activities), for a "deleting this also affects" message.
* ``organisation_dependents(process_id, organisation_id)``: the instruments an
  institution leads and the activities where it holds a RACI letter.

Services flush; the caller commits once.
"""

from __future__ import annotations

from flask_babel import ngettext
from sqlalchemy import func

from facilitation.extensions import db
from policycycle.models import (
    Action,
    ActionRaci,
    Criterion,
    Instrument,
    OptionStatus,
    PolicyOption,
    RaciLetter,
)

from .actions import (  # noqa: F401  (re-exported public services)
    action_plan_rows,
    add_monitoring_update,
    create_action,
    delete_action,
    flat_rows,
    gantt_rows,
    update_action,
)
from .chain import codes  # noqa: F401
from .instruments import instruments_by_kind  # noqa: F401
from .options import ensure_baselines, mca_result  # noqa: F401
from .rules import code_sort_key


def objective_dependents(process_id: int, objective_id: int) -> list[str]:
    """Plain sentences naming the options and activities that hang on an objective
    (empty when nothing does). Baselines are not counted: they only exist for it."""
    options = db.session.scalar(
        db.select(func.count(PolicyOption.id)).where(
            PolicyOption.process_id == process_id,
            PolicyOption.objective_id == objective_id,
            PolicyOption.is_baseline.is_(False),
        )
    )
    activities = db.session.scalar(
        db.select(func.count(Action.id)).where(
            Action.process_id == process_id, Action.objective_id == objective_id
        )
    )
    out = []
    if options:
        out.append(ngettext("%(num)d policy option", "%(num)d policy options", options))
    if activities:
        out.append(
            ngettext(
                "%(num)d activity of the action plan",
                "%(num)d activities of the action plan",
                activities,
            )
        )
    return out


def organisation_roles(process_id: int, organisation_id: int) -> list[str]:
    """One line per activity where the institution holds a RACI letter, e.g.
    "A1.1.1 Draft the decree: Accountable", in code order (for the confirmation of its
    removal: those roles go with it). Two queries."""
    code_map = codes(process_id)
    rows = db.session.execute(
        db.select(Action.id, Action.title, ActionRaci.letter)
        .join(ActionRaci, ActionRaci.action_id == Action.id)
        .where(Action.process_id == process_id, ActionRaci.organisation_id == organisation_id)
    ).all()
    lines = [
        (code_map.get(("action", action_id), ""), title, RaciLetter(letter).label)
        for action_id, title, letter in rows
    ]
    lines.sort(key=lambda line: code_sort_key(line[0]))
    return [f"{code} {title}: {label}".strip() for code, title, label in lines]


def organisation_dependents(process_id: int, organisation_id: int) -> list[str]:
    """Plain sentences naming what the planning stages hang on an institution: the
    instruments it leads and the activities where it is accountable or responsible
    (empty when nothing does). Two queries."""
    led = db.session.scalar(
        db.select(func.count(Instrument.id)).where(
            Instrument.process_id == process_id,
            Instrument.lead_organisation_id == organisation_id,
        )
    )
    letters = dict(
        db.session.execute(
            db.select(ActionRaci.letter, func.count(ActionRaci.id))
            .where(
                ActionRaci.process_id == process_id, ActionRaci.organisation_id == organisation_id
            )
            .group_by(ActionRaci.letter)
        ).all()
    )
    out = []
    if led:
        out.append(
            ngettext(
                "lead institution of %(num)d instrument",
                "lead institution of %(num)d instruments",
                led,
            )
        )
    accountable = letters.get(RaciLetter.ACCOUNTABLE, 0) or letters.get("A", 0)
    if accountable:
        out.append(
            ngettext(
                "accountable (A) for %(num)d activity",
                "accountable (A) for %(num)d activities",
                accountable,
            )
        )
    involved = sum(letters.values()) - accountable
    if involved:
        out.append(
            ngettext(
                "responsible, consulted or informed in %(num)d activity",
                "responsible, consulted or informed in %(num)d activities",
                involved,
            )
        )
    return out


def count_options(process_id: int):
    return db.select(func.count(PolicyOption.id)).where(
        PolicyOption.process_id == process_id, PolicyOption.is_baseline.is_(False)
    )


def count_instruments(process_id: int):
    return db.select(func.count(Instrument.id)).where(Instrument.process_id == process_id)


def count_actions(process_id: int):
    return db.select(func.count(Action.id)).where(Action.process_id == process_id)


def options_snapshot(process_id: int) -> dict:
    """What the group agrees at the options stage: every option's status and reason,
    the criteria and weights, the ranking and sensitivity per objective."""
    criteria = [
        {"name": c.name, "weight": c.weight}
        for c in db.session.scalars(
            db.select(Criterion)
            .where(Criterion.process_id == process_id)
            .order_by(Criterion.position, Criterion.id)
        )
    ]
    options = [
        {
            "objective_id": o.objective_id,
            "title": o.title,
            "baseline": o.is_baseline,
            "status": str(OptionStatus(o.status).value),
            "discard_reason": o.discard_reason,
            "preferred_rationale": o.preferred_rationale,
        }
        for o in db.session.scalars(
            db.select(PolicyOption)
            .where(PolicyOption.process_id == process_id)
            .order_by(PolicyOption.objective_id, PolicyOption.id)
        )
    ]
    analyses = {}
    for objective_id in sorted({o["objective_id"] for o in options}):
        view = mca_result(process_id, objective_id)
        titles = view.option_by_id
        analyses[str(objective_id)] = {
            "ranking": [titles[o].title for o in view.result.ranking],
            "totals": {titles[o].title: round(t, 3) for o, t in view.result.totals.items()},
            "stable": view.result.sensitivity.stable,
        }
    return {"criteria": criteria, "options": options, "analyses": analyses}


def instruments_snapshot(process_id: int) -> dict:
    return {
        str(kind.value): [
            {
                "title": i.title,
                "option": i.option.title if i.option else "",
                "lead": i.lead_organisation.name if i.lead_organisation else "",
                "legal_basis": i.legal_basis,
                "cost": i.cost,
                "time_to_effect": i.time_to_effect,
            }
            for i in items
        ]
        for kind, items in instruments_by_kind(process_id).items()
    }


def action_plan_snapshot(process_id: int) -> dict:
    rows = flat_rows(action_plan_rows(process_id))
    return {
        "actions": [
            {
                "code": r["code"],
                "title": r["title"],
                "lead": r["lead"].name if r["lead"] else "",
                "partners": [o.name for o in r["partners"]],
                "start": r["start"].isoformat() if r["start"] else None,
                "end": r["end"].isoformat() if r["end"] else None,
                "cost": r["cost"],
                "funding_source": r["funding_source"],
                "status": str(r["status"].value),
            }
            for r in rows
        ]
    }
