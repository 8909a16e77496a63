"""What each screen is sent. The one place that decides who may see what:

- the console (facilitators and observing members) sees everything, hidden ideas and
  live results included;
- the projector sees visible ideas, and results only once revealed;
- a participant sees visible ideas, their own answers, and results only once revealed.

Authors of anonymous ideas are never sent to anyone.
"""

from __future__ import annotations

import calendar

from facilitation.extensions import db
from facilitation.mixins import utcnow

from . import activities, intake, join_address, results
from .models import (
    ActivityKind,
    AgendaItem,
    Contribution,
    ItemState,
    Participant,
    ProvenanceLink,
    Workshop,
)

CONSOLE, SCREEN, PARTICIPANT = "console", "screen", "participant"
AUDIENCES = (CONSOLE, SCREEN, PARTICIPANT)


def epoch_ms(moment) -> int | None:
    if moment is None:
        return None
    return calendar.timegm(moment.timetuple()) * 1000 + moment.microsecond // 1000


def may_see_results(item: AgendaItem, audience: str) -> bool:
    return audience == CONSOLE or bool(item.results_revealed)


def item_payload(item: AgendaItem) -> dict:
    kind = ActivityKind(item.kind)
    data = {
        "id": item.id,
        "title": item.title,
        "kind": kind.value,
        "kind_label": kind.label,
        "feeds": item.feeds,
        "feeds_label": item.feeds_label,
        "state": ItemState(item.state).value,
        "state_label": ItemState(item.state).label,
        "duration": item.duration_minutes,
        "revealed": bool(item.results_revealed),
        "anonymous": bool(item.anonymous),
    }
    if kind == ActivityKind.BRAINSTORM:
        data["columns"] = activities.board_columns(item)
    if kind in (ActivityKind.DOT_VOTE, ActivityKind.RANKING, ActivityKind.SCORING):
        data["choices"] = item.choices or []
    if kind == ActivityKind.DOT_VOTE:
        data["dots"] = item.dots
        data["max_per_choice"] = item.max_per_choice
    if kind == ActivityKind.SCORING:
        data["criteria"] = [
            {"id": c.id, "name": c.name, "description": c.description}
            for c in activities.criteria_of(item.process_id)
        ]
    if kind == ActivityKind.AGREEMENT:
        data["statement"] = item.statement
    return data


def idea_payload(idea: Contribution, audience: str, accepted: set[int] | None = None) -> dict:
    data = {
        "id": idea.id,
        "item_id": idea.item_id,
        "column": idea.board_column,
        "text": idea.text,
        "cluster": idea.cluster,
        "merged_into": idea.merged_into_id,
        "edited": idea.edited,
    }
    if not idea.anonymous and idea.participant is not None:
        data["author"] = idea.participant.label
    if audience == CONSOLE:
        data["hidden"] = idea.hidden
        data["accepted"] = bool(accepted and idea.id in accepted)
    return data


def visible_to(idea: Contribution, audience: str) -> bool:
    return audience == CONSOLE or not idea.hidden


def results_for(item: AgendaItem, audience: str) -> dict | None:
    if not ActivityKind(item.kind).collects_input or not may_see_results(item, audience):
        return None
    if item.kind == ActivityKind.BRAINSTORM:
        return None
    return results.results(item)


def timer_payload(workshop: Workshop) -> dict:
    return {
        "ends_at": epoch_ms(workshop.timer_ends_at),
        "server_now": epoch_ms(utcnow()),
        "label": workshop.timer_label,
    }


def _ideas(workshop: Workshop) -> list[Contribution]:
    return list(
        db.session.execute(
            db.select(Contribution)
            .join(AgendaItem, AgendaItem.id == Contribution.item_id)
            .where(AgendaItem.workshop_id == workshop.id)
            .order_by(Contribution.id)
        ).scalars()
    )


def accepted_ids(workshop: Workshop) -> set[int]:
    return set(
        db.session.execute(
            db.select(ProvenanceLink.contribution_id).where(
                ProvenanceLink.workshop_id == workshop.id
            )
        ).scalars()
    )


