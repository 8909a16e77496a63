"""Results of live activities (aggregates only, never who answered what), a
participant's own answers, and the votes the cycle's objects received in sessions."""

from __future__ import annotations

from facilitation.extensions import db
from policycycle.models import OptionScore

from . import rules
from .activities import criteria_of
from .models import (
    ActivityKind,
    AgendaItem,
    Evaluation,
    ItemState,
    Participant,
    Ranking,
    Rating,
    Vote,
)


def _labels(item: AgendaItem) -> dict[str, str]:
    return {c["key"]: c["label"] for c in item.choices or []}


def results(item: AgendaItem) -> dict | None:
    """The aggregated results of an activity (never who answered what)."""
    kind = ActivityKind(item.kind)
    base = {"item_id": item.id, "kind": kind.value}
    if kind == ActivityKind.DOT_VOTE:
        # Rows are (participant, choice, dots): plain tuples, no ORM objects, as results
        # are recomputed while a hundred people vote.
        allocations: dict[int, dict] = {}
        for participant_id, key, dots in db.session.execute(
            db.select(Vote.participant_id, Vote.choice_key, Vote.dots).where(
                Vote.item_id == item.id
            )
        ):
            allocations.setdefault(participant_id, {})[key] = dots
        labels = _labels(item)
        totals = rules.dot_totals(allocations.values(), item.choice_keys)
        for row in totals:
            row["label"] = labels.get(row["key"], row["key"])
        return {**base, "voters": len(allocations), "totals": totals}
    if kind == ActivityKind.RANKING:
        orderings = list(
            db.session.execute(
                db.select(Ranking.ordering).where(Ranking.item_id == item.id)
            ).scalars()
        )
        labels = _labels(item)
        ranked = rules.borda(orderings, item.choice_keys)
        for row in ranked:
            row["label"] = labels.get(row["key"], row["key"])
        return {**base, "voters": len(orderings), "ranking": ranked}
    if kind == ActivityKind.SCORING:
        return {**base, **_scoring_results(item)}
    if kind == ActivityKind.AGREEMENT:
        levels = db.session.execute(db.select(Rating.level).where(Rating.item_id == item.id))
        return {**base, **rules.agreement_spread(levels.scalars())}
    if kind == ActivityKind.EVALUATION:
        rows = db.session.execute(
            db.select(Evaluation).where(Evaluation.workshop_id == item.workshop_id)
        ).scalars()
        summary = rules.evaluation_summary(
            {d: getattr(e, d) for d in rules.EVALUATION_DIMENSIONS} for e in rows
        )
        return {**base, **summary}
    return None


def _scoring_results(item: AgendaItem) -> dict:
    option_ids = [int(k.split(":")[1]) for k in item.choice_keys]
    criteria = criteria_of(item.process_id)
    participant_keys = [
        f"participant:{pid}"
        for pid in db.session.execute(
            db.select(Participant.id).where(Participant.workshop_id == item.workshop_id)
        ).scalars()
    ]
    rows = db.session.execute(
        db.select(
            OptionScore.option_id,
            OptionScore.criterion_id,
            OptionScore.score,
            OptionScore.scorer_key,
        ).where(
            OptionScore.process_id == item.process_id,
            OptionScore.option_id.in_(option_ids),
            OptionScore.scorer_key.in_(participant_keys),
        )
    ).all()
    summary = rules.score_summary(
        ((r.option_id, r.criterion_id, r.score) for r in rows),
        {c.id: c.weight for c in criteria},
        option_ids,
    )
    labels = _labels(item)
    for row in summary:
        row["label"] = labels.get(f"option:{row['option_id']}", "")
        row["means"] = {str(k): v for k, v in row["means"].items()}
    return {
        "voters": len({r.scorer_key for r in rows}),
        "criteria": [{"id": c.id, "name": c.name, "weight": c.weight} for c in criteria],
        "options": summary,
    }


def answers_of(participant: Participant, item: AgendaItem):
    """What this participant has already sent to an activity (to restore their screen)."""
    kind = ActivityKind(item.kind)
    if kind == ActivityKind.DOT_VOTE:
        return {
            v.choice_key: v.dots
            for v in db.session.execute(
                db.select(Vote).where(
                    Vote.item_id == item.id, Vote.participant_id == participant.id
                )
            ).scalars()
        }
    if kind == ActivityKind.RANKING:
        return db.session.scalar(
            db.select(Ranking.ordering).where(
                Ranking.item_id == item.id, Ranking.participant_id == participant.id
            )
        )
    if kind == ActivityKind.SCORING:
        option_ids = [int(k.split(":")[1]) for k in item.choice_keys]
        return {
            rules.score_key(s.option_id, s.criterion_id): s.score
            for s in db.session.execute(
                db.select(OptionScore).where(
                    OptionScore.process_id == item.process_id,
                    OptionScore.scorer_key == participant.scorer_key,
                    OptionScore.option_id.in_(option_ids),
                )
            ).scalars()
        }
    if kind == ActivityKind.AGREEMENT:
        return db.session.scalar(
            db.select(Rating.level).where(
                Rating.item_id == item.id, Rating.participant_id == participant.id
            )
        )
    return None


def workshop_results_for(process_id: int, object_type: str, ids) -> dict[int, list[dict]]:
    """Dot votes and Borda points the cycle's objects received in this process's sessions.

    ``object_type`` is one of issue, swot, cause, objective, option, instrument, action.
    Returns {object_id: [{"workshop_id", "workshop_title", "kind", "dots"|"points"}]}.
    """
    wanted = {f"{object_type}:{int(i)}": int(i) for i in ids}
    found: dict[int, list[dict]] = {}
    items = db.session.execute(
        db.select(AgendaItem).where(
            AgendaItem.process_id == process_id,
            AgendaItem.kind.in_([ActivityKind.DOT_VOTE, ActivityKind.RANKING]),
            AgendaItem.source_item_id.is_(None),
            AgendaItem.state == ItemState.CLOSED,
        )
    ).scalars()
    for item in items:
        if not wanted.keys() & set(item.choice_keys):
            continue
        outcome = results(item)
        rows = outcome.get("totals") or outcome.get("ranking") or []
        for row in rows:
            if row["key"] in wanted:
                found.setdefault(wanted[row["key"]], []).append(
                    {
                        "workshop_id": item.workshop_id,
                        "workshop_title": item.workshop.title,
                        "kind": outcome["kind"],
                        "dots": row.get("dots"),
                        "points": row.get("points"),
                    }
                )
    return found
