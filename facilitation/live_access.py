"""Ending live access: sockets already open follow a revoked right within a second.

Every signed-in socket (``/drafting`` and the ``/workshop`` console and projector) joins
three rooms at connect: its account's, its sign-in session's and its membership's
(account in process). A participant's phone joins its participant's room. When a right
goes away (removed from a process, account deactivated, session ended, participant
removed), the caller commits and then calls one of the functions below, which
disconnects every socket in the matching room, in every live namespace.

This server process's sockets are found through the Socket.IO manager. With several
processes (``REDIS_URL``) the room name is also published on the cluster bus
(:mod:`facilitation.cluster`, topic ``live-access``) and every other process closes its
own sockets in that room.

A right that changes without going away (a member's role, a stage agreed or reopened)
does not close anything: sockets keep what connect admitted them with (role, stage lock)
so the hot path asks no database, and :func:`rights_changed_on_commit` tells every
process, once the change is committed, to look those rights up again at the next message
(listeners registered with :func:`on_rights_changed`; cluster topic ``rights-changed``).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from flask_login import current_user
from flask_socketio import join_room
from sqlalchemy import event
from sqlalchemy.orm import Session, scoped_session

from . import cluster
from .extensions import socketio

TOPIC = "live-access"
RIGHTS_TOPIC = "rights-changed"

#: Namespaces whose sockets carry process data; each registers itself at start-up.
NAMESPACES: set[str] = set()


def user_room(user_id: int) -> str:
    return f"user:{user_id}"


def session_room(session_id: int) -> str:
    return f"user-session:{session_id}"


def member_room(process_id: int, user_id: int) -> str:
    return f"member:{process_id}:{user_id}"


def participant_room(participant_id: int) -> str:
    return f"participant:{participant_id}"


def join_identity_rooms(process_id: int) -> None:
    """Called by a namespace's connect handler once the signed-in user is admitted."""
    join_room(user_room(current_user.id))
    join_room(member_room(process_id, current_user.id))
    if getattr(current_user, "session_id", None) is not None:
        join_room(session_room(current_user.session_id))


def disconnect_room(room: str) -> int:
    """Disconnect every socket in ``room``, in every server process; returns how many
    were in this one."""
    count = disconnect_here(room)
    bus = cluster.bus()
    if bus is not None:
        bus.publish(TOPIC, room.encode())
    return count


def disconnect_here(room: str) -> int:
    """Disconnect every socket of this process in ``room``; returns how many."""
    server = socketio.server
    if server is None:
        return 0
    count = 0
    for namespace in NAMESPACES:
        for sid, _eio_sid in list(server.manager.get_participants(namespace, room)):
            server.disconnect(sid, namespace=namespace, ignore_queue=True)
            count += 1
    return count


def end_user(user_id: int) -> int:
    return disconnect_room(user_room(user_id))


def end_sessions(session_ids) -> int:
    return sum(disconnect_room(session_room(session_id)) for session_id in session_ids)


def end_membership(process_id: int, user_id: int) -> int:
    return disconnect_room(member_room(process_id, user_id))


def end_participant(participant_id: int) -> int:
    return disconnect_room(participant_room(participant_id))


#: Called with (process_id, user_id): None for everyone in the process; (None, None) for
#: everyone everywhere (the cluster bus reconnected, so a message may have been missed).
#: Held weakly: every app built (tests build many) registers its namespace's method.
_RIGHTS_LISTENERS: list[weakref.WeakMethod] = []
_PENDING = "live_access.rights_changed"


def on_rights_changed(listener: Callable[[int | None, int | None], None]) -> None:
    """``listener`` is a bound method, held weakly."""
    _RIGHTS_LISTENERS[:] = [ref for ref in _RIGHTS_LISTENERS if ref() is not None]
    _RIGHTS_LISTENERS.append(weakref.WeakMethod(listener))


def rights_changed_on_commit(session, process_id: int, user_id: int | None = None) -> None:
    """Once ``session`` commits, tell every process that ``user_id``'s rights in the
    process (everyone's when None) changed. Not before: a socket that looked its rights up
    again before the commit would keep the old answer."""
    if isinstance(session, scoped_session):
        session = session()
    if not session.in_transaction():
        session.connection()  # begun now, so a rollback before the commit forgets it
    session.info.setdefault(_PENDING, set()).add((int(process_id), user_id))


def rights_changed_here(process_id: int | None, user_id: int | None) -> None:
    for ref in list(_RIGHTS_LISTENERS):
        listener = ref()
        if listener is not None:
            listener(process_id, user_id)


@event.listens_for(Session, "after_commit")
def _announce_committed_rights(session) -> None:
    changes = session.info.pop(_PENDING, None)
    if not changes:
        return
    bus = cluster.bus()
    for process_id, user_id in changes:
        rights_changed_here(process_id, user_id)
        if bus is not None:
            bus.publish(RIGHTS_TOPIC, f"{process_id}:{user_id or ''}".encode())


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back_rights(session) -> None:
    session.info.pop(_PENDING, None)


def _rights_from_bus(payload: bytes) -> None:
    process_id, _, user_id = payload.decode().partition(":")
    rights_changed_here(int(process_id), int(user_id) if user_id else None)


def init_app(app) -> None:
    bus = cluster.bus(app)
    if bus is not None:
        bus.subscribe(TOPIC, lambda payload: disconnect_here(payload.decode()))
        bus.subscribe(RIGHTS_TOPIC, _rights_from_bus)
        bus.on_reconnect(lambda: rights_changed_here(None, None))
