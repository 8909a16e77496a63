"""Access cases for the planning pages (options, instruments, action plan, readiness)."""

from datetime import date

from facilitation.extensions import db
from facilitation.models import Organisation
from policycycle.models import (
    Action,
    Criterion,
    Instrument,
    Objective,
    ObjectiveLevel,
    PolicyOption,
)
from tests.access import Case


def build(world):
    from policycycle.planning import actions, instruments, options

    pid = world.process_id
    lead = Organisation(process_id=pid, name="Planning lead", mandate="labour")
    partner = Organisation(process_id=pid, name="Planning partner")
    so = Objective(process_id=pid, level=ObjectiveLevel.SPECIFIC, title="Planning SO")
    db.session.add_all([lead, partner, so])
    db.session.flush()
    op = Objective(
        process_id=pid, level=ObjectiveLevel.OPERATIONAL, title="Planning Op", parent_id=so.id
    )
    db.session.add(op)
    criterion = Criterion(process_id=pid, name="Planning criterion", weight=1)
    db.session.add_all([op, criterion])
    db.session.flush()
    options.ensure_baselines(pid, [so.id])
    option = options.create_option(pid, so, {"title": "Planning option"})
    options.prefer_option(option, "Best")
    instrument = instruments.save_instrument(
        pid, {"option_id": option.id, "kind": "regulatory", "title": "Planning decree"}
    )
    action = actions.create_action(
        pid,
        op.id,
        "Planning action",
        instrument_id=instrument.id,
        raci={lead.id: "A", partner.id: "R"},
    )
    world.ids.update(
        planning_lead=lead.id,
        planning_partner=partner.id,
        planning_so=so.id,
        planning_op=op.id,
        planning_criterion=criterion.id,
        planning_option=option.id,
        planning_instrument=instrument.id,
        planning_action=action.id,
    )


def _fresh(model, key, **fields):
    """A new object per request, for requests that delete what they point at."""

    def values(world):
        obj = model(
            process_id=world.process_id,
            **{k: (v(world) if callable(v) else v) for k, v in fields.items()},
        )
        db.session.add(obj)
        db.session.commit()
        return {key: obj.id}

    return values


fresh_option = _fresh(
    PolicyOption, "option_id", title="Disposable", objective_id=lambda w: w.ids["planning_so"]
)
fresh_criterion = _fresh(Criterion, "criterion_id", name="Disposable", weight=1)
fresh_instrument = _fresh(
    Instrument,
    "instrument_id",
    kind="financial",
    title="Disposable",
    option_id=lambda w: w.ids["planning_option"],
)
fresh_action = _fresh(
    Action, "action_id", title="Disposable", objective_id=lambda w: w.ids["planning_op"]
)


def _so(w):
    return {"objective_id": w.ids["planning_so"]}


def _option(w):
    return {"option_id": w.ids["planning_option"]}


def _instrument(w):
    return {"instrument_id": w.ids["planning_instrument"]}


def _action(w):
    return {"action_id": w.ids["planning_action"]}


def _criterion(w):
    return {"criterion_id": w.ids["planning_criterion"]}


def _action_data(w):
    return {
        "objective_id": w.ids["planning_op"],
        "title": "New activity",
        "status": "planned",
        f"raci-{w.ids['planning_lead']}": "A",
        f"raci-{w.ids['planning_partner']}": "R",
    }


CASES = [
    Case("planning.options_page", "read"),
    Case("planning.options_objective", "read", values=_so),
    Case("planning.options_new", "write", values=_so),
    Case("planning.options_new", "write", method="POST", values=_so, data={"title": "Another"}),
    Case("planning.options_edit", "read", values=_option),
    Case(
        "planning.options_edit",
        "write",
        method="POST",
        values=_option,
        data={"title": "Renamed option"},
    ),
    Case(
        "planning.options_discard",
        "write",
        method="POST",
        values=fresh_option,
        data={"discard-reason": "Too costly"},
    ),
    Case(
        "planning.options_prefer",
        "write",
        method="POST",
        values=_option,
        data={"prefer-rationale": "Best"},
    ),
    Case("planning.options_reconsider", "write", method="POST", values=fresh_option),
    Case("planning.options_delete", "read", values=_option),
    Case("planning.options_delete", "write", method="POST", values=fresh_option),
    Case("planning.options_scores", "read", values=_so),
    Case("planning.options_scores", "write", method="POST", values=_so),
    Case("planning.options_criteria", "read"),
    Case(
        "planning.options_criteria", "write", method="POST", data={"name": "Equity", "weight": "2"}
    ),
    Case("planning.options_criterion_edit", "read", values=_criterion),
    Case(
        "planning.options_criterion_edit",
        "write",
        method="POST",
        values=_criterion,
        data={"name": "Planning criterion", "weight": "3"},
    ),
    Case("planning.options_criterion_delete", "read", values=_criterion),
    Case("planning.options_criterion_delete", "write", method="POST", values=fresh_criterion),
    Case("planning.instruments_page", "read"),
    Case("planning.instruments_new", "read"),
    Case(
        "planning.instruments_new",
        "write",
        method="POST",
        data=lambda w: {
            "option_id": w.ids["planning_option"],
            "kind": "financial",
            "title": "Grant",
        },
    ),
    Case("planning.instruments_edit", "read", values=_instrument),
    Case(
        "planning.instruments_edit",
        "write",
        method="POST",
        values=_instrument,
        data=lambda w: {
            "option_id": w.ids["planning_option"],
            "kind": "regulatory",
            "title": "Decree renamed",
        },
    ),
    Case("planning.instruments_scores", "read", values=_instrument),
    Case(
        "planning.instruments_scores",
        "write",
        method="POST",
        values=_instrument,
        data={"effectiveness": "4"},
    ),
    Case("planning.instruments_delete", "read", values=_instrument),
    Case("planning.instruments_delete", "write", method="POST", values=fresh_instrument),
    Case("planning.action_plan", "read"),
    Case("planning.action_plan_gantt", "read"),
    Case("planning.action_plan_new", "read"),
    Case("planning.action_plan_new", "write", method="POST", data=_action_data),
    Case("planning.action_plan_edit", "read", values=_action),
    Case("planning.action_plan_edit", "write", method="POST", values=_action, data=_action_data),
    Case(
        "planning.action_plan_monitoring",
        "write",
        method="POST",
        values=_action,
        data={"m-reported_on": date(2027, 1, 5).isoformat(), "m-status": "ongoing"},
    ),
    Case("planning.action_plan_delete", "read", values=_action),
    Case("planning.action_plan_delete", "write", method="POST", values=fresh_action),
    Case("planning.readiness_page", "read"),
]
