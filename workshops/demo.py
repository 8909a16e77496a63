"""Demo data: one past session of the Kestria process (attendance, ideas accepted into
the SWOT and the problem tree, a dot vote, a gradient of agreement, option scores and
the evaluation) and one planned session ready to run."""

from __future__ import annotations

from datetime import timedelta

from facilitation.audit import acting_as
from facilitation.extensions import db
from facilitation.mixins import utcnow
from policycycle.models import Objective, ObjectiveLevel, PolicyOption

from . import activities, intake, records, services
from .models import ActivityKind, CycleTarget, ItemState, Sex, WorkshopStatus

PEOPLE = [
    ("Amina Diallo", "interior", Sex.FEMALE),
    ("Thomas Reuben", "immigration", Sex.MALE),
    ("Sara Kowalczyk", "refugees", Sex.FEMALE),
    ("Ibrahim Sesay", "police", Sex.MALE),
    ("Nadia Rahman", "foreign", Sex.FEMALE),
    ("Kofi Asante", "diaspora", Sex.MALE),
    ("Lucia Moreno", "labour", Sex.FEMALE),
    ("Peter Lindqvist", "stats", Sex.MALE),
    ("Esther Banda", "justice", Sex.FEMALE),
    ("Hamid Karimi", "lawcom", Sex.NOT_STATED),
    ("Ruth Achieng", "finance", Sex.FEMALE),
    ("Samuel Ncube", "health", Sex.MALE),
]
SWOT_IDEAS = [
    ("S", "A lead ministry with a clear mandate for migration governance", True),
    ("S", "Statistics office already runs a labour force survey with a migration module", True),
    ("W", "No shared register of foreigners between immigration and police", True),
    ("W", "Work permit procedures take more than six months", True),
    ("W", "Focal points change often; knowledge is lost", False),
    ("O", "Diaspora remittances grew by a third in five years", True),
    ("O", "Regional free-movement protocol under negotiation", False),
    ("T", "Irregular recruitment agencies operating online", True),
    ("T", "Donor funding for the migration unit ends next year", False),
    ("T", "Work permits take too long", False),  # merged into the W duplicate
]
CAUSE_IDEAS = [
    "Data on emigration is not collected at the border",
    "Labour attachés abroad have no mandate to check recruiters",
]


def load(process, context) -> None:
    with acting_as(context.users["facilitator"].id):
        past = _past_session(process, context)
        _planned_session(process, context)
        db.session.flush()
        if records.consultation_service() is not None:
            records.record_as_consultation(past)
        db.session.flush()


def _participants(workshop, context):
    people = []
    for name, org_key, sex in PEOPLE:
        org = context.orgs.get(org_key)
        person, _token = services.join(
            workshop, name=name, institution=org.name if org else "", sex=sex
        )
        people.append(person)
    return people


