"""Work per stage page that must not grow with the rows (issue 18).

A stage page of the large process spent most of its CPU on per-row work that the rows'
number multiplies: WTForms building a sub-field for each of 300 SWOT checkboxes (TOWS),
Babel parsing a date or number pattern for each cell (the action plan). The figures here
count Python calls with the profiler, not time: they are the same on a busy machine.
"""

from __future__ import annotations

import cProfile
import pstats

from flask import url_for

from policycycle.analysis import services as analysis


def _calls(client, path: str) -> pstats.Stats:
    client.get(path)  # warm: templates compiled, memos filled
    profile = cProfile.Profile()
    profile.enable()
    response = client.get(path)
    profile.disable()
    assert response.status_code == 200, path
    return pstats.Stats(profile)


def _total(stats: pstats.Stats) -> int:
    return stats.total_calls


def _calls_in(stats: pstats.Stats, fragment: str) -> int:
    return sum(row[1] for (file, _line, _name), row in stats.stats.items() if fragment in file)


def test_tows_page_work_per_swot_item_is_small(app, db, client, demo_process):
    with app.test_request_context():
        path = url_for("analysis.analysis_tows", process_id=demo_process.id)
    before = _total(_calls(client, path))
    added = 40
    for n in range(added):
        analysis.save_swot_item(demo_process.id, quadrant="S", statement=f"Strength {n} <b>")
    db.session.commit()
    after = _total(_calls(client, path))
    # Each SWOT item is one checkbox of the add form (and one row loaded). WTForms' list
    # widget made ~650 calls a checkbox (a sub-field, html_params, Markup formatting).
    assert (after - before) / added < 150, (before, after)


def test_action_plan_parses_no_date_or_number_pattern_once_warm(app, db, client, demo_process):
    with app.test_request_context():
        path = url_for("planning.action_plan", process_id=demo_process.id)
    stats = _calls(client, path)
    # Dates (plan_date) and numbers (format_number) of the rows are remembered per
    # (value, pattern, locale): a second view asks Babel for none of them.
    assert _calls_in(stats, "babel/dates.py") == 0
    assert _calls_in(stats, "babel/numbers.py") < 20


def test_agenda_loads_only_the_issues_of_its_page(app, db, client, demo_process):
    from sqlalchemy import event

    from facilitation.paging import PER_PAGE
    from policycycle.models import PolicyIssue

    for n in range(PER_PAGE + 20):
        analysis.save_issue(demo_process.id, title=f"Issue {n}")
    db.session.commit()
    with app.test_request_context():
        path = url_for("analysis.agenda", process_id=demo_process.id)
    loaded = []

    def count(target, context):
        loaded.append(target.id)

    event.listen(PolicyIssue, "load", count)
    try:
        response = client.get(path)
    finally:
        event.remove(PolicyIssue, "load", count)
    assert response.status_code == 200
    # The ranking, the counts and the filter read columns; objects only for the rows shown.
    assert 0 < len(loaded) <= PER_PAGE, len(loaded)


def test_enum_labels_are_translated_once_per_request_and_locale(app, monkeypatch):
    from flask_babel import force_locale

    from policycycle.models import ObjectiveLevel

    built = []
    original = ObjectiveLevel.labels.__func__

    def counting(cls):
        built.append(cls)
        return original(cls)

    monkeypatch.setattr(ObjectiveLevel, "labels", classmethod(counting))
    with app.test_request_context("/"):
        english = [ObjectiveLevel.SPECIFIC.label for _ in range(100)]
        with force_locale("fr"):
            french = ObjectiveLevel.SPECIFIC.label
        again = ObjectiveLevel.SPECIFIC.label
    # A table of 100 objectives built the labels' dictionary and translated it per row.
    assert len(built) == 2, len(built)  # English, then French
    assert set(english) == {again} and french != again


def _calls_of(stats: pstats.Stats, fragment: str, name: str) -> int:
    return sum(
        row[1]
        for (file, _line, function), row in stats.stats.items()
        if fragment in file and function == name
    )


def test_readiness_builds_each_mend_link_once(app, db, client, demo_process):
    from policycycle.models import Indicator, Objective

    with app.test_request_context():
        path = url_for("planning.readiness_page", process_id=demo_process.id)
    before = _calls_of(_calls(client, path), "werkzeug/routing/map.py", "build")
    objective = db.session.scalar(
        db.select(Objective).where(Objective.process_id == demo_process.id).limit(1)
    )
    added = 30
    for n in range(added):
        db.session.add(
            Indicator(process_id=demo_process.id, name=f"Unsourced {n}", objective_id=objective.id)
        )
    db.session.commit()
    stats = _calls(client, path)
    # Each new indicator is one more finding, linked to the indicators page with its own
    # anchor: the same URL before the '#', built once, not once per finding.
    assert _calls_of(stats, "werkzeug/routing/map.py", "build") == before
    response = client.get(path)
    assert response.data.count(b"/evidence/indicators#ind-") >= added


def test_instruments_page_folds_no_mandate_once_warm(app, client, demo_process):
    with app.test_request_context():
        path = url_for("planning.instruments_page", process_id=demo_process.id)
    stats = _calls(client, path)
    # The mandate check folds (accents, case) each lead institution's mandate letter by
    # letter; the significant words of a text are remembered, so a second view folds none.
    assert _calls_of(stats, "policycycle/planning/rules.py", "_fold") == 0
    assert _calls_of(stats, "policycycle/planning/rules.py", "mandate_mentions") > 0


