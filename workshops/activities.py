"""Live activities: opening and closing them, what participants send in, moderation and
results. Services flush; the socket handler commits once and then emits."""

from __future__ import annotations

from flask_babel import gettext as _

from facilitation.extensions import db
from facilitation.mixins import utcnow
from policycycle.models import (
    SCORE_MAX,
    SCORE_MIN,
    Action,
    Criterion,
    Instrument,
    NodeKind,
    Objective,
    OptionScore,
    PolicyIssue,
    PolicyOption,
    ProblemNode,
    Quadrant,
    SwotItem,
)

from . import rules
from .models import (
    ActivityKind,
    AgendaItem,
    Contribution,
    CycleTarget,
    Evaluation,
    ItemState,
    Participant,
    Ranking,
    Rating,
    Vote,
    Workshop,
    WorkshopStatus,
)
from .rules import RuleBroken

# --- Boards and choices -----------------------------------------------------------------


def board_columns(item: AgendaItem) -> list[dict]:
    """The columns of a brainstorm board, by the part of the cycle it feeds."""
    feeds = CycleTarget(item.feeds)
    if feeds == CycleTarget.SWOT:
        return [{"key": q.value, "label": q.label} for q in Quadrant]
    single = {
        CycleTarget.ISSUES: ("issue", _("Issues")),
        CycleTarget.CAUSES: ("cause", _("Causes")),
        CycleTarget.OBJECTIVES: ("objective", _("Objectives")),
        CycleTarget.OPTION_SCORING: ("option", _("Policy options")),
        CycleTarget.INSTRUMENTS: ("instrument", _("Instruments")),
        CycleTarget.ACTION_PLAN: ("action", _("Comments on the action plan")),
        CycleTarget.DRAFT_REVIEW: ("comment", _("Comments on the draft")),
    }.get(feeds, ("idea", _("Ideas")))
    return [{"key": single[0], "label": single[1]}]


def _cycle_choices(item: AgendaItem) -> list[dict]:
    pid = item.process_id

    def rows(stmt):
        return list(db.session.execute(stmt).scalars())

    feeds = CycleTarget(item.feeds)
    if feeds == CycleTarget.ISSUES:
        found = rows(
            db.select(PolicyIssue).where(PolicyIssue.process_id == pid).order_by(PolicyIssue.id)
        )
        return [{"key": f"issue:{o.id}", "label": o.title} for o in found]
    if feeds == CycleTarget.SWOT:
        found = rows(
            db.select(SwotItem)
            .where(SwotItem.process_id == pid, SwotItem.merged_into_id.is_(None))
            .order_by(SwotItem.quadrant, SwotItem.position, SwotItem.id)
        )
        return [{"key": f"swot:{o.id}", "label": f"{o.quadrant}: {o.statement}"} for o in found]
    if feeds == CycleTarget.CAUSES:
        found = rows(
            db.select(ProblemNode)
            .where(ProblemNode.process_id == pid, ProblemNode.kind == NodeKind.CAUSE)
            .order_by(ProblemNode.position, ProblemNode.id)
        )
        return [{"key": f"cause:{o.id}", "label": o.text} for o in found]
    if feeds == CycleTarget.OBJECTIVES:
        found = rows(
            db.select(Objective)
            .where(Objective.process_id == pid)
            .order_by(Objective.position, Objective.id)
        )
        return [{"key": f"objective:{o.id}", "label": o.title} for o in found]
    if feeds == CycleTarget.OPTION_SCORING:
        stmt = db.select(PolicyOption).where(PolicyOption.process_id == pid)
        if item.objective_id:
            stmt = stmt.where(PolicyOption.objective_id == item.objective_id)
        found = rows(stmt.order_by(PolicyOption.id))
        return [{"key": f"option:{o.id}", "label": o.title} for o in found]
    if feeds == CycleTarget.INSTRUMENTS:
        found = rows(
            db.select(Instrument).where(Instrument.process_id == pid).order_by(Instrument.id)
        )
        return [{"key": f"instrument:{o.id}", "label": o.title} for o in found]
    if feeds == CycleTarget.ACTION_PLAN:
        found = rows(
            db.select(Action).where(Action.process_id == pid).order_by(Action.position, Action.id)
        )
        return [{"key": f"action:{o.id}", "label": f"{o.code} {o.title}".strip()} for o in found]
    return []


