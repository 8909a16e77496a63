"""Issue 12 in the browser: an agreed stage reads as agreed and offers nothing to change;
the coordinator reopens it from its own page and can write again."""

import os

import pytest
from playwright.sync_api import expect

from demo import loader as demo
from facilitation.models import Process

pytestmark = pytest.mark.browser


def _sign_in(page, url, email):
    page.goto(url + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_agreed_agenda_is_read_only_until_reopened(live_server, app, db, page):
    demo.load(app)  # the demo's agenda is agreed
    process = db.session.execute(db.select(Process).order_by(Process.id)).scalars().first()
    server = live_server()
    _sign_in(page, server.url, "coordinator@demo.example")
    page.goto(f"{server.url}/p/{process.id}/agenda")
    expect(page.locator(".agreed-banner")).to_contain_text("This stage is agreed")
    expect(page.locator("#add-issue")).to_have_count(0)
    shots = os.environ.get("SCREENSHOTS")
    if shots:
        page.screenshot(path=os.path.join(shots, "agreed_agenda.png"), full_page=True)
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reopen this stage").click()
    expect(page.get_by_text("Stage reopened")).to_be_visible()
    expect(page.locator(".agreed-banner")).to_have_count(0)
    expect(page.locator("#add-issue")).to_be_visible()
