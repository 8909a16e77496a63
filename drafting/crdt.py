"""The server side of one co-edited draft, free of Flask, sockets and the database.

A :class:`Room` holds the draft's pycrdt document and decides what to do with each
binary message a client sends (the y-websocket framing of the y-sync and awareness
protocols, see ``drafting/frontend/src/provider.js``):

* ``[0][0][state vector]`` sync step 1: the room answers with the updates the client lacks
  (step 2) and asks for what it lacks itself (its own step 1);
* ``[0][1][update]`` step 2 and ``[0][2][update]`` update: validated, applied, handed to
  the caller's ``save`` (which writes the database) and only then returned for relay;
* ``[1][awareness update]``: presence, checked and returned for relay, never stored.

Out-of-order arrival (docs/coediting.md, trap 1): pycrdt 0.14 strands content whose causal
predecessors arrive later, so the room never hands pycrdt an update whose causes are
absent. Such an update is parked under the connection that sent it (bounded per
connection, never stored, never relayed) and applied when its causes arrive; the caller
asks its author to resync. A connection's parked updates go when it leaves.

Only what is new is stored and relayed: an update (typically a resync's step 2) that
brings no unknown structs and no unknown deletions costs no log row and no broadcast,
and one that does is cut down to its new structs and new deletions.

Everything that changes the document happens under the room's lock (trap 3).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pycrdt import (
    Doc,
    YMessageType,
    YSyncMessageType,
    get_state,
    merge_updates,
    write_var_uint,
)

from .ydeps import (
    Dependencies,
    MalformedUpdate,
    decode_state_vector,
    dependencies,
    encode_delete_set,
    is_ready,
    split_update,
    subtract_delete_sets,
)

#: Largest single update a client may send (a long paste); larger ones are refused.
MAX_UPDATE_BYTES = 2 * 1024 * 1024
#: Largest stored document; a draft beyond this refuses further growth.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
#: Largest awareness (presence) message: a name, a colour and a cursor fit in far less.
MAX_AWARENESS_BYTES = 8 * 1024
#: Updates one connection may have waiting for their causes (count and bytes); beyond
#: this that connection is refused and asked to resync, nobody else is affected.
MAX_PARKED_PER_CONNECTION = 200
MAX_PARKED_BYTES_PER_CONNECTION = 4 * MAX_UPDATE_BYTES
#: Client id used to seed new drafts, so a seed applied twice creates the same structs.
SEED_CLIENT_ID = 1


class MessageRefused(Exception):
    """A client's message cannot be accepted; ``code`` is stable, ``reason`` is for logs."""

    def __init__(self, code: str, reason: str = "") -> None:
        super().__init__(code, reason)
        self.code = code
        self.reason = reason


@dataclass
class Outcome:
    """What the transport should do after a message: reply, relay an update, relay presence."""

    replies: list[bytes] = field(default_factory=list)
    update: bytes | None = None
    awareness: bytes | None = None


@dataclass
class Applied:
    """What became of an update: the part to relay (None if nothing new), or parked."""

    update: bytes | None = None
    first_parked: bool = False


# --- low-level encoding ---------------------------------------------------------------


def read_var_uint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= len(data):
            raise MessageRefused("malformed", "truncated number")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7
        if shift > 56:
            raise MessageRefused("malformed", "number too long")


def read_var_bytes(data: bytes, pos: int) -> tuple[bytes, int]:
    length, pos = read_var_uint(data, pos)
    end = pos + length
    if end > len(data):
        raise MessageRefused("malformed", "truncated payload")
    return data[pos:end], end


def sync_message(sync_type: int, payload: bytes) -> bytes:
    return bytes([YMessageType.SYNC, sync_type]) + _var_bytes(payload)


def create_sync_step1_message(state_vector: bytes) -> bytes:
    return sync_message(YSyncMessageType.SYNC_STEP1, state_vector)