def state_for(workshop: Workshop, audience: str, participant: Participant | None = None) -> dict:
    """The whole state of the session as this audience may see it."""
    accepted = accepted_ids(workshop) if audience == CONSOLE else None
    state = {
        "workshop": {
            "id": workshop.id,
            "title": workshop.title,
            "code": workshop.code,
            "status": workshop.status,
            "status_label": workshop.status_label,
            "join_locked": workshop.join_locked,
            "current_item_id": workshop.current_item_id,
            **join_address.session_fields(workshop),
        },
        "audience": audience,
        "items": [item_payload(i) for i in workshop.items],
        "ideas": [
            idea_payload(idea, audience, accepted)
            for idea in _ideas(workshop)
            if visible_to(idea, audience)
        ],
        "results": {},
        "timer": timer_payload(workshop),
        "participants": len(workshop.participants),
    }
    for item in workshop.items:
        outcome = results_for(item, audience)
        if outcome is not None:
            state["results"][str(item.id)] = outcome
    if participant is not None:
        state["me"] = {
            "id": participant.id,
            "name": participant.name,
            "ideas": sorted(_own_ideas(participant) & {idea["id"] for idea in state["ideas"]}),
            "answers": {
                str(item.id): results.answers_of(participant, item)
                for item in workshop.items
                if item.kind
                in (
                    ActivityKind.DOT_VOTE,
                    ActivityKind.RANKING,
                    ActivityKind.SCORING,
                    ActivityKind.AGREEMENT,
                )
            },
        }
    if audience == CONSOLE:
        state["attendance"] = [
            {"id": p.id, "name": p.name, "institution": p.institution, "sex": p.sex}
            for p in workshop.participants
        ]
        state["targets"] = intake.target_choices()
    return state


def _own_ideas(participant: Participant) -> set[int]:
    return set(
        db.session.execute(
            db.select(Contribution.id).where(Contribution.participant_id == participant.id)
        ).scalars()
    )


def client_strings() -> dict:
    """Translated words the live screens' scripts need."""
    from flask_babel import gettext as _
    from flask_babel import pgettext

    from .records import agreement_labels, dimension_labels, verdict_label

    return {
        "agreement": {str(k): v for k, v in agreement_labels().items()},
        "verdicts": {
            v: verdict_label(v)
            for v in (
                "consensus",
                "support_with_reservations",
                "no_agreement",
                "blocked",
                "no_responses",
            )
        },
        "dimensions": dimension_labels(),
        "waiting": _("Waiting for the facilitator to open an activity…"),
        "closed": _("This activity is closed."),
        "not_open": _("Not open yet."),
        "session_closed": _("The session has ended. Thank you!"),
        "send": _("Send"),
        "save_dots": _("Dots are saved as you place them."),
        "save_ranking": _("Save my ranking"),
        "save_scores": _("Save my scores"),
        "saved": _("Saved."),
        "sent": _("Sent. Thank you!"),
        "your_ideas": _("Your ideas"),
        "board": _("On the board"),
        "results": _("Results"),
        "results_hidden": _("Results are shown when the facilitator reveals them."),
        "answers": _("answers"),
        "participants": _("participants"),
        "dot": _("dot"),
        "dots": _("dots"),
        "point": _("point"),
        "points": _("points"),
        "weighted": _("Weighted"),
        "option": _("Option"),
        "up": _("Move up"),
        "down": _("Move down"),
        "add_dot": _("Add a dot"),
        "remove_dot": _("Remove a dot"),
        "evaluate": _("Open the evaluation form"),
        "connection_lost": _("Connection lost. Reconnecting…"),
        "connected": _("Connected"),
        "time_up": _("Time is up"),
        "open": pgettext("verb: start an activity", "Open"),
        "close": _("Close"),
        "reopen": _("Reopen"),
        "reveal": _("Reveal results"),
        "unreveal": _("Hide results"),
        "show_on_screen": _("Show on screen"),
        "on_screen": _("On screen"),
        "hide": _("Hide"),
        "show": _("Show again"),
        "edit": _("Edit"),
        "cluster": _("Cluster"),
        "merge": _("Merge into…"),
        "unmerge": _("Unmerge"),
        "accept": _("Accept into the process…"),
        "accepted": _("In the process"),
        "accepted_done": _("The idea is now in the process, with a link to this session."),
        "hidden": _("Hidden"),
        "merged_into": _("Merged into"),
        "anonymous": _("Anonymous"),
        "no_ideas": _("No ideas yet."),
        "column": _("Column"),
        "your_idea": _("Your idea"),
        "characters_left": _("characters left"),
        "statement": _("Statement"),
        "mean": _("mean"),
        "responses": _("responses"),
        "join_at": _("Join at"),
        "code": _("Code"),
        "live_results": _("Live results (only you see them until revealed)"),
        "answered": _("answered"),
        "support": _("support"),
        "blocks": _("blocks"),
        "page": _("Page %(page)s of %(pages)s"),
        "show_join_bar": _("Show the join details"),
        "hide_join_bar": _("Hide the join details"),
        "join_screen": _("Welcome and join screen"),
        "join_screen_hint": _("The projector shows how to join, in large type."),
        "next": _("Next"),
        "next_activity": _("Next: %(title)s"),
        "confirm_close_open": _("“%(open)s” is still open. Close it and open “%(next)s”?"),
        "last_done": _("That was the last activity on the agenda."),
        "dots_status": _("%(left)s of %(total)s dots left"),
    }
