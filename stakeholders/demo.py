"""Demo stakeholders for the Kestria process: external stakeholders across categories,
focal points (one replaced), assessments, ties, consultations with participants and
inputs, commitments (one overdue). Adds its organisations to ``context.orgs``."""

from __future__ import annotations

from datetime import timedelta

from facilitation.extensions import db
from facilitation.models import Organisation
from facilitation.models import OrganisationCategory as C
from facilitation.models import OrganisationLevel as L

from . import consultations as consult
from . import registry

# key, name, acronym, category, level, mandate, tags
EXTERNAL = [
    (
        "parliament",
        "Parliamentary Committee on Home Affairs and Migration",
        "PCHAM",
        C.PARLIAMENT,
        L.NATIONAL,
        "Scrutinises migration legislation and the budget of the Ministry of Interior.",
        "migration, legislation",
    ),
    (
        "court",
        "Administrative Court",
        "AC",
        C.JUDICIARY,
        L.NATIONAL,
        "Hears appeals against asylum and residence decisions.",
        "asylum, appeals",
    ),
    (
        "portaurel",
        "Municipality of Port Aurel",
        "",
        C.LOCAL_GOVERNMENT,
        L.LOCAL,
        "Local services, reception of newcomers and integration programmes in the capital.",
        "integration, local services",
    ),
    (
        "localauth",
        "Association of Local Authorities",
        "ALA",
        C.LOCAL_GOVERNMENT,
        L.NATIONAL,
        "Represents the 42 municipalities in national policy making.",
        "local services",
    ),
    (
        "inspectorate",
        "Labour Inspectorate",
        "LI",
        C.AGENCY,
        L.NATIONAL,
        "Inspects workplaces, including the conditions of migrant workers.",
        "labour migration, workplace inspection",
    ),
    (
        "antitrafficking",
        "National Anti-Trafficking Agency",
        "NATA",
        C.AGENCY,
        L.NATIONAL,
        "Coordinates prevention of trafficking in human beings and victim support.",
        "trafficking, victim support",
    ),
    (
        "refugeecouncil",
        "Kestrian Refugee Council",
        "KRC",
        C.CIVIL_SOCIETY,
        L.NATIONAL,
        "Legal counselling and advocacy for asylum seekers and refugees.",
        "asylum, refugees",
    ),
    (
        "legalaid",
        "Legal Aid Network",
        "LAN",
        C.CIVIL_SOCIETY,
        L.NATIONAL,
        "Free legal aid for migrants in detention and in residence procedures.",
        "legal aid",
    ),
    (
        "redcross",
        "Kestria Red Cross Society",
        "KRCS",
        C.CIVIL_SOCIETY,
        L.NATIONAL,
        "Humanitarian assistance at borders and restoring family links.",
        "humanitarian",
    ),
    (
        "diasporaunion",
        "Kestrian Diaspora Union (Europe)",
        "KDU",
        C.MIGRANT_ASSOCIATION,
        L.INTERNATIONAL,
        "Network of Kestrian associations in twelve European countries.",
        "diaspora, remittances",
    ),
    (
        "migrantworkers",
        "Association of Migrant Workers",
        "AMW",
        C.MIGRANT_ASSOCIATION,
        L.NATIONAL,
        "Represents foreign workers in agriculture and construction.",
        "labour migration",
    ),
    (
        "returnees",
        "Returnees' Solidarity Network",
        "RSN",
        C.MIGRANT_ASSOCIATION,
        L.LOCAL,
        "Self-help group of returned migrants in the northern provinces.",
        "return, reintegration",
    ),
    (
        "chamber",
        "Kestria Chamber of Commerce",
        "KCC",
        C.EMPLOYERS,
        L.NATIONAL,
        "Represents 3,000 companies; runs a skills-matching service.",
        "labour market, skills",
    ),
    (
        "employers",
        "Federation of Employers",
        "FoE",
        C.EMPLOYERS,
        L.NATIONAL,
        "Employers' voice in the tripartite labour council.",
        "labour market",
    ),
    (
        "tuc",
        "Kestria Trade Union Congress",
        "KTUC",
        C.TRADE_UNION,
        L.NATIONAL,
        "Confederation of 18 trade unions; campaigns on fair recruitment.",
        "fair recruitment, labour rights",
    ),
    (
        "university",
        "Centre for Migration Studies, University of Port Aurel",
        "CMS",
        C.ACADEMIA,
        L.NATIONAL,
        "Research on migration flows, remittances and integration.",
        "research, migration data",
    ),
    (
        "policyinstitute",
        "Institute for Policy Research",
        "IPR",
        C.ACADEMIA,
        L.NATIONAL,
        "Independent think tank on public administration.",
        "governance",
    ),
    (
        "iom",
        "International Organization for Migration, country office",
        "IOM",
        C.INTERNATIONAL_ORGANISATION,
        L.INTERNATIONAL,
        "Technical support on migration governance, return and reintegration.",
        "migration governance, return",
    ),
    (
        "unhcr",
        "UNHCR Representation",
        "UNHCR",
        C.INTERNATIONAL_ORGANISATION,
        L.INTERNATIONAL,
        "Supports the asylum system and refugee protection.",
        "asylum, refugees",
    ),
    (
        "ilo",
        "ILO Country Office",
        "ILO",
        C.INTERNATIONAL_ORGANISATION,
        L.INTERNATIONAL,
        "Labour standards, fair recruitment and labour migration statistics.",
        "labour migration, statistics",
    ),
    (
        "eu",
        "Delegation of the European Union",
        "EUD",
        C.DEVELOPMENT_PARTNER,
        L.REGIONAL,
        "Funds the migration governance programme and the peer-to-peer expert missions.",
        "funding, migration governance",
    ),
    (
        "swiss",
        "Swiss Development Cooperation",
        "SDC",
        C.DEVELOPMENT_PARTNER,
        L.INTERNATIONAL,
        "Funds the diaspora investment facility.",
        "diaspora, remittances",
    ),
    (
        "broadcaster",
        "Kestria Broadcasting Corporation",
        "KBC",
        C.MEDIA,
        L.NATIONAL,
        "Public radio and television.",
        "public information",
    ),
    (
        "journalists",
        "Association of Investigative Journalists",
        "AIJ",
        C.MEDIA,
        L.NATIONAL,
        "Reports on trafficking and labour exploitation.",
        "media",
    ),
    (
        "youth",
        "National Youth Council",
        "NYC",
        C.CIVIL_SOCIETY,
        L.NATIONAL,
        "Umbrella of youth organisations; concerned with youth emigration.",
        "youth, emigration",
    ),
]

