"""Socket.IO namespace ``/drafting``: one room per draft, carrying y-sync and awareness.

Connect with ``auth={"process_id": ..., "draft_id": ...}`` and the session cookie. The
login and membership are checked on connect (a non-member is refused); every message
that would change the document passes the write check on the rights the socket was
admitted with (observers receive, their updates are refused), looked up again when a
change is announced (see ``DraftingNamespace._may_write``). Every message is one ``y`` event carrying a y-sync or awareness message (see
:mod:`drafting.crdt`) as base64 text, one WebSocket frame (:func:`to_wire`; bytes are
still accepted from older clients); problems come back as a ``draft-error`` event
``{"code": ..., "message": ...}``.

A refused update would otherwise stay in its author's editor, and everything typed after
it would depend on it and wait unseen. So a refused update is answered at once with a
``draft-refused`` event ``{"code", "message", "action", "state"}``: ``action`` is
``"revert"`` (take back the refused structs: ``ranges`` lists ``[client, from, to]``
clocks, ``state`` is the server's state vector) or ``"resync"`` (send them again). Every refusal is logged for the operator
as one ``draft-refusal`` line (draft, user, code, reason, size).

Accepted updates are saved first (inside :meth:`Room.apply`, in an OS thread so a slow
database never blocks the event loop), then relayed by :mod:`drafting.fanout`: at once
to an idle room, merged with the others that arrive while the server is busy. If saving fails even after
retries, the room is reloaded from the database and everyone in it is asked to resync.

Presence (awareness) is capped per connection in size (:data:`crdt.MAX_AWARENESS_BYTES`)
and rate (``AWARENESS_BURST`` messages, refilled at ``AWARENESS_PER_SECOND``); extra
messages are not relayed and are logged.
"""

from __future__ import annotations

import base64
import binascii
import time
from dataclasses import dataclass, field

from engineio import packet as eio_packet
from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_socketio import Namespace, join_room
from pycrdt import YMessageType, YSyncMessageType
from socketio import packet as sio_packet
from socketio.exceptions import ConnectionRefusedError  # noqa: A004 (its reason reaches the client)

from facilitation import live_access, sessions, stage_lock
from facilitation.access import WRITE, AccessDenied, check_process_access, role_allows
from facilitation.direct_frames import write_now
from facilitation.extensions import db, socketio
from facilitation.models import Role
from facilitation.prepared_frames import prepared_text
from facilitation.scoped import get_in_process

from . import crdt, fanout, rooms, stage_ties
from .crdt import MessageRefused
from .models import Draft

NAMESPACE = "/drafting"
AWARENESS_BURST = 20
#: A backstop: rights kept per socket are looked up again after this long even if no
#: change was announced (see ``_may_write``).
WRITE_RECHECK_SECONDS = 30.0
AWARENESS_PER_SECOND = 20.0

#: What the author's editor must do with a refused update (see the module docstring).
REFUSAL_ACTIONS = {"unavailable": "resync", "out-of-order": "resync"}

ERROR_MESSAGES = {
    "read-only": _l("You can read this draft but not change it."),
    "too-large": _l(
        "This change was too large to send at once and was taken back. Paste it in smaller parts."
    ),
    "document-full": _l(
        "This draft has reached its size limit, so your last change was taken back. "
        "Start a new draft."
    ),
    "malformed": _l("A message from your browser could not be read and was ignored."),
    "unavailable": _l("The draft is being reloaded. Your changes will be sent again."),
    "not-joined": _l("Open the draft again to continue."),
    "out-of-order": _l(
        "Some of your changes arrived before the changes they build on. They are being sent again."
    ),
}


def room_name(draft_id: int) -> str:
    return f"draft-{draft_id}"


@dataclass
class Connection:
    process_id: int
    draft_id: int
    user_id: int
    #: the sign-in session this socket was opened with (Flask-Login's user id string),
    #: read again through the same loader whenever the write right is re-checked
    session_key: str = ""
    #: the stage whose agreement freezes this draft (a draft's kind never changes)
    stage: str | None = None
    awareness: dict[int, int] = field(default_factory=dict)
    awareness_tokens: float = AWARENESS_BURST
    awareness_checked: float = field(default_factory=time.monotonic)
    refused: dict[str, int] = field(default_factory=dict)  # refusals per code, for the log
    #: the rights as last looked up (at connect, then when told they changed): the role
    #: (None: no longer a member) and whether the draft's stage is agreed, and when
    role: Role | None = None
    stage_locked: bool = False
    rights_checked: float = float("-inf")

    def may_send_awareness(self) -> bool:
        """A token bucket: ``AWARENESS_BURST`` at once, ``AWARENESS_PER_SECOND`` after."""
        now = time.monotonic()
        self.awareness_tokens = min(
            AWARENESS_BURST,
            self.awareness_tokens + (now - self.awareness_checked) * AWARENESS_PER_SECOND,
        )
        self.awareness_checked = now
        if self.awareness_tokens < 1:
            return False
        self.awareness_tokens -= 1
        return True


