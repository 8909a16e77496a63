"""Demo content of the analysis stages for the fictional Republic of Kestria: issues
with drivers, ratings and agenda decisions; SWOT, TOWS, framework inventory and gaps;
the problem tree and statement; the objectives tree with indicators."""

from __future__ import annotations

from datetime import date

from policycycle.models import (
    AgendaStatus,
    FrameworkKind,
    GapRating,
    NodeKind,
    ObjectiveLevel,
    Quadrant,
    TowsKind,
)

from . import objectives as objective_services
from . import problems as problem_services
from . import services

ISSUES = [
    (
        "Irregular departures of young nationals to neighbouring countries",
        "labour",
        "Border surveys and diaspora associations report growing numbers of young people leaving "
        "without contracts, often through intermediaries.",
        "Border passenger survey 2025; Diaspora Desk reports",
        [
            ("external", "Wage gap of 1:4 with the neighbouring countries"),
            ("internal", "Youth unemployment of 27% in the northern provinces"),
            ("political", "Election pledge to create jobs at home"),
        ],
        AgendaStatus.ON_AGENDA,
        "Largest group affected; the mandate asks for labour-migration measures.",
    ),
    (
        "Migration data scattered across institutions",
        "stats",
        "Immigration, border and consular registers are kept separately and cannot be matched.",
        "NSO review of administrative sources, 2025",
        [
            ("internal", "No data-sharing agreement between the Ministry of Interior and the NSO"),
            ("external", "Reporting obligations under the regional statistical programme"),
        ],
        AgendaStatus.ON_AGENDA,
        "Without reliable figures no objective can be measured.",
    ),
    (
        "Diaspora remittances sent through informal channels",
        "diaspora",
        "An estimated 40% of remittances travel through informal carriers.",
        "Central bank balance of payments, 2024",
        [
            ("external", "High transfer fees charged by money-transfer operators"),
            ("political", "Finance ministry interest in diaspora bonds"),
        ],
        AgendaStatus.ON_AGENDA,
        "Strong development potential; taken up as part of diaspora engagement.",
    ),
    (
        "Exploitation of migrant workers by unlicensed recruiters",
        "justice",
        "Complaints to labour inspectorates and NGOs point at unlicensed recruitment agencies.",
        "Labour inspectorate complaints register",
        [
            ("internal", "Recruitment agencies are not licensed"),
            ("external", "Regional anti-trafficking commitments"),
        ],
        AgendaStatus.ON_AGENDA,
        "Protection duty of the State; linked to the first issue.",
    ),
    (
        "Brain drain in the health sector",
        "health",
        "One nurse in five trained since 2018 now works abroad.",
        "Ministry of Health HR census 2025",
        [("external", "Active recruitment by richer countries")],
        AgendaStatus.NOT_TAKEN,
        "Addressed by the Health Workforce Strategy 2026; cross-referenced only.",
    ),
    (
        "Long processing times for residence permits",
        "immigration",
        "Average of 94 days to issue a first residence permit.",
        "Department of Immigration annual report",
        [("internal", "Paper-based files and manual checks")],
        AgendaStatus.PROPOSED,
        "",
    ),
]

CRITERIA = [
    ("Urgency", "How soon harm occurs without action", 2.0),
    ("People affected", "How many people and how vulnerable", 1.5),
    ("Feasibility", "Can the government act within five years?", 1.0),
]

SWOT = [
    (
        Quadrant.STRENGTH,
        "Political commitment: cabinet mandate for a migration policy",
        "Cabinet Decision 14/2026",
        "interior",
    ),
    (
        Quadrant.STRENGTH,
        "Network of 23 consular missions with diaspora desks",
        "MFA annual report 2025",
        "foreign",
    ),
    (
        Quadrant.STRENGTH,
        "Population census 2022 includes migration questions",
        "NSO census methodology",
        "stats",
    ),
    (
        Quadrant.WEAKNESS,
        "No institution coordinates migration policy across ministries",
        "Inception workshop findings",
        "interior",
    ),
    (
        Quadrant.WEAKNESS,
        "Administrative migration registers are not interoperable",
        "NSO review 2025",
        "stats",
    ),
    (Quadrant.WEAKNESS, "Recruitment agencies operate without a licensing regime", "", "labour"),
    (
        Quadrant.WEAKNESS,
        "Staff turnover in focal points of line ministries",
        "Core group attendance records",
        "interior",
    ),
    (
        Quadrant.OPPORTUNITY,
        "Regional labour mobility framework under negotiation",
        "Regional summit communiqué 2026",
        "foreign",
    ),
    (
        Quadrant.OPPORTUNITY,
        "Development partners fund migration data projects",
        "Donor mapping 2026",
        "finance",
    ),
    (
        Quadrant.OPPORTUNITY,
        "Growing diaspora interest in investing at home",
        "Diaspora survey 2025",
        "diaspora",
    ),
    (
        Quadrant.THREAT,
        "Economic slowdown in main destination countries",
        "IMF regional outlook",
        "finance",
    ),
    (
        Quadrant.THREAT,
        "Smuggling networks adapt faster than controls",
        "Border Police threat assessment",
        "police",
    ),
]

