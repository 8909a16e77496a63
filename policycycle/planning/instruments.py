"""Policy instruments and their selection matrix. Services flush; the caller commits."""

from __future__ import annotations

from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.orm import joinedload

from facilitation.extensions import db
from facilitation.models import Organisation
from facilitation.validation import ValidationFailed, in_process
from policycycle.models import (
    INSTRUMENT_CRITERIA,
    Action,
    Instrument,
    InstrumentKind,
    InstrumentScore,
    Objective,
    ObjectiveLevel,
    OptionStatus,
    PolicyOption,
)

from .rules import mandate_mentions

CRITERION_KEYS = tuple(key for key, _label in INSTRUMENT_CRITERIA)
TEXT_FIELDS = ("title", "description", "legal_basis", "resources", "time_to_effect", "policy_area")


def instruments_of(process_id: int) -> list[Instrument]:
    """Every instrument with its option, lead institution and scores (three queries)."""
    return list(
        db.session.scalars(
            db.select(Instrument)
            .where(Instrument.process_id == process_id)
            .options(
                joinedload(Instrument.option),
                joinedload(Instrument.objective),
                joinedload(Instrument.lead_organisation),
            )
            .order_by(Instrument.kind, Instrument.id)
        )
    )


class Score(NamedTuple):
    score: int
    note: str


def scores_of(process_id: int) -> dict[int, dict[str, Score]]:
    """instrument id -> criterion -> (score, note) of the selection matrix, one query."""
    scores: dict[int, dict[str, Score]] = {}
    for instrument_id, criterion, score, note in db.session.execute(
        db.select(
            InstrumentScore.instrument_id,
            InstrumentScore.criterion,
            InstrumentScore.score,
            InstrumentScore.note,
        ).where(InstrumentScore.process_id == process_id)
    ):
        scores.setdefault(instrument_id, {})[criterion] = Score(score, note)
    return scores


def instruments_by_kind(process_id: int) -> dict[InstrumentKind, list[Instrument]]:
    """Public service: instruments grouped by kind (regulatory, financial, informational,
    organisational), every kind present even when empty, each list in creation order.
    Each instrument has ``option`` and ``lead_organisation`` loaded."""
    grouped: dict[InstrumentKind, list[Instrument]] = {kind: [] for kind in InstrumentKind}
    for instrument in instruments_of(process_id):
        grouped[InstrumentKind(instrument.kind)].append(instrument)
    return grouped


def action_counts(process_id: int) -> dict[int, int]:
    return dict(
        db.session.execute(
            db.select(Action.instrument_id, func.count(Action.id))
            .where(Action.process_id == process_id, Action.instrument_id.is_not(None))
            .group_by(Action.instrument_id)
        ).all()
    )


def preferred_options(process_id: int) -> list[PolicyOption]:
    return list(
        db.session.scalars(
            db.select(PolicyOption)
            .where(
                PolicyOption.process_id == process_id, PolicyOption.status == OptionStatus.PREFERRED
            )
            .options(joinedload(PolicyOption.objective))
            .order_by(PolicyOption.objective_id)
        )
    )


