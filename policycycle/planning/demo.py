"""Demo content of the planning stages for the fictional Republic of Kestria.

Runs after the analysis loader (which creates the objectives and indicators): MCA
criteria with weights, a baseline and three options per specific objective scored by
several members, a preferred option with its rationale and a discarded one with its
reason, instruments of the four kinds with selection scores, and an action plan with
RACI, dates, dependencies, indicators, costs and monitoring updates. The content itself
is hand-written in ``demo_content``.
"""

from __future__ import annotations

import calendar
from datetime import date

from facilitation.extensions import db
from facilitation.models import Membership, Organisation, User
from policycycle.models import (
    INSTRUMENT_CRITERIA,
    Criterion,
    Objective,
    ObjectiveLevel,
    OptionScore,
    PolicyOption,
)

from . import actions, chain, costing, instruments, options
from .demo_content import CRITERIA, OBJECTIVE_WORDS, PLAN, SCORER_TILTS, WEIGHT_NOTE

OPTION_TEXT_KEYS = (
    "cost_bearers",
    "benefits",
    "beneficiaries",
    "feasibility_note",
    "assumptions",
    "risks",
)
FEASIBILITY = ("legal", "technical", "institutional", "financial", "political")


def _numbers(text: str) -> tuple:
    return tuple(int(x) for x in text.split())


def _number(text: str) -> float:
    value = float(text.replace(",", "").replace("_", ""))
    return int(value) if value.is_integer() else value


def _ym(text: str) -> tuple[int, int]:
    year, month = text.strip().split("-")
    return int(year), int(month)


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in text.split(",") if w.strip())


def _option_field(option: dict, field: str, value: str, content: dict) -> None:
    if field == "cost":
        one_off, recurrent = (part.split()[0] for part in value.split("|"))
        option["cost_one_off"], option["cost_recurrent"] = _number(one_off), _number(recurrent)
    elif field == "feasibility":
        for name, score in zip(FEASIBILITY, _numbers(value), strict=True):
            option[f"feasibility_{name}"] = score
    elif field == "scores":
        option["scores"] = _numbers(value)
    elif field == "rationale":
        content["preferred_rationale"] = value
    elif field == "reason":
        content["discard_reason"] = value
    else:
        option[field.replace(" ", "_")] = value


def _action_field(action: dict, field: str, value: str) -> None:
    if field == "serves":
        action["op"] = _words(value)
    elif field == "after":
        action["after"] = _words(value)
    elif field == "dates":
        start, end = value.split(" to ")
        action["start"], action["end"] = _ym(start), _ym(end)
    elif field == "raci":
        action["raci"] = dict(pair.split(":") for pair in value.split())
    elif field == "indicator":
        name, unit, baseline, target, verification = (p.strip() for p in value.split("|"))
        base_value, base_year = baseline.split(" in ")
        target_value, target_year = target.split(" in ")
        action["indicator"] = (
            name,
            unit,
            _number(base_value),
            int(base_year),
            _number(target_value),
            int(target_year),
            verification,
        )
    elif field == "cost":
        action["cost"] = _number(value)
    elif field == "update":
        day, status, current, reporter, comment = (p.strip() for p in value.split("|", 4))
        year, month, dd = (int(x) for x in day.split("-"))
        action.setdefault("updates", []).append(
            ((year, month, dd), status, _number(current), comment, reporter)
        )
    else:
        action[field] = value


def _instrument_field(instrument: dict, field: str, value: str) -> None:
    if field == "scores":
        instrument["scores"] = _numbers(value)
    elif field == "cost":
        instrument["cost"] = _number(value)
    else:
        instrument[field.replace(" ", "_")] = value


def parse_plan(text: str = PLAN) -> dict[str, dict]:
    """The worksheet of ``demo_content.PLAN`` as one dict per specific objective key."""
    plan: dict[str, dict] = {}
    content = option = instrument = action = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        field, value = (part.strip() for part in line.split(":", 1))
        if field == "objective":
            content = plan[value] = {"options": [], "instruments": []}
            option = instrument = action = None
        elif field in ("baseline", "baseline risks"):
            content.setdefault("baseline", ["", ""])[field != "baseline"] = value
        elif field.startswith("option"):
            option, instrument, action = {"title": value}, None, None
            if "preferred" in field:
                content["preferred"] = len(content["options"])
            if "discarded" in field:
                content["discarded"] = len(content["options"])
            content["options"].append(option)
        elif field == "instrument":
            option, action = None, None
            instrument = {"title": value, "legal_basis": "", "actions": []}
            content["instruments"].append(instrument)
        elif field == "action":
            action = {"key": value}
            instrument["actions"].append(action)
        elif action is not None:
            _action_field(action, field, value)
        elif instrument is not None:
            _instrument_field(instrument, field, value)
        else:
            _option_field(option, field, value, content)
    return plan


