"""Key results are on screen at 1366x768 without sideways scrolling: the MCA's weighted
total, the instruments' Edit/Scores links and the stakeholder coverage grid; and the
problem and objectives trees draw every box whole."""

from __future__ import annotations

import os

import pytest

from demo import loader as demo
from facilitation.extensions import db
from facilitation.models import Process
from policycycle.models import PolicyOption

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SCREENSHOTS")

# Where the key result stops and where its table's box is: both must fit the screen.
MEASURE = """sel => {
    const el = document.querySelector(sel);
    if (!el) return null;
    const box = el.closest('.table-wrap') || el;
    return {right: Math.max(...[...document.querySelectorAll(sel)].map(e => e.getBoundingClientRect().right)),
            viewport: document.documentElement.clientWidth,
            boxScrolls: box.scrollWidth > box.clientWidth + 1,
            pageScrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth};
}"""

CLIPPED_BOXES = """() => {
    const svg = document.querySelector('svg.an-tree');
    const vb = svg.viewBox.baseVal;
    return [...svg.querySelectorAll('.an-node rect')].filter(r => {
        const b = r.getBBox(), pad = 1.5;  // half the focused border
        return b.x - pad < vb.x || b.y - pad < vb.y
            || b.x + b.width + pad > vb.x + vb.width || b.y + b.height + pad > vb.y + vb.height;
    }).map(r => r.parentNode.textContent.trim().slice(0, 40));
}"""


def test_key_results_fit_1366(live_server, app, browser):
    demo.load(app)
    process = db.session.execute(db.select(Process).order_by(Process.id)).scalars().first()
    option = db.session.scalars(
        db.select(PolicyOption).where(PolicyOption.process_id == process.id)
    ).first()
    server = live_server()
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(server.url + "/login")
        page.get_by_label("E-mail address").fill("coordinator@demo.example")
        page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        base = f"{server.url}/p/{process.id}"
        checks = [
            (f"{base}/options/{option.objective_id}", ".pl-mca-table .pl-total", "mca"),
            (f"{base}/instruments", ".pl-matrix .pl-links a", "instruments"),
            (f"{base}/stakeholders/coverage", ".sh-matrix", "coverage"),
        ]
        problems = []
        for url, selector, name in checks:
            page.goto(url)
            if SHOTS:
                page.screenshot(path=os.path.join(SHOTS, f"wide-{name}.png"), full_page=True)
            measured = page.evaluate(MEASURE, selector)
            assert measured is not None, f"{selector} missing on {url}"
            if (
                measured["right"] > measured["viewport"]
                or measured["boxScrolls"]
                or measured["pageScrolls"]
            ):
                problems.append(f"{name}: {measured}")
        # Tree boxes are drawn whole: each box with its border inside the drawing.
        for tree in ("analysis/problem-tree", "objectives"):
            page.goto(f"{base}/{tree}")
            cut = page.evaluate(CLIPPED_BOXES)
            if cut:
                problems.append(f"{tree}: boxes cut at the edge: {cut}")
        assert not problems, problems
    finally:
        context.close()