class DraftingNamespace(Namespace):
    """Connect and disconnect go through Flask-SocketIO (a request context, the session
    cookie, Flask-Login's ``current_user``). The ``y`` messages, a hundred a second per
    room under load, are answered on python-socketio's dispatch directly, inside an
    application context only: the identity admitted at connect is kept per socket
    (:class:`Connection`), so the signed cookie is not decoded and the account not loaded
    again for every keystroke. The write right is still the one access check, asked
    through the same session loader as Flask-Login's (:meth:`_may_write`)."""

    def __init__(self, namespace: str, app) -> None:
        super().__init__(namespace)
        self.app = app
        self.connections: dict[str, Connection] = {}
        self.fanout = fanout.for_socketio(
            socketio,
            _send_update,
            lambda draft_id: app.logger.exception("draft %s: fan-out failed", draft_id),
        )
        rooms.on_publish(app, self.fanout.publish)
        live_access.on_rights_changed(self._rights_changed)

    @staticmethod
    def _send(event: str, data, to: str, skip_sid: str | None = None) -> None:
        if event == "y":
            data = to_wire(data)
        socketio.emit(event, data, to=to, skip_sid=skip_sid, namespace=NAMESPACE)

    def trigger_event(self, event, *args):
        if event != "y":
            return super().trigger_event(event, *args)
        sid, data = args[0], (args[1] if len(args) > 1 else None)
        with self.app.app_context():
            try:
                self.handle_y(sid, data)
            except Exception:  # keep the connection and the room serving
                current_app.logger.exception("draft: a message could not be handled")
        return None

    # connection ------------------------------------------------------------------------

    def on_connect(self, auth=None):
        auth = auth if isinstance(auth, dict) else {}
        try:
            process_id = int(auth.get("process_id"))
            draft_id = int(auth.get("draft_id"))
        except (TypeError, ValueError):
            raise ConnectionRefusedError("not-found") from None
        try:
            membership = check_process_access(current_user, process_id, "read")
        except AccessDenied as denied:
            reason = "unauthorized" if denied.status == 401 else "not-found"
            raise ConnectionRefusedError(reason) from None
        draft = get_in_process(Draft, draft_id, process_id)
        if draft is None:
            raise ConnectionRefusedError("not-found")
        # An offline copy sent at sign-out names the draft it was taken from: a draft that
        # took over its id after a rebuild must not receive it.
        created = auth.get("created")
        if created is not None and created != draft.offline_stamp:
            raise ConnectionRefusedError("not-found")
        stage = stage_ties.DRAFT_STAGE.get(draft.kind)
        connection = Connection(
            process_id,
            draft_id,
            current_user.id,
            session_key=current_user.get_id(),
            stage=stage,
            role=membership.role,
            stage_locked=stage_lock.stage_is_locked(process_id, stage),
            rights_checked=time.monotonic(),
        )
        db.session.rollback()  # release the read transaction before writing the log
        room = rooms.get_room(process_id, draft_id)  # fully loaded before any sync
        self.connections[request.sid] = connection
        join_room(room_name(draft_id))
        live_access.join_identity_rooms(process_id)  # so a revoked right closes this socket
        for message in room.greeting():
            self._send("y", message, to=request.sid)

    def on_disconnect(self, *args):
        connection = self.connections.pop(request.sid, None)
        if connection is None:
            return
        key = (connection.process_id, connection.draft_id)
        room = rooms.registry().peek(key)
        if room is not None:
            room.drop_parked(request.sid)
        if connection.awareness:
            removal = crdt.awareness_removal(connection.awareness.items())
            self._send("y", crdt.awareness_message(removal), to=room_name(connection.draft_id))
        still_open = any(c.draft_id == connection.draft_id for c in self.connections.values())
        if not still_open and room is not None:
            # Nobody left: compact the log and free the memory; the next visitor reloads.
            rooms.maybe_compact(room, force=True)
            rooms.registry().drop(key)

    # messages --------------------------------------------------------------------------

    def _refuse(self, sid: str, code: str) -> None:
        self._send(
            "draft-error",
            {"code": code, "message": str(ERROR_MESSAGES.get(code, ERROR_MESSAGES["malformed"]))},
            to=sid,
        )

    def _log_refusal(self, connection: Connection, refused: MessageRefused, size: int) -> None:
        """One line per refusal, thinned out for a flood: the 1st, 10th, 100th... of a
        connection's refusals with the same code."""
        count = connection.refused[refused.code] = connection.refused.get(refused.code, 0) + 1
        if count != 10 ** (len(str(count)) - 1):
            return
        current_app.logger.warning(
            "draft-refusal draft=%s user=%s code=%s reason=%r bytes=%d count=%d",
            connection.draft_id,
            connection.user_id,
            refused.code,
            refused.reason,
            size,
            count,
        )

    def _refuse_update(
        self, sid: str, connection: Connection, refused: MessageRefused, room, data: bytes = b""
    ) -> None:
        """Tell the author at once what became of their update, and what to do."""
        message = ERROR_MESSAGES.get(refused.code, ERROR_MESSAGES["malformed"])
        try:
            state = room.state_vector() if room is not None and not room.broken else b"\x00"
        except Exception:  # a broken room: the author resyncs with the reloaded one
            state = b"\x00"
        self._send(
            "draft-refused",
            {
                "code": refused.code,
                "message": str(message),
                "action": REFUSAL_ACTIONS.get(refused.code, "revert"),
                "state": state,
                "ranges": crdt.written_ranges(data) if data else [],
            },
            to=sid,
        )

    def _may_write(self, connection: Connection) -> bool:
        """The access check for writing: the role allows it and the draft's stage is not
        agreed, from the rights the socket holds.

        Asking the database for every keystroke (account, sign-in session, membership,
        stage) was the largest single cost of the server under load. So the rights are
        looked up at connect and again only when they may have changed: a role changed or
        a stage agreed or reopened is announced after its commit
        (:func:`live_access.rights_changed_on_commit`, every server process) and the next
        message looks them up again; removing a member, deactivating an account or ending
        a session closes the sockets at once (:mod:`facilitation.live_access`). As a
        backstop the rights are looked up again every ``WRITE_RECHECK_SECONDS``."""
        if time.monotonic() - connection.rights_checked >= WRITE_RECHECK_SECONDS:
            self._look_up_rights(connection)
        return (
            connection.role is not None
            and role_allows(connection.role, WRITE)
            and not connection.stage_locked
        )

    @staticmethod
    def _look_up_rights(connection: Connection) -> None:
        """Read the account through Flask-Login's own loader (:func:`sessions.load`) from
        the sign-in session the socket was opened with, so an ended session or a
        deactivated account fails as it would on a page, then its membership and the
        stage lock."""
        try:
            user = sessions.load(connection.session_key)
            connection.role = check_process_access(user, connection.process_id, "read").role
            connection.stage_locked = stage_lock.stage_is_locked(
                connection.process_id, connection.stage
            )
        except AccessDenied:
            connection.role = None
        finally:
            db.session.rollback()
        connection.rights_checked = time.monotonic()

    def _rights_changed(self, process_id: int | None, user_id: int | None) -> None:
        """Announced by :mod:`facilitation.live_access`: the matching sockets look their
        rights up again at their next message."""
        for connection in list(self.connections.values()):
            if process_id is None or (
                connection.process_id == process_id
                and (user_id is None or connection.user_id == user_id)
            ):
                connection.rights_checked = float("-inf")

    def _reload_after_failure(self, connection: Connection, room) -> None:
        """Saving failed: reload the room from the database and ask everyone in it to
        resync, so whatever did not reach the database is sent again."""
        current_app.logger.exception("draft %s: saving an update failed", connection.draft_id)
        rooms.registry().drop(room.key)
        try:
            fresh = rooms.get_room(connection.process_id, connection.draft_id)
        except Exception:
            current_app.logger.exception("draft %s: reloading failed", connection.draft_id)
            return
        for message in fresh.greeting():
            self._send("y", message, to=room_name(connection.draft_id))

    def handle_y(self, sid: str, data) -> None:
        """One y-sync or awareness message from socket ``sid`` (see the class docstring)."""
        connection = self.connections.get(sid)
        if connection is None:
            self._refuse(sid, "not-joined")
            return
        data = from_wire(data)
        if data is None:
            self._refuse(sid, "malformed")
            return
        if data[:1] == bytes([YMessageType.AWARENESS]):
            self._relay_awareness(sid, connection, data)
            return
        writes = (
            len(data) > 1
            and data[0] == YMessageType.SYNC
            and data[1] in (YSyncMessageType.SYNC_STEP2, YSyncMessageType.SYNC_UPDATE)
        )
        can_write = self._may_write(connection) if writes else False
        room = rooms.get_room(connection.process_id, connection.draft_id)
        try:
            outcome = room.handle(
                data,
                can_write=can_write,
                save=rooms.saver(connection.process_id, connection.draft_id),
                owner=sid,
            )
        except MessageRefused as refused:
            self._log_refusal(connection, refused, len(data))
            if refused.code == "unavailable" or room.broken:
                rooms.registry().drop(room.key)
            if writes:
                self._refuse_update(sid, connection, refused, room, data)
            else:
                self._refuse(sid, refused.code)
            return
        except Exception:
            self._reload_after_failure(connection, room)
            self._log_refusal(connection, MessageRefused("unavailable", "save failed"), len(data))
            self._refuse_update(sid, connection, MessageRefused("unavailable"), None)
            return
        for reply in outcome.replies:
            self._send("y", reply, to=sid)
        if outcome.update:
            rooms.publish(connection.draft_id, outcome.update)
            rooms.maybe_compact(room)

    def _relay_awareness(self, sid: str, connection: Connection, data: bytes) -> None:
        """Check a presence message and relay it to the others, within the caps."""
        try:
            if len(data) > crdt.MAX_AWARENESS_BYTES + 8:
                raise MessageRefused("too-large", "awareness")
            if not connection.may_send_awareness():
                raise MessageRefused("rate", "awareness rate")
            room = rooms.get_room(connection.process_id, connection.draft_id)
            outcome = room.handle(data, can_write=False, save=_no_save)
            entries = crdt.parse_awareness(outcome.awareness)
        except MessageRefused as refused:
            # Silent to the others; logged for the operator.
            self._log_refusal(connection, refused, len(data))
            if refused.code == "malformed":
                self._refuse(sid, "malformed")
            return
        for client, clock, state in entries:
            if state == "null":
                connection.awareness.pop(client, None)
            else:
                connection.awareness[client] = clock
        self._send(
            "y",
            crdt.awareness_message(outcome.awareness),
            to=room_name(connection.draft_id),
            skip_sid=sid,
        )


