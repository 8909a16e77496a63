"""Demo evidence base for the fictional Republic of Kestria: twelve data sources across the
standard types with owners from the registry, quality profiles with their evidence,
studies and the migration profile, evidence cited by most claims, and indicators mapped
to sources with a few planted gaps (one already turned into a data-development activity).

Runs after the analysis (20) and planning (30) loaders, which create the objectives,
indicators and actions.
"""

from __future__ import annotations

from datetime import date, timedelta

from facilitation.extensions import db
from policycycle.models import Indicator, Objective, ObjectiveLevel

from . import links, mapping, services
from .catalogue import Dimension

D = Dimension
# key, name, type, owner key, variables, definition, periodicity, latest period, access,
# agreement, access conditions, notes, ratings {dimension: (score, note)}
SOURCES = [
    (
        "census",
        "Population and Housing Census 2021",
        "census",
        "stats",
        "country_of_birth, citizenship, usual_residence, previous_residence, date_of_arrival, "
        "sex, age, education, occupation",
        "Foreign-born usual residents; recent immigrants: resident abroad five years before.",
        "decennial",
        "2021",
        "open",
        "not_needed",
        "Published tables online; micro-data sample (5%) on request for research.",
        "Emigrants counted only through the question on household members living abroad.",
        {
            D.RELEVANCE: (3, "Covers stocks by country of birth and citizenship."),
            D.ACCURACY: (
                2,
                "Post-enumeration survey: 3.1% net undercount, higher in border districts.",
            ),
            D.TIMELINESS: (1, "Every ten years; 2021 results published in 2023."),
            D.COMPARABILITY: (3, "Follows the UN Principles and Recommendations, revision 3."),
            D.COHERENCE: (2, "Foreign-citizen count 9% above the register of foreigners."),
            D.ACCESSIBILITY: (3, "Tables and metadata on the NSO website."),
        },
    ),
    (
        "lfs",
        "Labour Force Survey (quarterly, migration module)",
        "household_survey",
        "stats",
        "country_of_birth, citizenship, length_of_stay, reason_for_migration, sex, age, education, "
        "occupation",
        "Born abroad, or a national who lived abroad for 12 months or more (returnee).",
        "quarterly",
        "Q2 2026",
        "on_request",
        "signed",
        "Anonymised micro-data under the 2024 NSO-MoI agreement.",
        "Migration module added in 2023; sample of 9,000 households per quarter.",
        {
            D.RELEVANCE: (3, "Employment of migrants and returnees, by sector."),
            D.ACCURACY: (2, "Small sample for migrants: estimates by country unreliable."),
            D.TIMELINESS: (3, "Released 60 days after each quarter, on the announced dates."),
            D.COMPARABILITY: (2, "ILO definitions; the module changed in 2024."),
            D.COHERENCE: (2, "Agrees with census stocks within the margin of error."),
            D.ACCESSIBILITY: (2, "Micro-data only on request, with a two-month wait."),
        },
    ),
    (
        "bps",
        "Border Passenger Survey 2024",
        "border_passenger_survey",
        "stats",
        "citizenship, usual_residence, length_of_stay, reason_for_migration, sex, age",
        "Travellers intending to stay or to be away 12 months or more.",
        "one_off",
        "2024",
        "on_request",
        "signed",
        "Report published; micro-data on request.",
        "Run at the airport and the two main road crossings for four weeks.",
        {
            D.RELEVANCE: (2, "Gives intentions of departing nationals, a proxy for emigration."),
            D.ACCURACY: (1, "Four-week sample at three crossings only; seasonal bias."),
            D.TIMELINESS: (2, "Results six months after fieldwork."),
            D.COMPARABILITY: (1, "One-off; no earlier round to compare with."),
            D.COHERENCE: (2, "Consistent with border card departures for the same weeks."),
            D.ACCESSIBILITY: (2, "Report clear; questionnaire annexed."),
        },
    ),
    (
        "cards",
        "Entry and exit border cards",
        "border_cards",
        "police",
        "citizenship, usual_residence, length_of_stay, reason_for_migration, sex, date_of_arrival",
        "Intended stay of 12 months or more declared on the card.",
        "monthly",
        "October 2026",
        "under_agreement",
        "in_preparation",
        "Monthly extracts only under a data-sharing agreement (being drafted with the NSO).",
        "Cards are scanned since 2025; earlier years on paper only.",
        {
            D.RELEVANCE: (2, "Counts movements, not people; intended stay is self-declared."),
            D.ACCURACY: (2, "Land crossings not fully scanned until mid-2025."),
            D.TIMELINESS: (3, "Available within days."),
            D.COMPARABILITY: (1, "Break in series when scanning started."),
            D.COHERENCE: (1, "Departures of nationals far below destination-country arrivals."),
        },
    ),
    (
        "permits",
        "Residence permits database",
        "residence_permits",
        "immigration",
        "citizenship, country_of_birth, reason_for_migration, length_of_stay, sex, age, "
        "date_of_arrival",
        "Non-nationals holding a residence permit of 12 months or more.",
        "continuous",
        "Live register",
        "under_agreement",
        "signed",
        "Monthly anonymised extract to the NSO under the 2024 agreement.",
        "Includes first permits and renewals; family members recorded since 2022.",
        {
            D.RELEVANCE: (
                3,
                "Regular immigration by purpose: the core of labour migration targets.",
            ),
            D.ACCURACY: (3, "Validated at issue; audit in 2025 found 0.4% duplicates."),
            D.TIMELINESS: (3, "Monthly extract within ten days."),
            D.COMPARABILITY: (2, "Permit categories changed with the 2022 law."),
            D.COHERENCE: (2, "Close to census foreign-citizen count after adjustment."),
            D.ACCESSIBILITY: (2, "Variable list documented; codes need explanation."),
        },
    ),
    (
        "foreigners",
        "Register of foreigners",
        "foreigners_register",
        "immigration",
        "citizenship, country_of_birth, usual_residence, sex, age, date_of_arrival",
        "Foreign citizens registered as residents.",
        "continuous",
        "Live register",
        "on_request",
        "none",
        "Aggregate tables on written request to the Department.",
        "Deregistration on departure is rarely done.",
        {
            D.RELEVANCE: (2, "Stocks of foreign residents."),
            D.ACCURACY: (1, "Over-counts: people who left are not removed."),
            D.COHERENCE: (1, "9% below the census count of foreign citizens."),
        },
    ),
    (
        "consular",
        "Consular registers of nationals abroad",
        "consular_register",
        "diaspora",
        "citizenship, usual_residence, sex, age, occupation",
        "Nationals who registered at an embassy or consulate.",
        "continuous",
        "2025",
        "on_request",
        "none",
        "Compiled once a year from 23 missions on request.",
        "Registration is voluntary; most missions keep spreadsheets.",
        {
            D.RELEVANCE: (3, "The only national source on where the diaspora lives."),
            D.ACCURACY: (1, "Voluntary registration: perhaps one emigrant in five registers."),
            D.TIMELINESS: (2, "Yearly compilation, three months late in 2025."),
            D.COMPARABILITY: (0, "Each mission records different variables."),
            D.ACCESSIBILITY: (1, "Spreadsheets without documentation."),
        },
    ),
    (
        "asylum",
        "Asylum case management system",
        "asylum_register",
        "refugees",
        "citizenship, country_of_birth, sex, age, date_of_arrival",
        "Applicants for international protection and recognised refugees.",
        "continuous",
        "Live register",
        "refused",
        "none",
        "Personal data on protection cases: not shared outside the Refugee Department.",
        "Only annual totals are published in the ministry's report.",
        {
            D.RELEVANCE: (3, "Applications, decisions and recognised refugees."),
            D.ACCURACY: (3, "Case-level records checked at each decision."),
            D.ACCESSIBILITY: (0, "No access for the lead institution beyond annual totals."),
        },
    ),
    (
        "mirror",
        "Destination-country statistics (mirror data)",
        "destination_countries",
        "stats",
        "citizenship, country_of_birth, sex, age",
        "As defined by each destination country.",
        "annual",
        "2024",
        "open",
        "not_needed",
        "Published by destination countries' statistics offices and the OECD.",
        "Compiled by the NSO for the eight main destination countries.",
        {
            D.RELEVANCE: (3, "Best available count of emigrants by destination."),
            D.ACCURACY: (2, "Good in OECD countries; Gulf states publish little."),
            D.TIMELINESS: (2, "Two years behind."),
            D.COMPARABILITY: (1, "Definitions differ (citizenship or birth)."),
            D.COHERENCE: (2, "Matches remittance patterns."),
            D.ACCESSIBILITY: (3, "Open online databases."),
        },
    ),
    (
        "workpermits",
        "Work permits register",
        "other_administrative",
        "labour",
        "citizenship, occupation, sex, age, length_of_stay",
        "Foreign workers holding a work permit.",
        "continuous",
        "2025",
        "on_request",
        "none",
        "Annual tables on request; no unique identifier shared with the permits database.",
        "Separate from residence permits; the two are not linked.",
        {
            D.RELEVANCE: (3, "Foreign workers by occupation and sector."),
            D.ACCURACY: (2, "Complete for formal employment."),
            D.TIMELINESS: (2, "Annual tables in March."),
            D.COHERENCE: (1, "Cannot be matched with residence permits."),
        },
    ),
    (
        "monitoring",
        "Action plan monitoring records",
        "other_administrative",
        "interior",
        "",
        "Not applicable (records of the policy's own activities).",
        "quarterly",
        "Q3 2026",
        "open",
        "not_needed",
        "Kept by the secretariat of the core group; shared with all members.",
        "Minutes, adopted texts and progress reports of the institutions carrying out activities.",
        {
            D.RELEVANCE: (3, "Records exactly the outputs the action plan promises."),
            D.ACCURACY: (2, "Self-reported by each institution; checked at the quarterly review."),
            D.TIMELINESS: (3, "Quarterly, two weeks after the quarter."),
            D.ACCESSIBILITY: (3, "Shared folder of the core group."),
        },
    ),
    (
        "diaspora_survey",
        "Diaspora Survey 2019",
        "special_survey",
        "diaspora",
        "country_of_birth, citizenship, usual_residence, length_of_stay, reason_for_migration, "
        "education, occupation, remittances",
        "Nationals and their descendants living abroad.",
        "one_off",
        "2019",
        "open",
        "not_needed",
        "Report and tables published with the development partner.",
        "Online survey, 2,400 respondents; skills and intentions to return.",
        {
            D.RELEVANCE: (2, "Skills and return intentions; no remittance amounts."),
            D.ACCURACY: (1, "Self-selected online sample."),
            D.TIMELINESS: (0, "2019 data, before the pandemic."),
        },
    ),
]