TOWS = [
    (
        TowsKind.SO,
        "Use the consular network to inform candidates about the regional mobility scheme",
        [1, 7],
    ),
    (
        TowsKind.WO,
        "Use donor funding to link the migration registers through a shared data platform",
        [4, 8],
    ),
    (
        TowsKind.WO,
        "License recruitment agencies as part of the regional labour mobility framework",
        [5, 7],
    ),
    (TowsKind.ST, "Build on the census to monitor irregular departures and returns", [2, 11]),
    (
        TowsKind.WT,
        "Create an inter-ministerial migration committee with a permanent secretariat",
        [3, 6, 10],
    ),
]

FRAMEWORK = [
    (FrameworkKind.LAW, "Aliens and Immigration Act", "Act No. 7 of 2004", "entry and stay"),
    (FrameworkKind.LAW, "Anti-Trafficking in Persons Act", "Act No. 12 of 2015", "protection"),
    (FrameworkKind.POLICY, "National Development Plan 2026–2030", "Cabinet 2025", "development"),
    (FrameworkKind.POLICY, "Health Workforce Strategy 2026", "MoH", "labour migration"),
    (FrameworkKind.INSTITUTION, "Department of Immigration", "MoI", "entry and stay"),
    (
        FrameworkKind.AGREEMENT,
        "Bilateral labour agreement with the Federation of Arland",
        "2019",
        "labour migration",
    ),
]

GAPS = [
    (
        "labour migration",
        "No legal basis for licensing private recruitment agencies",
        GapRating.ABSENT,
        None,
    ),
    (
        "labour migration",
        "Bilateral agreement does not cover social security portability",
        GapRating.PARTIAL,
        5,
    ),
    (
        "migration data",
        "No legal basis for sharing register data with the statistics office",
        GapRating.ABSENT,
        None,
    ),
    ("diaspora", "Diaspora engagement has no strategy or budget line", GapRating.PARTIAL, None),
    ("protection", "Anti-trafficking law covers victims' assistance", GapRating.COMPLETE, 1),
    ("coordination", "No standing inter-ministerial body on migration", GapRating.ABSENT, None),
]

# key, kind, parent key, text, evidence
TREE = [
    (
        "focal",
        NodeKind.FOCAL,
        None,
        "Migration does not contribute to Kestria's development and exposes migrants to risks",
        "Situation analysis 2026",
    ),
    (
        "e1",
        NodeKind.EFFECT,
        "focal",
        "Migrant workers are exploited and unprotected abroad",
        "NGO case files",
    ),
    (
        "e2",
        NodeKind.EFFECT,
        "focal",
        "Remittances are not invested productively",
        "Central bank survey",
    ),
    ("e3", NodeKind.EFFECT, "e1", "Families of migrants fall into debt", ""),
    (
        "c1",
        NodeKind.CAUSE,
        "focal",
        "Weak coordination of migration governance",
        "Inception workshop findings",
    ),
    (
        "c2",
        NodeKind.CAUSE,
        "focal",
        "Migration decisions rely on unreliable data",
        "NSO review 2025",
    ),
    (
        "c3",
        NodeKind.CAUSE,
        "focal",
        "Labour migration is poorly regulated",
        "Labour inspectorate register",
    ),
    ("c4", NodeKind.CAUSE, "focal", "Diaspora engagement is fragmented", "Diaspora survey 2025"),
    ("c11", NodeKind.CAUSE, "c1", "Mandates of ministries overlap", "Functional review 2024"),
    (
        "c12",
        NodeKind.CAUSE,
        "c1",
        "Focal points change with every government reshuffle",
        "Core group attendance records",
    ),
    (
        "c41",
        NodeKind.CAUSE,
        "c4",
        "Consulates offer few services to the diaspora",
        "Diaspora survey 2025",
    ),
    ("c21", NodeKind.CAUSE, "c2", "Registers are not interoperable", "NSO review 2025"),
    ("c31", NodeKind.CAUSE, "c3", "Recruitment agencies operate unlicensed", ""),
    (
        "c32",
        NodeKind.CAUSE,
        "c3",
        "Candidates rely on informal intermediaries",
        "Border passenger survey",
    ),
]

