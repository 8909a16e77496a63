"""Sign-out settles the drafts this browser keeps offline (the editor's IndexedDB copies):
what the server lacks is sent, then the copies are deleted, so the next person at a shared
computer cannot read them. Chromium against the real server."""

from __future__ import annotations

import re

import pytest

from tests.drafting.live import serving

from .test_coediting import editor_text, open_draft, type_at_end
from .waiting import wait_for_js

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]

COPIES = """async () => (await indexedDB.databases())
  .map(db => db.name).filter(name => name.startsWith('policycycle-draft-'))"""


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("offline-copies"), writers=2) as running:
        yield running


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login**", timeout=30000)


def test_sign_out_sends_offline_edits_then_deletes_the_copies(browser, live):
    server, world = live
    context, page = open_draft(browser, server, world, "writer0")
    reader_context = None
    try:
        # Written offline, and the tab closed before the connection came back: the text is
        # only in this browser's copy.
        context.set_offline(True)
        page.evaluate("window.draftEditor.provider.socket.io.engine.close()")
        page.wait_for_selector('#draft-status[data-state="offline"]', timeout=15000)
        type_at_end(page, "Written offline before signing out.")
        page.wait_for_timeout(500)  # y-indexeddb's write of the last keystrokes
        page.close()
        context.set_offline(False)
        page = context.new_page()
        page.goto(f"{server.url}/p/{world.process_id}/")
        # A stray copy of a draft this user cannot open (another person's, or a draft gone),
        # in y-indexeddb's layout.
        page.evaluate(
            """pid => new Promise(r => {
                 const open = indexedDB.open(`policycycle-draft-${pid}-999999-20250101000000000000`);
                 open.onupgradeneeded = () => {
                   open.result.createObjectStore('updates', {autoIncrement: true});
                   open.result.createObjectStore('custom');
                 };
                 open.onsuccess = () => { open.result.close(); r(true); };
               })""",
            world.process_id,
        )
        assert len(page.evaluate(COPIES)) == 2

        _sign_out(page)

        assert page.evaluate(COPIES) == []
        reader_context, reader = open_draft(browser, server, world, "writer1")
        wait_for_js(
            reader,
            "document.querySelector('.ProseMirror').innerText"
            ".includes('Written offline before signing out.')",
            timeout=20000,
        )
        assert "Written offline before signing out." in editor_text(reader)
    finally:
        context.close()
        if reader_context is not None:
            reader_context.close()


def test_sign_out_from_the_editor_itself_leaves_no_copy(browser, live):
    server, world = live
    context, page = open_draft(browser, server, world, "writer1")
    try:
        type_at_end(page, "Typed online.")
        assert len(page.evaluate(COPIES)) == 1
        _sign_out(page)
        assert page.evaluate(COPIES) == []
    finally:
        context.close()


def test_a_copy_the_server_never_confirms_stays_and_the_user_is_told(browser, live):
    """The network fails during sign-out (the draft's socket never opens): the copy may
    hold edits made offline, so it stays; sign-out goes on and says so."""
    server, world = live
    context, page = open_draft(browser, server, world, "writer0")
    try:
        type_at_end(page, "Kept in the browser.")
        page.wait_for_timeout(500)  # y-indexeddb's write of the last keystrokes
        page.goto(f"{server.url}/p/{world.process_id}/")
        # From here on, no Socket.IO connection of this page reaches the server.
        page.route_web_socket(re.compile(r"/socket\.io/"), lambda socket: None)
        assert len(page.evaluate(COPIES)) == 1

        _sign_out(page)

        assert page.evaluate(COPIES) != []
        page.get_by_text("1 draft written offline could not be sent").wait_for()
        assert page.get_by_text("You are signed out.").is_visible()
    finally:
        context.close()
