"""Issue 12 in the browser: the dashboard names the next step, and a source's six
quality dimensions are rated on one form."""

import os

import pytest
from playwright.sync_api import expect

from demo import loader as demo
from facilitation.models import Process
from policycycle.evidence.models import DataSource, QualityRating

pytestmark = pytest.mark.browser


def test_next_step_and_rating_all_dimensions(live_server, app, db, page):
    demo.load(app)
    process = db.session.execute(db.select(Process).order_by(Process.id)).scalars().first()
    source = db.session.scalars(
        db.select(DataSource).where(DataSource.process_id == process.id).order_by(DataSource.id)
    ).first()
    before = db.session.scalar(db.select(db.func.count(QualityRating.id)))
    server = live_server()
    page.goto(server.url + "/login")
    page.get_by_label("E-mail address").fill("coordinator@demo.example")
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{server.url}/p/{process.id}/")
    expect(page.locator(".next-step")).to_contain_text("Next step")
    shots = os.environ.get("SCREENSHOTS")
    if shots:
        page.screenshot(path=os.path.join(shots, "dashboard.png"), full_page=True)

    page.goto(f"{server.url}/p/{process.id}/evidence/sources/{source.id}")
    page.get_by_text("Rate all six dimensions at once").click()
    page.locator("#score-relevance").select_option("3")
    page.get_by_label("Evidence for the rating: Relevance").fill("Covers every question asked")
    page.locator("#score-timeliness").select_option("1")
    page.get_by_role("button", name="Save the ratings").click()
    expect(page.locator("#note-timeliness-error")).to_be_visible()  # a rating needs evidence
    page.get_by_label("Evidence for the rating: Timeliness").fill("Published two years late")
    page.get_by_role("button", name="Save the ratings").click()
    expect(page.get_by_text("The ratings are added")).to_be_visible()
    if shots:
        page.screenshot(path=os.path.join(shots, "source.png"), full_page=True)
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(QualityRating.id))) == before + 2
