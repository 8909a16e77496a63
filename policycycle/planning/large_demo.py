"""The large benchmark process: hundreds of artefacts per stage, built with bulk inserts.

``policycycle demo --size large`` calls ``build(process, context)`` on a fresh process
(with its institutions and members). It creates at least 300 issues and 300 SWOT items,
60 problem-tree nodes, 100 objectives (with indicators), 300 options (baselines
included) with scores, 150 instruments with selection scores and 500 actions with
RACI, indicators and monitoring updates, in a few seconds: rows go in through bulk
``INSERT`` statements (which also keeps the audit trail out of a synthetic data set).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert

from facilitation.extensions import db
from facilitation.models import Membership
from policycycle.models import (
    INSTRUMENT_CRITERIA,
    Action,
    ActionCost,
    ActionRaci,
    ActionStatus,
    AgendaStatus,
    Criterion,
    DriverKind,
    Indicator,
    Instrument,
    InstrumentKind,
    InstrumentScore,
    IssueDriver,
    MonitoringUpdate,
    NodeKind,
    Objective,
    ObjectiveLevel,
    OptionScore,
    OptionStatus,
    PolicyIssue,
    PolicyOption,
    ProblemNode,
    Quadrant,
    SwotItem,
)
from policycycle.planning.costing import spread_cost

SIZES = {
    "issues": 300,
    "swot": 300,
    "problem_nodes": 60,
    "specific": 10,
    "operational": 89,
    "options_per_specific": 30,
    "instruments_per_specific": 15,
    "actions": 500,
}
THEMES = (
    "labour migration",
    "diaspora engagement",
    "border management",
    "integration",
    "return and reintegration",
    "migration data",
    "trafficking prevention",
    "asylum procedures",
    "remittances",
    "student mobility",
)


def _ids(model, rows: list[dict]) -> list[int]:
    """Insert rows in one statement batch and return their ids in order."""
    if not rows:
        return []
    result = db.session.scalars(
        insert(model).returning(model.id, sort_by_parameter_order=True), rows
    )
    return list(result)


def build(process, context=None) -> dict:
    """Fill ``process`` with the large data set; flushes only. Returns the sizes."""
    rng = random.Random(2031)
    pid = process.id
    org_ids = [o.id for o in (context.orgs.values() if context else [])]
    if len(org_ids) < 2:
        raise ValueError("The large demo needs a process with its institutions.")
    user_ids = list(
        db.session.scalars(db.select(Membership.user_id).where(Membership.process_id == pid))
    )[:3]

    issue_ids = _ids(
        PolicyIssue,
        [
            {
                "process_id": pid,
                "title": f"Issue {i + 1}: {THEMES[i % 10]} ({i // 10 + 1})",
                "description": "Raised in the regional consultations.",
                "status": (AgendaStatus.ON_AGENDA, AgendaStatus.PROPOSED, AgendaStatus.NOT_TAKEN)[
                    i % 3
                ],
                "raised_by_id": org_ids[i % len(org_ids)],
            }
            for i in range(SIZES["issues"])
        ],
    )
    db.session.execute(
        insert(IssueDriver),
        [
            {
                "process_id": pid,
                "issue_id": issue_id,
                "kind": list(DriverKind)[n % 3],
                "description": "Economic pressure in the sending regions.",
            }
            for n, issue_id in enumerate(issue_ids)
        ],
    )
    db.session.execute(
        insert(SwotItem),
        [
            {
                "process_id": pid,
                "quadrant": list(Quadrant)[i % 4],
                "position": i,
                "statement": f"SWOT statement {i + 1} on {THEMES[i % 10]}",
                "evidence": "Migration profile 2025" if i % 2 else "",
            }
            for i in range(SIZES["swot"])
        ],
    )

    focal = _ids(
        ProblemNode,
        [
            {
                "process_id": pid,
                "kind": NodeKind.FOCAL,
                "text": "Migration is poorly governed",
                "evidence": "Profile",
            }
        ],
    )[0]
    causes = _ids(
        ProblemNode,
        [
            {
                "process_id": pid,
                "kind": NodeKind.CAUSE,
                "parent_id": focal,
                "position": i,
                "text": f"Cause {i + 1}: weak {THEMES[i % 10]}",
                "evidence": "Survey 2024",
            }
            for i in range(20)
        ],
    )
    _ids(
        ProblemNode,
        [
            {
                "process_id": pid,
                "kind": NodeKind.CAUSE,
                "parent_id": causes[i % 20],
                "position": i,
                "text": f"Root cause {i + 1}",
                "evidence": "Interviews" if i % 3 else "",
            }
            for i in range(20)
        ],
    )
    _ids(
        ProblemNode,
        [
            {
                "process_id": pid,
                "kind": NodeKind.EFFECT,
                "parent_id": focal,
                "position": i,
                "text": f"Effect {i + 1}",
            }
            for i in range(SIZES["problem_nodes"] - 41)
        ],
    )

    general = _ids(
        Objective,
        [
            {
                "process_id": pid,
                "level": ObjectiveLevel.GENERAL,
                "title": "Migration governed for development",
            }
        ],
    )[0]
    specific = _ids(
        Objective,
        [
            {
                "process_id": pid,
                "level": ObjectiveLevel.SPECIFIC,
                "parent_id": general,
                "position": i,
                "title": f"Better {THEMES[i]}",
                "problem_node_id": causes[i],
            }
            for i in range(SIZES["specific"])
        ],
    )
    operational = _ids(
        Objective,
        [
            {
                "process_id": pid,
                "level": ObjectiveLevel.OPERATIONAL,
                "parent_id": specific[i % len(specific)],
                "position": i,
                "title": f"Operational objective {i + 1} on {THEMES[i % 10]}",
            }
            for i in range(SIZES["operational"])
        ],
    )
    db.session.execute(
        insert(Indicator),
        [
            {
                "process_id": pid,
                "objective_id": oid,
                "name": f"Indicator of objective {oid}",
                "unit": "%",
                "baseline_value": 10.0,
                "baseline_year": 2025,
                "target_value": 50.0,
                "target_year": 2030,
                "means_of_verification": "Annual report",
            }
            for oid in [general, *specific, *operational]
        ],
    )

    criteria = _ids(
        Criterion,
        [
            {
                "process_id": pid,
                "name": name,
                "weight": float(w),
                "position": i,
                "weight_set_by_id": user_ids[0] if user_ids else None,
            }
            for i, (name, w) in enumerate(
                (
                    ("Effectiveness", 3),
                    ("Cost", 2),
                    ("Feasibility", 2),
                    ("Equity", 2),
                    ("Acceptability", 1),
                )
            )
        ],
    )
    option_rows = []
    for n, so in enumerate(specific):
        for k in range(SIZES["options_per_specific"]):
            status = (
                OptionStatus.PREFERRED
                if k == 1
                else (OptionStatus.DISCARDED if k % 7 == 6 else OptionStatus.CONSIDERED)
            )
            option_rows.append(
                {
                    "process_id": pid,
                    "objective_id": so,
                    "is_baseline": k == 0,
                    "title": "Baseline: do nothing new" if k == 0 else f"Option {n + 1}.{k}",
                    "status": status,
                    "discard_reason": "Too costly" if status == "discarded" else "",
                    "preferred_rationale": "Ranked first" if k == 1 else "",
                    "cost_one_off": 1000.0 * k,
                    "cost_recurrent": 100.0 * k,
                    "feasibility_legal": 1 + k % 5,
                    "feasibility_technical": 1 + (k + 1) % 5,
                }
            )
    option_ids = _ids(PolicyOption, option_rows)
    scorer_keys = [f"user:{u}" for u in user_ids] or ["participant:1"]
    db.session.execute(
        insert(OptionScore),
        [
            {
                "process_id": pid,
                "option_id": oid,
                "criterion_id": cid,
                "scorer_key": key,
                "scorer_name": key,
                "score": rng.randint(-3, 3),
            }
            for row, oid in zip(option_rows, option_ids, strict=True)
            if not row["is_baseline"]
            for cid in criteria
            for key in scorer_keys
        ],
    )

    preferred = [
        oid
        for row, oid in zip(option_rows, option_ids, strict=True)
        if row["status"] == OptionStatus.PREFERRED
    ]
    kinds = list(InstrumentKind)
    instrument_rows = [
        {
            "process_id": pid,
            "option_id": preferred[n],
            "kind": kinds[k % 4],
            "title": f"Instrument {n + 1}.{k + 1}: {kinds[k % 4].value} measure",
            "policy_area": THEMES[n],
            "lead_organisation_id": org_ids[(n + k) % len(org_ids)],
            "cost": 5000.0 * (k + 1),
            "time_to_effect": f"{6 + k} months",
        }
        for n in range(len(specific))
        for k in range(SIZES["instruments_per_specific"])
    ]
    instrument_ids = _ids(Instrument, instrument_rows)
    db.session.execute(
        insert(InstrumentScore),
        [
            {"process_id": pid, "instrument_id": iid, "criterion": key, "score": 1 + (j + i) % 5}
            for i, iid in enumerate(instrument_ids)
            for j, (key, _label) in enumerate(INSTRUMENT_CRITERIA)
        ],
    )

    start = date(2027, 1, 1)
    statuses = list(ActionStatus)
    action_rows = []
    for a in range(SIZES["actions"]):
        op_index = a % len(operational)
        so_index = op_index % len(specific)
        begin = start + timedelta(days=30 * (a % 36))
        action_rows.append(
            {
                "process_id": pid,
                "objective_id": operational[op_index],
                "position": a,
                "instrument_id": instrument_ids[
                    so_index * SIZES["instruments_per_specific"]
                    + a % SIZES["instruments_per_specific"]
                ],
                "title": f"Activity {a + 1} on {THEMES[so_index]}",
                "output": "Report adopted",
                "start_date": begin,
                "end_date": begin + timedelta(days=180 + 30 * (a % 6)),
                "cost": 1000.0 * (1 + a % 20),
                "funding_source": "State budget",
                "status": statuses[a % len(statuses)],
            }
        )
    action_ids = _ids(Action, action_rows)
    db.session.execute(
        insert(ActionCost),
        [
            {"process_id": pid, "action_id": aid, **line}
            for aid, row in zip(action_ids, action_rows, strict=True)
            for line in spread_cost(row["cost"], row["start_date"], row["end_date"])
        ],
    )
    raci_rows = []
    for i, aid in enumerate(action_ids):
        chosen = [org_ids[(i + j) % len(org_ids)] for j in range(min(3, len(org_ids)))]
        for org, letter in zip(chosen, ("A", "R", "C"), strict=False):
            raci_rows.append(
                {"process_id": pid, "action_id": aid, "organisation_id": org, "letter": letter}
            )
    db.session.execute(insert(ActionRaci), raci_rows)
    db.session.execute(
        insert(Indicator),
        [
            {
                "process_id": pid,
                "action_id": aid,
                "name": "Outputs delivered",
                "unit": "%",
                "baseline_value": 0.0,
                "baseline_year": 2026,
                "target_value": 100.0,
                "target_year": 2030,
                "means_of_verification": "Monitoring report",
            }
            for aid in action_ids
        ],
    )
    db.session.execute(
        insert(MonitoringUpdate),
        [
            {
                "process_id": pid,
                "action_id": aid,
                "reported_on": date(2027, 6, 30),
                "current_value": 25.0,
                "status": ActionStatus.ONGOING,
                "comment": "On track",
            }
            for aid in action_ids[::2]
        ],
    )
    db.session.flush()
    return {
        "issues": len(issue_ids),
        "swot_items": SIZES["swot"],
        "problem_nodes": SIZES["problem_nodes"],
        "objectives": 1 + len(specific) + len(operational),
        "options": len(option_ids),
        "instruments": len(instrument_ids),
        "actions": len(action_ids),
    }