def scored_options(item: AgendaItem) -> list[PolicyOption]:
    """The options a scoring activity scores: its objective's, except the baseline (0)."""
    return list(
        db.session.execute(
            db.select(PolicyOption)
            .where(
                PolicyOption.process_id == item.process_id,
                PolicyOption.objective_id == item.objective_id,
                PolicyOption.is_baseline.is_(False),
            )
            .order_by(PolicyOption.id)
        ).scalars()
    )


def criteria_of(process_id: int) -> list[Criterion]:
    return list(
        db.session.execute(
            db.select(Criterion)
            .where(Criterion.process_id == process_id)
            .order_by(Criterion.position, Criterion.id)
        ).scalars()
    )


def build_choices(item: AgendaItem) -> list[dict]:
    kind = ActivityKind(item.kind)
    if kind == ActivityKind.SCORING:
        return [{"key": f"option:{o.id}", "label": o.title} for o in scored_options(item)]
    if kind not in (ActivityKind.DOT_VOTE, ActivityKind.RANKING):
        return []
    if item.source_item_id:
        ideas = db.session.execute(
            db.select(Contribution)
            .where(
                Contribution.item_id == item.source_item_id,
                Contribution.hidden.is_(False),
                Contribution.merged_into_id.is_(None),
            )
            .order_by(Contribution.id)
        ).scalars()
        return [{"key": f"contribution:{c.id}", "label": c.text} for c in ideas]
    return _cycle_choices(item)


def _has_answers(item: AgendaItem) -> bool:
    for model in (Vote, Ranking, Rating):
        if db.session.scalar(db.select(model.id).where(model.item_id == item.id).limit(1)):
            return True
    return False


# --- Opening, closing, revealing ------------------------------------------------------------


def open_item(workshop: Workshop, item: AgendaItem) -> list[AgendaItem]:
    """Open an activity and put it on every screen. One activity is open at a time: any
    other open activity closes (its late answers are then refused). Returns the items
    whose state changed, the opened one first."""
    if workshop.status == WorkshopStatus.CLOSED:
        raise RuleBroken("session_closed")
    kind = ActivityKind(item.kind)
    if kind in (ActivityKind.DOT_VOTE, ActivityKind.RANKING, ActivityKind.SCORING) and not (
        item.choices and _has_answers(item)
    ):
        item.choices = build_choices(item)
        if not item.choices or (
            kind == ActivityKind.SCORING and not criteria_of(workshop.process_id)
        ):
            raise RuleBroken("no_choices")
    if workshop.status == WorkshopStatus.PLANNED:
        workshop.status = WorkshopStatus.LIVE
        workshop.started_at = utcnow()
    changed = [item]
    for other in workshop.items:
        if other.id != item.id and other.state == ItemState.OPEN:
            other.state = ItemState.CLOSED
            other.closed_at = utcnow()
            changed.append(other)
    item.state = ItemState.OPEN
    item.opened_at = item.opened_at or utcnow()
    item.closed_at = None
    workshop.current_item_id = item.id
    db.session.flush()
    return changed


def close_item(item: AgendaItem) -> AgendaItem:
    if item.state == ItemState.OPEN:
        item.state = ItemState.CLOSED
        item.closed_at = utcnow()
        db.session.flush()
    return item


def set_revealed(item: AgendaItem, revealed: bool) -> AgendaItem:
    item.results_revealed = bool(revealed)
    db.session.flush()
    return item


# --- What participants send in ------------------------------------------------------------------


