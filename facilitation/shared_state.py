"""Short-lived state that every server process must see the same: claims with an expiry
and small queues. In Redis when ``REDIS_URL`` is set, else in this process's memory.

Live workshops use it to coalesce results (one broadcast per interval, whichever
process took the answer) and to batch board changes for phones. A claim expires on its
own, so a process that dies holding one delays the next broadcast by at most its expiry.
"""

from __future__ import annotations

import json
import threading
import time


class MemoryState:
    """One process: a dict of expiries and a dict of lists, under a lock."""

    def __init__(self) -> None:
        self._expiry: dict[str, float] = {}
        self._lists: dict[str, list] = {}
        self._lock = threading.Lock()

    def claim(self, key: str, seconds: float) -> bool:
        """Hold ``key`` for ``seconds`` unless someone holds it; True if we now do."""
        now = time.monotonic()
        with self._lock:
            if self._expiry.get(key, 0.0) > now:
                return False
            self._expiry[key] = now + seconds
            if len(self._expiry) > 10_000:
                self._expiry = {k: v for k, v in self._expiry.items() if v > now}
            return True

    def hold(self, key: str, seconds: float) -> None:
        """Hold ``key`` for ``seconds`` from now, whoever held it."""
        with self._lock:
            self._expiry[key] = time.monotonic() + seconds

    def remaining(self, key: str) -> float:
        with self._lock:
            return max(0.0, self._expiry.get(key, 0.0) - time.monotonic())

    def release(self, key: str) -> None:
        with self._lock:
            self._expiry.pop(key, None)

    def push(self, key: str, item) -> None:
        with self._lock:
            self._lists.setdefault(key, []).append(item)

    def take(self, key: str) -> list:
        with self._lock:
            return self._lists.pop(key, [])


class RedisState:
    """Every process: the same operations on Redis keys (items as JSON)."""

    #: A queue nobody takes (its process died) is forgotten after this long.
    QUEUE_SECONDS = 60

    def __init__(self, redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix + "state:"  # the site's prefix (config.redis_prefix)

    def claim(self, key: str, seconds: float) -> bool:
        return bool(
            self.redis.set(self.prefix + key, b"1", nx=True, px=max(1, int(seconds * 1000)))
        )

    def hold(self, key: str, seconds: float) -> None:
        self.redis.set(self.prefix + key, b"1", px=max(1, int(seconds * 1000)))

    def remaining(self, key: str) -> float:
        left = self.redis.pttl(self.prefix + key)
        return max(0.0, left / 1000) if left and left > 0 else 0.0

    def release(self, key: str) -> None:
        self.redis.delete(self.prefix + key)

    def push(self, key: str, item) -> None:
        with self.redis.pipeline() as pipe:
            pipe.rpush(self.prefix + key, json.dumps(item))
            pipe.expire(self.prefix + key, self.QUEUE_SECONDS)
            pipe.execute()

    def take(self, key: str) -> list:
        with self.redis.pipeline() as pipe:  # MULTI: nothing pushed between the two
            pipe.lrange(self.prefix + key, 0, -1)
            pipe.delete(self.prefix + key)
            items, _deleted = pipe.execute()
        return [json.loads(item) for item in items]


def of(app) -> MemoryState | RedisState:
    """The app's shared state, created on first use."""
    found = app.extensions.get("shared_state")
    if found is None:
        from .cluster import bus

        shared = bus(app)
        found = RedisState(shared.redis, shared.prefix) if shared is not None else MemoryState()
        app.extensions["shared_state"] = found
    return found
