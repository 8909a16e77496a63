"""The process search box (issue 15) in a real browser: labelled, a plain GET form, results
with the matched words marked, each linked to the artefact's page."""

from __future__ import annotations

import os

from demo import loader as demo


def test_search_from_the_side_navigation_reaches_an_artefact(live_server, app, db, page):
    demo.load(app)
    server = live_server()
    page.goto(server.url + "/")
    page.get_by_label("E-mail address").fill("coordinator@demo.example")
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="National Migration and Citizenship Policy 2027–2031").click()
    box = page.get_by_label("Search this process")
    box.fill("labour")
    box.press("Enter")
    page.get_by_role("heading", name="Search this process").wait_for()
    results = page.locator(".search-result")
    assert results.count() > 0
    assert page.locator(".search-result mark").first.inner_text().lower().startswith("labour")
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], "search.png"))
    first = results.first.locator("a")
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert "/search" not in page.url
    assert title.split()[0] in page.content()
