"""The facilitator's view of who joined (and from where), and removing a participant."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from facilitation import live_access
from facilitation.access import process_access
from facilitation.extensions import db

from . import events, roster, services
from .forms import ConfirmForm
from .models import AgendaItem, Participant
from .views import _workshop, bp


@bp.route("/p/<int:process_id>/workshops/<int:workshop_id>/participants")
@process_access("read")
def participants(process_id: int, workshop_id: int):
    workshop = _workshop(process_id, workshop_id)
    groups = roster.source_groups(workshop)
    return render_template(
        "workshops/participants.html",
        workshop=workshop,
        groups=groups,
        suspicious=[g for g in groups if g.suspicious],
        many=roster.MANY_FROM_ONE_SOURCE,
        rapid_seconds=int(roster.RAPID_JOINS.total_seconds()),
    )


@bp.route(
    "/p/<int:process_id>/workshops/<int:workshop_id>/participants/<int:participant_id>/remove",
    methods=["POST"],
)
@process_access("write")
def remove_participant(process_id: int, workshop_id: int, participant_id: int):
    """Remove a participant (a fake or duplicate join) with their answers; the results
    are recomputed and every screen updated at once."""
    workshop = _workshop(process_id, workshop_id)
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.workshop_id != workshop.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    name = participant.name
    items, hidden = roster.remove_participant(participant)
    idea_messages = [events.idea_messages(idea) for idea in hidden]
    item_ids = [item.id for item in items]
    db.session.commit()
    live_access.end_participant(participant_id)  # their phone stops at once
    for message in idea_messages:
        events.broadcast_idea(message)
    for item_id in item_ids:
        item = db.session.get(AgendaItem, item_id)
        if item is not None:
            events.broadcast_results(item)
    events.broadcast_count(workshop, services.participant_count(workshop))
    flash(_("%(name)s was removed from the session, with their answers.", name=name), "success")
    return redirect(url_for(".participants", process_id=process_id, workshop_id=workshop_id))