DOCUMENTS = [
    (
        "migration_profile",
        "Kestria Migration Profile 2023",
        "National Statistics Office with IOM",
        2023,
        "NSO publication series 12/2023",
    ),
    (
        "study",
        "Labour emigration and skills shortages in Kestria",
        "University of Kestria, Faculty of Economics",
        2022,
        "Working paper 22/07",
    ),
    ("report", "Annual report on asylum and protection 2024", "Refugee Department", 2025, ""),
    (
        "evaluation",
        "Evaluation of the 2015 Migration Strategy",
        "Independent evaluators",
        2024,
        "Commissioned by the Ministry of Interior",
    ),
]

# Keyword (in an indicator's name) -> source key, first match wins; None: no source
# records it at all (a planted gap).
INDICATOR_KEYWORDS = [
    ("remittance", "diaspora_survey"),
    ("investment", "consular"),
    ("complaint", None),
    ("asylum", "asylum"),
    ("refugee", "asylum"),
    ("consulate", "monitoring"),
    ("regulation", "monitoring"),
    ("recruitment", "workpermits"),
    ("licens", "workpermits"),
    ("work permit", "workpermits"),
    ("focal point", "monitoring"),
    ("meeting", "monitoring"),
    ("profile", "monitoring"),
    ("outputs", "monitoring"),
    ("platform", "monitoring"),
    ("diaspora", "consular"),
    ("abroad", "consular"),
    ("return", "lfs"),
    ("emigra", "mirror"),
    ("border", "cards"),
    ("irregular", "cards"),
    ("labour", "lfs"),
    ("employ", "lfs"),
    ("permit", "permits"),
    ("residence", "permits"),
    ("foreign", "permits"),
    ("stock", "census"),
    ("population", "census"),
]
MAX_PLANTED_GAPS = 3


