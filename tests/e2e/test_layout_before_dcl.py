"""Our scripts read no layout before DOMContentLoaded (issue 18, repeat-load target).

A deferred script runs before DOMContentLoaded; reading a box's size there makes the
browser lay the whole page out first. ``page.js`` marked scrolling table boxes that way on
every page with a table (a forced style and layout of 17-29 ms of the renderer's CPU
on the demo's evidence and coverage pages, in a Chromium trace). The boxes are still
marked, after the browser's own first layout.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from demo import loader as demo
from facilitation.models import Process

pytestmark = pytest.mark.browser

# Record every read of a layout-dependent size until DOMContentLoaded has been handled.
# The window's listener runs after the document's (htmx's, ours), so their reads count too.
WATCH_LAYOUT_READS = """(() => {
  window.__layoutReadsBeforeDcl = [];
  let open = true;
  window.addEventListener('DOMContentLoaded', () => { open = false; });
  const watch = (proto, names) => names.forEach(name => {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    if (!d) return;
    const wrap = d.get ? {get() { if (open) window.__layoutReadsBeforeDcl.push(name); return d.get.call(this); }}
                       : {value(...a) { if (open) window.__layoutReadsBeforeDcl.push(name); return d.value.apply(this, a); }};
    Object.defineProperty(proto, name, {...d, ...wrap});
  });
  watch(Element.prototype, ['scrollWidth', 'scrollHeight', 'clientWidth', 'clientHeight',
                            'getBoundingClientRect', 'getClientRects']);
  watch(HTMLElement.prototype, ['offsetWidth', 'offsetHeight', 'offsetTop', 'offsetLeft', 'innerText']);
  watch(window, ['getComputedStyle']);
})();"""


def test_no_layout_read_before_dom_content_loaded_and_wide_tables_still_marked(
    live_server, app, db, browser
):
    demo.load(app)
    process = db.session.scalar(db.select(Process).order_by(Process.id))
    server = live_server()
    # Narrow enough that the coverage grid's box scrolls sideways.
    context = browser.new_context(viewport={"width": 700, "height": 800})
    context.add_init_script(WATCH_LAYOUT_READS)
    page = context.new_page()
    try:
        page.goto(server.url + "/login")
        page.get_by_label("E-mail address").fill("coordinator@demo.example")
        page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        for path in ("stakeholders/coverage", "evidence/", "action-plan", "agenda"):
            page.goto(f"{server.url}/p/{process.id}/{path}", wait_until="load")
            reads = page.evaluate("window.__layoutReadsBeforeDcl")
            assert reads == [], (path, reads)
        # The wide grid's box is still a named, focusable region for keyboard users.
        page.goto(f"{server.url}/p/{process.id}/stakeholders/coverage", wait_until="load")
        box = page.locator(".table-wrap", has=page.locator(".sh-matrix")).first
        expect(box).to_have_attribute("tabindex", "0")
        expect(box).to_have_attribute("role", "region")
        assert box.get_attribute("aria-label")
    finally:
        context.close()