STATEMENT = {
    "nature": "Migration flows are large but unmanaged: young nationals leave irregularly, "
    "migrant workers face exploitation, and the development potential of the "
    "diaspora is untapped.",
    "scale": "About 410,000 nationals live abroad (12% of the population); 18,000 leave each "
    "year, two thirds aged 18-34. Remittances equal 9% of GDP.",
    "affected": "Young job-seekers, migrant workers and their families, returnees, "
    "communities of the northern provinces.",
    "drivers": "Wage gaps, youth unemployment, regional demand for labour, weak regulation "
    "of recruitment.",
    "baseline": "Without action, irregular departures are expected to grow by 5% a year, "
    "and complaints of exploitation with them.",
    "assumptions": "Destination-country demand stays stable; the regional mobility framework "
    "is signed in 2027.",
    "why_government": "Only the State can regulate recruitment, negotiate agreements and "
    "link administrative registers.",
    "rationale": "A coordinated policy turns migration into a choice that benefits migrants, "
    "their families and Kestria.",
    "vision": "By 2031, Kestrians migrate safely and by choice, and migration supports "
    "national development.",
    "evidence": "Situation analysis report 2026; NSO review of administrative sources.",
}

# Wording agreed at the objectives workshop, after drafting from the problem tree.
TITLES = {
    "general": "Migration is safe, orderly and contributes to national development",
    "c1": "Migration governance is coordinated across ministries",
    "c11": "Each ministry's migration mandate is clear and distinct",
    "c12": "Migration focal points stay in post and hand over their files",
    "c2": "Migration decisions rest on reliable, shared data",
    "c21": "Migration registers exchange data with the statistics office",
    "c3": "Labour migration is regulated and safe",
    "c31": "Recruitment agencies are licensed and inspected",
    "c32": "Candidates use official channels to find work abroad",
    "c4": "The diaspora is engaged in national development",
    "c41": "Consulates offer diaspora services",
}

INDICATORS = {
    "general": [("Remittances through formal channels", "% of total", 60, 2024, 80, 2031)],
    "c1": [("Inter-ministerial committee meetings held", "per year", 0, 2025, 4, 2028)],
    "c2": [("Registers linked to the shared data platform", "number", 0, 2025, 5, 2029)],
    "c3": [
        ("Recruitment agencies licensed", "number", 0, 2025, 120, 2029),
        ("Complaints of recruitment abuse", "per year", 340, 2025, 150, 2031),
    ],
    "c4": [("Diaspora investment projects registered", "number", 3, 2025, 40, 2031)],
    "c11": [
        ("Ministries with a migration focal point in their structure", "number", 2, 2025, 8, 2027)
    ],
    "c21": [("Annual migration profile published", "yes/no", 0, 2025, 1, 2027)],
    "c12": [
        ("Focal points in post for at least two years", "% of focal points", 30, 2025, 75, 2029)
    ],
    "c41": [("Consulates offering diaspora services", "number", 4, 2025, 15, 2030)],
    "c31": [("Licensing regulation adopted", "yes/no", 0, 2025, 1, 2027)],
}