def _load_sources(process, context) -> dict:
    raters = [u for key, u in context.users.items() if key.startswith("member")] or list(
        context.users.values()
    )
    sources = {}
    for i, (
        key,
        name,
        type_,
        owner,
        variables,
        definition,
        periodicity,
        period,
        access,
        agreement,
        conditions,
        notes,
        ratings,
    ) in enumerate(SOURCES):
        owner_org = context.orgs.get(owner) or context.orgs.get("stats")
        source = services.save_source(
            process.id,
            {
                "name": name,
                "source_type": type_,
                "owner_id": owner_org.id,
                "variables": variables,
                "migrant_definition": definition,
                "periodicity": periodicity,
                "latest_period": period,
                "access": access,
                "sharing_agreement": agreement,
                "access_conditions": conditions,
                "notes": notes,
            },
        )
        for j, (dimension, (score, note)) in enumerate(ratings.items()):
            services.add_rating(
                process.id,
                source.id,
                dimension=dimension,
                score=score,
                note=note,
                rater=raters[(i + j) % len(raters)],
                rated_on=context.today - timedelta(days=40 - i),
            )
        sources[key] = source
    # One re-rating, so the history shows an earlier judgement.
    services.add_rating(
        process.id,
        sources["lfs"].id,
        dimension=D.ACCURACY,
        score=1,
        note="Before the 2023 sample increase, migrant cells were suppressed.",
        rater=raters[0],
        rated_on=context.today - timedelta(days=400),
    )
    return sources


