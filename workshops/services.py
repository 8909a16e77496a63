"""Workshop sessions: planning, joining, and running the agenda. Services flush; the view
or socket handler commits once and then emits.

Public functions used by other packages:

- ``provenance_for(process_id, object_type, ids)`` (in ``intake``): which workshop
  ideas an artefact came from.
- ``workshop_results_for(process_id, object_type, ids)`` (in ``activities``): dot votes
  and Borda points the cycle's objects received in sessions.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func

from facilitation.extensions import db
from facilitation.mixins import utcnow
from facilitation.models import Organisation
from facilitation.scoped import get_in_process
from facilitation.sorting import sorted_by_name
from facilitation.validation import ValidationFailed
from policycycle import workshop_links

from . import rules
from .models import (
    ActivityKind,
    AgendaItem,
    CycleTarget,
    ItemState,
    Participant,
    Sex,
    Workshop,
    WorkshopStatus,
)
from .rules import RuleBroken

TIMER_MIN, TIMER_MAX = 10, 2 * 60 * 60


# --- Lookup, always scoped by process or by the session --------------------------------


def workshops_of(process_id: int) -> list[Workshop]:
    return list(
        db.session.execute(
            db.select(Workshop)
            .where(Workshop.process_id == process_id)
            .order_by(Workshop.session_date.desc(), Workshop.id.desc())
        ).scalars()
    )


def get_workshop(process_id: int, workshop_id) -> Workshop | None:
    return get_in_process(Workshop, workshop_id, process_id)


def workshop_by_code(code: str) -> Workshop | None:
    code = rules.normalise_code(code)
    if not code:
        return None
    return db.session.execute(db.select(Workshop).where(Workshop.code == code)).scalar_one_or_none()


def item_of(workshop: Workshop, item_id) -> AgendaItem:
    """An agenda item of THIS session, or RuleBroken."""
    try:
        item_id = int(item_id)
    except (TypeError, ValueError):
        raise RuleBroken("no_such_activity") from None
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.workshop_id != workshop.id:
        raise RuleBroken("no_such_activity")
    return item


# --- Planning ------------------------------------------------------------------------------


def _unique_code() -> str:
    for _attempt in range(50):
        code = rules.generate_code()
        if not db.session.scalar(db.select(func.count(Workshop.id)).where(Workshop.code == code)):
            return code
    raise RuntimeError("Could not find a free join code")


def create_workshop(
    process_id: int, user, *, title: str, session_date: date, venue: str = "", purpose: str = ""
) -> Workshop:
    workshop = Workshop(
        process_id=process_id,
        title=title.strip(),
        session_date=session_date,
        venue=venue.strip(),
        purpose=purpose.strip(),
        code=_unique_code(),
        created_by_id=getattr(user, "id", None),
    )
    db.session.add(workshop)
    db.session.flush()
    return workshop


def update_workshop(
    workshop: Workshop, *, title: str, session_date: date, venue: str = "", purpose: str = ""
) -> Workshop:
    workshop.title = title.strip()
    workshop.session_date = session_date
    workshop.venue = venue.strip()
    workshop.purpose = purpose.strip()
    db.session.flush()
    return workshop


def _check_item_links(
    workshop: Workshop,
    kind: ActivityKind,
    source_item_id,
    objective_id,
    item: AgendaItem | None = None,
) -> tuple[int | None, int | None]:
    source = None
    if source_item_id:
        source = db.session.get(AgendaItem, int(source_item_id))
        if (
            source is None
            or source.workshop_id != workshop.id
            or source.kind != (ActivityKind.BRAINSTORM)
        ):
            raise ValidationFailed({"source_item_id": _("Choose a brainstorm of this session.")})
        if item is not None and source.id == item.id:
            raise ValidationFailed({"source_item_id": _("An activity cannot vote on itself.")})
    objective = None
    if objective_id not in (None, "", 0):
        objective = next(
            (
                o
                for o in workshop_links.objectives(workshop.process_id)
                if o.id == int(objective_id)
            ),
            None,
        )
        if objective is None:
            raise ValidationFailed(
                {"objective_id": _("Choose %(what)s from this process.", what=_("an objective"))}
            )
        specific = workshop_links.objectives(workshop.process_id, specific_only=True)
        if objective not in specific:
            raise ValidationFailed({"objective_id": _("Choose a specific objective.")})
    if kind == ActivityKind.SCORING and objective is None:
        raise ValidationFailed(
            {"objective_id": _("Scoring needs the specific objective whose options are scored.")}
        )
    return (source.id if source else None), (objective.id if objective else None)


def save_item(workshop: Workshop, item: AgendaItem | None = None, **fields) -> AgendaItem:
    """Create or update an agenda item from validated form data."""
    kind = ActivityKind(fields["kind"])
    source_id, objective_id = _check_item_links(
        workshop, kind, fields.get("source_item_id"), fields.get("objective_id"), item
    )
    if kind in (ActivityKind.DOT_VOTE, ActivityKind.RANKING) and fields.get("dots", 3) < 1:
        raise ValidationFailed({"dots": _("Give each participant at least one dot.")})
    if kind == ActivityKind.AGREEMENT and not (fields.get("statement") or "").strip():
        raise ValidationFailed({"statement": _("Write the statement or clause to test.")})
    if item is None:
        position = (max((i.position for i in workshop.items), default=0)) + 1
        item = AgendaItem(
            process_id=workshop.process_id, workshop_id=workshop.id, position=position
        )
        db.session.add(item)
    elif item.state != ItemState.PENDING and item.kind != kind:
        raise ValidationFailed({"kind": _("An activity that has started cannot change its kind.")})
    item.title = fields["title"].strip()
    item.duration_minutes = fields.get("duration_minutes") or 15
    item.kind = kind
    item.feeds = CycleTarget(fields.get("feeds") or CycleTarget.NONE)
    item.anonymous = bool(fields.get("anonymous"))
    item.dots = fields.get("dots") or 3
    item.max_per_choice = fields.get("max_per_choice") or item.dots
    item.statement = (fields.get("statement") or "").strip()
    item.source_item_id = source_id
    item.objective_id = objective_id
    db.session.flush()
    if item not in workshop.items:
        workshop.items.append(item)
    return item


def delete_item(workshop: Workshop, item: AgendaItem) -> None:
    if item.state != ItemState.PENDING:
        raise ValidationFailed(
            _("An activity that has started keeps its record; it cannot be deleted.")
        )
    if workshop.current_item_id == item.id:
        workshop.current_item_id = None
    db.session.delete(item)
    db.session.flush()
    for position, other in enumerate(i for i in workshop.items if i.id != item.id):
        other.position = position + 1
    db.session.flush()


def move_item(workshop: Workshop, item: AgendaItem, direction: int) -> None:
    items = list(workshop.items)
    index = items.index(item)
    other = index + (1 if direction > 0 else -1)
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        for position, each in enumerate(items):
            each.position = position + 1
        db.session.flush()


def delete_workshop(workshop: Workshop) -> None:
    workshop.current_item_id = None
    db.session.flush()
    db.session.delete(workshop)
    db.session.flush()


# --- Participants -----------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def join(
    workshop: Workshop,
    *,
    name: str,
    institution: str = "",
    sex: str | None = None,
    source: str = "",
) -> tuple[Participant, str]:
    """Register someone in the room; returns the participant and their secret token.

    ``source`` is the keyed hash of where the join came from (see roster.join_source)."""
    if workshop.status == WorkshopStatus.CLOSED:
        raise RuleBroken("session_closed")
    if workshop.join_locked:
        raise RuleBroken("joining_locked")
    name = rules.clean_text(name, rules.MAX_NAME, code="name")
    institution = rules.clean_text(
        institution, rules.MAX_INSTITUTION, required=False, code="institution"
    )
    organisation = None
    if institution:
        organisation = db.session.execute(
            db.select(Organisation).where(
                Organisation.process_id == workshop.process_id,
                func.lower(Organisation.name) == institution.lower(),
            )
        ).scalar_one_or_none()
    token = secrets.token_urlsafe(24)
    participant = Participant(
        process_id=workshop.process_id,
        workshop_id=workshop.id,
        token_hash=hash_token(token),
        name=name,
        institution=organisation.name if organisation else institution,
        organisation_id=organisation.id if organisation else None,
        sex=Sex(sex) if sex in {s.value for s in Sex} else Sex.NOT_STATED,
        last_seen_at=utcnow(),
        join_source=source[:16],
        joined_at=utcnow(),
    )
    db.session.add(participant)
    db.session.flush()
    return participant, token


def participant_by_token(workshop_id: int, token) -> Participant | None:
    """The participant holding ``token`` in THIS session only."""
    if not isinstance(token, str) or not token or len(token) > 100:
        return None
    participant = db.session.execute(
        db.select(Participant).where(Participant.token_hash == hash_token(token))
    ).scalar_one_or_none()
    if participant is None or participant.workshop_id != workshop_id:
        return None
    return participant


def participant_count(workshop: Workshop) -> int:
    return db.session.scalar(
        db.select(func.count(Participant.id)).where(Participant.workshop_id == workshop.id)
    )


def organisation_names(process_id: int) -> list[str]:
    return sorted_by_name(
        db.session.execute(
            db.select(Organisation.name).where(Organisation.process_id == process_id)
        ).scalars()
    )


# --- Running the session ------------------------------------------------------------------------


def set_join_locked(workshop: Workshop, locked: bool) -> None:
    workshop.join_locked = bool(locked)
    db.session.flush()


def start_session(workshop: Workshop) -> None:
    if workshop.status == WorkshopStatus.PLANNED:
        workshop.status = WorkshopStatus.LIVE
        workshop.started_at = utcnow()
        db.session.flush()


def end_session(workshop: Workshop) -> list[AgendaItem]:
    """Close every open activity and the session; returns the items closed."""
    closed = []
    for item in workshop.items:
        if item.state == ItemState.OPEN:
            item.state = ItemState.CLOSED
            item.closed_at = utcnow()
            closed.append(item)
    workshop.status = WorkshopStatus.CLOSED
    workshop.ended_at = utcnow()
    workshop.timer_ends_at = None
    db.session.flush()
    return closed


def reopen_session(workshop: Workshop) -> None:
    workshop.status = WorkshopStatus.LIVE
    workshop.ended_at = None
    db.session.flush()


def set_current(workshop: Workshop, item: AgendaItem | None) -> None:
    workshop.current_item_id = item.id if item else None
    db.session.flush()


def start_timer(workshop: Workshop, seconds, label: str = "") -> None:
    seconds = rules.as_int(seconds, lo=TIMER_MIN, hi=TIMER_MAX, code="timer_out_of_range")
    workshop.timer_ends_at = utcnow() + timedelta(seconds=seconds)
    workshop.timer_label = rules.clean_text(label, 120, required=False)
    db.session.flush()


def stop_timer(workshop: Workshop) -> None:
    workshop.timer_ends_at = None
    workshop.timer_label = ""
    db.session.flush()
