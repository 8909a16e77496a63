"""Every analysis page of the demo process in Chromium: it renders its diagram or
grid, and on a phone the page itself never scrolls sideways (wide trees scroll
inside their own frame)."""

import pytest
from playwright.sync_api import expect

from demo import loader as demo
from facilitation.extensions import db
from facilitation.models import Process

pytestmark = pytest.mark.browser

PAGES = {
    "agenda": ".an-issues tbody tr",
    "agenda/criteria": "table",
    "analysis": ".an-quadrant",
    "analysis/tows": ".an-tows-cell",
    "analysis/gaps": ".an-gap-summary",
    "analysis/problem-tree": "svg.an-tree a.an-node.focal",
    "analysis/statement": "textarea",
    "objectives": "svg.an-tree a.an-node.general",
}


def test_demo_analysis_pages_on_a_phone(live_server, app, browser):
    demo.load(app)
    process_id = db.session.execute(
        db.select(Process.id).where(Process.title.like("National Migration%"))
    ).scalar_one()
    server = live_server()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server.url + "/login")
    page.get_by_label("E-mail address").fill("coordinator@demo.example")
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(
        page.get_by_role("link", name="Sign out").or_(page.get_by_role("button", name="Sign out"))
    ).to_be_visible()
    for path, selector in PAGES.items():
        page.goto(f"{server.url}/p/{process_id}/{path}")
        expect(page.locator(selector).first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    # The problem tree opens centred on the focal problem.
    page.goto(f"{server.url}/p/{process_id}/analysis/problem-tree")
    focal = page.locator("svg.an-tree a.an-node.focal rect")
    box = focal.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    context.close()
