"""axe-core on every page of the demo: each GET route of the app (one URL per route, found
from the process pages and the links they show) as the demo's coordinator, plus sign-in,
404, 403, the phone's join and vote pages, the projector and the console. Any serious or
critical violation fails. One browser page is reused so the walk stays quick."""

from __future__ import annotations

from datetime import date
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from demo import loader as demo
from facilitation.extensions import db
from facilitation.models import Process
from workshops import activities, services
from workshops.models import ActivityKind, CycleTarget

from .axe import serious_violations, with_axe
from .waiting import wait_for_js

pytestmark = pytest.mark.browser

# Files and side doors, not pages: downloads, images, feeds, and signing out.
NOT_PAGES = (".docx", ".xlsx", ".csv", ".svg", ".pdf", ".zip", ".json", ".png", "/logout")


def _demo_with_open_vote(app):
    demo.load(app)
    process = db.session.execute(db.select(Process).order_by(Process.id)).scalars().first()
    coordinator = next(m.user for m in process.memberships if m.role.value == "coordinator")
    workshop = services.create_workshop(
        process.id, coordinator, title="Options workshop", session_date=date(2026, 12, 3)
    )
    item = services.save_item(
        workshop,
        title="Which issues come first?",
        kind=ActivityKind.DOT_VOTE,
        feeds=CycleTarget.ISSUES,
        dots=3,
        max_per_choice=2,
    )
    db.session.flush()
    activities.open_item(workshop, item)
    db.session.commit()
    return process, workshop


class Walk:
    """Visits URLs once per route and keeps axe-core's findings."""

    def __init__(self, app, page, base: str):
        self.adapter = app.url_map.bind("localhost")
        self.page, self.base = page, base
        self.seen_endpoints: set[str] = set()
        self.findings: dict[str, list[str]] = {}
        self.links: list[str] = []
        self.statuses: dict[str, int] = {}

    def endpoint_of(self, path: str) -> str | None:
        try:
            endpoint, _values = self.adapter.match(path, method="GET")
        except Exception:  # redirects, 404s, methods: not a page route
            return None
        return endpoint

    def check(self, url: str, name: str | None = None, expect_status=None) -> None:
        try:
            response = self.page.goto(url if url.startswith("http") else self.base + url)
        except PlaywrightError as error:
            if "Download is starting" in str(error):  # a file offered as a link: not a page
                return
            raise
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            return
        self.statuses[name or url] = response.status
        if expect_status is not None:
            assert response.status == expect_status, url
        self.page.wait_for_load_state("load")
        # page.js makes wide table boxes focusable from a ResizeObserver after the first
        # layout: two animation frames later its callbacks have run (a user cannot tab
        # sooner), so axe sees the page as a keyboard user does.
        self.page.evaluate(
            "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )
        found = serious_violations(self.page)
        if found:
            self.findings[name or url] = found
        for href in self.page.eval_on_selector_all(
            "a[href]", "els => els.map(e => e.href).filter(h => typeof h === 'string')"
        ):
            self.links.append(href)

    def visit_route(self, url: str) -> None:
        path = urlsplit(url).path
        if urlsplit(url).netloc not in ("", urlsplit(self.base).netloc):
            return
        if any(marker in path for marker in NOT_PAGES):
            return
        endpoint = self.endpoint_of(path)
        if endpoint is None or endpoint in self.seen_endpoints or endpoint.endswith("static"):
            return
        self.seen_endpoints.add(endpoint)
        self.check(urljoin(self.base, url.split("#")[0]), name=f"{endpoint} {path}")


def test_no_serious_axe_violation_on_any_page(live_server, app, browser):
    process, workshop = _demo_with_open_vote(app)
    server = live_server()
    context = with_axe(browser.new_context(viewport={"width": 1366, "height": 768}))
    page = context.new_page()
    walk = Walk(app, page, server.url)
    try:
        walk.check("/login", "sign-in page")
        page.get_by_label("E-mail address").fill("coordinator@demo.example")
        page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state("load")

        walk.check("/p/999999/", "404 page", expect_status=404)
        walk.check("/admin/users", "403 page", expect_status=403)
        # Every GET route whose only value is the process, then every route linked from them.
        with app.test_request_context():
            from flask import url_for

            for rule in app.url_map.iter_rules():
                if "GET" in rule.methods and set(rule.arguments) <= {"process_id"}:
                    if rule.endpoint.endswith("static"):
                        continue
                    walk.visit_route(url_for(rule.endpoint, process_id=process.id))
        while walk.links:
            walk.visit_route(walk.links.pop(0))

        base = f"/p/{process.id}/workshops/{workshop.id}"
        walk.check(base + "/console", "console")
        walk.check(base + "/projector", "projector")
        wait_for_js(page, "() => !!document.querySelector('#stage *')", timeout=15_000)
        walk.findings.pop("projector", None)
        found = serious_violations(page)
        if found:
            walk.findings["projector (vote drawn)"] = found

        phone = with_axe(
            browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
        )
        phone_page = phone.new_page()
        phone_walk = Walk(app, phone_page, server.url)
        phone_walk.check("/w/", "phone: enter the code")
        phone_walk.check(f"/w/{workshop.code}", "phone: join")
        phone_page.get_by_label("Your name").fill("Amina")
        phone_page.get_by_role("button", name="Join the session").click()
        wait_for_js(
            phone_page, "() => !!document.querySelector('form, button.ws-dot-add, .ws-choice')"
        )
        found = serious_violations(phone_page)
        if found:
            walk.findings["phone: vote"] = found
        walk.findings.update(phone_walk.findings)
        phone.close()
    finally:
        context.close()
    assert len(walk.seen_endpoints) > 40, sorted(walk.seen_endpoints)
    report = "\n".join(
        f"{where}:\n  " + "\n  ".join(lines) for where, lines in sorted(walk.findings.items())
    )
    assert not walk.findings, "axe-core serious/critical violations:\n" + report
