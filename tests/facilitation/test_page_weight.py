"""How many elements and bytes each stage page of the demo process sends (issue 18).

Between the page's last byte and DOMContentLoaded the browser parses the page, works out
its styles and, when it paints before the deferred scripts have run, lays it out: all in
proportion to the elements. Each ceiling is what the page sends today plus about 5%, so
markup repeated per row or per cell (a hidden form per row, an icon drawn inline per row,
a wrapper per empty cell) fails here. The coverage page wrapped the dot of every empty
cell in its own ``<span class="muted">`` (865 elements, 29.9 KB; now 593, 24.4 KB).
"""

from __future__ import annotations

from html.parser import HTMLParser

from flask import url_for

# endpoint -> (most elements, most bytes of HTML, uncompressed) as the demo coordinator.
CEILINGS = {
    "analysis.agenda": (270, 15000),
    "analysis.agenda_criteria": (160, 9000),
    "analysis.analysis": (350, 21000),
    "analysis.analysis_gaps": (350, 17000),
    "analysis.analysis_problem_tree": (320, 21000),
    "analysis.analysis_statement": (170, 12000),
    "analysis.analysis_tows": (260, 16000),
    "analysis.objectives": (460, 26000),
    "drafting.index": (160, 9000),
    "evidence.inventory": (710, 42000),
    "exports.index": (200, 14000),
    "planning.action_plan": (820, 38000),
    "planning.action_plan_gantt": (320, 23000),
    "planning.instruments_page": (580, 30000),
    "planning.options_page": (180, 10000),
    "planning.readiness_page": (210, 16000),
    "processes.dashboard": (450, 29000),
    "stakeholders.consultations": (220, 11000),
    "stakeholders.coverage": (630, 26000),
    "stakeholders.inputs": (360, 17000),
    "stakeholders.map_page": (250, 18000),
    "stakeholders.registry_page": (750, 35000),
    "validation.page": (230, 14000),
    "workshops.index": (150, 8000),
}


class ElementCounter(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements = 0

    def handle_starttag(self, tag, attrs) -> None:
        self.elements += 1

    def handle_startendtag(self, tag, attrs) -> None:
        self.elements += 1


def elements_of(html: str) -> int:
    counter = ElementCounter()
    counter.feed(html)
    return counter.elements


def test_every_stage_page_has_a_ceiling():
    from tests.facilitation.test_page_queries import CEILINGS as COUNTED_PAGES

    assert set(COUNTED_PAGES) == set(CEILINGS)


def test_elements_are_counted_as_the_browser_builds_them():
    assert elements_of('<p class="x">a<br>b<img src="i"/></p><td><span>·</span></td>') == 5


def test_no_stage_page_repeats_markup_per_row(app, client, demo_process):
    with app.test_request_context():
        paths = {e: url_for(e, process_id=demo_process.id) for e in CEILINGS}
    over = {}
    for endpoint, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        elements, size = elements_of(html), len(response.get_data())
        most_elements, most_bytes = CEILINGS[endpoint]
        if elements > most_elements or size > most_bytes:
            over[endpoint] = {"elements": (elements, most_elements), "bytes": (size, most_bytes)}
    assert not over, f"page weight (sent, ceiling): {over}"
