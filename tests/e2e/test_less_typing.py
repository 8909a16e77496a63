"""Issue 12, less typing, in Chromium at 1366x768: 19 institutions pasted from a
tab-separated block into the registry grid and saved at once, then the RACI of one
activity set with the compact control (keyboard only)."""

import os

import pytest
from playwright.sync_api import expect

from facilitation.extensions import db
from facilitation.models import Organisation, Role
from policycycle.models import Action, Objective, ObjectiveLevel
from tests.stakeholders.test_batch_entry import ISLAND_INSTITUTIONS

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def _block() -> str:
    lines = ["Name\tAcronym\tCategory\tPart of"]
    lines += ["\t".join(row) for row in ISLAND_INSTITUTIONS]
    return "\n".join(lines) + "\n"


def test_paste_19_institutions_then_set_raci_with_the_compact_control(
    live_server, make_process, member, browser
):
    process = make_process(lead_organisation="Ministry of Interior")
    user = member(process, Role.COORDINATOR)
    pid = process.id
    so = Objective(process_id=pid, level=ObjectiveLevel.SPECIFIC, title="Newcomers integrate")
    db.session.add(so)
    db.session.flush()
    db.session.add(
        Objective(
            process_id=pid,
            level=ObjectiveLevel.OPERATIONAL,
            parent_id=so.id,
            title="A one-stop shop serves newcomers",
        )
    )
    db.session.commit()
    server = live_server()
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    shots = os.environ.get("SCREENSHOTS")
    try:
        page.goto(server.url + "/login")
        page.get_by_label("E-mail address").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()

        page.goto(f"{server.url}/p/{pid}/stakeholders/")
        page.get_by_role("link", name="Add several or paste a list").click()
        page.get_by_label("Rows copied from Excel, LibreOffice or a web page").fill(_block())
        page.get_by_role("button", name="Put the pasted rows in the grid").click()
        expect(page.get_by_text("19 pasted rows are in the grid")).to_be_visible()
        expect(page.locator("#r-18-name")).to_have_value("Ombudsman")
        expect(page.locator("#r-1-parent")).to_have_value("Ministry of Internal Administration")
        expect(page.locator("#r-4-category")).to_have_value("department")
        if shots:
            page.screenshot(path=os.path.join(shots, "batch-grid-19.png"), full_page=True)
        # One mistake, corrected in its cell before saving.
        page.locator("#r-2-level").select_option("local")
        page.locator("#r-3-parent").fill("Ministry of Nowhere")
        page.get_by_role("button", name="Save all rows").click()
        expect(page.locator("#r-3-parent-error")).to_contain_text("Ministry of Nowhere")
        if shots:
            page.screenshot(path=os.path.join(shots, "batch-grid-error.png"), full_page=False)
        page.locator("#r-3-parent").fill("")
        page.get_by_role("button", name="Save all rows").click()
        expect(page.get_by_text("19 organisations added.")).to_be_visible()
        count = db.session.scalar(
            db.select(db.func.count(Organisation.id)).where(Organisation.process_id == pid)
        )
        assert count == 20

        # A second, blank grid accepts a paste straight into its cells (the script).
        page.goto(f"{server.url}/p/{pid}/stakeholders/organisations/batch")
        page.locator("#r-0-name").focus()
        page.evaluate(
            """() => {
                const data = new DataTransfer();
                data.setData('text/plain', 'Tourism board\\tTB\\tAgency\\nPort authority\\tPA\\n');
                document.getElementById('r-0-name').dispatchEvent(
                    new ClipboardEvent('paste', {clipboardData: data, bubbles: true}));
            }"""
        )
        expect(page.locator("#r-1-name")).to_have_value("Port authority")
        expect(page.locator("#r-0-category")).to_have_value("agency")
        if shots:
            page.screenshot(path=os.path.join(shots, "batch-grid.png"), full_page=False)

        # RACI of one activity: pick two institutions with the keyboard only.
        page.goto(f"{server.url}/p/{pid}/action-plan/new")
        objective = page.locator("#objective_id option", has_text="one-stop shop")
        page.locator("#objective_id").select_option(objective.get_attribute("value"))
        page.get_by_label("Activity", exact=True).fill("Open a one-stop shop")
        picker = page.get_by_label("Add an institution")
        expect(page.locator("select[name^='raci-']")).to_have_count(0)
        picker.focus()
        picker.select_option(label="Immigration and Borders Service (SEF)")
        page.keyboard.press("Tab")  # the letter select, "A" for the first one
        expect(page.get_by_label("as", exact=True)).to_be_focused()
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Add", exact=True)).to_be_focused()
        page.keyboard.press("Enter")
        sef = page.get_by_label("Immigration and Borders Service (SEF)", exact=True)
        expect(sef).to_be_focused()
        expect(sef).to_have_value("A")
        picker.select_option(label="Ministry of Internal Administration (MAI)")
        page.get_by_label("as", exact=True).select_option("A")
        page.get_by_role("button", name="Add", exact=True).click()
        expect(page.locator(".pl-raci-advice")).to_contain_text(
            "Only one institution can be accountable"
        )
        page.get_by_label("Ministry of Internal Administration (MAI)", exact=True).select_option(
            "R"
        )
        expect(page.locator(".pl-advice")).to_have_count(0)
        expect(page.locator("select[name^='raci-']")).to_have_count(2)
        if shots:
            page.locator("#raci-roles").screenshot(path=os.path.join(shots, "raci-control.png"))
            page.screenshot(path=os.path.join(shots, "raci-page.png"), full_page=False)
        page.get_by_role("button", name="Save the activity").click()
        expect(page.get_by_text("Activity saved.")).to_be_visible()
        action = db.session.scalar(db.select(Action).where(Action.process_id == pid))
        letters = sorted((r.organisation.acronym, str(r.letter)) for r in action.raci)
        assert letters == [("MAI", "R"), ("SEF", "A")]
    finally:
        context.close()