def _past_session(process, context):
    facilitator = context.users["facilitator"]
    workshop = services.create_workshop(
        process.id,
        facilitator,
        title="Situation analysis workshop",
        session_date=context.today - timedelta(days=21),
        venue="Ministry of Interior, conference room B",
        purpose="Build the SWOT of migration governance and agree the problem statement.",
    )
    intro = services.save_item(
        workshop, title="Welcome and purpose", duration_minutes=15, kind=ActivityKind.DISCUSSION
    )
    swot = services.save_item(
        workshop,
        title="SWOT of migration governance",
        duration_minutes=45,
        kind=ActivityKind.BRAINSTORM,
        feeds=CycleTarget.SWOT,
    )
    causes = services.save_item(
        workshop,
        title="Causes of weak labour migration management",
        duration_minutes=20,
        kind=ActivityKind.BRAINSTORM,
        feeds=CycleTarget.CAUSES,
        anonymous=True,
    )
    vote = services.save_item(
        workshop,
        title="Which weaknesses matter most?",
        duration_minutes=15,
        kind=ActivityKind.DOT_VOTE,
        feeds=CycleTarget.SWOT,
        dots=3,
        max_per_choice=2,
        source_item_id=swot.id,
    )
    agreement = services.save_item(
        workshop,
        title="Problem statement: first sentence",
        duration_minutes=15,
        kind=ActivityKind.AGREEMENT,
        feeds=CycleTarget.DRAFT_REVIEW,
        statement="Kestria lacks a coordinated system to manage labour emigration, so "
        "recruitment abuses go undetected and remittance potential is lost.",
    )
    scoring = _scoring_item(workshop, process)
    evaluation = services.save_item(
        workshop, title="Evaluation", duration_minutes=10, kind=ActivityKind.EVALUATION
    )
    people = _participants(workshop, context)
    rng = context.rng

    activities.open_item(workshop, intro)
    activities.close_item(intro)
    activities.open_item(workshop, swot)
    ideas = []
    for n, (quadrant, text, _accept) in enumerate(SWOT_IDEAS):
        ideas.append(activities.submit_idea(people[n % len(people)], swot, text, quadrant))
    activities.moderate(
        workshop, {"contribution_id": ideas[-1].id, "action": "merge", "into": ideas[3].id}
    )
    activities.moderate(
        workshop,
        {"contribution_id": ideas[2].id, "action": "cluster", "cluster": "Data and registers"},
    )
    activities.close_item(swot)
    for idea, (_q, _t, accept) in zip(ideas, SWOT_IDEAS, strict=True):
        if accept:
            intake.accept(workshop, idea, context.users["facilitator"], {})

    activities.open_item(workshop, causes)
    for n, text in enumerate(CAUSE_IDEAS):
        cause = activities.submit_idea(people[n + 3], causes, text, "cause")
        intake.accept(workshop, cause, context.users["facilitator"], {})
    activities.close_item(causes)

    activities.open_item(workshop, vote)
    keys = vote.choice_keys
    for person in people:
        picks = rng.sample(keys, k=min(2, len(keys)))
        activities.cast_dots(
            person, vote, {picks[0]: 2, picks[-1]: 1} if picks[0] != picks[-1] else {picks[0]: 2}
        )
    activities.close_item(vote)
    activities.set_revealed(vote, True)

    activities.open_item(workshop, agreement)
    for person in people:
        activities.submit_agreement(person, agreement, rng.choice([1, 1, 2, 2, 3, 3, 5, 6]))
    activities.close_item(agreement)
    activities.set_revealed(agreement, True)

    if scoring is not None:
        activities.open_item(workshop, scoring)
        criteria = activities.criteria_of(process.id)
        for person in people[:8]:
            scores = {
                f"{key.split(':')[1]}:{criterion.id}": rng.randint(-1, 3)
                for key in scoring.choice_keys
                for criterion in criteria
            }
            activities.submit_scores(person, scoring, scores)
        activities.close_item(scoring)
        activities.set_revealed(scoring, True)

    activities.open_item(workshop, evaluation)
    for person in people[:10]:
        activities.submit_evaluation(
            person,
            {
                "relevance": rng.choice([4, 5, 5]),
                "usefulness": rng.choice([3, 4, 5]),
                "expertise": rng.choice([4, 5]),
                "organisation": rng.choice([3, 4, 4, 5]),
                "comments": rng.choice(
                    [
                        "",
                        "",
                        "More time for the problem tree, please.",
                        "Very useful to hear the statistics office.",
                    ]
                ),
            },
        )
    activities.close_item(evaluation)

    started = utcnow() - timedelta(days=21)
    workshop.status = WorkshopStatus.CLOSED
    workshop.started_at = started
    workshop.ended_at = started + timedelta(hours=3)
    workshop.join_locked = True
    workshop.current_item_id = None
    for item in workshop.items:
        if item.state == ItemState.OPEN:
            item.state = ItemState.CLOSED
    db.session.flush()
    return workshop


def _scoring_item(workshop, process):
    for objective in db.session.execute(
        db.select(Objective)
        .where(Objective.process_id == process.id, Objective.level == ObjectiveLevel.SPECIFIC)
        .order_by(Objective.id)
    ).scalars():
        has_options = db.session.scalar(
            db.select(PolicyOption.id)
            .where(PolicyOption.objective_id == objective.id, PolicyOption.is_baseline.is_(False))
            .limit(1)
        )
        if has_options and activities.criteria_of(process.id):
            return services.save_item(
                workshop,
                title=f"Score the options: {objective.title[:120]}",
                duration_minutes=30,
                kind=ActivityKind.SCORING,
                feeds=CycleTarget.OPTION_SCORING,
                objective_id=objective.id,
            )
    return None


def _planned_session(process, context):
    workshop = services.create_workshop(
        process.id,
        context.users["facilitator"],
        title="Options and instruments workshop",
        session_date=context.today + timedelta(days=9),
        venue="National Statistics Office, hall 2",
        purpose="Brainstorm policy options, rank the instruments and review the action plan.",
    )
    services.save_item(
        workshop,
        title="Recap of the problem tree",
        duration_minutes=15,
        kind=ActivityKind.DISCUSSION,
    )
    services.save_item(
        workshop,
        title="Issues still missing from the agenda",
        duration_minutes=20,
        kind=ActivityKind.BRAINSTORM,
        feeds=CycleTarget.ISSUES,
    )
    services.save_item(
        workshop,
        title="Rank the candidate instruments",
        duration_minutes=20,
        kind=ActivityKind.RANKING,
        feeds=CycleTarget.INSTRUMENTS,
    )
    services.save_item(
        workshop,
        title="Which actions need more work?",
        duration_minutes=20,
        kind=ActivityKind.DOT_VOTE,
        feeds=CycleTarget.ACTION_PLAN,
        dots=5,
        max_per_choice=2,
    )
    services.save_item(
        workshop, title="Evaluation", duration_minutes=10, kind=ActivityKind.EVALUATION
    )
    return workshop
