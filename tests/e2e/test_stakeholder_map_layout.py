"""The stakeholder map in Chromium on a map with two connected groups and three
organisations without ties: the groups do not overlap, the unconnected ones sit in the
band below, labels do not collide, the search box centres an organisation (accents
ignored) and highlights its neighbours, and the category and core-group filters hide
nodes."""

import pytest
from playwright.sync_api import expect

from demo import loader as demo
from facilitation import audit, services
from facilitation.extensions import db
from facilitation.models import Organisation, Role
from stakeholders.models import Tie

from .waiting import wait_for_js

pytestmark = pytest.mark.browser

ORGS = {
    # key: (name, acronym, category, core)
    "interior": ("Ministry of Interior", "MoI", "ministry", True),
    "labour": ("Ministry of Labour", "", "ministry", True),
    "stats": ("National Statistics Office", "NSO", "statistics_office", False),
    "union": ("Dockworkers' Union", "", "trade_union", False),
    "camara": ("Câmara Municipal de Évora", "", "local_government", False),
    "diaspora": ("Diaspora Circle", "", "migrant_association", False),
    "radio": ("Radio Zorita", "", "media", False),
    "clinic": ("Legal Clinic", "", "civil_society", False),
    "academy": ("Institute of Social Studies", "", "academia", False),
}
TIES = [
    ("interior", "labour"),
    ("labour", "stats"),
    ("stats", "interior"),
    ("labour", "union"),
    ("camara", "diaspora"),
]
UNCONNECTED = ("radio", "clinic", "academy")


@pytest.fixture
def two_groups(app):
    users = {"coordinator": demo.accounts()["coordinator@demo.example"]}
    with audit.acting_as(users["coordinator"].id):
        process = services.create_process(
            users["coordinator"],
            title="Two groups",
            country="Republic of Kestria",
            lead_organisation="Ministry of Interior",
            policy_domain="Migration",
            role=Role.COORDINATOR,
        )
        ids = {}
        for key, (name, acronym, category, core) in ORGS.items():
            org = db.session.scalar(
                db.select(Organisation).where(
                    Organisation.process_id == process.id, Organisation.name == name
                )
            ) or Organisation(process_id=process.id, name=name, level="national")
            org.acronym, org.category, org.in_core_group = acronym, category, core
            db.session.add(org)
            db.session.flush()
            ids[key] = org.id
        for a, b in TIES:
            db.session.add(
                Tie(
                    process_id=process.id,
                    source_id=ids[a],
                    target_id=ids[b],
                    type="coordinates_with",
                )
            )
    db.session.commit()
    return process.id, ids


def _open_map(live_server, page, pid):
    server = live_server()
    page.goto(server.url + "/login")
    page.get_by_label("E-mail address").fill("coordinator@demo.example")
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{server.url}/p/{pid}/stakeholders/map")
    wait_for_js(page, "document.getElementById('cy').dataset.ready === '1'")
    wait_for_js(page, "document.getElementById('cy').dataset.labels !== undefined")


BOX_OF = """keys => { const cy = document.getElementById('cy').cytoscape;
  const bb = cy.collection(keys.map(id => cy.getElementById(String(id)))).boundingBox();
  return [bb.x1, bb.y1, bb.x2, bb.y2]; }"""


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_groups_apart_band_below_and_labels_apart(live_server, two_groups, page):
    pid, ids = two_groups
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _open_map(live_server, page, pid)
    big = page.evaluate(BOX_OF, [ids[k] for k in ("interior", "labour", "stats", "union")])
    small = page.evaluate(BOX_OF, [ids["camara"], ids["diaspora"]])
    assert not _overlap(big, small)
    # The largest group comes first (top left).
    assert big[0] <= small[0] and big[1] <= small[1]
    # The unconnected ones: below both groups, under the band's title.
    title = page.evaluate(
        "() => document.getElementById('cy').cytoscape.getElementById('band-title').data('label')"
    )
    assert title == "Not connected to any other organisation (3)"
    lowest = max(big[3], small[3])
    for key in UNCONNECTED:
        y = page.evaluate(
            "id => document.getElementById('cy').cytoscape.getElementById(String(id)).position().y",
            ids[key],
        )
        assert y > lowest, key
    # The labels shown do not overlap one another (boxes on screen).
    boxes = page.evaluate(
        """() => document.getElementById('cy').cytoscape.nodes('.labelled').map(n => {
             const b = n.boundingBox({includeNodes: false, includeEdges: false,
                                      includeLabels: true});
             return [b.x1, b.y1, b.x2, b.y2]; })"""
    )
    assert len(boxes) >= 5
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not _overlap(a, b), (a, b)
    assert page.locator("#map-status").inner_text() == "9 organisations and 5 ties shown."
    assert errors == []