def load_demo(process, context) -> None:
    pid = process.id
    orgs = context.orgs
    members = [
        u for key, u in context.users.items() if key.startswith("member") or key == "coordinator"
    ]
    criteria = [
        services.save_criterion(pid, name=n, description=d, weight=w) for n, d, w in CRITERIA
    ]
    issues = []
    for title, org, description, evidence, drivers, status, reason in ISSUES:
        issue = services.save_issue(
            pid,
            title=title,
            description=description,
            evidence=evidence,
            raised_by_id=orgs[org].id if org in orgs else None,
        )
        for kind, text in drivers:
            services.add_driver(issue, kind=kind, description=text)
        if status != AgendaStatus.PROPOSED:
            services.decide_issue(issue, status=status, reason=reason)
        issues.append(issue)
    rng = context.rng
    for index, issue in enumerate(issues):
        for user in members:
            base = 5 - min(index, 3)
            services.rate_issue(
                issue,
                user.id,
                {c.id: max(1, min(5, base + rng.choice((-1, 0, 0, 1)))) for c in criteria},
            )
    for user, (first, second) in zip(
        members, [(0, 1), (0, 2), (1, 3), (0, 3), (2, 5), (1, 0)], strict=False
    ):
        services.set_dots(issues[first], user.id, 3 + services.my_dots(issues[first], user.id))
        services.set_dots(issues[second], user.id, 2 + services.my_dots(issues[second], user.id))

    swot = [
        services.save_swot_item(
            pid,
            quadrant=q,
            statement=s,
            evidence=e,
            organisation_id=orgs[o].id if o in orgs else None,
        )
        for q, s, e, o in SWOT
    ]
    duplicate = services.save_swot_item(
        pid,
        quadrant=Quadrant.WEAKNESS,
        statement="Ministries do not coordinate on migration",
        evidence="Round table notes, March 2026",
        organisation_id=orgs["labour"].id,
    )
    services.merge_swot_items(swot[3], duplicate.id)
    tows = [
        services.save_tows(pid, kind=k, text=t, swot_item_ids=[swot[i].id for i in refs])
        for k, t, refs in TOWS
    ]

    framework = [
        services.save_framework_item(pid, kind=k, title=t, reference=r, area=a)
        for k, t, r, a in FRAMEWORK
    ]
    gaps = [
        services.save_gap(
            pid,
            area=a,
            statement=s,
            rating=r,
            framework_item_id=framework[f].id if f is not None else None,
        )
        for a, s, r, f in GAPS
    ]

    nodes = {}
    for key, kind, parent, text, evidence in TREE:
        nodes[key] = problem_services.save_node(
            pid,
            kind=kind,
            text=text,
            evidence=evidence,
            parent_id=nodes[parent].id if parent else None,
        )
    services.cause_from_gap(gaps[5], parent_id=nodes["c1"].id)
    problem_services.save_statement(pid, **STATEMENT)

    drafted = objective_services.draft_from_problem_tree(pid)
    by_node = {o.problem_node_id: o for o in drafted}
    key_of = {node.id: key for key, node in nodes.items()}
    for objective in drafted:
        key = (
            "general"
            if objective.level == ObjectiveLevel.GENERAL
            else key_of.get(objective.problem_node_id)
        )
        if key in TITLES:
            objective.title = TITLES[key]
        if objective.level == ObjectiveLevel.GENERAL:
            objective.alignment = "National Development Plan 2026–2030, pillar 3 (human capital)"
        elif objective.level == ObjectiveLevel.SPECIFIC:
            objective.alignment = "Regional Migration Framework 2025, objective 2"
        for name, unit, base, base_year, target, target_year in INDICATORS.get(key, []):
            objective_services.save_indicator(
                objective,
                name=name,
                unit=unit,
                baseline_value=base,
                baseline_year=base_year,
                target_value=target,
                target_year=target_year,
                target_date=date(target_year, 12, 31) if target_year else None,
                means_of_verification="Annual report of the responsible institution",
            )
        objective_services.save_smart(
            objective,
            specific_ok=True,
            achievable_ok=True,
            realistic_ok=objective.level != ObjectiveLevel.GENERAL,
            smart_note="Reviewed at the objectives workshop.",
        )
    del by_node
    plan = framework[2]  # National Development Plan 2026-2030
    agreement = framework[5]  # bilateral labour agreement
    for objective in drafted:
        key = (
            "general"
            if objective.level == ObjectiveLevel.GENERAL
            else key_of.get(objective.problem_node_id)
        )
        if key in ("general", "c4"):
            objective_services.align(
                objective,
                framework_item_id=plan.id,
                note="Pillar 3: human capital and the diaspora",
            )
        if key in ("c3", "c31"):
            objective_services.align(
                objective, framework_item_id=agreement.id, note="Article 6: fair recruitment"
            )
    # A TOWS strategy already taken up as a candidate option.
    specific = services.specific_objectives(pid)
    if specific:
        services.option_from_tows(tows[2], objective_id=specific[min(2, len(specific) - 1)].id)