# source, target, type, mutual, strength
TIES = [
    ("interior", "immigration", "legal_authority_over", False, 3),
    ("interior", "police", "legal_authority_over", False, 3),
    ("interior", "refugees", "legal_authority_over", False, 3),
    ("foreign", "diaspora", "legal_authority_over", False, 3),
    ("interior", "foreign", "coordinates_with", True, 2),
    ("interior", "labour", "coordinates_with", True, 2),
    ("interior", "justice", "coordinates_with", True, 2),
    ("labour", "inspectorate", "legal_authority_over", False, 3),
    ("justice", "antitrafficking", "coordinates_with", True, 2),
    ("justice", "lawcom", "informs", False, 2),
    ("immigration", "stats", "shares_data_with", False, 2),
    ("police", "stats", "shares_data_with", False, 1),
    ("stats", "university", "shares_data_with", True, 2),
    ("stats", "ilo", "coordinates_with", True, 1),
    ("finance", "interior", "funds", False, 3),
    ("eu", "interior", "funds", False, 3),
    ("eu", "iom", "funds", False, 3),
    ("swiss", "diasporaunion", "funds", False, 2),
    ("iom", "interior", "informs", False, 2),
    ("iom", "returnees", "coordinates_with", True, 2),
    ("iom", "redcross", "coordinates_with", True, 1),
    ("unhcr", "refugees", "coordinates_with", True, 3),
    ("unhcr", "refugeecouncil", "funds", False, 2),
    ("refugeecouncil", "legalaid", "coordinates_with", True, 3),
    ("refugeecouncil", "court", "informs", False, 1),
    ("legalaid", "court", "informs", False, 1),
    ("refugees", "court", "informs", False, 1),
    ("court", "refugees", "legal_authority_over", False, 2),
    ("redcross", "police", "coordinates_with", True, 1),
    ("diaspora", "diasporaunion", "coordinates_with", True, 2),
    ("diasporaunion", "returnees", "informs", False, 1),
    ("labour", "chamber", "coordinates_with", True, 2),
    ("labour", "employers", "coordinates_with", True, 2),
    ("labour", "tuc", "coordinates_with", True, 2),
    ("employers", "tuc", "conflict", True, 2),
    ("chamber", "employers", "coordinates_with", True, 3),
    ("tuc", "migrantworkers", "coordinates_with", True, 3),
    ("ilo", "tuc", "informs", False, 2),
    ("ilo", "labour", "informs", False, 2),
    ("migrantworkers", "inspectorate", "informs", False, 1),
    ("inspectorate", "antitrafficking", "shares_data_with", True, 1),
    ("journalists", "antitrafficking", "informs", False, 1),
    ("parliament", "interior", "legal_authority_over", False, 3),
    ("parliament", "finance", "legal_authority_over", False, 2),
    ("lawcom", "parliament", "informs", False, 2),
    ("portaurel", "localauth", "coordinates_with", True, 2),
    ("portaurel", "immigration", "coordinates_with", True, 1),
    ("localauth", "interior", "informs", False, 1),
    ("university", "policyinstitute", "coordinates_with", True, 1),
    ("broadcaster", "interior", "informs", False, 1),
    ("health", "portaurel", "coordinates_with", True, 1),
    ("youth", "broadcaster", "informs", False, 1),
    ("youth", "journalists", "coordinates_with", True, 1),
]

