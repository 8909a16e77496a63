"""A focal point signs off one section and objects to another; the coordinator changes
the text, resolves the objection and agrees the validation stage. Real server, real
Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from pycrdt import Doc

from drafting import prosemirror, store
from drafting.signoff.models import ReservationStatus, SectionSignoff
from facilitation.extensions import db
from facilitation.models import StageState
from tests.conftest import PASSWORD
from tests.drafting.signoff.helpers import build

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def patient_expectations():
    """A shared, busy machine: give each expectation 15 s instead of 5."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


def _sign_in(page, server, user, process):
    page.goto(server.url + "/login")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{server.url}/p/{process.id}/")


def _saved_text(draft_id: int) -> str:
    """The draft's text as the server has saved it (its log in the shared database)."""
    snapshot, updates = store.load(draft_id)
    doc = Doc()
    for update in ([snapshot] if snapshot else []) + updates:
        doc.apply_update(bytes(update))
    return prosemirror.plain_text(prosemirror.to_tree(doc)["blocks"])


def test_sign_off_object_resolve_and_validate(
    live_server, app, make_process, member, make_user, browser, page, tmp_path
):
    world = build(make_process, member, make_user)
    server = live_server()
    pid, draft_id = world.process.id, world.draft.id

    # The Ministry of Labour's focal point agrees to the scope and objects to the measures.
    _sign_in(page, server, world.labour_focal, world.process)
    page.get_by_role("link", name="Drafts", exact=True).first.click()
    page.get_by_role("link", name="National Migration Policy").first.click()
    page.get_by_role("link", name="Sign-off", exact=True).click()
    expect(page.get_by_role("heading", name="Record a position")).to_be_visible()
    expect(page.get_by_label("Institution")).to_have_value(str(world.labour.id))
    page.get_by_label("Section").select_option(label="1. Scope")
    page.get_by_label("Agrees", exact=True).check()
    page.get_by_role("button", name="Record the position").click()
    expect(
        page.get_by_text("The position of Ministry of Labour on “Scope” is recorded.")
    ).to_be_visible()

    expect(page.get_by_label("Section")).to_have_value("measures")  # the next one to sign
    page.get_by_label("Objects", exact=True).check()
    page.get_by_role("button", name="Record the position").click()
    expect(
        page.locator("p.error", has_text="Say why: a reservation or an objection needs its reason.")
    ).to_be_visible()
    page.get_by_label("Reason").fill("Three centres are not costed.")
    page.get_by_label("Proposed wording (optional)").fill("Two centres by 2028.")
    page.get_by_role("button", name="Record the position").click()
    matrix = page.locator("table.signoff-matrix")
    expect(matrix.get_by_role("row", name="1. Scope")).to_contain_text("Agrees")
    expect(matrix.get_by_role("row", name="2. Measures")).to_contain_text("Objects")
    page.screenshot(path=str(tmp_path / "matrix.png"), full_page=True)

    # The coordinator sees the open objection where the stage is validated.
    coordinator_context = browser.new_context(viewport={"width": 1280, "height": 900})
    coordinator = coordinator_context.new_page()
    try:
        _sign_in(coordinator, server, world.coordinator, world.process)
        coordinator.goto(f"{server.url}/p/{pid}/validation/")
        card = coordinator.locator("#signoff")
        expect(card).to_contain_text("1 open objection")
        expect(card).to_contain_text("Three centres are not costed.")
        expect(coordinator.get_by_label("Reference of the decision")).to_be_visible()
        coordinator.screenshot(path=str(tmp_path / "validation-open.png"), full_page=True)

        # The coordinator changes the measures in the editor ...
        coordinator.goto(f"{server.url}/p/{pid}/drafts/{draft_id}")
        coordinator.wait_for_selector('#draft-status[data-state="synced"]', timeout=20000)
        coordinator.click(".draft-editor-body .ProseMirror")
        coordinator.keyboard.press("Control+End")
        coordinator.keyboard.type(" Two are opened first, as costed.", delay=10)
        for _attempt in range(100):  # stay until the server has saved the last keystroke
            if "as costed." in _saved_text(draft_id):
                break
            coordinator.wait_for_timeout(200)
        assert "Two are opened first, as costed." in _saved_text(draft_id)

        # ... the objection now reads "given on an earlier text", with the difference ...
        coordinator.goto(f"{server.url}/p/{pid}/validation/")
        coordinator.locator("#signoff").get_by_role("link", name="review and resolve").click()
        expect(coordinator.get_by_text("Given on an earlier text")).to_be_visible()
        expect(coordinator.locator(".signoff-diff ins")).to_contain_text(
            "Two are opened first, as costed."
        )
        coordinator.screenshot(path=str(tmp_path / "detail.png"), full_page=True)

        # ... and resolves it by that change.
        coordinator.get_by_label("Outcome").select_option(label="Resolved by a change of the text")
        coordinator.get_by_label("How it was resolved").fill("Measures now phase the centres.")
        coordinator.get_by_role("button", name="Record the outcome").click()
        expect(coordinator.get_by_text("The outcome is recorded in the register.")).to_be_visible()
        expect(coordinator.get_by_role("row", name="Ministry of Labour Measures")).to_contain_text(
            "Resolved by a change of the text"
        )
        coordinator.screenshot(path=str(tmp_path / "register.png"), full_page=True)

        # No objection is open: the validation stage is agreed without a decision.
        coordinator.goto(f"{server.url}/p/{pid}/validation/")
        expect(coordinator.locator("#signoff")).to_contain_text("No open objection")
        agree = coordinator.locator("#agree")
        expect(agree.get_by_label("Reference of the decision")).to_have_count(0)
        confirm = agree.get_by_label("Agree all the same", exact=False)
        if confirm.count():
            confirm.check()
        agree.get_by_role("button", name="Agree the validation stage").click()
        expect(coordinator.get_by_text("The validation stage is agreed.")).to_be_visible()
        expect(coordinator.locator("#agree")).to_contain_text("Agreed by Cora Coordinator")
        coordinator.screenshot(path=str(tmp_path / "validation.png"), full_page=True)
    finally:
        coordinator_context.close()

    db.session.expire_all()
    objection = db.session.scalars(
        db.select(SectionSignoff).where(SectionSignoff.reason != "")
    ).one()
    assert objection.status == ReservationStatus.RESOLVED_BY_CHANGE
    assert objection.resolved_by_id == world.coordinator.id
    state = db.session.scalar(
        db.select(StageState).where(StageState.process_id == pid, StageState.stage == "validation")
    )
    assert state.agreed
