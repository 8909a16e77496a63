"""Demo content of the planning stages for the fictional Republic of Moravia.

Runs after the analysis loader (which creates the objectives and indicators): MCA
criteria with weights, options (baselines included) scored by several members, a
preferred option per specific objective, a discarded one with its reason,
instruments of the four kinds with selection scores, and an action plan with RACI,
dates, indicators, costs and monitoring updates.
"""

from __future__ import annotations

from datetime import date, timedelta

from facilitation.extensions import db
from facilitation.models import Membership, Organisation, User
from policycycle.models import (
    INSTRUMENT_CRITERIA,
    Criterion,
    InstrumentKind,
    Objective,
    ObjectiveLevel,
    OptionScore,
)

from . import actions, chain, instruments, options

CRITERIA = (
    ("Effectiveness", "How far the option moves the objective's indicator.", 3.0),
    ("Cost to the state budget", "Lower net cost scores higher.", 2.0),
    ("Feasibility within five years", "Legal, technical and institutional readiness.", 2.0),
    ("Rights and equity", "Effect on migrants' rights and on vulnerable groups.", 2.0),
    ("Acceptability", "Support among ministries, parliament and the public.", 1.0),
)

# Option templates: (title, description, one-off cost, recurrent cost, scores per criterion)
OPTION_SETS = {
    "labour": [
        (
            "Bilateral labour agreements with two destination countries",
            "Negotiate agreements covering recruitment, skills recognition and social security.",
            150_000,
            60_000,
            (2, 1, 1, 2, 2),
        ),
        (
            "Licensing and inspection of private recruitment agencies",
            "A licence regime with fees, a public register and joint inspections.",
            220_000,
            90_000,
            (3, 0, 1, 3, 1),
        ),
        (
            "Information campaign only",
            "Pre-departure information in the main regions.",
            40_000,
            20_000,
            (1, 2, 3, 1, 3),
        ),
    ],
    "diaspora": [
        (
            "Diaspora desk in five embassies",
            "Staffed desks and a yearly diaspora forum.",
            180_000,
            120_000,
            (2, -1, 2, 1, 3),
        ),
        (
            "Matching grants for diaspora investment",
            "Co-finance diaspora-led projects at home.",
            500_000,
            200_000,
            (3, -2, 1, 1, 2),
        ),
        (
            "Online diaspora portal",
            "A portal with services, news and a skills roster.",
            90_000,
            30_000,
            (1, 1, 3, 1, 2),
        ),
    ],
    "data": [
        (
            "Migration data-sharing agreement and working group",
            "Interior, labour, foreign affairs and statistics share data under one agreement.",
            60_000,
            25_000,
            (3, 1, 2, 1, 2),
        ),
        (
            "Migration module in the labour force survey",
            "Add questions on migration history.",
            120_000,
            40_000,
            (2, 0, 2, 1, 3),
        ),
        (
            "New central migration database",
            "One database fed by every agency.",
            900_000,
            150_000,
            (3, -3, -1, 0, 1),
        ),
    ],
}
GENERIC_SET = [
    (
        "Strengthen the existing institutions",
        "More staff, training and clear procedures.",
        200_000,
        80_000,
        (2, 0, 2, 1, 2),
    ),
    (
        "New dedicated programme with its own budget",
        "A programme unit and a ring-fenced budget.",
        600_000,
        250_000,
        (3, -2, 0, 2, 1),
    ),
    (
        "Guidelines and coordination only",
        "Shared guidelines and a quarterly coordination meeting.",
        30_000,
        10_000,
        (1, 2, 3, 0, 3),
    ),
]
KEYWORDS = {
    "labour": ("labour", "work", "employ", "recruit"),
    "diaspora": ("diaspora", "remittance", "abroad"),
    "data": ("data", "statistic", "evidence", "information"),
}

