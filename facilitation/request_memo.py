"""Remember a lookup for the rest of one GET request (issue 18).

Several parts of a page ask the same question (the plan's codes, the process's readiness
findings); a GET changes nothing, so the first answer holds until the response is sent.
The memo lives in the request's WSGI environ, not on ``flask.g``: ``g`` belongs to the
application context, which a request shares with any context already pushed (tests, a
CLI command serving requests), so it could outlive the request. Never shared between
requests, users or server processes, the memo needs no invalidation. Outside a request, or on a request that may write, the
lookup simply runs each time.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import has_request_context, request

T = TypeVar("T")

_SAFE_METHODS = ("GET", "HEAD")


def remembered_for_request(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, once per GET request for each ``key``."""
    if not has_request_context() or request.method not in _SAFE_METHODS:
        return compute()
    memo = request.environ.setdefault("policycycle.request_memo", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]
