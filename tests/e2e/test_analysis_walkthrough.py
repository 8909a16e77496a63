"""A member walks the analysis stages in Chromium: registers an issue and puts it on
the agenda, adds SWOT items, builds a problem tree (the checks react), drafts the
objectives tree from it and gives an objective an indicator (SMART turns complete)."""

import pytest
from playwright.sync_api import expect

from facilitation.models import Role

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def sign_in(page, url, email):
    page.goto(url + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_walk_from_agenda_to_objectives(live_server, make_process, member, page):
    process = make_process()
    user = member(process, Role.MEMBER)
    server = live_server()
    sign_in(page, server.url, user.email)
    base = f"{server.url}/p/{process.id}"

    page.goto(base + "/agenda")
    page.get_by_label("Issue", exact=True).fill("Irregular departures of young nationals")
    page.get_by_role("button", name="Add the issue").click()
    page.get_by_label("Factor or driver").fill("Youth unemployment of 27%")
    page.get_by_label("Kind of driver").select_option("internal")
    page.get_by_role("button", name="Add driver").click()
    page.get_by_label("Decision").select_option("on_agenda")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("p.error", has_text="Say why the group decided this")).to_be_visible()
    page.get_by_label("Why").fill("Largest group affected")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".an-pill.on_agenda").first).to_be_visible()
    # Dot voting in the register happens in place (htmx), without leaving the page.
    page.get_by_role("button", name="Give one dot").click()
    expect(page.locator(".an-dots-count")).to_have_text("1")
    page.get_by_role("button", name="Give one dot").click()
    expect(page.locator(".an-dots-count")).to_have_text("2")
    expect(page.locator("#dots-left")).to_have_text("You have 3 dots left to place.")

    page.goto(base + "/analysis")
    page.get_by_label("Quadrant").select_option("W")
    page.get_by_label("Statement").fill("No institution coordinates migration policy")
    page.get_by_role("button", name="Add to the SWOT").click()
    expect(page.locator(".q-W").get_by_text("No institution coordinates")).to_be_visible()

    page.goto(base + "/analysis/problem-tree")
    page.get_by_label("Problem", exact=True).fill("Migration does not benefit development")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_label("Problem", exact=True).fill("Lack of a coordination body")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("names a missing solution")).to_be_visible()
    expect(page.locator("svg.an-tree a.an-node")).to_have_count(2)
    page.locator("svg.an-tree a.an-node.cause").click()
    page.get_by_label("Problem", exact=True).fill("Weak coordination between ministries")
    page.get_by_label("Evidence").fill("Inception workshop findings")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The tree passes every check")).to_be_visible()

    page.goto(base + "/objectives")
    page.get_by_role("button", name="Draft from the problem tree").click()
    expect(page.get_by_text("2 objectives drafted")).to_be_visible()
    expect(page.locator("svg.an-tree a.an-node.general")).to_have_count(1)
    page.get_by_role("link", name="Strengthened coordination between ministries").first.click()
    page.get_by_text("Add an indicator", exact=True).click()
    page.get_by_label("Indicator", exact=True).fill("Inter-ministerial meetings held")
    page.get_by_label("Baseline value").fill("0")
    page.get_by_label("Target value").fill("4")
    page.get_by_label("Target year").fill("2028")
    page.get_by_role("button", name="Add the indicator").click()
    expect(page.get_by_text("an indicator has a baseline and a target")).to_be_visible()
    expect(page.get_by_text("an indicator has a target date or year")).to_be_visible()