INSTRUMENT_TITLES = {
    InstrumentKind.REGULATORY: "Decree giving legal effect to: {}",
    InstrumentKind.ORGANISATIONAL: "Inter-ministerial delivery unit for: {}",
    InstrumentKind.INFORMATIONAL: "Awareness campaign and guidance on: {}",
    InstrumentKind.FINANCIAL: "Budget line and donor co-financing for: {}",
}
INSTRUMENT_KINDS = (
    InstrumentKind.REGULATORY,
    InstrumentKind.ORGANISATIONAL,
    InstrumentKind.INFORMATIONAL,
    InstrumentKind.FINANCIAL,
)


def _theme(title: str) -> list:
    lowered = title.lower()
    for theme, words in KEYWORDS.items():
        if any(w in lowered for w in words):
            return OPTION_SETS[theme]
    return GENERIC_SET


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


def _organisations(process) -> list[Organisation]:
    orgs = list(
        db.session.scalars(
            db.select(Organisation)
            .where(Organisation.process_id == process.id)
            .order_by(Organisation.in_core_group.desc(), Organisation.id)
        )
    )
    for name, acronym, mandate, tags in (
        (
            "Ministry of Labour and Social Affairs",
            "MoLSA",
            "Employment, work permits, labour inspection and social protection.",
            "labour migration, recruitment, employment",
        ),
        (
            "Ministry of Foreign Affairs",
            "MFA",
            "Consular services and relations with the diaspora.",
            "diaspora, consular protection, bilateral agreements",
        ),
        (
            "National Statistics Office",
            "NSO",
            "Official statistics, censuses and surveys.",
            "data, statistics, surveys, census",
        ),
    ):
        if len(orgs) >= 4:
            break
        if all(o.name != name for o in orgs):
            org = Organisation(
                process_id=process.id,
                name=name,
                acronym=acronym,
                mandate=mandate,
                policy_tags=tags,
                in_core_group=True,
            )
            db.session.add(org)
            orgs.append(org)
    db.session.flush()
    return orgs


def _scorers(process) -> list[User]:
    return list(
        db.session.scalars(
            db.select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.process_id == process.id)
            .order_by(User.id)
            .limit(4)
        )
    )