# key: power, interest, impact, position, legitimacy, urgency, current, target
ASSESSMENTS = {
    "interior": (5, 5, 4, 2, 5, 4, "empower", "empower"),
    "immigration": (4, 5, 5, 2, 5, 4, "collaborate", "collaborate"),
    "foreign": (4, 4, 3, 1, 5, 3, "collaborate", "collaborate"),
    "labour": (4, 5, 4, 1, 5, 4, "collaborate", "collaborate"),
    "finance": (5, 2, 2, 0, 5, 2, "inform", "consult"),
    "police": (4, 4, 4, -1, 4, 3, "consult", "involve"),
    "parliament": (5, 4, 3, 0, 5, 3, None, "consult"),
    "court": (4, 2, 3, 0, 5, 2, None, "inform"),
    "refugeecouncil": (2, 5, 4, 1, 4, 5, "consult", "involve"),
    "legalaid": (2, 4, 3, 1, 4, 4, "inform", "consult"),
    "diasporaunion": (2, 5, 4, 2, 4, 3, "consult", "involve"),
    "migrantworkers": (1, 5, 5, 1, 4, 5, "consult", "involve"),
    "chamber": (4, 4, 3, 1, 4, 3, "consult", "involve"),
    "employers": (4, 3, 3, -1, 4, 3, "consult", "consult"),
    "tuc": (3, 4, 3, -1, 4, 4, "consult", "involve"),
    "iom": (3, 5, 2, 2, 4, 3, "collaborate", "collaborate"),
    "unhcr": (3, 5, 2, 1, 5, 4, "consult", "involve"),
    "eu": (4, 4, 1, 2, 4, 2, "consult", "consult"),
    "university": (1, 4, 1, 1, 3, 2, "consult", "consult"),
    "journalists": (3, 3, 1, -1, 2, 4, None, "inform"),
    "youth": (1, 3, 3, 0, 3, 3, None, "consult"),
    "portaurel": (3, 4, 4, 1, 4, 3, "inform", "involve"),
    "antitrafficking": (3, 3, 2, 1, 4, 4, None, "consult"),
}

