"""How many SQL statements each stage page of the demo process makes (issue 18).

A stage page's server time is most of a repeat load in the browser; a relationship loaded
lazily inside a loop (one query per draft, per participant's organisation...) multiplies
it with the data. Each ceiling below is what the page makes today, counted with a
SQLAlchemy event listener, so a new query per row fails here: the demo process has
3 drafts, ~20 organisations, dozens of issues and actions, and any such loop adds more
statements than the slack of one. The validation page made 48 (an organisation per
participant and input), the drafts index 10 (sections and versions per draft).
"""

from __future__ import annotations

from flask import url_for
from sqlalchemy import event

# endpoint -> most statements for one GET as the demo coordinator (sign-in included, and
# the change stamp its ETag is made of: facilitation/page_validators.py).
CEILINGS = {
    "processes.dashboard": 10,  # it made 20 before its counters were one statement
    "analysis.agenda": 16,
    "analysis.agenda_criteria": 7,
    "analysis.analysis": 8,
    "analysis.analysis_tows": 9,
    "analysis.analysis_gaps": 9,
    "analysis.analysis_problem_tree": 6,
    "analysis.analysis_statement": 7,
    "analysis.objectives": 8,
    "planning.options_page": 13,
    "planning.instruments_page": 11,
    "planning.action_plan": 17,
    "planning.action_plan_gantt": 12,
    "planning.readiness_page": 5,
    "validation.page": 16,
    "evidence.inventory": 7,
    "stakeholders.registry_page": 8,
    "stakeholders.map_page": 4,
    "stakeholders.consultations": 7,
    "stakeholders.inputs": 9,
    "stakeholders.coverage": 17,
    "workshops.index": 9,
    "drafting.index": 7,
    "exports.index": 11,
}
SLACK = 1  # one more statement is not a loop


def test_every_stage_page_is_counted(app):
    from facilitation.stages import registry

    reg = registry(app)
    pages = {*reg.stage_pages.values(), *(e.endpoint for e in reg.nav)}
    with_process_only = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint in pages and not set(rule.arguments) - {"process_id"}
    }
    assert with_process_only <= set(CEILINGS), with_process_only - set(CEILINGS)


def test_no_stage_page_loads_rows_one_query_at_a_time(app, db, client, demo_process):
    with app.test_request_context():
        paths = {e: url_for(e, process_id=demo_process.id) for e in CEILINGS}
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    over = {}
    try:
        for endpoint, path in paths.items():
            client.get(path)  # warm: first-request work is not per page view
            statements.clear()
            assert client.get(path).status_code == 200, path
            if len(statements) > CEILINGS[endpoint] + SLACK:
                over[endpoint] = (len(statements), CEILINGS[endpoint])
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert not over, f"statements per page (made, ceiling): {over}"
