"""Co-editing rooms kept in step between server processes (``REDIS_URL``).

Each process holds its own pycrdt document for every draft its clients have open. An
update a process accepts is saved to the log first (the log is the source of truth),
then published on the cluster bus (topic ``drafts``) and fanned out to the process's own
clients. Every other process that holds the draft applies the update to its document,
through the room's out-of-order guard, without saving it again, and fans out to its own
clients what was new to it. So a client only ever receives what its own process's
document holds, and its next edit never depends on something its process lacks.

Redis pub/sub keeps nothing for a listener that was away, so a room also catches up
from the database (:func:`reconcile`): shortly after it is opened (an update committed
while it was loading may have been published before it was listening), when the bus
reconnects, when a relayed update waits for causes that never came, and every
``RECONCILE_SECONDS``. Catching up applies only what the room lacks; it is idempotent.

The wire format of a message: process id and draft id (8 bytes each, big-endian), then
the Yjs update.
"""

from __future__ import annotations

import logging
import struct
import threading

from facilitation import cluster

from . import store
from .crdt import MessageRefused, Room

log = logging.getLogger(__name__)

TOPIC = "drafts"
#: Every open room compares itself with the database this often.
RECONCILE_SECONDS = 60.0
#: A room opened in this process catches up once this long after it was loaded.
OPENED_RECONCILE_DELAY = 0.5
_HEADER = struct.Struct(">QQ")
#: The owner of parked relayed updates (see :meth:`Room.apply`).
RELAYED = "relayed-from-another-process"


def publish(draft_id: int, update: bytes) -> None:
    """Tell the other processes about an update this process saved."""
    bus = cluster.bus()
    if bus is None:
        return
    key = _key_of(draft_id)
    if key is None:
        return
    try:
        bus.publish(TOPIC, _HEADER.pack(*key) + update)
    except Exception:  # Redis away: the others catch up from the log when it returns
        log.warning("draft %s: relaying an update failed", draft_id, exc_info=True)


def _open_rooms(app):
    """This process's room registry (:func:`drafting.rooms.registry`), if it has one."""
    return app.extensions.get("drafting_rooms")


def _key_of(draft_id: int) -> tuple[int, int] | None:
    from flask import current_app

    registry = _open_rooms(current_app)
    for key in registry.keys() if registry is not None else ():
        if key[1] == draft_id:
            return key
    return None


def _already_saved(update: bytes) -> None:
    """Relayed and reconciled updates are in the log already."""


