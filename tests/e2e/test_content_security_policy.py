"""The app's own pages satisfy its Content Security Policy, and no page can be framed by
another site (issue 13). Chromium reports every blocked inline script, handler, style
element or eval as a ``securitypolicyviolation`` event; the test fails on any."""

from __future__ import annotations

import pytest

from demo import loader as demo
from facilitation.extensions import db
from facilitation.models import Process
from facilitation.stages import registry
from workshops.models import Workshop

pytestmark = pytest.mark.browser

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`
  );
});
"""


def _pages(app, process_id: int) -> list[str]:
    from drafting.models import Draft

    reg = registry(app)
    endpoints = ["processes.dashboard", *reg.stage_pages.values(), *(n.endpoint for n in reg.nav)]
    workshop = db.session.scalars(
        db.select(Workshop).where(Workshop.process_id == process_id).order_by(Workshop.id)
    ).first()
    draft = db.session.scalars(
        db.select(Draft).where(Draft.process_id == process_id).order_by(Draft.id)
    ).first()
    with app.test_request_context():
        from flask import url_for

        urls = [url_for(e, process_id=process_id) for e in dict.fromkeys(endpoints)]
        urls += [
            url_for("drafting.edit", process_id=process_id, draft_id=draft.id),
            url_for("signoff.matrix", process_id=process_id, draft_id=draft.id),
            url_for("signoff.register", process_id=process_id),
            url_for("workshops.console", process_id=process_id, workshop_id=workshop.id),
            url_for("workshops.projector", process_id=process_id, workshop_id=workshop.id),
            url_for("processes.members", process_id=process_id),
        ]
    return urls, workshop.code


def test_pages_have_no_csp_violation_and_refuse_framing(live_server, app, db, browser):
    demo.load(app)
    db.session.commit()
    process = db.session.scalars(db.select(Process).order_by(Process.id)).first()
    urls, code = _pages(app, process.id)
    server = live_server()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(LISTEN)
    page = context.new_page()
    console = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(server.url + "/login")
    page.get_by_label("E-mail address").fill("coordinator@demo.example")
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")
    violations = {}
    for url in urls:
        response = page.goto(server.url + url)
        assert response.status == 200, url
        headers = response.headers
        assert headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)  # let late scripts (editor, map, sockets) run
        found = page.evaluate("window.__cspViolations")
        if found:
            violations[url] = found
    # the participant's phone: join the workshop by its code
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    phone.add_init_script(LISTEN)
    participant = phone.new_page()
    participant.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    participant.goto(f"{server.url}/w/{code}")
    participant.wait_for_load_state("networkidle")
    join = participant.get_by_role("button").first
    if join.is_visible():
        join.click()
        participant.wait_for_load_state("networkidle")
    participant.wait_for_timeout(300)
    found = participant.evaluate("window.__cspViolations")
    if found:
        violations["/w/" + code] = found
    phone.close()
    context.close()
    report = [f"{url}: {v}" for url, found in violations.items() for v in found]
    assert not violations and not console, "\n".join(report + console)
    assert len(urls) >= 15


def test_a_framing_page_cannot_show_the_app(live_server, app, db, browser):
    server = live_server()
    context = browser.new_context()
    page = context.new_page()
    page.set_content(f'<iframe id="f" src="{server.url}/login" width="600" height="400"></iframe>')
    page.wait_for_timeout(1500)
    frame = page.frame_locator("#f")
    assert frame.get_by_label("E-mail address").count() == 0
    context.close()
