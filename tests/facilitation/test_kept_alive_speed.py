"""Requests on a kept-alive connection to the real server are not held back by Nagle's
algorithm (issue 18): pages, static files, htmx partials and Socket.IO polling.

The stall this guards against is not "slowness" but a fixed delay: with the response head
and body in two writes and Nagle on, the body waits for the client's delayed ACK, which
Linux holds for at least 40 ms. So every request after the first on a connection takes
>= 40 ms, even the fastest one, while a request on a fresh connection does not. The checks
below are behaviour checks of that floor, not timing targets:

- for small requests, the fastest of ten repeats must be under 20 ms: with the stall none can
  be under 40 ms, and on a busy machine at least one of ten still comes back quickly;
- each request on the kept-alive connection is paired with one on a fresh connection made
  right after it (same machine load, no stall); the fastest kept-alive request must be
  within 20 ms of the fastest fresh one. The stall adds >= 40 ms to every kept-alive
  request, the fastest included, while a busy machine slows some samples of either side,
  not all: a median of the paired differences once reached 20.8 ms with no stall, on a
  machine running three test suites at once (samples of 26-253 ms).
"""

from __future__ import annotations

import http.client
import time

import pytest
from flask import url_for

from drafting import services as drafting_services
from drafting.models import DraftKind

from ..conftest import PASSWORD

pytestmark = pytest.mark.server

STALL_FREE_MS = 20
REPEATS = 10


def timed_get(connection: http.client.HTTPConnection, path: str, headers: dict) -> float:
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status == 200, (path, response.status, response.getheader("Location"))
    return elapsed


def kept_alive_and_fresh(port: int, path: str, headers: dict) -> tuple[list[float], list[float]]:
    """Ten requests on one kept-alive connection, each paired with one on a fresh
    connection right after it, so both see the same load on a shared machine."""
    kept = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    timed_get(kept, path, headers)  # opens the connection; the stall hits later requests
    reused, fresh = [], []
    for _ in range(REPEATS):
        reused.append(timed_get(kept, path, headers))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        fresh.append(timed_get(connection, path, headers))
        connection.close()
    kept.close()
    return reused, fresh


def assert_no_stall(port: int, path: str, headers: dict | None = None, small=True) -> None:
    reused, fresh = kept_alive_and_fresh(port, path, headers or {})
    if small:  # a full page's own work can exceed 20 ms on a loaded machine
        assert min(reused) < STALL_FREE_MS, (path, reused)
    assert min(reused) - min(fresh) < STALL_FREE_MS, (path, reused, fresh)


def test_repeated_requests_on_one_connection_are_not_stalled(app, live_server, make_process, db):
    process = make_process()
    owner = process.memberships[0].user
    draft = drafting_services.create_draft(
        process.id, owner, "Policy text", list(DraftKind)[0].value, ["Context"]
    )
    db.session.commit()
    with app.test_request_context():
        stylesheet = url_for("static", filename="css/app.css")
        comments = url_for("drafting.comments", process_id=process.id, draft_id=draft.id)
    server = live_server()
    cookie = server.cookie_header(server.login(owner.email, PASSWORD))

    assert_no_stall(server.port, stylesheet)  # a static file
    assert_no_stall(server.port, "/login")  # a page, signed out
    signed_in = {"Cookie": cookie, "Accept-Encoding": "gzip, br"}
    assert_no_stall(server.port, f"/p/{process.id}/", signed_in, small=False)  # compressed
    assert_no_stall(server.port, comments, {**signed_in, "HX-Request": "true"})  # htmx
    # The Socket.IO polling transport (the handshake; the server answers at once).
    assert_no_stall(server.port, "/socket.io/?EIO=4&transport=polling")
