"""Stage pages send their status and headers before the view's work (issue 18).

The browser starts turning a navigation into a page only once the headers are in
(facilitation/early_headers.py). These tests check that the headers really leave before
the view runs, that what arrives is the same page with the same headers and cookie, and
what a marked view that breaks its promise still gives the user.
"""

from __future__ import annotations

import gzip
import http.client
import logging
import re
import time
from urllib.parse import urlsplit

import brotli
import pytest
from flask import abort, after_this_request, flash, redirect, session, url_for
from flask.testing import EnvironBuilder

from demo import loader as demo
from facilitation import early_headers
from facilitation.access import process_access
from facilitation.early_headers import sends_headers_early
from facilitation.stages import registry

CSRF = re.compile(r'(name="csrf_token"[^>]*value="|"X-CSRFToken": ")[^"]*"')
DOCTYPE = "<!doctype html>"


def same_page(html: str) -> str:
    return CSRF.sub(r"\1-", html)


def _marked_endpoints(app) -> set[str]:
    return {endpoint for endpoint, view in app.view_functions.items() if early_headers.marked(view)}


def marked_page_paths(app, process_id: int) -> dict[str, str]:
    with app.test_request_context():
        return {
            endpoint: url_for(endpoint, process_id=process_id)
            for endpoint in sorted(_marked_endpoints(app))
            if not endpoint.startswith("probe.")
        }


@pytest.fixture
def probes(app):
    """Marked views that break their promise, registered before the app's first request."""
    from flask import Blueprint

    bp = Blueprint("probe", __name__)
    steps: list[str] = []

    @bp.route("/p/<int:process_id>/probe/order")
    @process_access("read")
    @sends_headers_early
    def order(process_id):
        steps.append("view")
        return f"{DOCTYPE}<html><body>probe</body></html>"

    @bp.route("/p/<int:process_id>/probe/redirects")
    @process_access("read")
    @sends_headers_early
    def redirects(process_id):
        return redirect(url_for("analysis.agenda", process_id=process_id, tab='"<x>'))

    @bp.route("/p/<int:process_id>/probe/missing")
    @process_access("read")
    @sends_headers_early
    def missing(process_id):
        abort(404)

    @bp.route("/p/<int:process_id>/probe/session")
    @process_access("read")
    @sends_headers_early
    def changes_session(process_id):
        session["probe"] = "too late"
        return f"{DOCTYPE}<html><body>probe</body></html>"

    @bp.route("/p/<int:process_id>/probe/cookie")
    @process_access("read")
    @sends_headers_early
    def sets_a_cookie(process_id):
        @after_this_request
        def remember(response):
            response.set_cookie("probe", "too late")
            return response

        return f"{DOCTYPE}<html><body>probe</body></html>"

    @bp.route("/p/<int:process_id>/probe/slow")
    @process_access("read")
    @sends_headers_early
    def slow(process_id):
        time.sleep(1.1)  # the session cookie, saved again, is signed a second later
        return f"{DOCTYPE}<html><body>probe</body></html>"

    @bp.route("/p/<int:process_id>/probe/broken")
    @process_access("read")
    @sends_headers_early
    def broken(process_id):
        raise RuntimeError("a bug in a view")

    @bp.route("/p/<int:process_id>/probe/flash")
    @process_access("read")
    def flashes(process_id):  # not marked: an ordinary page that flashes and redirects
        flash("Saved for the next page.")
        return redirect(url_for("analysis.agenda", process_id=process_id))

    app.register_blueprint(bp)
    return steps


def test_every_stage_page_and_the_dashboard_send_their_headers_early(app):
    reg = registry(app)
    pages = {*reg.stage_pages.values(), *(e.endpoint for e in reg.nav), "processes.dashboard"}
    with_process_only = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint in pages and not set(rule.arguments) - {"process_id"}
    }
    assert with_process_only - _marked_endpoints(app) == set()


@pytest.mark.parametrize("encoding", [None, "gzip", "br"])
def test_every_marked_page_arrives_whole_with_its_headers(
    app, client, demo_process, caplog, encoding
):
    caplog.set_level(logging.ERROR, logger="facilitation.early_headers")
    headers = {"Accept-Encoding": encoding} if encoding else {}
    for endpoint, path in marked_page_paths(app, demo_process.id).items():
        early = client.get(path, headers=headers)
        # A query string turns the early headers off: the same page, sent whole at the end.
        late = client.get(path + "?same=page", headers=headers)
        assert early.status_code == late.status_code == 200, endpoint
        assert early.headers.get("Content-Length") is None, endpoint  # not known when sent
        assert late.headers.get("Content-Length") is not None, endpoint
        assert early.headers.get("Content-Encoding") == encoding, endpoint
        assert late.headers.get("Content-Encoding") == encoding, endpoint
        for name in ("Content-Security-Policy", "X-Frame-Options", "Vary", "Content-Type"):
            assert early.headers.get(name) == late.headers.get(name), (endpoint, name)
        body, late_body = early.get_data(), late.get_data()
        if encoding == "br":
            body, late_body = brotli.decompress(body), brotli.decompress(late_body)
        elif encoding == "gzip":
            body, late_body = gzip.decompress(body), gzip.decompress(late_body)
        html = body.decode()
        assert html.startswith(DOCTYPE) and html.count(DOCTYPE) == 1, endpoint
        assert html.rstrip().endswith("</html>"), endpoint
        # Only the language form's "come back here" differs: it carries the query.
        expected = same_page(late_body.decode()).replace("?same=page", "")
        assert same_page(html) == expected, endpoint
    assert caplog.records == []


