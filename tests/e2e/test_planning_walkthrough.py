"""A member walks the planning stages in Chromium: adds an option to a specific
objective, scores it against the baseline, prefers it (the MCA and the sensitivity
check react), adds an instrument, then an activity whose RACI is refused until it has
one accountable institution, and sees it in the table, the Gantt chart and a clean
readiness check."""

import pytest
from playwright.sync_api import expect

from facilitation.extensions import db
from facilitation.models import Organisation, Role
from policycycle.models import Criterion, Objective, ObjectiveLevel

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def sign_in(page, url, email):
    page.goto(url + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_walk_from_options_to_action_plan(live_server, make_process, member, page):
    process = make_process()
    user = member(process, Role.MEMBER)
    pid = process.id
    labour = Organisation(
        process_id=pid,
        name="Ministry of Labour",
        acronym="MoL",
        mandate="Work permits and labour inspection",
        policy_tags="labour migration",
    )
    nso = Organisation(process_id=pid, name="National Statistics Office", acronym="NSO")
    so = Objective(
        process_id=pid,
        level=ObjectiveLevel.SPECIFIC,
        title="Recruitment of migrant workers is fair",
    )
    db.session.add_all([labour, nso, so])
    db.session.flush()
    op = Objective(
        process_id=pid,
        level=ObjectiveLevel.OPERATIONAL,
        parent_id=so.id,
        title="Recruitment agencies are licensed",
    )
    db.session.add_all(
        [
            op,
            Criterion(process_id=pid, name="Effectiveness", weight=2),
            Criterion(process_id=pid, name="Cost", weight=1),
        ]
    )
    db.session.commit()
    labour_id, nso_id = labour.id, nso.id
    server = live_server()
    sign_in(page, server.url, user.email)
    base = f"{server.url}/p/{pid}"

    page.goto(base + "/options")
    page.get_by_role("link", name="Recruitment of migrant workers is fair").click()
    expect(page.get_by_text("Baseline: do nothing new").first).to_be_visible()
    page.get_by_role("link", name="Add an option").click()
    page.get_by_role("button", name="Save the option").click()
    expect(page.locator("p.error", has_text="Give the option a short title.")).to_be_visible()
    page.get_by_label("Title").fill("License recruitment agencies")
    page.get_by_label("One-off cost").fill("120000")
    page.get_by_role("button", name="Save the option").click()
    expect(page.get_by_text("Option added.")).to_be_visible()

    page.get_by_role("link", name="Give my scores").click()
    selects = page.locator("table.pl-score-grid select")
    expect(selects).to_have_count(2)
    selects.nth(0).select_option("2")
    selects.nth(1).select_option("-1")
    page.get_by_role("button", name="Save my scores").click()
    expect(page.get_by_text("Your scores are saved.")).to_be_visible()
    # (2*2 + 1*-1) / 3 = +1.00 ; without Effectiveness the option falls below the baseline
    expect(page.locator("tr.pl-top")).to_contain_text("License recruitment agencies")
    expect(page.locator("tr.pl-top")).to_contain_text("+1.00")
    expect(page.get_by_text("The top option changes.")).to_be_visible()

    page.locator("tr", has_text="License recruitment agencies").get_by_role(
        "link", name="Edit or decide"
    ).first.click()
    page.get_by_label("Why is this the preferred option?").fill("Best balance of effect and cost")
    page.get_by_role("button", name="Make it the preferred option").click()
    expect(page.get_by_text("This is now the preferred option.")).to_be_visible()

    page.goto(base + "/instruments")
    page.get_by_role("link", name="Add an instrument").click()
    page.get_by_label("Preferred option it implements").select_option(
        label=("SO1 · License recruitment agencies")
    )
    page.get_by_label("Kind").select_option("regulatory")
    page.get_by_label("Title").fill("Decree on private recruitment agencies")
    page.get_by_label("Lead institution").select_option(label="Ministry of Labour (MoL)")
    page.get_by_label("Policy area").fill("labour migration")
    page.get_by_role("button", name="Save the instrument").click()
    expect(page.get_by_text("Mandate covers: labour, migration")).to_be_visible()

    page.get_by_role("link", name="Add activity").click()
    page.get_by_label("Operational objective").select_option(
        label="Op1.1 · Recruitment agencies are licensed"
    )
    page.get_by_label("Activity", exact=True).fill("Draft and adopt the licensing decree")
    # A month is enough where plans are written by month; the accountable institution is
    # chosen here (an activity without one also saves: a readiness finding, not an error).
    page.get_by_label("Start (month or date)", exact=True).fill("2027-01")
    page.get_by_label("End (month or date)", exact=True).fill("2027-09")
    page.get_by_label("Add an institution").select_option(str(labour_id))
    page.get_by_label("as", exact=True).select_option("A")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_label("Add an institution").select_option(str(nso_id))
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(f'select[name="raci-{nso_id}"]')).to_have_value("R")
    page.get_by_role("button", name="Save the activity").click()
    expect(page.get_by_text("Activity saved.")).to_be_visible()
    expect(page.locator("table.pl-plan")).to_contain_text("A1.1.1")
    expect(page.locator("table.pl-plan")).to_contain_text("MoL")

    page.get_by_role("link", name="Gantt chart").first.click()
    expect(page.locator("svg.pl-gantt rect.bar")).to_have_count(1)
    expect(page.locator("svg.pl-gantt")).to_contain_text("A1.1.1")

    page.goto(base + "/readiness")
    expect(page.get_by_role("heading", name="Readiness check")).to_be_visible()
    for planning_break in (
        "has no policy option",
        "without a baseline",
        "no activity",
        "accountable institutions instead of one",
        "no responsible",
    ):
        expect(page.get_by_text(planning_break)).to_have_count(0)