def save_instrument(
    process_id: int, data: dict, instrument: Instrument | None = None
) -> Instrument:
    """Create or update an instrument. It implements a preferred option of this process
    (``option_id``) or, when no options analysis was done, serves a specific objective
    directly (``objective_id``); its lead institution is one of the process's
    organisations."""
    option = in_process(
        PolicyOption, data.get("option_id"), process_id, "option_id", _("an option")
    )
    objective = in_process(
        Objective, data.get("objective_id"), process_id, "objective_id", _("an objective")
    )
    if option is None and objective is None:
        raise ValidationFailed(
            {
                "objective_id": _(
                    "Choose the objective it serves, or the preferred option it implements."
                )
            }
        )
    if objective is not None and objective.level != ObjectiveLevel.SPECIFIC:
        raise ValidationFailed({"objective_id": _("Choose a specific objective.")})
    if option is not None and option.status != OptionStatus.PREFERRED:
        raise ValidationFailed(
            {
                "option_id": _(
                    "Instruments implement a preferred option; mark the option preferred first."
                )
            }
        )
    lead = in_process(
        Organisation,
        data.get("lead_organisation_id"),
        process_id,
        "lead_organisation_id",
        _("an institution"),
    )
    kind = data.get("kind")
    if kind not in {k.value for k in InstrumentKind}:
        raise ValidationFailed({"kind": _("Choose one of the four kinds of instrument.")})
    title = (data.get("title") or "").strip()
    if not title:
        raise ValidationFailed({"title": _("Give the instrument a short title.")})
    cost = data.get("cost")
    if cost is not None and cost < 0:
        raise ValidationFailed({"cost": _("A cost cannot be negative.")})
    if instrument is None:
        instrument = Instrument(process_id=process_id)
        db.session.add(instrument)
    instrument.option_id = option.id if option else None
    instrument.objective_id = option.objective_id if option else objective.id
    instrument.lead_organisation_id = lead.id if lead else None
    instrument.kind = InstrumentKind(kind)
    instrument.cost = cost
    for key in TEXT_FIELDS:
        if key in data:
            setattr(instrument, key, (data.get(key) or "").strip())
    instrument.title = title
    db.session.flush()
    return instrument


def save_instrument_scores(
    instrument: Instrument, values: dict[str, tuple[int | None, str]]
) -> None:
    """The selection matrix row of one instrument: criterion -> (score 1..5 or None, note)."""
    existing = {
        s.criterion: s
        for s in db.session.scalars(
            db.select(InstrumentScore).where(
                InstrumentScore.process_id == instrument.process_id,
                InstrumentScore.instrument_id == instrument.id,
            )
        )
    }
    for criterion, (score, note) in values.items():
        if criterion not in CRITERION_KEYS:
            raise ValidationFailed(_("Unknown selection criterion."))
        current = existing.get(criterion)
        if score is None:
            if current is not None:
                db.session.delete(current)
            continue
        if not 1 <= int(score) <= 5:
            raise ValidationFailed({criterion: _("Score from 1 (poor) to 5 (strong).")})
        if current is None:
            db.session.add(
                InstrumentScore(
                    process_id=instrument.process_id,
                    instrument_id=instrument.id,
                    criterion=criterion,
                    score=int(score),
                    note=(note or "").strip(),
                )
            )
        else:
            current.score = int(score)
            current.note = (note or "").strip()
    db.session.flush()


def mandate_check(instrument: Instrument) -> tuple[str, list[str]]:
    """Compare the instrument's policy area with its lead institution's mandate and tags.

    Returns ``(state, words)`` with state ``"ok"`` (words found), ``"warning"`` (the
    mandate does not mention the area), ``"no_area"`` or ``"no_lead"``.
    """
    lead = instrument.lead_organisation
    if lead is None:
        return "no_lead", []
    found, words = mandate_mentions(instrument.policy_area, lead.mandate, lead.policy_tags)
    if found is None:
        return "no_area", []
    return ("ok" if found else "warning"), words


def instrument_dependents(instrument: Instrument) -> list[str]:
    rows = db.session.execute(
        db.select(Action.title).where(
            Action.process_id == instrument.process_id, Action.instrument_id == instrument.id
        )
    ).scalars()
    return [_("Activity “%(title)s”", title=title) for title in rows]


def delete_instrument(instrument: Instrument) -> None:
    dependents = instrument_dependents(instrument)
    if dependents:
        raise ValidationFailed(
            _(
                "This instrument cannot be deleted while activities implement it: %(list)s. "
                "Link them to another instrument or delete them first.",
                list="; ".join(dependents),
            )
        )
    db.session.delete(instrument)
    db.session.flush()


def instruments_with_scores(process_id: int):
    """(instrument, {criterion: score}, total, mandate state) rows for the matrix."""
    scores = scores_of(process_id)
    counts = action_counts(process_id)
    rows = []
    for instrument in instruments_of(process_id):
        own = scores.get(instrument.id, {})
        total = sum(s.score for s in own.values())
        rows.append(
            {
                "instrument": instrument,
                "scores": own,
                "total": total,
                "scored": len(own),
                "mandate": mandate_check(instrument),
                "actions": counts.get(instrument.id, 0),
            }
        )
    return rows