def test_options_overview_analyses_no_objective_in_full(app, client, demo_process):
    with app.test_request_context():
        path = url_for("planning.options_page", process_id=demo_process.id)
    stats = _calls(client, path)
    # The overview shows each objective's top option and whether it holds: the sensitivity
    # check of the means, not the whole analysis (spreads, ranking, contributions).
    assert _calls_of(stats, "policycycle/planning/mca.py", "sensitivity") > 0
    assert _calls_of(stats, "policycycle/planning/mca.py", "aggregate") == 0


def test_dashboard_reads_every_stage_counter_in_one_statement(app, db, demo_process):
    from sqlalchemy import event

    from facilitation import services
    from facilitation.stages import registry

    counters = sum(len(c) for c in registry(app).counters.values())
    statements = []

    def count(*_args, **_kwargs):
        statements.append(1)

    with app.test_request_context():
        expected = {
            key: sum(db.session.scalar(counter(demo_process.id)) or 0 for counter in found)
            for key, found in registry(app).counters.items()
        }
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            counts = services.stage_counts(demo_process.id)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    # One count query per counter (a dozen, one set per stage) made the dashboard the
    # page with the most statements; the same figures come from one statement.
    assert counters > 5
    assert len(statements) == 1, len(statements)
    assert {key: counts[key] for key in expected} == expected
    assert sum(expected.values()) > 0


def test_objectives_page_translates_and_escapes_little_per_objective(app, db, client, demo_process):
    from policycycle.analysis import objectives as objective_services
    from policycycle.models import Objective, ObjectiveLevel

    with app.test_request_context():
        path = url_for("analysis.objectives", process_id=demo_process.id)
    before = _calls(client, path)
    parent = db.session.scalar(
        db.select(Objective.id).where(
            Objective.process_id == demo_process.id, Objective.level == ObjectiveLevel.GENERAL
        )
    )
    added = 30
    for n in range(added):
        objective_services.save_objective(
            demo_process.id, level="specific", title=f"Objective {n}", parent_id=parent
        )
    db.session.commit()
    after = _calls(client, path)

    def per_objective(fragment, name=None):
        count = _calls_in if name is None else (lambda s, f: _calls_of(s, f, name))
        return (count(after, fragment) - count(before, fragment)) / added

    # Each objective is a box of the tree with a connector, and a row of the table: the
    # connector's points were escaped one number at a time (8 a connector) and the row's
    # "SMART: n of 5" label translated per row.
    assert per_objective("markupsafe/__init__.py", "escape") < 40  # 44 before, 37 now
    assert per_objective("jinja2/ext.py", "_gettext_alias") < 0.5


def test_one_objectives_plan_reads_only_its_cost_lines(app, db, client, demo_process):
    from sqlalchemy import event

    from policycycle.models import Action, ActionCost, Objective, ObjectiveLevel

    chosen = db.session.scalar(
        db.select(Objective.id)
        .where(Objective.process_id == demo_process.id, Objective.level == ObjectiveLevel.SPECIFIC)
        .order_by(Objective.position, Objective.id)
    )
    under = {chosen} | set(
        db.session.scalars(db.select(Objective.id).where(Objective.parent_id == chosen))
    )
    listed = db.session.scalar(
        db.select(db.func.count(ActionCost.id))
        .join(Action, Action.id == ActionCost.action_id)
        .where(Action.objective_id.in_(under))
    )
    every = db.session.scalar(
        db.select(db.func.count(ActionCost.id)).where(ActionCost.process_id == demo_process.id)
    )
    with app.test_request_context():
        path = url_for("planning.action_plan", process_id=demo_process.id, objective=chosen)
    asked = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        if "FROM action_cost" in statement:
            asked.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        response = client.get(path)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    assert response.status_code == 200
    # The plan of one specific objective read every cost line of the process (on the
    # large demo ~1,500 for ~150 shown); now only those of the activities it lists.
    assert 0 < listed < every, (listed, every)
    assert len(asked) == 1
    statement, parameters = asked[0]
    rows = db.session.connection().exec_driver_sql(statement, parameters).fetchall()
    assert len(rows) == listed


def test_coverage_runs_no_community_detection_for_an_unchanged_network(
    app, db, client, demo_process
):
    from facilitation.models import Organisation
    from stakeholders.models import Tie, TieType

    with app.test_request_context():
        path = url_for("stakeholders.coverage", process_id=demo_process.id)
    # Louvain ran on every view of the coverage page (a few ms of the demo's 12 ms).
    assert _calls_in(_calls(client, path), "networkx/algorithms/community") == 0
    first, second = db.session.scalars(
        db.select(Organisation.id)
        .where(Organisation.process_id == demo_process.id)
        .order_by(Organisation.id)
        .limit(2)
    ).all()
    db.session.add(
        Tie(process_id=demo_process.id, source_id=first, target_id=second, type=TieType.COORDINATES)
    )
    db.session.commit()
    profile = cProfile.Profile()
    profile.enable()
    assert client.get(path).status_code == 200
    profile.disable()
    assert _calls_in(pstats.Stats(profile), "networkx/algorithms/community") > 0  # a new tie
