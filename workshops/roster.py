"""Who is in the room: where joins came from, which look suspicious, and removing someone.

A participant's join source is a keyed hash of the network address the join came from
(the address itself is never stored): many participants from one source, or several
joins from one source within a minute, are shown to the facilitator, who can remove a
participant with their answers. Services flush; the caller commits and broadcasts.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise

from flask import current_app, request

from facilitation.extensions import db
from facilitation.ratelimit import RateLimiter, make_limiter

from .models import (
    AgendaItem,
    Contribution,
    Evaluation,
    Participant,
    Ranking,
    Rating,
    Vote,
    Workshop,
)

#: A source with this many participants is worth a look ...
MANY_FROM_ONE_SOURCE = 3
#: ... and so is one from which two people joined within this time.
RAPID_JOINS = timedelta(seconds=60)


def join_source() -> str:
    """A short keyed hash of this request's address (stable per address and server key)."""
    address = (request.remote_addr or "").encode()
    key = current_app.secret_key.encode() if current_app.secret_key else b""
    return hmac.new(key, b"join-source:" + address, hashlib.sha256).hexdigest()[:16]


def join_limiter() -> RateLimiter:
    """Joins per source address, whatever the session (WORKSHOP_JOIN_RATE, count/seconds)."""
    app = current_app._get_current_object()
    found = app.extensions.get("workshop_join_limiter")
    if found is None:
        count, seconds = app.config.get("WORKSHOP_JOIN_RATE", (10, 600))
        found = app.extensions["workshop_join_limiter"] = make_limiter(
            app, "workshop-join", count, seconds
        )
    return found


@dataclass
class SourceGroup:
    """The participants who joined from one source, with why they are worth a look."""

    label: str
    participants: list[Participant] = field(default_factory=list)
    rapid: bool = False

    @property
    def many(self) -> bool:
        return len(self.participants) >= MANY_FROM_ONE_SOURCE

    @property
    def suspicious(self) -> bool:
        return self.many or self.rapid


def _rapid(times: list[datetime]) -> bool:
    times = sorted(t for t in times if t is not None)
    return any(later - earlier < RAPID_JOINS for earlier, later in pairwise(times))


def source_groups(workshop: Workshop) -> list[SourceGroup]:
    """Participants grouped by join source, suspicious groups first, largest first."""
    participants = (
        db.session.execute(
            db.select(Participant)
            .where(Participant.workshop_id == workshop.id)
            .order_by(Participant.joined_at, Participant.id)
        )
        .scalars()
        .all()
    )
    by_source: dict[str, list[Participant]] = {}
    for participant in participants:
        by_source.setdefault(participant.join_source or f"-{participant.id}", []).append(
            participant
        )
    groups = []
    for number, (source, members) in enumerate(by_source.items(), start=1):
        groups.append(
            SourceGroup(
                label=f"#{number}",
                participants=members,
                rapid=bool(source) and _rapid([p.joined_at for p in members]),
            )
        )
    groups.sort(key=lambda g: (not g.suspicious, -len(g.participants)))
    return groups


def remove_participant(participant: Participant) -> tuple[list[AgendaItem], list[Contribution]]:
    """Remove someone from the session with their votes, rankings, ratings and evaluation;
    their ideas are hidden from the board (kept for the record, and for ideas already
    accepted into the process). Every change lands in the activity record.

    Returns the activities whose results changed and the ideas hidden (flushes)."""
    items: dict[int, AgendaItem] = {}
    for model in (Vote, Ranking, Rating):
        for row in db.session.execute(
            db.select(model).where(model.participant_id == participant.id)
        ).scalars():
            items[row.item_id] = db.session.get(AgendaItem, row.item_id)
            db.session.delete(row)
    for row in db.session.execute(
        db.select(Evaluation).where(Evaluation.participant_id == participant.id)
    ).scalars():
        db.session.delete(row)
    hidden = []
    for idea in db.session.execute(
        db.select(Contribution).where(
            Contribution.participant_id == participant.id, Contribution.hidden.is_(False)
        )
    ).scalars():
        idea.hidden = True
        hidden.append(idea)
    db.session.flush()
    db.session.delete(participant)
    db.session.flush()
    return [item for item in items.values() if item is not None], hidden
