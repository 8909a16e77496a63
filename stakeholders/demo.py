"""Demo stakeholders for the Kestria process: external stakeholders across categories,
focal points (one replaced), assessments, ties, consultations with participants and
inputs, commitments (one overdue). Adds its organisations to ``context.orgs``."""

from __future__ import annotations

from datetime import timedelta

from facilitation.extensions import db
from facilitation.models import Organisation

from . import consultations as consult
from . import registry
from .demo_data import ASSESSMENTS, EXTERNAL, PEOPLE, TIES


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
