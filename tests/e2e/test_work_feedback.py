"""Nothing looks as if nothing happened: a submitted form says it is working and ignores a
second submit, and a slow next page shows a loading bar. The server's answers are held back
in the browser (Playwright routes) so the waiting is real and its length is ours."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from demo import loader as demo
from facilitation.models import Process

pytestmark = pytest.mark.browser


def _sign_in(page, server):
    page.goto(server.url + "/login")
    page.get_by_label("E-mail address").fill("coordinator@demo.example")
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def _wait_until(page, condition, steps: int = 100) -> None:
    for _ in range(steps):
        if condition():
            return
        page.wait_for_timeout(50)  # lets Playwright dispatch the held requests to us
    raise AssertionError("the condition never held")


def test_working_button_single_submit_and_loading_bar(live_server, app, db, page):
    demo.load(app)
    process = db.session.execute(db.select(Process).order_by(Process.id)).scalars().first()
    server = live_server()
    _sign_in(page, server)
    settings = f"{server.url}/p/{process.id}/settings"
    page.goto(settings)

    # Once a navigation is under way Playwright cannot evaluate in the page, so the page
    # reports what it shows through its console.
    said = []
    page.on("console", lambda message: said.append(message.text))
    page.evaluate(
        """() => document.addEventListener('submit', () => setTimeout(() => {
          const buttons = [...document.querySelectorAll('button.is-working')];
          console.log('busy ' + JSON.stringify({
            buttons: buttons.map(b => b.textContent.trim()),
            forms: document.querySelectorAll('form[aria-busy=true]').length}));
          buttons[0].click();  // a second press while the first is under way
          setTimeout(() => console.log('pressed again'), 100);
        }, 0), {once: true})"""
    )
    held = []
    page.route(
        "**/settings",
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    page.get_by_role("button", name="Save").click(no_wait_after=True)
    _wait_until(page, lambda: "pressed again" in said and held)
    assert 'busy {"buttons":["Save"],"forms":1}' in said
    page.wait_for_timeout(400)
    assert len(held) == 1  # the second press sent nothing
    held[0].continue_()
    expect(page.get_by_text("The process is saved.")).to_be_visible()

    # A page that takes its time: a loading bar appears after 300 ms.
    page.evaluate(
        """() => document.addEventListener('click', () => setTimeout(() => {
          const bar = document.querySelector('.page-loading');
          console.log('bar ' + Boolean(bar && !bar.hidden && bar.getAttribute('role') ===
            'progressbar' && bar.getBoundingClientRect().height > 0));
        }, 700), {once: true})"""
    )
    waiting = []
    page.route("**/activity", lambda route: waiting.append(route))
    page.get_by_role("link", name="Activity", exact=True).first.click(no_wait_after=True)
    _wait_until(page, lambda: waiting and any(text.startswith("bar ") for text in said))
    assert "bar true" in said
    waiting[0].continue_()
    page.wait_for_url("**/activity")
    expect(page.locator(".page-loading")).to_have_count(0)
