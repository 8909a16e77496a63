"""A member of the core group turns an indicator's data gap into a data-development
activity of the action plan, in the browser, against the real server."""

import re

import pytest
from playwright.sync_api import expect

from demo import loader as demo
from facilitation.models import Process
from policycycle.evidence import mapping
from policycycle.evidence.models import DataGapAction
from policycycle.models import Action, ActionRaci

pytestmark = pytest.mark.browser


def _sign_in(page, server):
    page.goto(server.url + "/login")
    page.get_by_label("E-mail address").fill("statistics@demo.example")
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="National Migration and Citizenship Policy 2027–2031").click()


def test_turn_a_gap_into_an_action(live_server, app, db, page):
    demo.load(app)
    process = db.session.execute(db.select(Process).order_by(Process.id)).scalars().first()
    gap = next(row for row in mapping.indicator_gaps(process.id) if not row.gap_actions)
    name = gap.indicator.name
    expected_lead = mapping.default_lead(process.id, gap.indicator)
    expected_responsible = mapping.default_responsible(process.id, expected_lead)
    server = live_server()
    _sign_in(page, server)
    page.get_by_role("link", name="Evidence", exact=True).click()
    expect(page.get_by_role("heading", name="Inventory of data sources")).to_be_visible()
    page.get_by_role("link", name="Indicators and sources").click()

    gap_item = page.locator("#gap-list li", has_text=name)
    gap_item.get_by_role("link", name="Turn into a data-development activity").click()
    expect(page.get_by_role("heading", name="Turn a data gap into an activity")).to_be_visible()
    # Defaults: the owner of the mapped source is accountable, the NSO does the work.
    lead = page.get_by_label("Accountable institution")
    assert lead.locator("option:checked").inner_text() == expected_lead.display_name
    responsible = page.get_by_label("Responsible institution")
    assert responsible.locator("option:checked").inner_text() == expected_responsible.display_name
    assert page.get_by_label("Operational objective").input_value() != "0"

    # Bad input first: the same institution twice is refused with a plain message.
    responsible.select_option(label=lead.locator("option:checked").inner_text())
    page.get_by_role("button", name="Add the activity to the action plan").click()
    expect(
        page.locator("p.error", has_text="Choose another institution than the accountable one")
    ).to_be_visible()

    page.get_by_label("Responsible institution").select_option(
        label=expected_responsible.display_name
    )
    page.get_by_label("Title of the data-development activity").fill(
        "Start recording the indicator in an administrative register"
    )
    page.get_by_role("button", name="Add the activity to the action plan").click()
    expect(page.get_by_text("is in the action plan")).to_be_visible()
    assert re.search(r"/evidence/indicators", page.url)
    badge = page.locator("#gap-list li", has_text=name).locator(".badge")
    assert "Activity planned" in badge.inner_text()

    db.session.expire_all()
    action = db.session.execute(
        db.select(Action).where(Action.title.like("Start recording the indicator%"))
    ).scalar_one()
    letters = sorted(
        letter
        for (letter,) in db.session.execute(
            db.select(ActionRaci.letter).where(ActionRaci.action_id == action.id)
        )
    )
    assert letters == ["A", "R"]
    assert (
        db.session.execute(db.select(DataGapAction).where(DataGapAction.action_id == action.id))
        .scalar_one()
        .indicator.name
        == name
    )
