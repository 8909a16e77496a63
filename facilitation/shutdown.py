"""Graceful stop of the web server (``python -m facilitation``) on SIGTERM, as a process
manager (systemd, Docker, ``make run``'s launcher) asks for it:

1. stop accepting connections (nginx sends new ones to another process);
2. let the connections still open finish what they have received for
   ``SHUTDOWN_DRAIN_SECONDS`` (2 by default): each co-editing update is saved under its
   room's lock before it is acknowledged, so an edit already read is saved, not cut off;
3. flush every open co-editing room: its log is compacted into one snapshot in the
   database, so the next process loads it in one read;
4. close the remaining connections (clients reconnect, to this process once restarted or
   to another) and exit with status 0.

SIGKILL still loses nothing acknowledged (the log is written first); this only makes a
planned restart clean and quick to come back from.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal

log = logging.getLogger("policycycle.shutdown")


def drain_seconds() -> float:
    return float(os.environ.get("SHUTDOWN_DRAIN_SECONDS", "2"))


def flush_rooms(app) -> int:
    """Run what the packages registered for a graceful stop (drafting compacts every open
    co-editing room into its snapshot); the number of things flushed. A hook that fails is
    logged and the others still run: nothing is lost, a room's log is kept."""
    from .stages import registry

    flushed = 0
    for hook in registry(app).stop_hooks:
        try:
            flushed += hook(app)
        except Exception:
            log.exception("a stop hook failed: %s", getattr(hook, "__name__", hook))
    return flushed


def install(app, server) -> None:
    """Stop ``server`` gracefully on SIGTERM (gevent's loop runs the handler)."""
    import gevent

    def stop() -> None:
        print(" * SIGTERM: stopping gracefully", flush=True)
        log.info("stop asked: no new connections, draining the open ones")
        # Not server.close(): it would end serve_forever, which then kills the open
        # connections at once. The listener is closed so a proxy tries another process.
        server.stop_accepting()
        with contextlib.suppress(Exception):  # already closed
            server.socket.close()
        gevent.sleep(drain_seconds())
        try:
            flushed = flush_rooms(app)
        except Exception:  # never keep a process alive that was asked to stop
            log.exception("flushing the co-editing rooms failed; their logs are kept")
            flushed = 0
        print(f" * Flushed {flushed} co-editing room(s); closing connections", flush=True)
        log.info("flushed %d co-editing room(s)", flushed)
        server.stop(timeout=1)

    gevent.signal_handler(signal.SIGTERM, lambda: gevent.spawn(stop))