def load(process, context=None) -> None:
    """Demo loader registered with ``registry(app).demo(load, order=30)``."""
    _ensure_objectives(process)
    orgs = _organisations(process)
    scorers = _scorers(process)
    setter = scorers[0] if scorers else None
    criteria = []
    for name, description, weight in CRITERIA:
        criterion = Criterion(
            process_id=process.id,
            name=name,
            description=description,
            weight=weight,
            weight_set_by_id=setter.id if setter else None,
            weight_note="Agreed by the core group in the options workshop.",
            position=len(criteria) + 1,
        )
        db.session.add(criterion)
        criteria.append(criterion)
    db.session.flush()

    code_map = chain.codes(process.id)
    specific = chain.specific_objectives(process.id, code_map)
    operational = chain.operational_objectives(process.id, code_map)
    options.ensure_baselines(process.id)
    action_count = 0
    for n, (_code, objective) in enumerate(specific):
        created = []
        for i, (title, description, one_off, recurrent, base_scores) in enumerate(
            _theme(objective.title)
        ):
            option = options.create_option(
                process.id,
                objective,
                {
                    "title": title,
                    "description": description,
                    "cost_one_off": one_off,
                    "cost_recurrent": recurrent,
                    "cost_bearers": "State budget; partly donors.",
                    "benefits": "Better protection and clearer procedures.",
                    "beneficiaries": "Migrant workers and their families; employers.",
                    "feasibility_legal": 3 + (i == 0),
                    "feasibility_technical": 4 - i,
                    "feasibility_institutional": 3,
                    "feasibility_financial": 4 - i,
                    "feasibility_political": 3 + (i == 2),
                    "assumptions": "Budget is approved.",
                    "risks": "Staff turnover in the lead ministry.",
                },
            )
            created.append(option)
            for s, scorer in enumerate(scorers or [None]):
                for criterion, base in zip(criteria, base_scores, strict=True):
                    value = max(-3, min(3, base + ((s + i) % 3 - 1 if s else 0)))
                    db.session.add(
                        OptionScore(
                            process_id=process.id,
                            option_id=option.id,
                            criterion_id=criterion.id,
                            scorer_key=f"user:{scorer.id}" if scorer else "participant:1",
                            scorer_name=scorer.name if scorer else "Workshop participant",
                            score=value,
                        )
                    )
        db.session.flush()
        view = options.mca_result(process.id, objective.id)
        best = next(o for o in view.result.ranking if o != view.result.baseline)
        preferred = next(o for o in created if o.id == best)
        options.prefer_option(
            preferred,
            "Ranked first in the multi-criteria analysis and "
            "robust to the sensitivity check; the core group agreed.",
        )
        others = [o for o in view.result.ranking if o not in (best, view.result.baseline)]
        discarded = next((o for o in created if others and o.id == others[-1]), None)
        if discarded is not None:
            options.discard_option(
                discarded,
                "Ranked last in the analysis and weakest on cost and feasibility; "
                "the group does not pursue it.",
            )

        ops = [op for _c, op in operational if op.parent_id == objective.id] or [objective]
        lead = orgs[n % len(orgs)]
        partner = orgs[(n + 1) % len(orgs)]
        for k, kind in enumerate(INSTRUMENT_KINDS[: 2 + (n % 3)]):
            instrument = instruments.save_instrument(
                process.id,
                {
                    "option_id": preferred.id,
                    "kind": kind.value,
                    "title": INSTRUMENT_TITLES[kind].format(preferred.title[:80].lower()),
                    "description": preferred.description,
                    # The last kind shows the mandate warning: its area is the objective's.
                    "policy_area": (lead if k % 2 == 0 else partner).tags[0]
                    if k < 3 and (lead if k % 2 == 0 else partner).tags
                    else objective.title[:60],
                    "lead_organisation_id": lead.id if k % 2 == 0 else partner.id,
                    "legal_basis": "Amendment to the Law on Foreigners"
                    if kind == "regulatory"
                    else "",
                    "resources": "Two staff and a small budget line.",
                    "cost": 50_000 * (k + 1),
                    "time_to_effect": f"{6 * (k + 1)} months",
                },
            )
            instruments.save_instrument_scores(
                instrument,
                {key: (3 + (k + j) % 3, "") for j, (key, _l) in enumerate(INSTRUMENT_CRITERIA)},
            )
            previous = None
            for m in range(2 if k < 2 else 1):
                op = ops[(k + m) % len(ops)]
                start = date(2026, 1 + (3 * (action_count % 4)), 1)
                end = date(start.year + 1, start.month, 28)
                if previous is not None:  # implementation follows preparation
                    start = previous.end_date + timedelta(days=1)
                    end = start + timedelta(days=270)
                action = actions.create_action(
                    process.id,
                    op.id,
                    f"{('Prepare', 'Implement', 'Train staff for')[m + k % 2]} "
                    f"{instrument.title[:90].lower()}",
                    instrument_id=instrument.id,
                    raci={lead.id: "A", partner.id: "R", orgs[(n + 2) % len(orgs)].id: "C"}
                    if len(orgs) > 2
                    else {lead.id: "A", partner.id: "R"},
                    indicator={
                        "name": "Share of planned outputs delivered",
                        "unit": "%",
                        "baseline_value": 0,
                        "baseline_year": 2025,
                        "target_value": 100,
                        "target_year": 2028,
                        "means_of_verification": "Annual implementation report",
                    },
                    start_date=start,
                    end_date=end,
                    depends_on=[previous.id] if previous is not None else [],
                    cost=25_000.0 * (m + 1 + k),
                    funding_source="State budget"
                    if m == 0
                    else "EU migration partnership facility",
                    output="Adopted text and trained staff",
                    milestones="Mid-term review",
                    assumptions="Focal points stay in post.",
                    risks="Delays in adoption.",
                )
                previous = action
                action_count += 1
                if action_count in (1, 3):
                    actions.add_monitoring_update(
                        action,
                        setter,
                        date(2026, 6, 30),
                        "ongoing",
                        40.0,
                        "Draft circulated to the ministries; comments received from two.",
                    )
    db.session.flush()