def create_sync_step2_message(update: bytes) -> bytes:
    return sync_message(YSyncMessageType.SYNC_STEP2, update)


def update_message(update: bytes) -> bytes:
    return bytes([YMessageType.SYNC, YSyncMessageType.SYNC_UPDATE]) + _var_bytes(update)


def awareness_message(payload: bytes) -> bytes:
    return bytes([YMessageType.AWARENESS]) + _var_bytes(payload)


def _var_bytes(data: bytes) -> bytes:
    return write_var_uint(len(data)) + data


def has_structs(update: bytes) -> bool:
    """True when a v1 update carries inserted content (its first number counts clients)."""
    count, _ = read_var_uint(update, 0)
    return count > 0


def check_update(update: bytes) -> None:
    """Refuse an update that is too large or cannot be decoded."""
    if len(update) > MAX_UPDATE_BYTES:
        raise MessageRefused("too-large", f"update of {len(update)} bytes")
    try:
        get_state(update)
        dependencies(update)
    except (ValueError, MalformedUpdate) as exc:  # pycrdt raises ValueError on bad bytes
        raise MessageRefused("malformed", str(exc)) from exc


def written_ranges(message: bytes) -> list[list[int]]:
    """For a refused update message: ``[client, first clock, end clock]`` per client whose
    structs it carried, so the author can take back exactly those ([] if unreadable)."""
    try:
        kind, pos = read_var_uint(message, 0)
        _sync_type, pos = read_var_uint(message, pos)
        payload, _ = read_var_bytes(message, pos)
        deps = dependencies(payload) if kind == YMessageType.SYNC else None
    except (MessageRefused, MalformedUpdate):
        return []
    if deps is None:
        return []
    return [[client, start, deps.ends[client]] for client, start in deps.starts.items()]


def parse_awareness(payload: bytes) -> list[tuple[int, int, str]]:
    """Decode an awareness update into (client id, clock, JSON state) triples."""
    if len(payload) > MAX_AWARENESS_BYTES:
        raise MessageRefused("too-large", "awareness")
    count, pos = read_var_uint(payload, 0)
    entries = []
    for _ in range(count):
        client, pos = read_var_uint(payload, pos)
        clock, pos = read_var_uint(payload, pos)
        raw, pos = read_var_bytes(payload, pos)
        try:
            state = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MessageRefused("malformed", "awareness state") from exc
        entries.append((client, clock, state))
    if pos != len(payload):
        raise MessageRefused("malformed", "trailing bytes")
    return entries


def awareness_removal(entries: Iterable[tuple[int, int]]) -> bytes:
    """An awareness update telling peers that these clients left (state ``null``)."""
    items = list(entries)
    out = write_var_uint(len(items))
    for client, clock in items:
        out += write_var_uint(client) + write_var_uint(clock + 1) + _var_bytes(b"null")
    return out


# --- the room -------------------------------------------------------------------------


