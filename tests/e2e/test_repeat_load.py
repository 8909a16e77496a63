"""A repeat visit to any stage page asks the server for the page alone: every stylesheet,
script and icon comes from the browser's cache without even a revalidation (issue 18)."""

from __future__ import annotations

import pytest
from flask import url_for

from demo import loader as demo
from facilitation.models import Process
from facilitation.stages import registry

pytestmark = pytest.mark.browser

# Resource Timing: transferSize is 0 when the browser used its cache without asking the
# server; a revalidation (304) or a download has a positive size.
FETCHED_FROM_SERVER = """() => performance.getEntriesByType('resource')
    .filter(entry => entry.transferSize > 0).map(entry => entry.name)"""


def stage_page_paths(app, db) -> list[str]:
    process = db.session.scalar(db.select(Process).order_by(Process.id))
    reg = registry(app)
    endpoints = dict.fromkeys([*reg.stage_pages.values(), *(e.endpoint for e in reg.nav)])
    paths = []
    with app.test_request_context():
        for endpoint in endpoints:
            rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
            if not set(rule.arguments) - {"process_id"}:
                paths.append(url_for(endpoint, process_id=process.id))
    return paths


def test_repeat_loads_request_no_asset(live_server, app, db, page, sign_in):
    demo.load(app)
    paths = stage_page_paths(app, db)
    assert len(paths) >= 8
    server = live_server()
    sign_in(page, server.url, "coordinator@demo.example")

    for path in paths:
        page.goto(server.url + path, wait_until="load")
        first = page.evaluate(FETCHED_FROM_SERVER)
        assert any("static" in url for url in first) or path != paths[0], first
        page.goto(server.url + path, wait_until="load")
        again = page.evaluate(FETCHED_FROM_SERVER)
        assets = [url for url in again if "static" in url]
        assert assets == [], (path, assets)


def _demo_signed_in(app, db, live_server, page, sign_in):
    """The demo on the real server, the page signed in as its coordinator."""
    demo.load(app)
    process = db.session.scalar(db.select(Process).order_by(Process.id))
    server = live_server()
    sign_in(page, server.url, "coordinator@demo.example")
    return server, process


# Navigation Timing of the page itself: a 304 carries the headers only, so the bytes that
# came over the network are far fewer than the page's body, which came from the cache.
DOCUMENT_SIZES = """() => { const [n] = performance.getEntriesByType('navigation');
    return {transfer: n.transferSize, body: n.encodedBodySize}; }"""


def test_a_repeat_load_of_an_unchanged_page_is_not_sent_again(live_server, app, db, page, sign_in):
    """The browser keeps the page and asks with its ETag; the server answers 304 until
    something is written, then sends the new page (facilitation/page_validators.py)."""
    server, process = _demo_signed_in(app, db, live_server, page, sign_in)

    for path in (f"/p/{process.id}/action-plan", f"/p/{process.id}/analysis"):
        page.goto(server.url + path, wait_until="load")
        first = page.evaluate(DOCUMENT_SIZES)
        assert first["transfer"] > first["body"] > 2000, (path, first)
        page.goto(server.url + path, wait_until="load")
        again = page.evaluate(DOCUMENT_SIZES)
        assert again["body"] == first["body"], path
        assert again["transfer"] < 1000 < again["body"], (path, again)  # a 304
        assert page.locator("h1").count() == 1
        assert process.title in page.locator(".topbar-process").inner_text()

    process.title = "Renamed by another member"
    db.session.commit()
    page.goto(server.url + f"/p/{process.id}/analysis", wait_until="load")
    changed = page.evaluate(DOCUMENT_SIZES)
    assert changed["transfer"] > changed["body"], changed
    assert page.locator(".topbar-process").inner_text() == "Renamed by another member"


def test_after_signing_out_back_shows_the_sign_in_page(live_server, app, db, page, sign_in):
    """Stage pages are kept by the browser (private, revalidated each time): going Back
    after signing out asks the server, which sends the sign-in page, not the last person's
    page (a shared workshop computer). Sign-out also clears the browser's cache
    (Clear-Site-Data, tests/facilitation/test_accounts.py)."""
    server, process = _demo_signed_in(app, db, live_server, page, sign_in)
    page.goto(server.url + f"/p/{process.id}/action-plan", wait_until="load")
    assert process.title in page.content()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login**")
    page.go_back(wait_until="load")
    assert "/login" in page.url
    assert process.title not in page.content()
