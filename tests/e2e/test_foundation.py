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


def _open_demo_dashboard(page, server) -> None:
    """Sign in as the demo's coordinator and open the demo process's dashboard."""
    page.goto(server.url + "/login")
    page.get_by_label("E-mail address").fill("coordinator@demo.example")
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="National Migration and Citizenship Policy 2027–2031").click()
    page.get_by_role("heading", name="The policy cycle").wait_for()


def test_phone_width_layout_has_no_horizontal_scroll(live_server, app, db, browser):
    demo.load(app)
    server = live_server()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    _open_demo_dashboard(page, server)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    context.close()


def test_on_a_phone_the_process_menu_folds_and_the_page_comes_first(live_server, app, db, browser):
    demo.load(app)
    server = live_server()
    for width, height, folded in ((390, 844, True), (1366, 768, False)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        _open_demo_dashboard(page, server)
        page.get_by_role("link", name="Action plan", exact=True).first.wait_for(state="attached")
        menu = page.get_by_role("navigation", name="Process")
        stage_link = menu.get_by_role("link", name="Action plan", exact=True)
        toggle = menu.get_by_text("Menu", exact=True)
        if folded:
            assert toggle.is_visible() and not stage_link.is_visible()
            top = page.get_by_role("heading", name="The policy cycle").bounding_box()["y"]
            assert top < height  # the page's content is on the first screen
            toggle.click()
            assert stage_link.is_visible()
            stage_link.click()
            page.get_by_role("heading", name="Action plan", level=1).wait_for()
        else:
            assert not toggle.is_visible() and stage_link.is_visible()
        context.close()


def test_the_top_bar_stays_one_line_on_a_laptop_in_every_language(live_server, app, db, browser):
    """French labels are longer: the process title gives way (ellipsis) before the account
    links and the language choice drop to a second line of the top bar."""
    demo.load(app)
    server = live_server()
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    _open_demo_dashboard(page, server)
    for language in ("fr", "es", "pt", "en"):
        page.locator("#topbar-language").select_option(language)
        page.wait_for_load_state("load")
        page.locator(f"html[lang^='{language}']").wait_for(state="attached")
        brand = page.locator(".topbar .brand").bounding_box()
        for part in (".topbar-process", ".topbar-nav", "#topbar-language"):
            box = page.locator(part).bounding_box()
            middle = box["y"] + box["height"] / 2
            assert brand["y"] <= middle <= brand["y"] + brand["height"], (language, part)
        title = page.locator(".topbar-process")
        assert title.get_attribute("title").startswith("National Migration")  # whole on hover
    context.close()
