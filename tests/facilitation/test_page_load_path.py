"""What a stage page asks of the browser and the database before it is usable (issue 18).

- No stage page holds the HTML parser on a script: every ``<script src>`` is ``defer``,
  ``async`` or a module. A plain script makes the parser stop, fetch (or read from the
  cache), compile and run it before it reads one more byte of the page, and
  DOMContentLoaded waits for all of it: the stakeholder map's 430 KB drawing library did
  that on every visit.
- Nor does DOMContentLoaded wait for one: a deferred script still runs before that event,
  so the page waited for every script to come from the cache (another process) and run,
  and painted a first frame meanwhile. Every ``<script src>`` is ``async``: they enhance a
  page the server rendered whole (``tests/e2e/test_scripts_after_dcl.py``: the page is
  usable and enhanced whichever comes first).
- Heavy widgets are not on that path either: the map's library is started from an ``async``
  script, after the page has been read.
- A signed-in GET of a stage page writes nothing to the database: no session, "last seen"
  or audit row per page view. A write per request would take SQLite's single writer lock
  (and fsync at checkpoints) on every page a reader opens.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from flask import url_for
from sqlalchemy import event

from demo import loader as demo
from facilitation.models import Process, User
from facilitation.stages import registry


class ScriptTags(HTMLParser):
    """The attributes of every ``<script>`` element of a page."""

    def __init__(self):
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))


def scripts_of(html: str) -> list[dict[str, str | None]]:
    parser = ScriptTags()
    parser.feed(html)
    return parser.scripts


def parser_blocking(script: dict[str, str | None]) -> bool:
    """A script the HTML parser must run before it reads on."""
    if "src" not in script:  # inline data (application/json); the CSP forbids inline code
        return False
    return not ("defer" in script or "async" in script or script.get("type") == "module")


def stage_page_paths(app, process_id: int) -> list[str]:
    reg = registry(app)
    endpoints = dict.fromkeys([*reg.stage_pages.values(), *(e.endpoint for e in reg.nav)])
    paths = []
    with app.test_request_context():
        for endpoint in endpoints:
            rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
            if not set(rule.arguments) - {"process_id"}:
                paths.append(url_for(endpoint, process_id=process_id))
    return paths


@pytest.fixture
def demo_pages(app, db, client, login_as):
    demo.load(app)
    process = db.session.scalar(db.select(Process).order_by(Process.id))
    coordinator = db.session.scalar(db.select(User).where(User.email == "coordinator@demo.example"))
    login_as(coordinator)
    paths = stage_page_paths(app, process.id)
    assert len(paths) >= 15
    return paths


def test_no_stage_page_holds_the_parser_on_a_script(client, demo_pages):
    blocking = {}
    for path in demo_pages:
        response = client.get(path)
        assert response.status_code == 200, path
        found = [
            s["src"] for s in scripts_of(response.get_data(as_text=True)) if parser_blocking(s)
        ]
        if found:
            blocking[path] = found
    assert blocking == {}


def holds_dom_content_loaded(script: dict[str, str | None]) -> bool:
    """A script DOMContentLoaded waits for: plain, ``defer`` and module scripts."""
    return "src" in script and "async" not in script


def test_no_stage_page_holds_dom_content_loaded_on_a_script(client, demo_pages):
    holding = {}
    for path in demo_pages:
        html = client.get(path).get_data(as_text=True)
        found = [s["src"] for s in scripts_of(html) if holds_dom_content_loaded(s)]
        if found:
            holding[path] = found
    assert holding == {}


def test_the_map_library_loads_after_the_page_is_read(client, demo_pages):
    path = next(p for p in demo_pages if p.endswith("/stakeholders/map"))
    html = client.get(path).get_data(as_text=True)
    scripts = scripts_of(html)
    # The drawing library is not a script of the page: map.js (async) adds it.
    assert not [s for s in scripts if "cytoscape" in (s.get("src") or "")]
    (map_script,) = [s for s in scripts if (s.get("src") or "").split("?")[0].endswith("/map.js")]
    assert "async" in map_script
    # Its fingerprinted URL is on the map's box, so the repeat visit takes it from the cache.
    assert 'data-library="' in html and "cytoscape.min.js?v=" in html


def test_a_signed_in_get_writes_nothing(app, db, client, demo_pages):
    writes = []

    def record(conn, cursor, statement, parameters, context, executemany):
        verb = statement.lstrip().split(None, 1)[0].upper()
        if verb in ("INSERT", "UPDATE", "DELETE", "REPLACE"):
            writes.append(statement.split("\n", 1)[0][:80])

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        for path in demo_pages:
            for _ in range(2):  # the second view too: no lazy "first visit" write hides it
                assert client.get(path).status_code == 200, path
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert writes == []