# key, name, role, email, months ago started
PEOPLE = [
    ("interior", "Daniel Okoro", "Director of Migration Policy", "d.okoro@moi.example", 30),
    ("foreign", "Helena Costa", "Head of Consular Affairs", "h.costa@mfa.example", 14),
    ("labour", "Grace Tembo", "Senior Labour Market Analyst", "g.tembo@molsp.example", 20),
    ("stats", "Peter Lindqvist", "Head of Population Statistics", "p.lindqvist@nso.example", 40),
    ("justice", "Esther Banda", "Legal Drafter", "e.banda@moj.example", 9),
    ("diaspora", "Joseph Mensah", "Diaspora Officer", "j.mensah@mfa.example", 18),
    ("refugeecouncil", "Amina Yusuf", "Advocacy Coordinator", "a.yusuf@krc.example", 26),
    ("iom", "Luis Romero", "Programme Manager", "l.romero@iom.example", 12),
    ("tuc", "Samuel Adeyemi", "International Secretary", "s.adeyemi@ktuc.example", 22),
    ("chamber", "Irina Novak", "Policy Adviser", "i.novak@kcc.example", 8),
]


def _add(context, key, **fields) -> Organisation:
    existing = db.session.execute(
        db.select(Organisation).where(
            Organisation.process_id == context.process.id, Organisation.name == fields["name"]
        )
    ).scalar_one_or_none()
    org = existing or Organisation(process_id=context.process.id, **fields)
    if existing is None:
        db.session.add(org)
    context.orgs[key] = org
    return org


def load_demo(process, context) -> None:
    orgs = context.orgs
    today = context.today
    for key, name, acronym, category, level, mandate, tags in EXTERNAL:
        _add(
            context,
            key,
            name=name,
            acronym=acronym,
            category=category,
            level=level,
            mandate=mandate,
            policy_tags=tags,
            in_core_group=False,
        )
    db.session.flush()

    for key, name, role, email, months in PEOPLE:
        registry.add_focal_point(
            orgs[key],
            name=name,
            role=role,
            email=email,
            started_on=today - timedelta(days=30 * months),
        )
    # Staff turnover: the immigration department's focal point moved on after the
    # situation analysis; her successor started a month ago.
    first = registry.add_focal_point(
        orgs["immigration"],
        name="Rania Saleh",
        role="Deputy Director, Residence Permits",
        email="r.saleh@doi.example",
        started_on=today - timedelta(days=400),
    )
    registry.add_focal_point(
        orgs["immigration"],
        name="Miriam Haddad",
        role="Head of Registers Unit",
        email="m.haddad@doi.example",
        started_on=today - timedelta(days=30),
        replaces=first,
        end_reason="Transferred to the embassy in Arland",
    )

    signer = context.users["coordinator"]
    for key, (p, i, imp, pos, leg, urg, current, target) in ASSESSMENTS.items():
        if key in ("police", "parliament", "chamber"):
            # An earlier assessment kept in the history: views changed since.
            registry.add_assessment(
                orgs[key],
                assessed_by=context.users["facilitator"],
                assessed_on=today - timedelta(days=120),
                power=p,
                interest=max(i - 2, 1),
                impact=imp,
                position=max(pos - 1, -2),
                legitimacy=leg,
                urgency=max(urg - 1, 1),
                current_engagement=None,
                target_engagement=target,
                note="First mapping at the inception workshop.",
            )
        registry.add_assessment(
            orgs[key],
            assessed_by=signer,
            assessed_on=today - timedelta(days=21),
            power=p,
            interest=i,
            impact=imp,
            position=pos,
            legitimacy=leg,
            urgency=urg,
            current_engagement=current,
            target_engagement=target,
            note="Reviewed by the core group after the situation analysis.",
        )

    for source, target, kind, mutual, strength in TIES:
        registry.add_tie(
            process.id,
            source_id=orgs[source].id,
            target_id=orgs[target].id,
            type=kind,
            mutual=mutual,
            strength=strength,
        )

    _consultations(process, context)


