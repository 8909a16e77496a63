"""Browser fixtures: Debian's Chromium driven by Playwright, against the real server."""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which("chromium") and not __import__("os").path.exists(CHROMIUM):
        pytest.fail("Chromium is not installed: .ci/run installs the Debian package 'chromium'")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def sign_in():
    """Sign a browser page in through the real form: ``sign_in(page, server.url, email)``
    (the demo's password unless another is given)."""

    def _sign_in(page, url: str, email: str, password: str | None = None):
        from demo import loader as demo

        page.goto(url + "/login")
        page.locator("#email").fill(email)
        page.locator("#password").fill(password or demo.DEMO_PASSWORD)
        page.locator("#password").press("Enter")
        page.wait_for_load_state("load")
        return page

    return _sign_in