OBJECTIVES = parse_plan()


def _ensure_objectives(process) -> None:
    """Only when no analysis loader ran: a minimal objectives tree to plan against."""
    if db.session.scalar(
        db.select(Objective.id).where(
            Objective.process_id == process.id, Objective.level == ObjectiveLevel.SPECIFIC
        )
    ):
        return
    general = Objective(
        process_id=process.id,
        level=ObjectiveLevel.GENERAL,
        title="Safe, orderly and regular migration that supports development",
    )
    db.session.add(general)
    db.session.flush()
    for i, (title, ops) in enumerate(
        (
            (
                "Fair and regular labour migration",
                ("Regulate recruitment", "Protect workers abroad"),
            ),
            ("Diaspora engaged in national development", ("Build trust with the diaspora",)),
            ("Reliable migration data for policy", ("Share administrative data",)),
        )
    ):
        so = Objective(
            process_id=process.id,
            level=ObjectiveLevel.SPECIFIC,
            title=title,
            parent_id=general.id,
            position=i,
        )
        db.session.add(so)
        db.session.flush()
        for j, op in enumerate(ops):
            db.session.add(
                Objective(
                    process_id=process.id,
                    level=ObjectiveLevel.OPERATIONAL,
                    title=op,
                    parent_id=so.id,
                    position=j,
                )
            )
    db.session.flush()


class _Orgs:
    """Institutions by ``context.orgs`` key or by acronym; unknown acronyms are skipped."""

    def __init__(self, process, context) -> None:
        self.by_key = dict(getattr(context, "orgs", None) or {})
        everyone = list(
            db.session.scalars(
                db.select(Organisation)
                .where(Organisation.process_id == process.id)
                .order_by(Organisation.in_core_group.desc(), Organisation.id)
            )
        )
        if not everyone:
            everyone = [
                Organisation(
                    process_id=process.id,
                    name="Ministry of Interior",
                    acronym="MoI",
                    mandate="Lead ministry for migration governance.",
                    policy_tags="migration",
                    in_core_group=True,
                )
            ]
            db.session.add(everyone[0])
            db.session.flush()
        self.by_acronym = {o.acronym: o for o in everyone if o.acronym}
        self.fallback = everyone

    def get(self, ref: str) -> Organisation | None:
        return self.by_key.get(ref) or self.by_acronym.get(ref)

    def lead(self, ref: str, n: int = 0) -> Organisation:
        """A key that must resolve: without the demo institutions, a stand-in."""
        return self.get(ref) or self.fallback[n % len(self.fallback)]

    def raci(self, letters: dict[str, str]) -> dict[int, str]:
        resolved: dict[int, str] = {}
        for ref, letter in letters.items():
            org = self.get(ref)
            if org is not None and org.id not in resolved:
                resolved[org.id] = letter
        if "A" not in resolved.values() or "R" not in resolved.values():
            # Only without the demo institutions: one stand-in A and R.
            first, second = self.fallback[0], self.fallback[-1]
            resolved = {first.id: "A"}
            resolved[second.id] = "R" if second.id != first.id else "A"
            if len(self.fallback) == 1:
                resolved = {first.id: "R"}  # cannot happen with the demo process
        return resolved


def _scorers(process) -> list[User]:
    return list(
        db.session.scalars(
            db.select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.process_id == process.id)
            .order_by(User.id)
            .limit(len(SCORER_TILTS))
        )
    )


def _content_key(objective: Objective, n: int) -> str:
    title = objective.title.lower()
    for key, words in OBJECTIVE_WORDS.items():
        if any(word in title for word in words):
            return key
    return list(OBJECTIVES)[n % len(OBJECTIVES)]


def _month_start(ym: tuple[int, int]) -> date:
    return date(ym[0], ym[1], 1)


def _month_end(ym: tuple[int, int]) -> date:
    return date(ym[0], ym[1], calendar.monthrange(*ym)[1])


def _operational(ops: list[Objective], words: tuple[str, ...], fallback: Objective):
    for op in ops:
        if any(word in op.title.lower() for word in words):
            return op
    return ops[0] if ops else fallback


def _criteria(process, setter) -> list[Criterion]:
    criteria = []
    for name, description, weight in CRITERIA:
        criterion = Criterion(
            process_id=process.id,
            name=name,
            description=description,
            weight=weight,
            weight_set_by_id=setter.id if setter else None,
            weight_note=WEIGHT_NOTE,
            position=len(criteria) + 1,
        )
        db.session.add(criterion)
        criteria.append(criterion)
    db.session.flush()
    return criteria