def test_search_centres_the_organisation_and_highlights_its_neighbours(
    live_server, two_groups, page
):
    pid, ids = two_groups
    _open_map(live_server, page, pid)
    search = page.get_by_label("Find an organisation")
    search.fill("camara evora")  # no accents typed
    results = page.locator("#search-results")
    assert results.get_by_role("button").all_inner_texts() == ["Câmara Municipal de Évora"]
    search.press("Enter")
    wait_for_js(page, "document.getElementById('cy').dataset.focused !== undefined")
    state = page.evaluate(
        """id => { const cy = document.getElementById('cy').cytoscape;
             const n = cy.getElementById(String(id)); const p = n.renderedPosition();
             return {x: p.x, y: p.y, w: cy.width(), h: cy.height(),
                     focus: n.hasClass('focus'),
                     neighbours: cy.nodes('.neighbour').map(m => m.data('name')),
                     faded: cy.nodes('.org.faded').length}; }""",
        ids["camara"],
    )
    assert abs(state["x"] - state["w"] / 2) < 2 and abs(state["y"] - state["h"] / 2) < 2
    assert state["focus"] and state["neighbours"] == ["Diaspora Circle"]
    assert state["faded"] == 7
    assert page.locator("#map-panel h2").inner_text() == "Câmara Municipal de Évora"
    assert "Diaspora" not in page.locator("#search-status").inner_text()
    assert "1 organisation tied to it" in page.locator("#search-status").inner_text()
    # By acronym, then clearing the search lifts the highlight.
    search.fill("nso")
    search.press("Enter")
    wait_for_js(
        page, "id => document.getElementById('cy').dataset.focused === String(id)", ids["stats"]
    )
    page.get_by_role("button", name="Clear").click()
    assert page.evaluate("document.getElementById('cy').cytoscape.$('.faded').length") == 0


def test_category_and_core_group_filters_hide_nodes(live_server, two_groups, page):
    pid, ids = two_groups
    _open_map(live_server, page, pid)
    status = page.locator("#map-status")
    visible = """() => document.getElementById('cy').cytoscape.nodes('.org')
                   .filter(n => n.visible()).map(n => n.data('name')).sort()"""
    # Filters redraw on the next frame: wait for the status line before reading the map.
    page.get_by_label("Ministry", exact=True).uncheck()
    expect(status).to_have_text("7 organisations and 1 tie shown.")
    assert "Ministry of Interior" not in page.evaluate(visible)
    page.get_by_label("Ministry", exact=True).check()
    page.get_by_label("Core group", exact=True).select_option("core")
    expect(status).to_have_text("2 organisations and 1 tie shown.")
    shown = f"({visible})().length"
    wait_for_js(page, f"{shown} === 2")
    assert page.evaluate(visible) == ["Ministry of Interior", "Ministry of Labour"]
    page.get_by_label("Core group", exact=True).select_option("outside")
    wait_for_js(page, f"{shown} === 7")
    page.get_by_label("Core group", exact=True).select_option("")
    page.get_by_role("button", name="Hide all").click()
    expect(status).to_have_text("No organisation matches these filters.")
    page.get_by_role("button", name="Show all").click()
    wait_for_js(page, f"{shown} === 9")
