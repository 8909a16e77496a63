"""Relaying accepted updates to everyone in a draft: at once when the room is idle, merged
under load.

Each emit to a room costs one Socket.IO packet (two WebSocket frames) per client, so at
10 writers and 100 readers sending every keystroke alone is 10,000 packets a second. A
fixed batching window (the old 30 ms) made every keystroke wait half a window on average
even when nothing else was happening. Instead, as Hocuspocus does per event-loop turn:

* a room with nothing in flight sends an update **at once**, from the greenlet that
  accepted it (no added latency when idle);
* while that send's follow-up is pending, further updates of the room are queued, and a
  drainer sends them **merged, in order**, as soon as the event loop has nothing else
  ready (``gevent.idle``), or after :data:`MAX_HOLD_SECONDS` at most under sustained load.
  When a drain finds nothing queued the room is idle again.

So batches form only when updates arrive faster than the loop gets through them, and
their size follows the load. Nothing is dropped: a failing send is logged and the room's
clients get the update at their next resync (their providers exchange state vectors).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from pycrdt import merge_updates

#: The longest an update waits for the event loop to go idle before its batch is sent.
MAX_HOLD_SECONDS = 0.005


def _gevent_idle(limit: float) -> None:
    """Wait until gevent's loop has nothing else ready (or ``limit`` seconds pass)."""
    import gevent

    with gevent.Timeout(limit, False):
        gevent.idle()


class Fanout:
    """Per-draft sending of accepted updates; ``send(draft_id, update)`` does the emit,
    ``spawn(fn, *args)`` starts a background task, ``idle(limit)`` yields to the loop."""

    def __init__(
        self,
        send: Callable[[int, bytes], None],
        spawn: Callable[..., object],
        idle: Callable[[float], None],
        log_failure: Callable[[int], None],
    ) -> None:
        self._send = send
        self._spawn = spawn
        self._idle = idle
        self._log_failure = log_failure
        self._lock = threading.Lock()
        #: rooms with a drainer running, and the updates queued for it, in order
        self._queued: dict[int, list[bytes]] = {}
        self.sent_alone = 0  # counters for the operator and the tests
        self.sent_merged = 0

    def publish(self, draft_id: int, update: bytes) -> None:
        with self._lock:
            queue = self._queued.get(draft_id)
            if queue is not None:  # busy: the drainer sends it with the others
                queue.append(update)
                return
            self._queued[draft_id] = []
        try:
            self._emit(draft_id, update)
            self.sent_alone += 1
        finally:
            self._spawn(self._drain, draft_id)

    def _emit(self, draft_id: int, update: bytes) -> None:
        try:
            self._send(draft_id, update)
        except Exception:  # keep serving; the room's clients resync
            self._log_failure(draft_id)

    def _drain(self, draft_id: int) -> None:
        """Send what queued up while the loop was busy, until a turn brings nothing."""
        try:
            while True:
                self._idle(MAX_HOLD_SECONDS)
                with self._lock:
                    batch = self._queued.get(draft_id) or []
                    if not batch:
                        self._queued.pop(draft_id, None)
                        return
                    self._queued[draft_id] = []
                try:
                    merged = batch[0] if len(batch) == 1 else merge_updates(*batch)
                except Exception:  # never lose them: send one by one
                    for update in batch:
                        self._emit(draft_id, update)
                    continue
                self._emit(draft_id, merged)
                self.sent_merged += len(batch)
        except BaseException:
            with self._lock:  # a dying drainer must not leave the room stuck as busy
                leftover = self._queued.pop(draft_id, None) or []
            for update in leftover:
                self._emit(draft_id, update)
            raise

    def pending(self) -> int:
        with self._lock:
            return sum(len(queue) for queue in self._queued.values())


def for_socketio(socketio, send: Callable[[int, bytes], None], log_failure) -> Fanout:
    """A fan-out driven by the gevent server's loop, or by threads where nothing is
    patched (tests, the CLI): a greenlet spawned there would never run."""
    from .store import on_gevent_loop

    def spawn(fn, *args):
        if on_gevent_loop():
            return socketio.start_background_task(fn, *args)
        thread = threading.Thread(target=fn, args=args, daemon=True)
        thread.start()
        return thread

    def idle(limit: float) -> None:
        if on_gevent_loop():
            _gevent_idle(limit)
        else:
            time.sleep(0)

    return Fanout(send, spawn, idle, log_failure)