def _consultations(process, context) -> None:
    orgs, today = context.orgs, context.today
    plans = [
        (
            "Inception workshop with partners",
            "agenda",
            "workshop",
            "involve",
            -75,
            True,
            "Agree the issues for the agenda and the mapping of stakeholders.",
            {
                "interior": (3, 4),
                "immigration": (2, 1),
                "foreign": (1, 1),
                "labour": (2, 0),
                "justice": (1, 1),
                "stats": (0, 2),
                "iom": (1, 1),
                "eu": (1, 0),
                "unhcr": (1, 0),
            },
        ),
        (
            "Survey of migrant and diaspora associations",
            "analysis",
            "survey",
            "consult",
            -50,
            True,
            "How do associations see the main migration issues and their causes?",
            {
                "diasporaunion": (4, 6),
                "migrantworkers": (3, 9),
                "returnees": (2, 3),
                "refugeecouncil": (2, 1),
            },
        ),
        (
            "Focus group on labour migration",
            "analysis",
            "focus_group",
            "consult",
            -35,
            True,
            "Causes of irregular employment of migrant workers; recognition of skills.",
            {
                "chamber": (1, 2),
                "employers": (0, 2),
                "tuc": (2, 1),
                "migrantworkers": (1, 2),
                "inspectorate": (1, 1),
                "ilo": (1, 0),
                "labour": (2, 1),
            },
        ),
        (
            "Bilateral meeting with UNHCR on asylum data",
            "analysis",
            "bilateral",
            "consult",
            -28,
            True,
            "Asylum statistics and reception capacity for the situation analysis.",
            {"unhcr": (1, 1), "refugees": (1, 1), "stats": (1, 0)},
        ),
        (
            "Public hearing on the problem statement",
            "objectives",
            "public_hearing",
            "consult",
            -8,
            True,
            "Present the problem statement and the draft objectives; collect reactions.",
            {
                "refugeecouncil": (2, 1),
                "legalaid": (1, 1),
                "tuc": (1, 2),
                "university": (2, 1),
                "portaurel": (1, 1),
                "diasporaunion": (1, 1),
                "youth": (2, 2),
                "redcross": (1, 0),
            },
        ),
        (
            "Validation round table",
            "validation",
            "validation_round_table",
            "involve",
            95,
            False,
            "Review the draft policy and action plan before submission to cabinet.",
            {},
        ),
    ]
    made = {}
    for title, stage, method, level, offset, held, purpose, people in plans:
        consultation = consult.save_consultation(
            process.id,
            title=title,
            stage=stage,
            method=method,
            participation_level=level,
            purpose=purpose,
            starts_on=today + timedelta(days=offset),
            ends_on=today + timedelta(days=offset + (20 if method == "survey" else 0)),
            responsible="Daniel Okoro (MoI)",
            held=held,
            target_groups=", ".join(sorted({str(orgs[k].category) for k in people})),
            topics=purpose if held else "",
            minutes="Minutes circulated to participants one week after the meeting."
            if held
            else "",
        )
        for key, (women, men) in people.items():
            consult.set_participant(consultation, orgs[key].id, women=women, men=men)
        made[title] = consultation
    survey = made["Survey of migrant and diaspora associations"]
    hearing = made["Public hearing on the problem statement"]
    focus = made["Focus group on labour migration"]
    inputs = [
        (
            survey,
            "diasporaunion",
            "Remittance costs are the first concern of the diaspora.",
            "Problem tree",
            "accepted",
            "Added as a cause under 'Low development impact'.",
            -30,
        ),
        (
            survey,
            "migrantworkers",
            "Work permits take six months; employers hire informally.",
            "Problem tree",
            "accepted",
            "Added as a root cause with the permit processing time.",
            -30,
        ),
        (
            survey,
            "returnees",
            "Returnees cannot get their foreign diplomas recognised.",
            "Objectives",
            "partly_accepted",
            "Recognition covered for regulated professions only in this policy.",
            -30,
        ),
        (
            survey,
            "refugeecouncil",
            "Asylum seekers should have access to work after 3 months.",
            "Policy options",
            "not_accepted",
            "The core group kept 6 months, in line with the current law; to be reviewed in 2029.",
            -20,
        ),
        (
            focus,
            "chamber",
            "A seasonal work scheme would reduce irregular employment.",
            "Policy options",
            "accepted",
            "Included as option 2.3 for the MCA.",
            -15,
        ),
        (
            focus,
            "tuc",
            "Recruitment fees charged to workers must be banned.",
            "Instruments",
            "accepted",
            "Regulatory instrument on fair recruitment added.",
            -15,
        ),
        (
            focus,
            "employers",
            "The minimum wage should not apply to seasonal workers.",
            "Policy options",
            "not_accepted",
            "Contrary to the Labour Code and ILO conventions.",
            -15,
        ),
        (
            focus,
            "inspectorate",
            "Joint inspections with the Border Police need a legal basis.",
            "Situation analysis",
            "noted",
            "Passed to the Law Commission for review.",
            -15,
        ),
        (
            hearing,
            "university",
            "Baseline figures should use the 2025 labour force survey.",
            "Indicators",
            "accepted",
            "Baseline updated.",
            None,
        ),
        (
            hearing,
            "youth",
            "Youth emigration should be an objective of its own.",
            "Objectives",
            "partly_accepted",
            "Kept under the specific objective on legal pathways, with a youth indicator.",
            None,
        ),
        (
            hearing,
            "legalaid",
            "Detention of children must be ended.",
            "Objectives",
            "out_of_scope",
            "Covered by the Child Protection Act reform.",
            None,
        ),
        (
            hearing,
            "portaurel",
            "Municipalities need funds for integration services.",
            "Action plan",
            None,
            "",
            None,
        ),
        (
            hearing,
            "redcross",
            "Family tracing at borders is not mentioned anywhere.",
            "Problem tree",
            None,
            "",
            None,
        ),
    ]
    for consultation, key, text, concerns, disposition, why, sent in inputs:
        consult.save_input(
            process.id,
            consultation_id=consultation.id,
            organisation_id=orgs[key].id,
            text=text,
            concerns=concerns,
            disposition=disposition,
            justification=why,
            feedback_sent_on=today + timedelta(days=sent) if sent is not None else None,
        )
    for consultation, key, text, status, due in [
        (
            survey,
            "diasporaunion",
            "Share the summary of survey results with all associations.",
            "closed",
            -35,
        ),
        (
            focus,
            "tuc",
            "Send the draft fair-recruitment provisions for comment.",
            "in_progress",
            20,
        ),
        (
            hearing,
            "portaurel",
            "Cost the municipal integration services with the MoFEP.",
            "open",
            40,
        ),
        (
            focus,
            "migrantworkers",
            "Publish the work permit processing times every quarter.",
            "open",
            -5,
        ),
    ]:
        consult.save_commitment(
            process.id,
            consultation_id=consultation.id,
            organisation_id=orgs[key].id,
            text=text,
            status=status,
            due_on=today + timedelta(days=due),
            responsible="Department of Immigration" if key == "migrantworkers" else "Core group",
        )