class Room:
    """One draft's live document. ``save(update)`` persists an accepted update."""

    def __init__(self, key: object) -> None:
        self.key = key
        self.doc = Doc(allow_multithreading=True)
        self.lock = threading.RLock()
        #: per connection (any hashable owner): updates waiting for their causes
        self.parked: dict[object, list[tuple[bytes, Dependencies]]] = {}
        #: logged updates that could not be placed at load (written by older versions);
        #: never sent, dropped at the next compaction
        self.stranded: list[bytes] = []
        self.stored_bytes = 0
        self.updates_since_snapshot = 0
        self.broken = False

    # loading ---------------------------------------------------------------------------

    def load(self, snapshot: bytes | None, updates: Iterable[bytes]) -> None:
        """Rebuild the document from a snapshot and the log that follows it."""
        with self.lock:
            if snapshot:
                self.doc.apply_update(snapshot)
                self.stored_bytes = len(snapshot)
            waiting = None
            for update in updates:
                self.stored_bytes += len(update)
                self.updates_since_snapshot += 1
                deps = dependencies(update)
                if self._ready(deps):
                    self.doc.apply_update(update)
                else:
                    waiting = self.parked.setdefault(None, [])
                    waiting.append((update, deps))
            if waiting:
                self._unpark()
                self.stranded = [update for update, _ in self.parked.pop(None, [])]

    @property
    def is_empty(self) -> bool:
        return self.doc.get_state() == b"\x00"

    # applying updates ------------------------------------------------------------------

    def _known(self) -> tuple[bytes, dict[int, int]]:
        """The document's state vector, encoded and decoded. Each asks pycrdt for a new
        transaction: ``apply`` reads it once per update, not once per check."""
        state = self.doc.get_state()
        return state, decode_state_vector(state)

    def _ready(self, deps: Dependencies, known: dict[int, int] | None = None) -> bool:
        return is_ready(deps, self._known()[1] if known is None else known)

    def _brings_structs(self, deps: Dependencies, known: dict[int, int]) -> bool:
        return any(end > known.get(client, 0) for client, end in deps.ends.items())

    def _delete_set(self):
        return split_update(self.doc.get_update(self.doc.get_state()))[1]

    def _integrate(
        self, update: bytes, deps: Dependencies, state: tuple[bytes, dict] | None = None
    ) -> bytes:
        """Apply an update whose causes are present; return what it added (b"" if nothing).

        A typed change (new structs, no deletions) is returned as it came. Otherwise the
        document's delete set is compared before and after, so a resync that repeats the
        whole delete set adds nothing and costs nothing. ``state`` is the document's
        state vector (``_known``) if the caller has it for the document as it is now."""
        before, known = self._known() if state is None else state
        fresh = any(end > known.get(client, 0) for client, end in deps.ends.items())
        deletes = update[deps.delete_set_at :] != b"\x00"
        if fresh and not deletes:
            self.doc.apply_update(update)
            return update
        deleted_before = self._delete_set() if deletes else {}
        self.doc.apply_update(update)
        new_deletions = subtract_delete_sets(self._delete_set(), deleted_before) if deletes else {}
        if not fresh and not new_deletions:
            return b""
        structs = split_update(self.doc.get_update(before))[0] if fresh else b"\x00"
        return structs + encode_delete_set(new_deletions)

    def _park(self, owner: object, update: bytes, deps: Dependencies) -> bool:
        """Keep an update until its causes arrive; True when the owner had none waiting."""
        queue = self.parked.setdefault(owner, [])
        size = sum(len(waiting) for waiting, _ in queue) + len(update)
        if len(queue) >= MAX_PARKED_PER_CONNECTION or size > MAX_PARKED_BYTES_PER_CONNECTION:
            raise MessageRefused("out-of-order", f"{len(queue)} updates waiting for causes")
        queue.append((update, deps))
        return len(queue) == 1

    def _unpark(self) -> list[bytes]:
        added = []
        progress = True
        while progress:
            progress = False
            for owner, queue in list(self.parked.items()):
                for item in list(queue):
                    if self._ready(item[1]):
                        queue.remove(item)
                        added.append(self._integrate(*item))
                        progress = True
                if not queue:
                    self.parked.pop(owner, None)
        return added

    def drop_parked(self, owner: object) -> int:
        """Forget what a connection left waiting (its author still has it and resyncs)."""
        with self.lock:
            return len(self.parked.pop(owner, []))

    def parked_count(self, owner: object) -> int:
        with self.lock:
            return len(self.parked.get(owner, []))

    def apply(
        self,
        update: bytes,
        save: Callable[[bytes], object],
        *,
        owner: object = None,
        checked: bool = False,
    ) -> Applied:
        """Validate, apply and save one update; return what to relay (if anything).

        Raises :class:`MessageRefused` for bad input (the document is untouched). If
        ``save`` fails, the room is marked broken: the caller must drop it so the next
        client reloads it from the database, and ask the room's clients to resync.
        """
        if not checked:
            check_update(update)
        with self.lock:
            if self.broken:
                raise MessageRefused("unavailable", "room is reloading")
            try:
                deps = dependencies(update)
            except MalformedUpdate as exc:
                raise MessageRefused("malformed", str(exc)) from exc
            # Only new content counts against the budget: a resync repeating what the
            # room holds, or a deletion, is always accepted (it stores little or nothing).
            state = self._known()  # unchanged until the update is integrated
            known = state[1]
            if (
                self._brings_structs(deps, known)
                and self.stored_bytes + len(update) > MAX_DOCUMENT_BYTES
            ):
                raise MessageRefused("document-full", f"{self.stored_bytes} bytes stored")
            try:
                if not self._ready(deps, known):
                    return Applied(first_parked=self._park(owner, update, deps))
                added = [self._integrate(update, deps, state), *self._unpark()]
            except MessageRefused:
                raise
            except Exception as exc:
                raise MessageRefused("malformed", str(exc)) from exc
            added = [a for a in added if a]
            if not added:
                return Applied()
            merged = added[0] if len(added) == 1 else merge_updates(*added)
            pending = self._save(save, merged)
        self._await_saved(pending)
        return Applied(update=merged)

    def _save(self, save: Callable[[bytes], object], update: bytes) -> object:
        """Hand an applied update to ``save`` (under the lock, so the log keeps the order of
        application). ``save`` either writes it before returning, or queues it and returns
        something whose ``wait()`` returns once it is written (see ``store.LogWriter``)."""
        try:
            pending = save(update)
        except BaseException:
            self.broken = True
            raise
        self.stored_bytes += len(update)
        self.updates_since_snapshot += 1
        return pending

    def _await_saved(self, pending: object) -> None:
        """Wait, outside the lock, until a queued write is durable: the updates applied
        meanwhile join the next write. A failed write breaks the room (it is reloaded)."""
        if pending is None:
            return
        try:
            pending.wait()
        except BaseException:
            self.broken = True
            raise

    def local_change(self, change: Callable[[Doc], None], save: Callable[[bytes], object]) -> bytes:
        """Change the document on the server (seed, cycle block, restore); return the update."""
        captured: list[bytes] = []
        with self.lock:
            if self.broken:
                raise MessageRefused("unavailable", "room is reloading")
            subscription = self.doc.observe(lambda event: captured.append(event.update))
            try:
                with self.doc.transaction(origin="server"):
                    change(self.doc)
            finally:
                self.doc.unobserve(subscription)
            if not captured:
                return b""
            update = merge_updates(*captured) if len(captured) > 1 else captured[0]
            pending = self._save(save, update)
        self._await_saved(pending)
        return update

    # sync protocol ---------------------------------------------------------------------

    def full_update(self) -> bytes:
        with self.lock:
            return self.doc.get_update()

    def state_vector(self) -> bytes:
        with self.lock:
            return self.doc.get_state()

    def greeting(self) -> list[bytes]:
        """What the server sends first: its state vector, so the client sends what we lack."""
        return [create_sync_step1_message(self.state_vector())]

    def handle(
        self,
        message: bytes,
        *,
        can_write: bool,
        save: Callable[[bytes], object],
        owner: object = None,
    ) -> Outcome:
        """Interpret one client message (see the module docstring)."""
        if not isinstance(message, bytes | bytearray) or not message:
            raise MessageRefused("malformed", "not a binary message")
        message = bytes(message)
        kind, pos = read_var_uint(message, 0)
        if kind == YMessageType.AWARENESS:
            payload, end = read_var_bytes(message, pos)
            if end != len(message):
                raise MessageRefused("malformed", "trailing bytes")
            parse_awareness(payload)
            return Outcome(awareness=payload)
        if kind != YMessageType.SYNC:
            raise MessageRefused("malformed", f"unknown message type {kind}")
        sync_type, pos = read_var_uint(message, pos)
        payload, end = read_var_bytes(message, pos)
        if end != len(message):
            raise MessageRefused("malformed", "trailing bytes")
        if sync_type == YSyncMessageType.SYNC_STEP1:
            try:
                with self.lock:
                    diff = self.doc.get_update(payload)
                    state = self.doc.get_state()
            except Exception as exc:
                raise MessageRefused("malformed", "state vector") from exc
            return Outcome(
                replies=[create_sync_step2_message(diff), create_sync_step1_message(state)]
            )
        if sync_type in (YSyncMessageType.SYNC_STEP2, YSyncMessageType.SYNC_UPDATE):
            if not can_write:
                if sync_type == YSyncMessageType.SYNC_STEP2 and not has_structs_safe(payload):
                    return Outcome()
                raise MessageRefused("read-only", "observers cannot edit")
            check_update(payload)
            if payload == b"\x00\x00":  # the empty step 2 of an up-to-date client
                return Outcome()
            applied = self.apply(payload, save, owner=owner, checked=True)
            # The author's update waits for something it has not sent: ask for it.
            replies = (
                [create_sync_step1_message(self.state_vector())] if applied.first_parked else []
            )
            return Outcome(replies=replies, update=applied.update)
        raise MessageRefused("malformed", f"unknown sync type {sync_type}")

    # compaction ------------------------------------------------------------------------

    def compact(self, persist: Callable[[bytes], None]) -> None:
        """Write the whole state as one snapshot replacing the log.

        ``persist(snapshot)`` must, in one transaction, store the snapshot and delete the
        log it replaces. Updates stranded at load (older versions logged updates whose
        causes never arrived) go with it. The snapshot is checked to rebuild exactly the
        current document before anything is written.
        """
        with self.lock:
            snapshot = self.doc.get_update()
            check = Doc()
            check.apply_update(snapshot)
            state = decode_state_vector(self.doc.get_state())
            if decode_state_vector(check.get_state()) != state:
                raise RuntimeError("snapshot does not reproduce the document")
            persist(snapshot)
            self.stranded = []
            self.stored_bytes = len(snapshot)
            self.updates_since_snapshot = 0


