"""After a failed submit on a long form: every error of the form at once (the end-date
check beside the missing fields), an error summary at the top of the form with links to
the fields, and the keyboard focus moved there (in view, not 1,500 px down)."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from demo import loader as demo
from facilitation.extensions import db
from facilitation.models import Process

pytestmark = pytest.mark.browser


def test_all_errors_at_once_and_focus_on_the_summary(live_server, app, page):
    demo.load(app)
    process = db.session.execute(db.select(Process).order_by(Process.id)).scalars().first()
    server = live_server()
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(server.url + "/login")
    page.get_by_label("E-mail address").fill("coordinator@demo.example")
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{server.url}/p/{process.id}/action-plan/new")
    page.get_by_label("Start (month or date)").fill("2027-05")
    page.get_by_label("End (month or date)").fill("2027-03")
    page.get_by_role("button", name="Save the activity").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    # Both the missing activity and the dates, in one go.
    expect(summary).to_contain_text("Describe the activity in a few words.")
    expect(summary).to_contain_text("The end date comes before the start date.")
    assert page.evaluate(
        "() => document.activeElement === document.querySelector('[data-error-summary]')"
    )
    top = summary.evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top < 768
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOTS"], "error-summary.png"))

    # A link of the summary puts the cursor in its field.
    summary.get_by_role("link", name="End (month or date)").click()
    assert page.evaluate("() => document.activeElement.id") == "end_date"