def test_the_headers_leave_before_the_view_runs(probes, app, client, demo_process):
    steps = probes

    def start_response(status, headers, exc_info=None):
        steps.append(f"headers {status}")
        return lambda data: steps.append(f"write {data!r}")

    builder = EnvironBuilder(app=app, path=f"/p/{demo_process.id}/probe/order")
    environ = builder.get_environ()
    environ["HTTP_COOKIE"] = f"session={client.get_cookie('session').value}"
    body = b"".join(app(environ, start_response))
    assert steps == ["headers 200 OK", f"write {DOCTYPE.encode()!r}", "view"]
    assert body == b"<html><body>probe</body></html>"  # its doctype already sent


def test_no_early_headers_with_a_query_for_htmx_or_other_methods(app, client, demo_process):
    path = f"/p/{demo_process.id}/agenda"
    assert client.get(path).headers.get("Content-Length") is None
    for response in (
        client.get(path + "?page=1"),
        client.get(path, headers={"HX-Request": "true"}),
        client.head(path),
    ):
        assert response.status_code == 200
        assert response.headers.get("Content-Length") is not None
    # A page past the last is still refused: the query kept the status open.
    assert client.get(path + "?page=999").status_code == 404
    assert client.get(f"/p/{demo_process.id + 99}/agenda").status_code == 404  # access first


def test_a_flash_is_shown_once_and_a_new_sessions_token_works(app, client, demo_process):
    client.get(f"/p/{demo_process.id}/agenda")
    agenda = f"/p/{demo_process.id}/agenda"
    with client.session_transaction() as stored:
        stored["_flashes"] = [("message", "Saved for the next page.")]
        stored.pop("csrf_token", None)
    first = client.get(agenda)
    assert first.headers.get("Content-Length") is None  # sent early
    assert "Saved for the next page." in first.get_data(as_text=True)
    with client.session_transaction() as stored:  # the cookie sent early already lacks it
        assert "_flashes" not in stored
        assert stored.get("csrf_token")  # and already holds the page's form token
    assert "Saved for the next page." not in client.get(agenda).get_data(as_text=True)


def test_a_page_that_redirects_after_all_still_takes_the_user_there(
    probes, client, demo_process, caplog
):
    response = client.get(f"/p/{demo_process.id}/probe/redirects")
    html = response.get_data(as_text=True)
    assert response.status_code == 200  # the status line had already gone
    assert html.startswith(DOCTYPE)
    assert 'http-equiv="refresh"' in html and "/agenda?tab=" in html
    assert '"<x>' not in html  # the target is escaped
    assert "answered 302" in caplog.text


def test_a_page_refused_after_all_shows_the_error_page(probes, client, demo_process, caplog):
    missing = client.get(f"/p/{demo_process.id}/probe/missing").get_data(as_text=True)
    assert "Not found" in missing and missing.count(DOCTYPE) == 1
    assert "answered 404" in caplog.text
    caplog.clear()
    broken = client.get(f"/p/{demo_process.id}/probe/broken").get_data(as_text=True)
    assert "Something went wrong" in broken
    assert "RuntimeError" not in broken and "Traceback" not in broken
    assert "answered 500" in caplog.text


def test_a_session_changed_after_the_headers_is_reported(probes, client, demo_process, caplog):
    client.get(f"/p/{demo_process.id}/probe/session")
    assert "changed the session after its headers were sent" in caplog.text


@pytest.mark.server
def test_the_real_server_sends_marked_pages_in_chunks_on_a_kept_alive_connection(
    demo_process, live_server
):
    server = live_server()
    signed_in = server.login("coordinator@demo.example", demo.DEMO_PASSWORD)
    cookie = "; ".join(f"{c.name}={c.value}" for c in signed_in.cookies)
    address = urlsplit(server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    headers = {"Cookie": cookie, "Accept-Encoding": "br"}
    try:
        pages = []
        for path in (f"/p/{demo_process.id}/agenda", f"/p/{demo_process.id}/agenda?page=1") * 2:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = brotli.decompress(response.read()).decode()
            assert response.status == 200
            assert body.startswith(DOCTYPE) and body.rstrip().endswith("</html>")
            pages.append((response.getheader("Transfer-Encoding"), same_page(body)))
        # Early: chunked, its length unknown when the headers left; with a query: whole.
        assert [p[0] for p in pages] == ["chunked", None, "chunked", None]
        assert pages[0][1] == pages[2][1]
        assert connection.sock is not None  # one connection throughout
    finally:
        connection.close()


def test_a_cookie_set_after_the_headers_is_reported_but_not_the_session_sent_again(
    probes, client, demo_process, caplog
):
    client.get(f"/p/{demo_process.id}/probe/cookie")
    assert "set a cookie after its headers were sent" in caplog.text
    caplog.clear()
    with client.session_transaction() as stored:
        stored.permanent = True  # its cookie is sent with every response, freshly signed
    response = client.get(f"/p/{demo_process.id}/probe/slow")
    assert response.headers.get("Set-Cookie", "").startswith("session=")
    assert caplog.records == []
