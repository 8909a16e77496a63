"""What the server processes of one site say to each other over Redis (``REDIS_URL``).

One Redis connection pool per app and one listener task per process, subscribed to a
channel per topic (``<REDIS_PREFIX><topic>``: the site's prefix, so two sites sharing a
Redis never hear each other, see ``config.redis_prefix``). A topic's handler runs for every message
another process published on it; a process never hears its own messages. Topics:

- ``drafts``: accepted Yjs updates, applied by every process that holds the draft open
  (:mod:`drafting.relay`);
- ``live-access``: a revoked right; every process closes its own sockets in the room
  (:mod:`facilitation.live_access`).

Redis pub/sub delivers messages in order but keeps nothing for a listener that was away:
after a reconnection every ``on_reconnect`` callback runs, so a topic can catch up from
the database (the source of truth). Without ``REDIS_URL`` there is one process and
:func:`bus` returns None: callers keep everything in memory.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable

log = logging.getLogger(__name__)

CHANNEL_PREFIX = "policycycle:"
#: Pause before listening again after Redis went away.
RECONNECT_SECONDS = 0.5


class Bus:
    def __init__(
        self, url: str, start_task: Callable, sleep: Callable, prefix: str = CHANNEL_PREFIX
    ) -> None:
        import redis

        self.url = url
        self.prefix = prefix  # of every channel and key of this site
        self.node = uuid.uuid4().bytes  # this process, so it skips its own messages
        self.redis = redis.Redis.from_url(url, health_check_interval=30)
        self.handlers: dict[str, Callable[[bytes], None]] = {}
        self.reconnect_callbacks: list[Callable[[], None]] = []
        self._start_task = start_task
        self._sleep = sleep
        self._started = False
        self._lock = threading.Lock()
        self.listening = threading.Event()

    def subscribe(self, topic: str, handler: Callable[[bytes], None]) -> None:
        """Run ``handler(payload)`` for every message another process publishes."""
        self.handlers[self.prefix + topic] = handler

    def on_reconnect(self, callback: Callable[[], None]) -> None:
        self.reconnect_callbacks.append(callback)

    def publish(self, topic: str, payload: bytes) -> None:
        self.redis.publish(self.prefix + topic, self.node + payload)

    def start(self) -> None:
        with self._lock:
            if self._started or not self.handlers:
                return
            self._started = True
        self._start_task(self._listen_forever)

    def _listen_forever(self) -> None:
        first = True
        while True:
            try:
                pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(*self.handlers)
                self.listening.set()
                if not first:  # messages sent while we were away are lost: catch up
                    for callback in self.reconnect_callbacks:
                        self._safely(callback)
                first = False
                for message in pubsub.listen():
                    self._dispatch(message)
            except Exception:  # Redis restarted or unreachable: listen again shortly
                self.listening.clear()
                log.warning("cluster: lost the Redis subscription; reconnecting", exc_info=True)
                self._sleep(RECONNECT_SECONDS)

    def _dispatch(self, message: dict) -> None:
        if message.get("type") != "message":
            return
        channel = message["channel"]
        channel = channel.decode() if isinstance(channel, bytes) else channel
        data = message["data"]
        if data[:16] == self.node:
            return
        handler = self.handlers.get(channel)
        if handler is not None:
            self._safely(handler, data[16:])

    @staticmethod
    def _safely(fn: Callable, *args) -> None:
        try:
            fn(*args)
        except Exception:  # one bad message must not stop the listener
            log.exception("cluster: handling a message failed")


def init_app(app) -> None:
    """Create the bus when ``REDIS_URL`` is set (domains subscribe in their init_app)."""
    url = app.config.get("REDIS_URL")
    if not url:
        return
    from .extensions import socketio

    app.extensions["cluster_bus"] = Bus(
        url, socketio.start_background_task, socketio.sleep, app.config["REDIS_PREFIX"]
    )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.logger.warning(
            "REDIS_URL is set with a SQLite database: several server processes need "
            "PostgreSQL (docs/scaling.md)"
        )


def bus(app=None) -> Bus | None:
    if app is None:
        from flask import current_app, has_app_context

        if not has_app_context():
            return None
        app = current_app
    return app.extensions.get("cluster_bus")


def start(app) -> None:
    """Start listening (called once the server runs, by the first socket connection)."""
    found = bus(app)
    if found is not None:
        found.start()
