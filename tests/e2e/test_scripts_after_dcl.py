"""DOMContentLoaded waits for no script, and every page is enhanced as before whichever
comes first (issue 18, repeat-load target; docs/page-speed.md).

Our scripts enhance a page the server has rendered whole, so they are ``async``: the page
is read, DOMContentLoaded fires and the page is painted without waiting for a script to
come from the cache. ``page.js`` starts htmx. htmx 2.0.11 starts on DOMContentLoaded (or
at once when the document is "complete"): run between the two, it would never process
the page. The tests hold the scripts back at the network, so the order is forced, not
left to the machine's timing: the old deferred scripts made the first test time out.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from facilitation.models import Role

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"

SCRIPT = "**/*.js*"
# Whether htmx has processed the page: it keeps its own data on every element it set up.
HTMX_STARTED = (
    "() => !!window.htmx && !!document.querySelector('form[hx-post]')['htmx-internal-data']"
)


def agenda_with_an_issue(live_server, make_process, member, context) -> tuple:
    """A member's agenda with one registered issue, whose dot votes htmx updates in place."""
    process = make_process()
    user = member(process, Role.MEMBER)
    server = live_server()
    page = context.new_page()
    page.goto(server.url + "/login")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    agenda = f"{server.url}/p/{process.id}/agenda"
    page.goto(agenda)
    page.get_by_label("Issue", exact=True).fill("Irregular departures of young nationals")
    page.get_by_role("button", name="Add the issue").click()
    page.wait_for_load_state()
    return page, agenda


def hold_scripts(page) -> dict:
    """Hold every script request until released: ``held["htmx"]``, ``held["page"]``..."""
    held: dict = {}

    def hold(route):
        name = route.request.url.split("?")[0].rsplit("/", 1)[-1]
        held[name] = route

    page.route(SCRIPT, hold)
    return held


def release(page, held: dict, name: str) -> None:
    for _ in range(50):
        if name in held:
            break
        page.wait_for_timeout(100)
    held.pop(name).continue_()


def give_a_dot_in_place(page) -> None:
    """The agenda's dot votes are plain forms htmx turns into in-place updates."""
    page.evaluate("window.__samePage = true")
    before = page.locator(".an-dots-count").first.inner_text()
    page.get_by_role("button", name="Give one dot").first.click()
    expect(page.locator(".an-dots-count").first).not_to_have_text(before)
    assert page.evaluate("window.__samePage") is True  # no page load: htmx did it


def test_dom_content_loaded_waits_for_no_script_and_htmx_starts_after_it(
    live_server, make_process, member, browser
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page, agenda = agenda_with_an_issue(live_server, make_process, member, context)
        held = hold_scripts(page)
        # With the scripts held back, the page is read and DOMContentLoaded fires.
        page.goto(agenda, wait_until="domcontentloaded", timeout=15_000)
        assert page.evaluate("document.readyState") == "interactive"
        assert page.evaluate("typeof window.htmx") == "undefined"
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        # The language's "Change" button (for browsers without script) is not painted.
        expect(page.locator(".topbar-language-go")).to_be_hidden()
        # page.js comes after DOMContentLoaded, htmx after page.js: the case where htmx
        # would wait for an event that has already fired.
        release(page, held, "page.js")
        page.wait_for_function("() => document.documentElement.classList.contains('js')")
        release(page, held, "htmx.min.js")
        page.wait_for_function(HTMX_STARTED)
        release(page, held, "analysis.js")  # the page's own, last
        page.wait_for_load_state("load")
        give_a_dot_in_place(page)
    finally:
        context.close()


def test_pages_are_enhanced_on_an_ordinary_and_a_repeat_load(
    live_server, make_process, member, browser
):
    # A phone: the process menu is folded until its summary is tapped. (The wide coverage
    # grid's box is still marked focusable: tests/e2e/test_layout_before_dcl.py.)
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    try:
        page, agenda = agenda_with_an_issue(live_server, make_process, member, context)
        for _ in range(2):  # an ordinary load, then a repeat load from the cache
            page.goto(agenda, wait_until="load")
            page.wait_for_function(HTMX_STARTED)
            give_a_dot_in_place(page)
            menu = page.locator("details.sidenav-menu")
            expect(menu).not_to_have_attribute("open", "")
            menu.locator("summary").click()
            expect(menu.get_by_role("link").first).to_be_visible()
    finally:
        context.close()