def _options(process, objective, content, criteria, scorers) -> list[PolicyOption]:
    """The baseline described, the options created (completing one taken up from a TOWS
    strategy rather than duplicating it) and scored; preferred and discarded marked."""
    existing = options.options_of(process.id, objective.id)
    baseline = next(o for o in existing if o.is_baseline)
    description, risks = content["baseline"]
    options.update_option(
        baseline,
        {"description": description, "cost_one_off": 0, "cost_recurrent": 0, "risks": risks},
    )
    from_tows = [o for o in existing if not o.is_baseline and o.tows_strategy_id]
    created = []
    for spec in content["options"]:
        data = {k: v for k, v in spec.items() if k != "scores"}
        if from_tows and not created:
            option = options.update_option(from_tows.pop(0), data)
        else:
            option = options.create_option(process.id, objective, data)
        created.append(option)
        for s, scorer in enumerate(scorers or [None]):
            tilt = SCORER_TILTS[s % len(SCORER_TILTS)]
            for c, (criterion, base) in enumerate(zip(criteria, spec["scores"], strict=True)):
                # Members agree on the preferred option and disagree on the others.
                spread = 0 if spec is content["options"][content["preferred"]] else tilt[c]
                db.session.add(
                    OptionScore(
                        process_id=process.id,
                        option_id=option.id,
                        criterion_id=criterion.id,
                        scorer_key=f"user:{scorer.id}" if scorer else "participant:1",
                        scorer_name=scorer.name if scorer else "Workshop participant",
                        score=max(-3, min(3, base + spread)),
                    )
                )
    db.session.flush()
    options.prefer_option(created[content["preferred"]], content["preferred_rationale"])
    options.discard_option(created[content["discarded"]], content["discard_reason"])
    return created


def _instruments_and_actions(process, objective, preferred, content, orgs, users, made):
    ops = [
        op
        for op in db.session.scalars(
            db.select(Objective)
            .where(Objective.parent_id == objective.id)
            .order_by(Objective.position, Objective.id)
        )
    ]
    for n, spec in enumerate(content["instruments"]):
        instrument = instruments.save_instrument(
            process.id,
            {
                "option_id": preferred.id,
                "kind": spec["kind"],
                "title": spec["title"],
                "description": spec["description"],
                "policy_area": spec["policy_area"],
                "lead_organisation_id": orgs.lead(spec["lead"], n).id,
                "legal_basis": spec["legal_basis"],
                "resources": spec["resources"],
                "cost": spec["cost"],
                "time_to_effect": spec["time_to_effect"],
            },
        )
        instruments.save_instrument_scores(
            instrument,
            {
                key: (score, "")
                for (key, _label), score in zip(INSTRUMENT_CRITERIA, spec["scores"], strict=True)
            },
        )
        for a in spec["actions"]:
            name, unit, base, base_year, target, target_year, verification = a["indicator"]
            action = actions.create_action(
                process.id,
                _operational(ops, a["op"], objective).id,
                a["title"],
                instrument_id=instrument.id,
                raci=orgs.raci(a["raci"]),
                indicator={
                    "name": name,
                    "unit": unit,
                    "baseline_value": base,
                    "baseline_year": base_year,
                    "target_value": target,
                    "target_year": target_year,
                    "means_of_verification": verification,
                },
                start_date=_month_start(a["start"]),
                end_date=_month_end(a["end"]),
                depends_on=[made[k].id for k in a.get("after", ()) if k in made],
                cost=float(a["cost"]),
                costs=costing.spread_cost(
                    float(a["cost"]), _month_start(a["start"]), _month_end(a["end"])
                ),
                funding_source=a["funding"],
                output=a["output"],
                milestones=a.get("milestones", ""),
                assumptions=a["assumptions"],
                risks=a["risks"],
            )
            made[a["key"]] = action
            for (year, month, day), status, value, comment, reporter in a.get("updates", ()):
                actions.add_monitoring_update(
                    action,
                    users.get(reporter) or next(iter(users.values()), None),
                    date(year, month, day),
                    status,
                    float(value),
                    comment,
                )


def load(process, context=None) -> None:
    """Demo loader registered with ``registry(app).demo(load, order=30)``."""
    _ensure_objectives(process)
    orgs = _Orgs(process, context)
    scorers = _scorers(process)
    users = dict(getattr(context, "users", None) or {})
    if not users and scorers:
        users = {"coordinator": scorers[0]}
    criteria = _criteria(process, scorers[0] if scorers else None)

    code_map = chain.codes(process.id)
    specific = chain.specific_objectives(process.id, code_map)
    options.ensure_baselines(process.id)
    made: dict = {}
    used: set[str] = set()
    for n, (_code, objective) in enumerate(specific):
        key = _content_key(objective, n)
        if key in used:  # two objectives on one theme: give the next unused content
            key = next((k for k in OBJECTIVES if k not in used), key)
        used.add(key)
        content = OBJECTIVES[key]
        created = _options(process, objective, content, criteria, scorers)
        preferred = created[content["preferred"]]
        _instruments_and_actions(process, objective, preferred, content, orgs, users, made)
    db.session.flush()
