"""The stakeholder map in Chromium: it draws the demo network, filters, resizes by a
centrality and opens an organisation from the map."""

import pytest

from demo import loader as demo
from facilitation.extensions import db

from ..demo_process import import_demo_process
from .waiting import wait_for_js

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_process(app):
    return import_demo_process(app)


def _sign_in(page, server):
    page.goto(server.url + "/login")
    page.get_by_label("E-mail address").fill("coordinator@demo.example")
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_map_filters_sizes_and_opens_an_organisation(live_server, demo_process, page):
    server = live_server()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _sign_in(page, server)
    pid = demo_process.process.id
    page.goto(f"{server.url}/p/{pid}/stakeholders/map")
    status = page.locator("#map-status")
    wait_for_js(page, "document.getElementById('map-status').textContent.includes('shown')")
    total = len(demo_process.orgs)
    assert status.inner_text().startswith(f"{total} organisations")

    # Hide the media: two fewer organisations on the map.
    page.get_by_label("Media").uncheck()
    assert status.inner_text().startswith(f"{total - 2} organisations")
    # Only organisations consulted at the objectives stage (the public hearing: 8).
    page.get_by_label("Consulted at stage").select_option("objectives")
    assert status.inner_text().startswith("8 organisations")
    page.get_by_label("Consulted at stage").select_option("")
    page.get_by_label("Media").check()

    # Size by reach: the plain sentence changes and the centralities arrive.
    page.get_by_label("Size by").select_option("closeness")
    assert "few steps" in page.locator("#size-hint").inner_text()
    interior = demo_process.orgs["interior"].id
    wait_for_js(
        page,
        "id => { const n = document.getElementById('cy').cytoscape.getElementById(String(id));"
        " return n.data('value') > 0 && n.data('size') > 18; }",
        arg=interior,
    )

    # Click the lead ministry on the canvas: the panel names it and links to its page.
    box = page.locator("#cy").bounding_box()
    position = page.evaluate(
        "id => document.getElementById('cy').cytoscape.getElementById(String(id))"
        ".renderedPosition()",
        interior,
    )
    page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
    panel = page.locator("#map-panel")
    assert panel.get_by_role("heading").inner_text() == "Ministry of Interior"
    panel.get_by_role("link").click()
    page.wait_for_url(f"**/stakeholders/organisations/{interior}")
    assert page.get_by_role("heading", name="Ministry of Interior (MoI)").is_visible()
    assert errors == []


def test_coverage_page_lists_the_demo_gaps(live_server, demo_process, page):
    server = live_server()
    _sign_in(page, server)
    page.goto(f"{server.url}/p/{demo_process.process.id}/stakeholders/coverage")
    overdue = page.locator('[data-gap="commitments"]')
    assert "Publish the work permit processing times" in overdue.inner_text()
    inputs = page.locator('[data-gap="inputs"]')
    assert "Family tracing" in inputs.inner_text()


def test_stakeholder_pages_fit_a_phone(live_server, demo_process, browser):
    server = live_server()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    _sign_in(page, server)
    pid = demo_process.process.id
    immigration = demo_process.orgs["immigration"].id
    for path in (
        "",
        "map",
        "grid",
        "analytics",
        "consultations",
        "inputs",
        "coverage",
        f"organisations/{immigration}",
    ):
        page.goto(f"{server.url}/p/{pid}/stakeholders/{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    context.close()


def test_adding_a_participant_updates_the_list_in_place(live_server, demo_process, page):
    from stakeholders.models import Consultation

    server = live_server()
    _sign_in(page, server)
    planned = db.session.execute(
        db.select(Consultation).where(Consultation.held.is_(False))
    ).scalar_one()
    page.goto(f"{server.url}/p/{demo_process.process.id}/stakeholders/consultations/{planned.id}")
    page.evaluate("window.marker = 'same page'")
    section = page.locator("#participants")
    section.get_by_label("Organisation").select_option(label="Kestria Trade Union Congress")
    section.get_by_label("Women").fill("4")
    section.get_by_role("button", name="Add or update").click()
    page.locator("#participants").get_by_text("Participation saved.").wait_for()
    assert "Kestria Trade Union Congress" in page.locator("#participants table").inner_text()
    assert page.evaluate("window.marker") == "same page"  # no full reload
