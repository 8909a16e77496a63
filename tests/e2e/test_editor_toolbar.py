"""The co-editing toolbar reads as a word processor's: one row of grouped controls at 1366
px, a text-style list, table and list tools only where they apply, pressed states that
follow the cursor, one tab stop with arrow keys, and a typing area with a name."""

from __future__ import annotations

import pytest

from tests.drafting.live import serving

from .waiting import wait_for_js

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("toolbar-browser"), writers=1) as running:
        yield running


@pytest.fixture
def page(browser, live):
    server, world = live
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    cookie = server.login(world.emails["writer0"])
    context.add_cookies(
        [
            {"name": name, "value": value, "url": server.url}
            for name, value in (part.split("=", 1) for part in cookie.split("; "))
        ]
    )
    page = context.new_page()
    page.goto(f"{server.url}/p/{world.process_id}/drafts/{world.draft_id}")
    page.wait_for_selector('#draft-status[data-state="synced"]', timeout=20000)
    yield page
    context.close()


def visible(page, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


def test_toolbar_is_one_grouped_row_with_context_tools(page):
    toolbar = page.locator(".draft-toolbar")
    line_height = page.locator(".draft-toolbar button[data-cmd=bold]").bounding_box()["height"]
    # One row at 1366 px (the old toolbar wrapped onto three).
    assert toolbar.bounding_box()["height"] < 2 * line_height + 12
    assert page.locator(".draft-toolbar [role=group]").count() >= 5
    assert not visible(page, "[data-only-in=table]")
    assert not visible(page, "[data-only-in=list]")
    assert visible(page, "button[data-cmd=table]")

    # The typing area has a name for screen readers.
    body = page.locator(".draft-editor-body .ProseMirror")
    assert body.get_attribute("role") == "textbox"
    assert (body.get_attribute("aria-label") or "").startswith("Text of the draft")

    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Scope of the policy")
    page.select_option("#draft-text-style", "h2")
    wait_for_js(
        page,
        "[...document.querySelectorAll('.ProseMirror h2')]"
        ".some(h => h.textContent.includes('Scope of the policy'))",
    )
    assert page.locator("#draft-text-style").input_value() == "h2"

    # Bold follows the cursor.
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.select_option("#draft-text-style", "paragraph")
    page.keyboard.press("Control+b")
    page.keyboard.type("firm")
    wait_for_js(
        page,
        "document.querySelector('button[data-cmd=bold]').getAttribute('aria-pressed') === 'true'",
    )

    # Lists bring their indent tools; tables bring their own, and only inside the table.
    page.click("button[data-cmd=bulletList]")
    wait_for_js(page, "!document.querySelector('[data-only-in=list]').hidden")
    page.click("button[data-cmd=bulletList]")
    wait_for_js(page, "document.querySelector('[data-only-in=list]').hidden")
    page.click("button[data-cmd=table]")
    wait_for_js(page, "!document.querySelector('[data-only-in=table]').hidden")
    assert not visible(page, "button[data-cmd=table]")
    assert page.locator(".ProseMirror table").count() == 1
    page.click("button[data-cmd=deleteTable]")
    wait_for_js(page, "document.querySelector('[data-only-in=table]').hidden")
    assert page.locator(".ProseMirror table").count() == 0


def test_toolbar_is_one_tab_stop_with_arrow_keys(page):
    page.focus("#draft-text-style")
    assert (
        page.evaluate(
            "[...document.querySelectorAll('.draft-toolbar button, .draft-toolbar select')]"
            ".filter(el => el.tabIndex === 0).length"
        )
        == 1
    )
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.cmd") == "bold"
    page.keyboard.press("End")
    assert page.evaluate("document.activeElement.dataset.cmd") == "comment"
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == "draft-text-style"