def _accepting(item: AgendaItem, kind: ActivityKind) -> None:
    if ActivityKind(item.kind) != kind:
        raise RuleBroken("wrong_activity")
    if item.state == ItemState.CLOSED:
        raise RuleBroken("activity_closed")
    if item.state != ItemState.OPEN:
        raise RuleBroken("activity_not_open")
    if item.workshop.status == WorkshopStatus.CLOSED:
        raise RuleBroken("activity_closed")


def submit_idea(participant: Participant, item: AgendaItem, text, column) -> Contribution:
    _accepting(item, ActivityKind.BRAINSTORM)
    columns = [c["key"] for c in board_columns(item)]
    if column in (None, "") and len(columns) == 1:
        column = columns[0]
    if column not in columns:
        raise RuleBroken("unknown_column")
    # An anonymous idea keeps no link to its author, not even in the audit trail.
    idea = Contribution(
        process_id=item.process_id,
        item_id=item.id,
        participant_id=None if item.anonymous else participant.id,
        board_column=column,
        text=rules.clean_text(text, rules.MAX_IDEA),
        anonymous=item.anonymous,
    )
    db.session.add(idea)
    db.session.flush()
    return idea


def cast_dots(participant: Participant, item: AgendaItem, allocation) -> dict:
    """Replace the participant's whole allocation of dots."""
    _accepting(item, ActivityKind.DOT_VOTE)
    clean = rules.validate_dots(allocation, item.choice_keys, item.dots, item.max_per_choice)
    existing = {
        v.choice_key: v
        for v in db.session.execute(
            db.select(Vote).where(Vote.item_id == item.id, Vote.participant_id == participant.id)
        ).scalars()
    }
    for key, vote in existing.items():
        if key not in clean:
            db.session.delete(vote)
        elif vote.dots != clean[key]:
            vote.dots = clean[key]
    for key, count in clean.items():
        if key not in existing:
            db.session.add(
                Vote(
                    process_id=item.process_id,
                    item_id=item.id,
                    participant_id=participant.id,
                    choice_key=key,
                    dots=count,
                )
            )
    db.session.flush()
    return clean


def submit_ranking(participant: Participant, item: AgendaItem, order) -> list[str]:
    _accepting(item, ActivityKind.RANKING)
    clean = rules.validate_ranking(order, item.choice_keys)
    ranking = db.session.execute(
        db.select(Ranking).where(
            Ranking.item_id == item.id, Ranking.participant_id == participant.id
        )
    ).scalar_one_or_none()
    if ranking is None:
        ranking = Ranking(
            process_id=item.process_id,
            item_id=item.id,
            participant_id=participant.id,
            ordering=clean,
        )
        db.session.add(ranking)
    else:
        ranking.ordering = clean
    db.session.flush()
    return clean


def submit_scores(participant: Participant, item: AgendaItem, scores) -> dict:
    """Scores feed the options stage as OptionScore rows keyed ``participant:<id>``."""
    _accepting(item, ActivityKind.SCORING)
    option_ids = [int(k.split(":")[1]) for k in item.choice_keys]
    criterion_ids = [c.id for c in criteria_of(item.process_id)]
    clean = rules.validate_scores(scores, option_ids, criterion_ids, SCORE_MIN, SCORE_MAX)
    existing = {
        rules.score_key(s.option_id, s.criterion_id): s
        for s in db.session.execute(
            db.select(OptionScore).where(
                OptionScore.process_id == item.process_id,
                OptionScore.scorer_key == participant.scorer_key,
                OptionScore.option_id.in_(option_ids),
            )
        ).scalars()
    }
    for key, value in clean.items():
        option_id, criterion_id = (int(part) for part in key.split(":"))
        row = existing.get(key)
        if row is None:
            db.session.add(
                OptionScore(
                    process_id=item.process_id,
                    option_id=option_id,
                    criterion_id=criterion_id,
                    scorer_key=participant.scorer_key,
                    scorer_name=participant.label[:120],
                    score=value,
                    note=_("Workshop: %(title)s", title=item.workshop.title)[:500],
                )
            )
        elif row.score != value:
            row.score = value
    db.session.flush()
    return clean