def build_snapshot(snapshot: bytes | None, updates: Iterable[bytes]) -> bytes:
    """One update holding a stored snapshot and log updates, whatever their order.

    The log's order is not always causal (several processes append to it), so the
    updates go through a room's out-of-order guard; the result is checked to rebuild the
    same state. Updates whose causes are absent (written by older versions) are left out.
    """
    room = Room("snapshot")
    room.load(snapshot, updates)
    result = room.doc.get_update()
    check = Doc()
    check.apply_update(result)
    if decode_state_vector(check.get_state()) != decode_state_vector(room.doc.get_state()):
        raise RuntimeError("snapshot does not reproduce the document")
    return result


def has_structs_safe(update: bytes) -> bool:
    try:
        return has_structs(update)
    except MessageRefused:
        return True


class RoomRegistry:
    """The rooms open in this process, created and loaded once per key."""

    def __init__(self, loader: Callable[[object], Room]) -> None:
        self._loader = loader
        self._rooms: dict[object, Room] = {}
        self._lock = threading.Lock()
        self._loading: dict[object, threading.Lock] = {}

    def get(self, key: object) -> Room:
        with self._lock:
            room = self._rooms.get(key)
            if room is not None and not room.broken:
                return room
            gate = self._loading.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                room = self._rooms.get(key)
                if room is not None and not room.broken:
                    return room
            room = self._loader(key)  # loads fully before anyone can sync (trap 7)
            with self._lock:
                self._rooms[key] = room
            return room

    def peek(self, key: object) -> Room | None:
        with self._lock:
            return self._rooms.get(key)

    def drop(self, key: object) -> None:
        with self._lock:
            self._rooms.pop(key, None)

    def keys(self) -> list[object]:
        with self._lock:
            return list(self._rooms)
