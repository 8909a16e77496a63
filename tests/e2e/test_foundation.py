"""A facilitator signs in with a demo login and sees the demo dashboard with every stage."""

import pytest

from demo import loader as demo
from facilitation.stages import STAGES

pytestmark = pytest.mark.browser


def test_demo_login_reaches_the_dashboard(live_server, app, db, page):
    demo.load(app)
    server = live_server()
    page.goto(server.url + "/")
    page.get_by_label("E-mail address").fill("coordinator@demo.example")
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="National Migration and Citizenship Policy 2027–2031").click()
    page.get_by_role("heading", name="The policy cycle").wait_for()
    for stage in STAGES:
        assert page.get_by_role("heading", name=str(stage.label)).is_visible()
    assert page.get_by_text("Daniel Okoro").first.is_visible()
    # Keyboard users reach the content first.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"


def test_phone_width_layout_has_no_horizontal_scroll(live_server, app, db, browser):
    demo.load(app)
    server = live_server()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server.url + "/login")
    page.get_by_label("E-mail address").fill("coordinator@demo.example")
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="National Migration and Citizenship Policy 2027–2031").click()
    page.get_by_role("heading", name="The policy cycle").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    context.close()