class Relay:
    def __init__(self, app, bus: cluster.Bus) -> None:
        self.app = app
        self.bus = bus
        self.started = False
        #: room key -> relayed updates waiting to be applied, in arrival order
        self.inbox: dict[tuple, list[bytes]] = {}
        self.inbox_lock = threading.Lock()

    def _room(self, key) -> Room | None:
        registry = _open_rooms(self.app)
        room = registry.peek(key) if registry is not None else None
        return None if room is None or room.broken else room

    def local_publish(self, draft_id: int, update: bytes) -> None:
        publisher = self.app.extensions.get("drafting_publish")
        if publisher is not None:
            publisher(draft_id, update)

    # hearing the others ------------------------------------------------------------

    def on_message(self, payload: bytes) -> None:
        """Queue a relayed update for its room. The bus's listener never waits: a room's
        lock is held while its own clients' updates are saved, so a busy room takes its
        relayed updates in batches, all under one acquisition of the lock."""
        if len(payload) <= _HEADER.size:
            return
        key = _HEADER.unpack_from(payload)
        if self._room(key) is None:
            return  # not open here: whoever opens it loads it from the log
        with self.inbox_lock:
            waiting = self.inbox.setdefault(key, [])
            waiting.append(payload[_HEADER.size :])
            if len(waiting) > 1:
                return  # a drain for this room is already under way
        from facilitation.extensions import socketio

        socketio.start_background_task(self._drain, key)

    def _drain(self, key) -> None:
        while True:
            with self.inbox_lock:
                batch = self.inbox.get(key, [])
                if not batch:
                    self.inbox.pop(key, None)
                    return
                self.inbox[key] = [b""]  # a marker: further updates wait for this drain
            self._safely(self._apply_batch, key, [update for update in batch if update])
            with self.inbox_lock:
                waiting = self.inbox.get(key, [])
                if waiting == [b""]:
                    self.inbox.pop(key, None)
                    return
                self.inbox[key] = [update for update in waiting if update]

    def _apply_batch(self, key, updates: list[bytes]) -> None:
        room = self._room(key)
        if room is None or not updates:
            return
        added, parked = [], False
        with room.lock:  # reentrant: each apply below takes it again at no cost
            for update in updates:
                try:
                    applied = room.apply(update, _already_saved, owner=RELAYED)
                except MessageRefused:  # too many waiting for causes: take it all from the log
                    room.drop_parked(RELAYED)
                    self.reconcile_later(key, 0)
                    break
                parked = parked or applied.first_parked
                if applied.update:
                    added.append(applied.update)
        if parked:  # its causes may have been lost on the way
            log.warning("draft %s: a relayed update waits for its causes", key[1])
            self.reconcile_later(key, OPENED_RECONCILE_DELAY)
        for update in added:
            self.local_publish(key[1], update)

    # catching up from the log ------------------------------------------------------

    def reconcile(self, key) -> None:
        catch_up(self.app, key)

    def reconcile_later(self, key, delay: float) -> None:
        from facilitation.extensions import socketio

        def later():
            socketio.sleep(delay)
            self._safely(self.reconcile, key)

        socketio.start_background_task(later)

    def reconcile_all(self) -> None:
        registry = _open_rooms(self.app)
        for key in registry.keys() if registry is not None else ():
            self._safely(self.reconcile, key)

    def _periodically(self) -> None:
        from facilitation.extensions import socketio

        while True:
            socketio.sleep(RECONCILE_SECONDS)
            self.reconcile_all()

    def start(self) -> None:
        if self.started:
            return
        self.started = True
        from facilitation.extensions import socketio

        socketio.start_background_task(self._periodically)

    def _safely(self, fn, *args) -> None:
        try:
            fn(*args)
        except Exception:
            log.exception("drafting relay: catching up failed")


def catch_up(app, key) -> bool:
    """This process's open room of ``key`` (process id, draft id), if any, takes from the
    log what it lacks and sends it to its own clients. For changes written to the log by
    another process: a job worker (a Word review's anchors, a merged archive), the CLI,
    or a server process whose relayed update was missed. Works without Redis; idempotent;
    True when the room learned something."""
    registry = _open_rooms(app)
    room = registry.peek(key) if registry is not None else None
    if room is None or room.broken:
        return False
    with app.app_context():
        snapshot, updates = store.load(key[1])
    if snapshot is None and not updates:
        return False
    stored = Room("log")
    stored.load(snapshot, updates)
    missing = stored.doc.get_update(room.state_vector())
    try:
        applied = room.apply(missing, _already_saved, owner=RELAYED)
    except MessageRefused:
        log.warning("draft %s: catching up from the log was refused", key[1], exc_info=True)
        return False
    room.drop_parked(RELAYED)  # the log holds everything they could be waiting for
    if applied.update:
        publisher = app.extensions.get("drafting_publish")
        if publisher is not None:
            publisher(key[1], applied.update)
    return bool(applied.update)


def room_opened(app, key) -> None:
    """A room was loaded in this process: catch up once it is listening for updates."""
    relay = app.extensions.get("drafting_relay")
    if relay is not None:
        relay.start()
        relay.reconcile_later(key, OPENED_RECONCILE_DELAY)


def init_app(app) -> None:
    bus = cluster.bus(app)
    if bus is None:
        return
    relay = app.extensions["drafting_relay"] = Relay(app, bus)
    bus.subscribe(TOPIC, relay.on_message)
    bus.on_reconnect(relay.reconcile_all)