def to_wire(message: bytes) -> str:
    """A ``y`` message as it travels: base64 text, one WebSocket frame per recipient.

    A Socket.IO event carrying bytes is two frames (a header packet, then the binary
    attachment); with a hundred readers per keystroke the second frame was a fifth of the
    server's time. The ~33 % larger text costs far less than the extra frame."""
    return base64.b64encode(message).decode("ascii")


def from_wire(data) -> bytes | None:
    """A received ``y`` message: base64 text, or bytes as older clients send; None if
    it is neither."""
    if isinstance(data, str):
        try:
            return base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            return None
    if isinstance(data, bytes | bytearray):
        return bytes(data)
    return None


def _send_update(draft_id: int, update: bytes) -> None:
    """An accepted update to this process's clients in the draft: the other processes
    hear it through the relay (drafting/relay.py), apply it and send it to theirs.

    What ``socketio.emit(..., ignore_queue=True)`` does, except that the packet's
    WebSocket frame is built once for the whole room (:mod:`facilitation.prepared_frames`)
    instead of once per recipient, and written straight to the sockets that have nothing
    queued (:mod:`facilitation.direct_frames`)."""
    server = socketio.server
    message = eio_packet.Packet(
        eio_packet.MESSAGE,
        server.packet_class(
            sio_packet.EVENT, namespace=NAMESPACE, data=["y", to_wire(crdt.update_message(update))]
        ).encode(),
    )
    frame = message.encode_cache = prepared_text(message.encode())
    sockets = server.eio.sockets
    # As python-socketio's own manager sends a room's packet (Flask-SocketIO's test client
    # listens there too), except that an idle WebSocket gets the frame at once, without
    # engine.io's queue and writer greenlet (facilitation/direct_frames.py); a socket with
    # packets queued gets it behind them.
    for _sid, eio_sid in server.manager.get_participants(NAMESPACE, room_name(draft_id)):
        eio_socket = sockets.get(eio_sid)
        if eio_socket is None or not write_now(eio_socket, frame):
            server._send_eio_packet(eio_sid, message)


def _no_save(update: bytes) -> None:  # presence is never stored
    raise AssertionError("awareness messages carry no update")


def init_app(app) -> None:
    socketio.on_namespace(DraftingNamespace(NAMESPACE, app))
    live_access.NAMESPACES.add(NAMESPACE)
