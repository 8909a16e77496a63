"""Sliding-window rate limiters, shared by sign-in and live workshops: in this process's
memory, or in Redis when several server processes serve the site (``REDIS_URL``)."""

from __future__ import annotations

import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class RateLimiter:
    """Sliding-window limit: at most ``limit`` events per ``window`` seconds per key.

    Held in the memory of the server process (see :func:`make_limiter` for several);
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


# A sliding window in a Redis sorted set, checked and updated atomically: at most
# ARGV[2] members scored within the last ARGV[3] seconds. Returns 1 (allowed) or 0.
_ALLOW = """
local now, limit, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= limit then return 0 end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('EXPIRE', KEYS[1], math.ceil(window))
return 1
"""


class RedisRateLimiter:
    """The same limit shared by every server process (``REDIS_URL``).

    Times are the servers' wall clocks (kept in step by NTP on any real host)."""

    def __init__(self, redis, name: str, limit: int, window: float, prefix: str) -> None:
        self.redis = redis
        self.prefix = f"{prefix}rate:{name}:"  # prefix: the site's (config.redis_prefix)
        self.limit = limit
        self.window = window
        self._allow = redis.register_script(_ALLOW)

    def allow(self, key) -> bool:
        member = f"{time.time():.6f}:{uuid.uuid4().hex[:8]}"
        args = [time.time(), self.limit, self.window, member]
        return bool(self._allow(keys=[self.prefix + str(key)], args=args))

    def retry_after(self, key) -> float:
        name = self.prefix + str(key)
        if self.redis.zcard(name) < self.limit:
            return 0.0
        oldest = self.redis.zrange(name, 0, 0, withscores=True)
        if not oldest:
            return 0.0
        return max(0.0, self.window - (time.time() - oldest[0][1]))


def make_limiter(app, name: str, limit: int, window: float):
    """A limiter shared by every server process when ``REDIS_URL`` is set, else one in
    this process's memory."""
    from .cluster import bus

    shared = bus(app)
    if shared is None:
        return RateLimiter(limit=limit, window=window)
    return RedisRateLimiter(shared.redis, name, limit, window, shared.prefix)
