"""Running CPU-heavy or blocking work off the server's event loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def off_loop(fn: Callable[..., T], *args) -> T:
    """Run ``fn(*args)`` in an OS thread when gevent drives the server (the other
    requests and sockets keep being served meanwhile), else directly. ``fn`` must not
    need the application context."""
    try:
        from gevent import get_hub, monkey
    except ImportError:  # pragma: no cover - gevent is a dependency
        return fn(*args)
    if not monkey.is_module_patched("socket"):
        return fn(*args)
    return get_hub().threadpool.apply(fn, args)
