"""The rooms of this server process: one loaded pycrdt document per open draft.

With several server processes (``REDIS_URL``) each process that has the draft open
holds a document of its own, kept in step with the others by :mod:`drafting.relay`;
the log in the database stays the source of truth (docs/scaling.md).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from flask import current_app
from flask_babel import force_locale
from pycrdt import Doc

from facilitation.extensions import db, socketio
from facilitation.models import Process
from facilitation.scoped import get_in_process

from . import blocks, outline, prosemirror, relay, store
from .crdt import SEED_CLIENT_ID, Room, RoomRegistry
from .models import Draft, DraftKind

#: Compact a room's log into a snapshot once it holds this many updates.
COMPACT_AFTER = 2000


def registry() -> RoomRegistry:
    app = current_app._get_current_object()
    rooms = app.extensions.get("drafting_rooms")
    if rooms is None:
        rooms = app.extensions["drafting_rooms"] = RoomRegistry(_loader(app))
    return rooms


def flush_open_rooms(app) -> int:
    """Compact every open room into its snapshot (a graceful stop, see
    facilitation/shutdown.py); the number flushed. A broken room keeps its log."""
    rooms = app.extensions.get("drafting_rooms")
    if rooms is None:
        return 0
    flushed = 0
    with app.app_context():
        open_drafts = rooms.keys()  # a copy: a room may close meanwhile
        for key in open_drafts:
            room = rooms.peek(key)
            if room is None or room.broken:
                continue
            maybe_compact(room, force=True)
            flushed += 1
    return flushed


def _loader(app):
    def load(key):
        process_id, draft_id = key
        with app.app_context():
            room = Room(key)
            snapshot, updates = store.load(draft_id)
            if snapshot is None and not updates:
                seed = seed_update(process_id, draft_id)
                if seed:
                    store.append(process_id, draft_id, seed)
                    updates = [seed]
            room.load(snapshot, updates)
            relay.room_opened(app, key)
            return room

    return load


def seed_update(process_id: int, draft_id: int) -> bytes:
    """The first content of a new draft: its outline as headings, written once by the
    server with a fixed client id (never by the editors, docs/coediting.md trap 6)."""
    draft = get_in_process(Draft, draft_id, process_id)
    if draft is None:
        return b""
    if draft.kind == DraftKind.POLICY and national_outline(draft):
        blocks = policy_seed(process_id)
    else:
        blocks = [{"type": "heading", "level": 1, "runs": [prosemirror.plain_run(draft.title)]}]
        for section in draft.sections:
            blocks.append(
                {"type": "heading", "level": 2, "runs": [prosemirror.plain_run(section.title)]}
            )
            blocks.append({"type": "paragraph", "runs": []})
    doc = Doc(client_id=SEED_CLIENT_ID)
    prosemirror.append_blocks(prosemirror.fragment_of(doc), blocks)
    return doc.get_update()


def national_outline(draft: Draft) -> bool:
    """A policy draft created with the national outline (its sections are its chapters)."""
    process = db.session.get(Process, draft.process_id)
    with force_locale(process.language or "en"):
        return [s.title for s in draft.sections] == outline.chapter_titles()


def policy_seed(process_id: int) -> list[dict]:
    """The national-policy outline with its guidance, proposed texts and cycle blocks,
    in the process language."""
    process = db.session.get(Process, process_id)
    with force_locale(process.language or "en"):
        return outline.seed_blocks(blocks.builder(process_id))


def get_room(process_id: int, draft_id: int) -> Room:
    return registry().get((process_id, draft_id))


def saver(process_id: int, draft_id: int) -> Callable[[bytes], object]:
    """How a room saves an update: through the process's group-commit writer when the
    server runs on gevent (many clients, one loop), else written before returning."""
    if not store.on_gevent_loop():
        return partial(store.append, process_id, draft_id)
    app = current_app._get_current_object()
    writer = app.extensions.get("drafting_log_writer")
    if writer is None:
        writer = app.extensions.setdefault(
            "drafting_log_writer", store.LogWriter(app, socketio.start_background_task)
        )
    return writer.saver(process_id, draft_id)


def current_state(process_id: int, draft_id: int) -> bytes:
    """The draft's whole state as one update (from the open room, loading it if needed)."""
    return get_room(process_id, draft_id).full_update()


def change(process_id: int, draft_id: int, edit: Callable[[Doc], None]) -> bytes:
    """Apply a server-side edit, save it, and relay it to the people in the draft.

    Commit any pending ORM work first: the update is written on its own transaction.
    """
    room = get_room(process_id, draft_id)
    update = room.local_change(edit, saver(process_id, draft_id))
    if update:
        publish(draft_id, update)
    maybe_compact(room)
    return update


def maybe_compact(room: Room, force: bool = False) -> None:
    every = current_app.config.get("DRAFT_COMPACT_AFTER") or COMPACT_AFTER
    if room.broken or not (force or room.updates_since_snapshot >= every):
        return
    if room.updates_since_snapshot == 0 and not room.stranded:
        return
    process_id, draft_id = room.key
    if room.stranded:  # written by an older version: updates whose causes never came
        current_app.logger.warning(
            "draft %s: compaction drops %d stranded log rows", draft_id, len(room.stranded)
        )
    try:
        room.compact(partial(store.compact, process_id, draft_id))
    except Exception:  # the log stays as it is: nothing is lost, compaction waits
        current_app.logger.exception("draft %s: compaction skipped", draft_id)


def on_publish(app, publisher: Callable[[int, bytes], None]) -> None:
    """The socket layer registers how accepted updates reach the room's clients."""
    app.extensions["drafting_publish"] = publisher


def publish(draft_id: int, update: bytes) -> None:
    """Send a saved update to the draft's clients, in this process and the others."""
    relay.publish(draft_id, update)
    publisher = current_app.extensions.get("drafting_publish")
    if publisher is not None:
        publisher(draft_id, update)
