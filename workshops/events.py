"""The /workshop Socket.IO namespace: one connection is bound to one session at connect.

Participants connect with ``auth={"workshop": id, "token": <participant token>}``; the
token must belong to THAT session. The console and the projector connect with
``auth={"workshop": id, "as": "console" | "screen"}`` and a signed-in member's cookie;
``check_process_access`` runs on connect ("read") and again in every handler that
writes ("write"). Every event goes through ``_run``: malformed payloads, refused rules
and denied access answer the sender alone (an ack and a ``refused`` event) and leave
the room untouched.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from flask import current_app, request
from flask_login import current_user
from flask_socketio import Namespace, join_room

from facilitation import live_access, shared_state
from facilitation.access import AccessDenied, check_process_access
from facilitation.audit import acting_as
from facilitation.extensions import db, socketio
from facilitation.ratelimit import RateLimiter, make_limiter

from . import activities, intake, join_address, live, results, services
from .messages import message_for
from .models import ActivityKind, AgendaItem, Contribution, Participant, Workshop
from .rules import RuleBroken

NAMESPACE = "/workshop"


@dataclass(frozen=True)
class Connection:
    workshop_id: int
    process_id: int
    audience: str
    participant_id: int | None = None


# sid -> Connection, for this server process (a workshop is served by one process).
_connections: dict[str, Connection] = {}


def room(workshop_id: int, audience: str) -> str:
    return f"workshop:{workshop_id}:{audience}"


def limiters() -> dict[str, RateLimiter]:
    app = current_app._get_current_object()
    found = app.extensions.get("workshop_limiters")
    if found is None:
        ideas = app.config.get("WORKSHOP_IDEA_RATE", (10, 30))
        answers = app.config.get("WORKSHOP_ANSWER_RATE", (40, 30))
        found = app.extensions["workshop_limiters"] = {
            "idea": make_limiter(app, "workshop-idea", *ideas),
            "answer": make_limiter(app, "workshop-answer", *answers),
        }
    return found


# --- Broadcasting (after the commit) ------------------------------------------------------


def _emit(event: str, data, workshop_id: int, *audiences: str) -> None:
    for audience in audiences:
        socketio.emit(event, data, to=room(workshop_id, audience), namespace=NAMESPACE)


def idea_messages(idea: Contribution, accepted: set[int] | None = None) -> dict:
    """What each screen is sent about an idea; built before the commit (which expires the
    loaded rows) so broadcasting needs no further query."""
    if accepted is None:
        accepted = live.accepted_ids(idea.item.workshop)
    console = live.idea_payload(idea, live.CONSOLE, accepted)
    if idea.hidden:
        public = ("idea_removed", {"id": idea.id})
    else:
        public = ("idea", live.idea_payload(idea, live.SCREEN))
    return {"workshop_id": idea.item.workshop_id, "console": console, "public": public}


def broadcast_idea(messages: dict) -> None:
    workshop_id = messages["workshop_id"]
    _emit("idea", messages["console"], workshop_id, live.CONSOLE)
    _emit(*messages["public"], workshop_id, live.SCREEN)
    queue_for_phones(workshop_id, messages["public"])


# Phones get board changes in batches (one "batch" event of ordered [event, data] pairs
# every PHONE_BATCH seconds): a brainstorm of a hundred people would otherwise send each
# phone a message per idea. The console and the projector get every change at once.
# The queue and the claim on its flush are shared by every server process
# (facilitation/shared_state.py): one batch per session, whichever process took the idea.
PHONE_BATCH = 0.25
#: A claim outlives its interval by this much, in case its process dies before using it.
CLAIM_GRACE = 5.0


def queue_for_phones(workshop_id: int, message: tuple) -> None:
    app = current_app._get_current_object()
    state = shared_state.of(app)
    state.push(f"phones:{workshop_id}", list(message))
    if state.claim(f"phones-flush:{workshop_id}", PHONE_BATCH + CLAIM_GRACE):
        socketio.start_background_task(_flush_phones, app, workshop_id)


def _flush_phones(app, workshop_id: int) -> None:
    socketio.sleep(PHONE_BATCH)
    state = shared_state.of(app)
    try:
        state.release(f"phones-flush:{workshop_id}")  # later ideas schedule the next batch
        batch = state.take(f"phones:{workshop_id}")
        if batch:
            socketio.emit(
                "batch", batch, to=room(workshop_id, live.PARTICIPANT), namespace=NAMESPACE
            )
    except Exception:
        app.logger.exception("Workshop phone batch failed")


PHONE_TOP = 10


def _live(outcome: dict, phones: bool = False) -> dict:
    """A dot vote over many ideas sends only the choices that got dots; a phone (a small
    screen, often a slow connection) gets the first PHONE_TOP of a vote or a ranking."""
    if outcome.get("kind") == "dot_vote":
        rows = [row for row in outcome["totals"] if row["dots"]]
        return {**outcome, "totals": rows[:PHONE_TOP] if phones else rows}
    if outcome.get("kind") == "ranking" and phones:
        return {**outcome, "ranking": outcome["ranking"][:PHONE_TOP]}
    return outcome


ROOM = (live.CONSOLE, live.SCREEN)
PHONES = (live.PARTICIPANT,)


def broadcast_results(item: AgendaItem, groups=(ROOM, PHONES)) -> None:
    """Send the results to the console, and to the projector and phones once revealed."""
    outcome = results.results(item)
    if outcome is None:
        return
    for group in groups:
        audiences = [a for a in group if a == live.CONSOLE or item.results_revealed]
        if audiences:
            data = _live(outcome, phones=group == PHONES)
            _emit("results", data, item.workshop_id, *audiences)


# Results after an answer are coalesced per activity and per group of screens: the
# console and the projector get at most one update every 0.05 s, phones (often on a slow
# connection) one every second; the last update always includes every answer committed
# before it. 100 phones voting at once must not trigger 100 recomputations. The claims
# are shared by every server process (facilitation/shared_state.py).
INTERVALS = {ROOM: 0.05, PHONES: 1.0}
GROUP_NAMES = {ROOM: "room", PHONES: "phones"}


def schedule_results(item: AgendaItem) -> None:
    app = current_app._get_current_object()
    state = shared_state.of(app)
    due = []
    for group, interval in INTERVALS.items():
        sent = f"results-sent:{item.id}:{GROUP_NAMES[group]}"
        if state.claim(sent, interval):
            due.append(group)
        elif state.claim(f"results-pending:{item.id}:{GROUP_NAMES[group]}", interval + CLAIM_GRACE):
            wait = max(state.remaining(sent), 0.001)
            socketio.start_background_task(_deferred_results, app, item.id, group, wait)
    if due:
        broadcast_results(item, due)


def _deferred_results(app, item_id: int, group: tuple, wait: float) -> None:
    socketio.sleep(wait)
    with app.app_context():
        try:
            state = shared_state.of(app)
            # Answers from now on schedule anew; this broadcast counts as the last one sent.
            state.release(f"results-pending:{item_id}:{GROUP_NAMES[group]}")
            state.hold(f"results-sent:{item_id}:{GROUP_NAMES[group]}", INTERVALS[group])
            item = db.session.get(AgendaItem, item_id)
            if item is not None:
                broadcast_results(item, [group])
        except Exception:
            app.logger.exception("Workshop results broadcast failed")
        finally:
            db.session.remove()


def broadcast_item(item: AgendaItem) -> None:
    payload = live.item_payload(item)
    _emit("item", payload, item.workshop_id, *live.AUDIENCES)
    if not item.results_revealed:
        _emit(
            "results_hidden", {"item_id": item.id}, item.workshop_id, live.SCREEN, live.PARTICIPANT
        )
    if ActivityKind(item.kind).collects_input and item.kind != ActivityKind.BRAINSTORM:
        broadcast_results(item)


def broadcast_session(workshop: Workshop) -> None:
    data = {
        "status": workshop.status,
        "status_label": workshop.status_label,
        "join_locked": workshop.join_locked,
        "current_item_id": workshop.current_item_id,
        **join_address.session_fields(workshop),
    }
    _emit("session", data, workshop.id, *live.AUDIENCES)


def broadcast_timer(workshop: Workshop) -> None:
    _emit("timer", live.timer_payload(workshop), workshop.id, *live.AUDIENCES)


def broadcast_participant(participant: Participant) -> None:
    """A new participant joined (called by the join view after its commit)."""
    workshop = participant.workshop
    entry = {
        "id": participant.id,
        "name": participant.name,
        "institution": participant.institution,
        "sex": participant.sex,
    }
    _emit("participant", entry, workshop.id, live.CONSOLE)
    broadcast_count(workshop, len(workshop.participants))


def broadcast_count(workshop: Workshop, count: int) -> None:
    _emit("participants", {"count": count}, workshop.id, *live.AUDIENCES)


# --- The one check for every event ---------------------------------------------------------


def _refuse(event: str, code: str, message: str) -> dict:
    answer = {"ok": False, "event": event, "code": code, "error": message}
    socketio.emit("refused", answer, to=request.sid, namespace=NAMESPACE)
    return answer


def _run(need: str):
    """Wrap a handler: find the connection, check the right, validate, commit or refuse.

    ``need`` is "participant" (a participant of the connection's session), "any"
    (whoever is connected, as their audience), "read" (console or projector) or "write" (console of a member who may write; checked
    again against the database on every call).
    """

    def decorator(handler):
        @functools.wraps(handler)
        def wrapper(self, *args):
            event = handler.__name__.removeprefix("on_")
            conn = _connections.get(request.sid)
            payload = args[0] if len(args) == 1 else ({} if not args else None)
            try:
                if conn is None:
                    raise AccessDenied(401)
                if payload is None and args:
                    raise RuleBroken("malformed")
                payload = payload if payload is not None else {}
                if not isinstance(payload, dict):
                    raise RuleBroken("malformed")
                workshop = db.session.get(Workshop, conn.workshop_id)
                if workshop is None:
                    raise AccessDenied(404)
                if need == "participant" or (need == "any" and conn.audience == live.PARTICIPANT):
                    actor = _participant(conn, workshop)
                elif need == "any":
                    check_process_access(current_user, conn.process_id, "read")
                    actor = current_user
                else:
                    if conn.audience == live.PARTICIPANT:
                        raise AccessDenied(403)
                    check_process_access(current_user, conn.process_id, need)
                    actor = current_user
                with acting_as(
                    getattr(current_user, "id", None) if need != "participant" else None
                ):
                    outcome = handler(self, workshop, actor, payload)
                return outcome if outcome is not None else {"ok": True}
            except RuleBroken as broken:
                db.session.rollback()
                return _refuse(event, broken.code, message_for(broken))
            except AccessDenied:
                db.session.rollback()
                return _refuse(event, "not_allowed", message_for(RuleBroken("not_allowed")))
            except Exception:
                db.session.rollback()
                current_app.logger.exception("Workshop event %s failed", event)
                return _refuse(event, "malformed", message_for(RuleBroken("malformed")))

        return wrapper

    return decorator


def _participant(conn: Connection, workshop: Workshop) -> Participant:
    if conn.audience != live.PARTICIPANT or conn.participant_id is None:
        raise AccessDenied(403)
    participant = db.session.get(Participant, conn.participant_id)
    if participant is None or participant.workshop_id != workshop.id:
        raise AccessDenied(403)
    return participant


def _limit(kind: str, participant: Participant) -> None:
    if not limiters()[kind].allow(participant.id):
        raise RuleBroken("rate_limited")


class WorkshopNamespace(Namespace):
    # --- connection --------------------------------------------------------------------

    def on_connect(self, auth=None):
        auth = auth if isinstance(auth, dict) else {}
        try:
            workshop = db.session.get(Workshop, int(auth.get("workshop")))
        except (TypeError, ValueError):
            workshop = None
        if workshop is None:
            raise ConnectionRefusedError("unknown session")
        participant = None
        if auth.get("token") is not None:
            participant = services.participant_by_token(workshop.id, auth.get("token"))
            if participant is None:
                raise ConnectionRefusedError("not a participant of this session")
            audience = live.PARTICIPANT
        else:
            audience = auth.get("as")
            if audience not in (live.CONSOLE, live.SCREEN):
                raise ConnectionRefusedError("unknown screen")
            try:
                check_process_access(current_user, workshop.process_id, "read")
            except AccessDenied:
                raise ConnectionRefusedError("not allowed") from None
        _connections[request.sid] = Connection(
            workshop.id, workshop.process_id, audience, participant.id if participant else None
        )
        join_room(room(workshop.id, audience))
        # So that a removed participant, member or account is disconnected at once.
        if participant is not None:
            join_room(live_access.participant_room(participant.id))
        else:
            live_access.join_identity_rooms(workshop.process_id)
        return True

    def on_disconnect(self, reason=None):
        _connections.pop(request.sid, None)

    @_run("any")
    def on_sync(self, workshop, actor, payload):
        """The whole state as this connection may see it (clients ask on every connect)."""
        conn = _connections[request.sid]
        participant = actor if conn.audience == live.PARTICIPANT else None
        return {"ok": True, "state": live.state_for(workshop, conn.audience, participant)}

    # --- participants ----------------------------------------------------------------------

    @_run("participant")
    def on_idea(self, workshop, participant, payload):
        item = services.item_of(workshop, payload.get("item"))
        _limit("idea", participant)
        idea = activities.submit_idea(participant, item, payload.get("text"), payload.get("column"))
        messages, idea_id = idea_messages(idea, accepted=set()), idea.id
        db.session.commit()
        broadcast_idea(messages)
        return {"ok": True, "id": idea_id}

    @_run("participant")
    def on_dots(self, workshop, participant, payload):
        item = services.item_of(workshop, payload.get("item"))
        _limit("answer", participant)
        allocation = activities.cast_dots(participant, item, payload.get("allocation"))
        db.session.commit()
        schedule_results(item)
        return {"ok": True, "allocation": allocation}

    @_run("participant")
    def on_rank(self, workshop, participant, payload):
        item = services.item_of(workshop, payload.get("item"))
        _limit("answer", participant)
        order = activities.submit_ranking(participant, item, payload.get("order"))
        db.session.commit()
        schedule_results(item)
        return {"ok": True, "order": order}

    @_run("participant")
    def on_score(self, workshop, participant, payload):
        item = services.item_of(workshop, payload.get("item"))
        _limit("answer", participant)
        scores = activities.submit_scores(participant, item, payload.get("scores"))
        db.session.commit()
        schedule_results(item)
        return {"ok": True, "scores": scores}

    @_run("participant")
    def on_agree(self, workshop, participant, payload):
        item = services.item_of(workshop, payload.get("item"))
        _limit("answer", participant)
        level = activities.submit_agreement(participant, item, payload.get("level"))
        db.session.commit()
        schedule_results(item)
        return {"ok": True, "level": level}

    # --- facilitator ------------------------------------------------------------------------

    @_run("write")
    def on_open(self, workshop, user, payload):
        changed = activities.open_item(workshop, services.item_of(workshop, payload.get("item")))
        db.session.commit()
        for item in changed:
            broadcast_item(item)
        broadcast_session(workshop)

    @_run("write")
    def on_close(self, workshop, user, payload):
        item = activities.close_item(services.item_of(workshop, payload.get("item")))
        db.session.commit()
        broadcast_item(item)

    @_run("write")
    def on_reveal(self, workshop, user, payload):
        item = services.item_of(workshop, payload.get("item"))
        activities.set_revealed(item, payload.get("revealed", True) is not False)
        db.session.commit()
        broadcast_item(item)

    @_run("write")
    def on_current(self, workshop, user, payload):
        item = None
        if payload.get("item") is not None:
            item = services.item_of(workshop, payload.get("item"))
        services.set_current(workshop, item)
        db.session.commit()
        broadcast_session(workshop)

    @_run("write")
    def on_moderate(self, workshop, user, payload):
        changed = activities.moderate(workshop, payload)
        messages = [idea_messages(idea) for idea in changed]
        db.session.commit()
        for message in messages:
            broadcast_idea(message)

    @_run("write")
    def on_accept(self, workshop, user, payload):
        idea = activities.idea_of(workshop, payload.get("contribution_id"))
        link = intake.accept(workshop, idea, user, payload)
        messages = idea_messages(idea)
        answer = {"ok": True, "object_type": link.object_type, "object_id": link.object_id}
        db.session.commit()
        broadcast_idea(messages)
        return answer

    @_run("write")
    def on_timer(self, workshop, user, payload):
        if payload.get("stop"):
            services.stop_timer(workshop)
        else:
            services.start_timer(workshop, payload.get("seconds"), payload.get("label", ""))
        db.session.commit()
        broadcast_timer(workshop)

    @_run("write")
    def on_lock(self, workshop, user, payload):
        services.set_join_locked(workshop, payload.get("locked", True) is not False)
        db.session.commit()
        broadcast_session(workshop)

    @_run("write")
    def on_join_address(self, workshop, user, payload):
        base = payload.get("base")
        if not isinstance(base, str) or base not in join_address.offered():
            raise RuleBroken("unknown_join_address")
        workshop.join_base = base
        db.session.commit()
        broadcast_session(workshop)

    @_run("write")
    def on_join_bar(self, workshop, user, payload):
        workshop.show_join_bar = payload.get("shown", True) is not False
        db.session.commit()
        broadcast_session(workshop)

    @_run("write")
    def on_end(self, workshop, user, payload):
        closed = services.end_session(workshop)
        db.session.commit()
        for item in closed:
            broadcast_item(item)
        broadcast_session(workshop)
        broadcast_timer(workshop)

    @_run("write")
    def on_resume(self, workshop, user, payload):
        services.reopen_session(workshop)
        db.session.commit()
        broadcast_session(workshop)


def init_app(app) -> None:
    socketio.on_namespace(WorkshopNamespace(NAMESPACE))
    live_access.NAMESPACES.add(NAMESPACE)
