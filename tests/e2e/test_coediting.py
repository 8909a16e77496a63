"""Two people write in the same draft in Chromium: each sees the other's text and caret;
one goes offline, keeps typing, comes back, and both end with both edits."""

from __future__ import annotations

import pytest

from tests.drafting.live import serving

from .waiting import wait_for_js

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("coedit-browser"), writers=2) as running:
        yield running


def open_draft(browser, server, world, who: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    cookie = server.login(world.emails[who])
    context.add_cookies(
        [
            {"name": name, "value": value, "url": server.url}
            for name, value in (part.split("=", 1) for part in cookie.split("; "))
        ]
    )
    page = context.new_page()
    page.goto(f"{server.url}/p/{world.process_id}/drafts/{world.draft_id}")
    page.wait_for_selector('#draft-status[data-state="synced"]', timeout=20000)
    return context, page


def editor_text(page) -> str:
    return page.inner_text(".draft-editor-body .ProseMirror")


def type_at_end(page, text: str) -> None:
    page.click(".draft-editor-body .ProseMirror")
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(text, delay=15)


def test_two_people_write_together_and_offline_edits_merge(browser, live):
    server, world = live
    context_a, alice = open_draft(browser, server, world, "writer0")
    context_b, bob = open_draft(browser, server, world, "writer1")
    try:
        # The server seeded the outline once: one copy, whoever opened first.
        assert editor_text(alice).count("Introduction") == 1
        assert editor_text(bob).count("Introduction") == 1

        type_at_end(alice, "Alice writes the rationale.")
        wait_for_js(
            bob,
            "document.querySelector('.ProseMirror').innerText.includes('Alice writes the rationale.')",
        )
        type_at_end(bob, "Bob adds the data.")
        wait_for_js(
            alice, "document.querySelector('.ProseMirror').innerText.includes('Bob adds the data.')"
        )
        # Presence: named, coloured carets and the list of people in the draft.
        alice.wait_for_selector(".collaboration-carets__label:has-text('Writer1')")
        bob.wait_for_selector(".collaboration-carets__label:has-text('Writer0')")
        assert "Writer1" in alice.inner_text("#draft-presence")

        # Bob's Wi-Fi drops: he keeps typing, the page says he is offline.
        context_b.set_offline(True)
        bob.evaluate("window.draftEditor.provider.socket.io.engine.close()")
        bob.wait_for_selector('#draft-status[data-state="offline"]', timeout=15000)
        type_at_end(bob, "Written on the train.")
        type_at_end(alice, "Alice meanwhile.")
        bob.wait_for_timeout(500)
        assert "Written on the train." not in editor_text(alice)

        context_b.set_offline(False)
        bob.wait_for_selector('#draft-status[data-state="synced"]', timeout=20000)
        for page in (alice, bob):
            wait_for_js(
                page,
                "['Written on the train.', 'Alice meanwhile.', 'Bob adds the data.']"
                ".every(t => document.querySelector('.ProseMirror').innerText.includes(t))",
                timeout=20000,
            )
        document = "window.draftEditor.editor.getJSON()"  # the text without the carets
        alice.wait_for_timeout(300)
        assert alice.evaluate(document) == bob.evaluate(document)

        # A comment on a selected passage: anchored in the text, listed beside it for both.
        alice.on("dialog", lambda dialog: dialog.accept("Which survey is this from?"))
        alice.evaluate(
            """() => {
              const ed = window.draftEditor.editor;
              let from = null;
              ed.state.doc.descendants((node, pos) => {
                if (from === null && node.isText && node.text.includes('Bob adds the data.')) {
                  from = pos + node.text.indexOf('Bob adds');
                }
              });
              ed.commands.setTextSelection({from, to: from + 8});
            }"""
        )
        alice.click("button[data-cmd=comment]")
        alice.wait_for_selector("#draft-comments :text('Which survey is this from?')")
        bob.wait_for_selector(".ProseMirror span.draft-comment[data-comment-id]")
        assert bob.inner_text(".ProseMirror span.draft-comment") == "Bob adds"
        bob.reload()
        bob.wait_for_selector("#draft-comments :text('Which survey is this from?')")
        # Resolving keeps the anchor and the thread, without the highlight.
        alice.click("#draft-comments button:has-text('Resolve')")
        alice.wait_for_selector("#draft-comments button:has-text('Reopen')")
        background = alice.eval_on_selector(
            ".ProseMirror span.draft-comment", "el => getComputedStyle(el).backgroundColor"
        )
        assert background == "rgba(0, 0, 0, 0)"

        # Undo takes back only one's own typing.
        alice.click(".draft-editor-body .ProseMirror")
        alice.keyboard.press("Control+z")
        alice.wait_for_timeout(300)
        assert "Bob adds the data." in editor_text(alice)
    finally:
        context_a.close()
        context_b.close()


@pytest.mark.parametrize("refused_by", ["browser", "server"])
def test_a_refused_paste_is_taken_back_with_a_reason_and_typing_goes_on(
    browser, live, refused_by, tmp_path
):
    """Issue 13: a paste over the size limit must not hide what its author types next."""
    server, world = live
    context_a, alice = open_draft(browser, server, world, "writer0")
    context_b, bob = open_draft(browser, server, world, "writer1")
    try:
        type_at_end(alice, f"Before the paste ({refused_by}).")
        if refused_by == "server":  # let the provider send it, so the server refuses it
            alice.evaluate("window.draftEditor.provider.maxMessageBytes = 6 * 1024 * 1024")
        alice.evaluate("window.draftEditor.editor.commands.insertContent('Q'.repeat(3000000))")
        alice.wait_for_selector("#draft-notice:not([hidden])", timeout=20000)
        notice = alice.inner_text("#draft-notice")
        assert "too large" in notice and "taken back" in notice
        wait_for_js(
            alice,
            "!document.querySelector('.ProseMirror').innerText.includes('QQQQ')",
            timeout=20000,
        )
        alice.screenshot(path=str(tmp_path / f"refused-{refused_by}.png"))
        type_at_end(alice, f"Typed after the refusal ({refused_by}).")
        wait_for_js(
            bob,
            f"document.querySelector('.ProseMirror').innerText"
            f".includes('Typed after the refusal ({refused_by}).')",
            timeout=20000,
        )
        assert "QQQQ" not in editor_text(bob)
        alice.click("#draft-notice button")
        assert alice.is_hidden("#draft-notice")
    finally:
        context_a.close()
        context_b.close()
