"""An in-memory sliding-window rate limiter, shared by sign-in and live workshops."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class RateLimiter:
    """Sliding-window limit: at most ``limit`` events per ``window`` seconds per key.

    Held in the memory of the server process (a workshop runs on one server);
    thread-safe, and greenlet-safe under gevent.
    """

    limit: int
    window: float
    clock: Callable[[], float] = time.monotonic
    _events: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def allow(self, key) -> bool:
        now = self.clock()
        with self._lock:
            recent = self._events.get(key)
            if recent is None:
                recent = self._events[key] = deque()
            while recent and now - recent[0] >= self.window:
                recent.popleft()
            if len(recent) >= self.limit:
                return False
            recent.append(now)
            if len(self._events) > 10_000:
                self._forget_idle(now)
            return True

    def retry_after(self, key) -> float:
        with self._lock:
            recent = self._events.get(key)
            if not recent or len(recent) < self.limit:
                return 0.0
            return max(0.0, self.window - (self.clock() - recent[0]))

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, v in self._events.items() if not v or now - v[-1] >= self.window]:
            del self._events[key]