def _source_for(indicator: Indicator) -> str | None:
    name = indicator.name.lower()
    for keyword, key in INDICATOR_KEYWORDS:
        if keyword in name:
            return key
    return "monitoring" if indicator.action_id else "lfs"


def _map_indicators(process, sources: dict) -> list[Indicator]:
    indicators = list(
        db.session.execute(
            db.select(Indicator).where(Indicator.process_id == process.id).order_by(Indicator.id)
        ).scalars()
    )
    picks = {ind.id: _source_for(ind) for ind in indicators}
    usable = {key: services.is_usable(src)[0] for key, src in sources.items()}
    gaps = [ind for ind in indicators if picks[ind.id] is None or not usable[picks[ind.id]]]
    # Keep two or three planted gaps: any further one also gets a usable source.
    for ind in gaps[MAX_PLANTED_GAPS:]:
        mapping.map_source(process.id, ind.id, sources["monitoring"].id)
    for ind in reversed(indicators):
        if len(gaps) >= 2:
            break
        if ind not in gaps:
            picks[ind.id] = "foreigners"
            gaps.append(ind)
    for ind in indicators:
        key = picks[ind.id]
        if key is None:
            continue
        note = "" if usable[key] else "Coverage too poor to follow the target."
        mapping.map_source(process.id, ind.id, sources[key].id, notes=note)
    return gaps[:MAX_PLANTED_GAPS]


def _data_objective(process) -> Objective | None:
    """The operational objective about data, where a data-development activity belongs."""
    candidates = db.session.scalars(
        db.select(Objective)
        .where(
            Objective.process_id == process.id,
            Objective.level == ObjectiveLevel.OPERATIONAL,
        )
        .order_by(Objective.position, Objective.id)
    ).all()
    return next((o for o in candidates if "data" in o.title.lower()), None)


def _turn_one_gap(process, context, gaps: list[Indicator]) -> None:
    for indicator in gaps:
        objective = _data_objective(process) or mapping.default_objective(indicator)
        lead = mapping.default_lead(process.id, indicator)
        responsible = mapping.default_responsible(process.id, lead)
        if objective is None or lead is None or responsible is None:
            continue
        action = mapping.turn_gap_into_action(
            process.id,
            indicator.id,
            objective_id=objective.id,
            lead_id=lead.id,
            responsible_id=responsible.id,
            title=mapping.default_action_title(indicator),
            output="An annual data series for the indicator, shared with the lead institution.",
        )
        # The group then planned it like any other activity.
        action.start_date = date(2027, 4, 1)
        action.end_date = date(2028, 3, 31)
        action.cost = 38_000.0
        action.funding_source = "State budget (statistics office)"
        action.assumptions = "The central bank shares transaction-level remittance data."
        return


def _load_links(process, sources: dict) -> None:
    documents = [
        links.save_document(
            process.id,
            {"kind": kind, "title": title, "author": author, "year": year, "reference": ref},
        )
        for kind, title, author, year, ref in DOCUMENTS
    ]
    cited = [f"source:{sources[k].id}" for k in ("census", "lfs", "permits", "mirror", "cards")]
    cited += [f"document:{d.id}" for d in documents]
    counted = [c for c in links.claims(process.id) if c.counted]
    # Leave the last two claims unsupported, so the readiness check has something to show.
    for i, claim in enumerate(counted[:-2] if len(counted) > 4 else counted):
        links.add_link(
            process.id,
            claim=claim.key,
            cited=cited[i % len(cited)],
            note="Figures quoted in the situation analysis.",
        )


def _record_agreement_ties(process, context) -> None:
    """The 2024 NSO-MoI agreement as a "shares data with" tie on the stakeholder map
    (through the stakeholders package's public service), unless it is there already."""
    from stakeholders import registry as stakeholder_registry

    nso, lead = context.orgs.get("stats"), process.lead_organisation
    if nso is None or lead is None:
        return
    for tie in stakeholder_registry.ties(process.id, nso.id):
        if tie.type == "shares_data_with" and lead.id in (tie.source_id, tie.target_id):
            return
    stakeholder_registry.add_tie(
        process.id,
        source_id=nso.id,
        target_id=lead.id,
        type="shares_data_with",
        note="2024 data-sharing agreement: survey micro-data and census tables.",
    )


def load_demo(process, context) -> None:
    sources = _load_sources(process, context)
    db.session.flush()
    gaps = _map_indicators(process, sources)
    _turn_one_gap(process, context, gaps)
    _load_links(process, sources)
    _record_agreement_ties(process, context)
    db.session.flush()