def submit_agreement(participant: Participant, item: AgendaItem, level) -> int:
    _accepting(item, ActivityKind.AGREEMENT)
    level = rules.as_int(level, lo=1, hi=rules.AGREEMENT_LEVELS)
    rating = db.session.execute(
        db.select(Rating).where(Rating.item_id == item.id, Rating.participant_id == participant.id)
    ).scalar_one_or_none()
    if rating is None:
        db.session.add(
            Rating(
                process_id=item.process_id,
                item_id=item.id,
                participant_id=participant.id,
                level=level,
            )
        )
    else:
        rating.level = level
    db.session.flush()
    return level


def open_evaluation(workshop: Workshop) -> AgendaItem | None:
    for item in workshop.items:
        if item.kind == ActivityKind.EVALUATION and item.state == ItemState.OPEN:
            return item
    return None


def submit_evaluation(participant: Participant, answers) -> Evaluation:
    workshop = participant.workshop
    item = open_evaluation(workshop)
    if item is None:
        evaluation_items = [i for i in workshop.items if i.kind == ActivityKind.EVALUATION]
        closed = any(i.state == ItemState.CLOSED for i in evaluation_items)
        raise RuleBroken("activity_closed" if closed else "activity_not_open")
    clean = rules.validate_evaluation(answers)
    evaluation = evaluation_of(participant)
    if evaluation is None:
        evaluation = Evaluation(
            process_id=workshop.process_id,
            workshop_id=workshop.id,
            participant_id=participant.id,
            **clean,
        )
        db.session.add(evaluation)
    else:
        for key, value in clean.items():
            setattr(evaluation, key, value)
    db.session.flush()
    return evaluation


def evaluation_of(participant: Participant) -> Evaluation | None:
    return db.session.execute(
        db.select(Evaluation).where(
            Evaluation.workshop_id == participant.workshop_id,
            Evaluation.participant_id == participant.id,
        )
    ).scalar_one_or_none()


# --- Moderation (facilitator only; the socket handler checks the right) ---------------------------


def idea_of(workshop: Workshop, contribution_id) -> Contribution:
    try:
        contribution_id = int(contribution_id)
    except (TypeError, ValueError):
        raise RuleBroken("no_such_idea") from None
    idea = db.session.get(Contribution, contribution_id)
    if idea is None or idea.item.workshop_id != workshop.id:
        raise RuleBroken("no_such_idea")
    return idea


def _card(idea: Contribution) -> rules.Card:
    return rules.Card(idea.id, idea.hidden, idea.merged_into_id)


def moderate(workshop: Workshop, payload: dict) -> list[Contribution]:
    """Apply one moderation action; returns the ideas that changed."""
    if not isinstance(payload, dict):
        raise RuleBroken("malformed")
    idea = idea_of(workshop, payload.get("contribution_id"))
    action = payload.get("action")
    changed = [idea]
    if action == "hide":
        idea.hidden = True
    elif action == "show":
        idea.hidden = False
    elif action == "edit":
        idea.text = rules.clean_text(payload.get("text"), rules.MAX_IDEA)
        idea.edited = True
    elif action == "cluster":
        idea.cluster = rules.clean_cluster(payload.get("cluster"))
    elif action == "move":
        if payload.get("column") not in [c["key"] for c in board_columns(idea.item)]:
            raise RuleBroken("unknown_column")
        idea.board_column = payload["column"]
    elif action == "merge":
        target = idea_of(workshop, payload.get("into"))
        rules.check_merge(_card(idea), _card(target))
        idea.merged_into_id = target.id
        changed.append(target)
    elif action == "unmerge":
        idea.merged_into_id = None
    else:
        raise RuleBroken("malformed")
    db.session.flush()
    return changed
