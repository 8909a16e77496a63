"""Socket.IO namespace ``/drafting``: one room per draft, carrying y-sync and awareness.

Connect with ``auth={"process_id": ..., "draft_id": ...}`` and the session cookie. The
login and membership are checked on connect (a non-member is refused) and again for
every message that would change the document (observers receive, their updates are
refused). Every message is one binary ``y`` event (see :mod:`drafting.crdt`); problems
come back as a ``draft-error`` event ``{"code": ..., "message": ...}``.

Accepted updates are saved first (inside :meth:`Room.apply`), then queued; a background
task sends each room's queued updates as one merged update every ``FANOUT_SECONDS``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_socketio import Namespace, join_room
from pycrdt import YMessageType, YSyncMessageType, merge_updates

from facilitation import live_access
from facilitation.access import AccessDenied, check_process_access
from facilitation.extensions import db, socketio

from . import crdt, rooms
from .crdt import MessageRefused
from .models import Draft

NAMESPACE = "/drafting"
FANOUT_SECONDS = 0.03

ERROR_MESSAGES = {
    "read-only": _l("You can read this draft but not change it."),
    "too-large": _l("This change is too large to send at once. Paste it in smaller parts."),
    "document-full": _l("This draft has reached its size limit. Start a new draft."),
    "malformed": _l("A message from your browser could not be read and was ignored."),
    "unavailable": _l("The draft is being reloaded. Your changes will be sent again."),
    "not-joined": _l("Open the draft again to continue."),
    "out-of-order": _l("Your browser sent changes the server cannot place. Reload the page."),
}


def room_name(draft_id: int) -> str:
    return f"draft-{draft_id}"


@dataclass
class Connection:
    process_id: int
    draft_id: int
    user_id: int
    awareness: dict[int, int] = field(default_factory=dict)


class Fanout:
    """Batches accepted updates per draft and sends them together.

    An update to a quiet room goes out at once; while a room is busy (something sent in
    the last ``FANOUT_SECONDS``) its updates wait and leave merged, in order."""

    def __init__(self, app) -> None:
        self.app = app
        self.pending: dict[int, list[bytes]] = {}
        self.last_sent: dict[int, float] = {}
        self.lock = threading.Lock()
        self.started = False

    def publish(self, draft_id: int, update: bytes) -> None:
        now = time.monotonic()
        with self.lock:
            quiet = draft_id not in self.pending and (
                now - self.last_sent.get(draft_id, 0.0) >= FANOUT_SECONDS
            )
            if quiet:
                self.last_sent[draft_id] = now
            else:
                self.pending.setdefault(draft_id, []).append(update)
        if quiet:
            self._send(draft_id, update)

    @staticmethod
    def _send(draft_id: int, update: bytes) -> None:
        socketio.emit("y", crdt.update_message(update), to=room_name(draft_id), namespace=NAMESPACE)

    def start(self) -> None:
        with self.lock:
            if self.started:
                return
            self.started = True
        socketio.start_background_task(self._run)

    def _run(self) -> None:
        while True:
            socketio.sleep(FANOUT_SECONDS)
            with self.lock:
                batch, self.pending = self.pending, {}
                now = time.monotonic()
                for draft_id in batch:
                    self.last_sent[draft_id] = now
            for draft_id, updates in batch.items():
                try:
                    merged = updates[0] if len(updates) == 1 else merge_updates(*updates)
                    self._send(draft_id, merged)
                except Exception:  # keep serving the other rooms; clients resync
                    self.app.logger.exception("draft %s: fan-out failed", draft_id)


class DraftingNamespace(Namespace):
    def __init__(self, namespace: str, app) -> None:
        super().__init__(namespace)
        self.app = app
        self.connections: dict[str, Connection] = {}
        self.fanout = Fanout(app)
        rooms.on_publish(app, self.fanout.publish)

    @staticmethod
    def _send(event: str, data, to: str, skip_sid: str | None = None) -> None:
        socketio.emit(event, data, to=to, skip_sid=skip_sid, namespace=NAMESPACE)

    # connection ------------------------------------------------------------------------

    def on_connect(self, auth=None):
        auth = auth if isinstance(auth, dict) else {}
        try:
            process_id = int(auth.get("process_id"))
            draft_id = int(auth.get("draft_id"))
        except (TypeError, ValueError):
            raise ConnectionRefusedError("not-found") from None
        try:
            check_process_access(current_user, process_id, "read")
        except AccessDenied as denied:
            reason = "unauthorized" if denied.status == 401 else "not-found"
            raise ConnectionRefusedError(reason) from None
        draft = db.session.get(Draft, draft_id)
        if draft is None or draft.process_id != process_id:
            raise ConnectionRefusedError("not-found")
        db.session.rollback()  # release the read transaction before writing the log
        self.fanout.start()
        room = rooms.get_room(process_id, draft_id)  # fully loaded before any sync
        self.connections[request.sid] = Connection(process_id, draft_id, current_user.id)
        join_room(room_name(draft_id))
        live_access.join_identity_rooms(process_id)  # so a revoked right closes this socket
        for message in room.greeting():
            self._send("y", message, to=request.sid)

    def on_disconnect(self, *args):
        connection = self.connections.pop(request.sid, None)
        if connection is None:
            return
        if connection.awareness:
            removal = crdt.awareness_removal(connection.awareness.items())
            self._send("y", crdt.awareness_message(removal), to=room_name(connection.draft_id))
        still_open = any(c.draft_id == connection.draft_id for c in self.connections.values())
        if not still_open:
            # Nobody left: compact the log and free the memory; the next visitor reloads.
            key = (connection.process_id, connection.draft_id)
            room = rooms.registry().peek(key)
            if room is not None:
                rooms.maybe_compact(room, force=True)
                rooms.registry().drop(key)

    # messages --------------------------------------------------------------------------

    def _refuse(self, code: str) -> None:
        self._send(
            "draft-error",
            {"code": code, "message": str(ERROR_MESSAGES.get(code, ERROR_MESSAGES["malformed"]))},
            to=request.sid,
        )

    def _may_write(self, connection: Connection) -> bool:
        try:
            check_process_access(current_user, connection.process_id, "write")
        except AccessDenied:
            return False
        finally:
            db.session.rollback()
        return True

    def on_y(self, data=None):
        connection = self.connections.get(request.sid)
        if connection is None:
            self._refuse("not-joined")
            return
        if not isinstance(data, bytes | bytearray):
            self._refuse("malformed")
            return
        data = bytes(data)
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
            )
        except MessageRefused as refused:
            if refused.code == "unavailable" or room.broken:
                rooms.registry().drop(room.key)
            self._refuse(refused.code)
            return
        except Exception:
            current_app.logger.exception("draft %s: saving an update failed", room.key)
            rooms.registry().drop(room.key)
            self._refuse("unavailable")
            return
        for reply in outcome.replies:
            self._send("y", reply, to=request.sid)
        if outcome.update:
            self.fanout.publish(connection.draft_id, outcome.update)
            rooms.maybe_compact(room)
        if outcome.awareness is not None:
            for client, clock, state in crdt.parse_awareness(outcome.awareness):
                if state == "null":
                    connection.awareness.pop(client, None)
                else:
                    connection.awareness[client] = clock
            self._send(
                "y",
                crdt.awareness_message(outcome.awareness),
                to=room_name(connection.draft_id),
                skip_sid=request.sid,
            )


def init_app(app) -> None:
    socketio.on_namespace(DraftingNamespace(NAMESPACE, app))
    live_access.NAMESPACES.add(NAMESPACE)
