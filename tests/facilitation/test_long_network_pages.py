"""The large demo's long lists left over by the first pass (issue 18): the evidence
indicators page, the stakeholder registry, the network analytics, the map's JSON and the
agenda's institution select.

Each page did work proportional to every row of a long list (600 indicators, 2,000
institutions) to show a few of them. Here the lists grow in the ordinary demo process and
the tests check what a page loads, shows and links, not how long it takes.
"""

from __future__ import annotations

import cProfile
import pstats
import re

from sqlalchemy import event

from facilitation.models import Organisation, OrganisationCategory
from policycycle.models import Indicator, Objective
from stakeholders import network
from stakeholders.models import Consultation, ConsultationParticipant, Tie, TieType


def _statements(db, client, path: str) -> int:
    made: list[str] = []

    def count(conn, cursor, statement, *args):
        made.append(statement)

    client.get(path)  # warm
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200, path
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(made)


def _calls(client, path: str) -> pstats.Stats:
    client.get(path)  # warm: templates compiled, caches filled
    profile = cProfile.Profile()
    profile.enable()
    response = client.get(path)
    profile.disable()
    assert response.status_code == 200, path
    return pstats.Stats(profile)


def _calls_in(stats: pstats.Stats, fragment: str, name: str | None = None) -> int:
    return sum(
        row[1]
        for (file, _line, func), row in stats.stats.items()
        if fragment in file and (name is None or func == name)
    )


def _add_organisations(db, process_id: int, count: int, prefix: str = "Org") -> list:
    orgs = [
        Organisation(
            process_id=process_id,
            name=f"{prefix} {n:03d} <b>&</b>",
            category=OrganisationCategory.CIVIL_SOCIETY,
        )
        for n in range(count)
    ]
    db.session.add_all(orgs)
    db.session.commit()
    return orgs


# --- Evidence: indicators and sources ---------------------------------------------------


def _add_indicators(db, process_id: int, count: int) -> list[int]:
    objective = db.session.scalar(
        db.select(Objective).where(Objective.process_id == process_id).order_by(Objective.id)
    )
    added = [
        Indicator(process_id=process_id, name=f"Zz indicator {n:03d} <i>x</i>", objective=objective)
        for n in range(count)
    ]
    db.session.add_all(added)
    db.session.commit()
    return [i.id for i in added]


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def _row_ids(section: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr id="ind-(\d+)"', section)]


def _total_indicators(db, process_id: int) -> tuple[int, int]:
    objectives = db.session.scalar(
        db.select(db.func.count(Indicator.id)).where(
            Indicator.process_id == process_id, Indicator.objective_id.is_not(None)
        )
    )
    every = db.session.scalar(
        db.select(db.func.count(Indicator.id)).where(Indicator.process_id == process_id)
    )
    return objectives, every


def test_indicator_tables_show_a_page_and_the_summary_counts_every_row(db, client, demo_process):
    pid = demo_process.id
    _add_indicators(db, pid, 70)
    objectives, every = _total_indicators(db, pid)
    html = client.get(f"/p/{pid}/evidence/indicators").get_data(as_text=True)

    table = _section(html, "objectives-heading")
    assert len(_row_ids(table)) == 50
    assert f"of {objectives}" in table
    assert 'aria-current="page"' in table and "objectives_page=2" in table
    # The summary counts every indicator, not the page's.
    summary = html[html.index('class="ev-summary"') : html.index('id="gaps"')]
    assert f"<strong>{every}</strong>" in summary
    # The gap list is paged too, and says how many there are in all.
    gaps = _section(html, "gaps-heading")
    assert len(re.findall(r"<li data-indicator=", gaps)) <= 50
    assert "gaps_page=2" in gaps
    # Names stay escaped.
    assert "&lt;i&gt;x&lt;/i&gt;" in html and "<i>x</i>" not in html


def test_indicator_pages_keep_the_other_lists_pages_and_link_rows_to_their_page(
    db, client, demo_process
):
    pid = demo_process.id
    added = _add_indicators(db, pid, 70)
    html = client.get(f"/p/{pid}/evidence/indicators?objectives_page=2&gaps_page=1").get_data(
        as_text=True
    )
    table = _section(html, "objectives-heading")
    shown = _row_ids(table)
    assert 0 < len(shown) <= 50 and added[-1] in shown
    # The pager's links keep the gap list's page and jump back to the table.
    first = re.search(r'<a href="([^"]*)">1</a>', table).group(1)
    assert "objectives_page=1" in first and "gaps_page=1" in first
    assert first.endswith("#objectives-heading")
    # A gap shown in the list whose row is on another page links to that page's row.
    gaps = _section(html, "gaps-heading")
    for indicator_id, href in re.findall(r'<li data-indicator="(\d+)">\s*<a href="([^"]*)"', gaps):
        if int(indicator_id) in shown:
            assert href == f"#ind-{indicator_id}"
        else:
            assert href.endswith(f"#ind-{indicator_id}") and "_page=" in href


def test_an_indicator_page_beyond_the_last_shows_the_last(db, client, demo_process):
    pid = demo_process.id
    added = _add_indicators(db, pid, 70)
    response = client.get(f"/p/{pid}/evidence/indicators?objectives_page=99&gaps_page=x")
    assert response.status_code == 200
    table = _section(response.get_data(as_text=True), "objectives-heading")
    assert added[-1] in _row_ids(table)
    assert re.search(r'<a aria-current="page" href="[^"]*objectives_page=2', table)


def test_mapping_a_source_returns_to_the_indicators_page(db, client, demo_process):
    from policycycle.evidence.models import DataSource

    pid = demo_process.id
    added = _add_indicators(db, pid, 70)
    source = db.session.scalar(
        db.select(DataSource).where(DataSource.process_id == pid).order_by(DataSource.id)
    )
    html = client.get(f"/p/{pid}/evidence/indicators?objectives_page=2").get_data(as_text=True)
    assert f"/indicators/{added[-1]}/sources?objectives_page=2" in html
    assert f"/indicators/{added[-1]}/gap-action?objectives_page=2" in html
    response = client.post(
        f"/p/{pid}/evidence/indicators/{added[-1]}/sources?objectives_page=2",
        data={f"i{added[-1]}-source_id": source.id, f"i{added[-1]}-can_feed": "y"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/evidence/indicators?objectives_page=2#ind-{added[-1]}"
    )


def test_indicator_page_statements_do_not_grow_with_the_indicators(db, client, demo_process):
    path = f"/p/{demo_process.id}/evidence/indicators"
    before = _statements(db, client, path)
    _add_indicators(db, demo_process.id, 70)
    assert _statements(db, client, path) <= before


# --- Stakeholder registry ----------------------------------------------------------------


def _loaded(model, client, path: str) -> int:
    loaded = []

    def count(target, context):
        loaded.append(target)

    client.get(path)
    event.listen(model, "load", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(model, "load", count)
    return len(loaded)


def test_registry_loads_only_the_organisations_of_its_page(db, client, demo_process):
    from stakeholders import registry

    pid = demo_process.id
    _add_organisations(db, pid, 120)
    total = db.session.scalar(
        db.select(db.func.count(Organisation.id)).where(Organisation.process_id == pid)
    )
    assert total > 150
    # The page's 50, and the few the layout names (the process's lead institution).
    assert _loaded(Organisation, client, f"/p/{pid}/stakeholders/") <= 52
    # Same order as the tree built from whole objects.
    html = client.get(f"/p/{pid}/stakeholders/?page=2").get_data(as_text=True)
    shown = [int(n) for n in re.findall(r"/stakeholders/organisations/(\d+)\"", html)]
    assert shown == [o.id for o, _depth in registry.tree(pid)[50:100]]
    assert "Org 000 &lt;b&gt;&amp;&lt;/b&gt;" in client.get(
        f"/p/{pid}/stakeholders/?q=000+org"
    ).get_data(as_text=True)


def test_registry_filters_are_kept_across_pages(db, client, demo_process):
    pid = demo_process.id
    _add_organisations(db, pid, 70, prefix="Qwv")
    html = client.get(f"/p/{pid}/stakeholders/?category=civil_society&q=qwv&page=2").get_data(
        as_text=True
    )
    assert "category=civil_society" in html and "q=qwv" in html
    shown = re.findall(r'/stakeholders/organisations/\d+">([^<]*)<', html)
    assert len(shown) == 20 and all(name.startswith("Qwv ") for name in shown)
    assert "of 70" in html


# --- Network analytics, map --------------------------------------------------------------


def _add_pairs(db, process_id: int, count: int) -> list:
    """``count`` separate pairs of tied organisations: each pair is its own community, so
    each brings a suggested invitee."""
    orgs = _add_organisations(db, process_id, 2 * count, prefix="Pair")
    for a, b in zip(orgs[::2], orgs[1::2], strict=True):
        db.session.add(
            Tie(process_id=process_id, source_id=a.id, target_id=b.id, type=TieType.INFORMS)
        )
    db.session.commit()
    return orgs


def test_analytics_pages_the_invitees_and_loads_no_organisation_object(db, client, demo_process):
    pid = demo_process.id
    _add_pairs(db, pid, 60)
    path = f"/p/{pid}/stakeholders/analytics"
    html = client.get(path).get_data(as_text=True)
    invitees = _section(html, "invitees-heading")
    rows = invitees.count("<tr>") - 1  # the header row
    assert rows == 50
    assert "invitees_page=2" in invitees
    last = client.get(path + "?invitees_page=9").get_data(as_text=True)
    assert 0 < _section(last, "invitees-heading").count("<tr>") - 1 < 50
    # Links are written once per organisation, names escaped.
    assert "Pair 000 &lt;b&gt;&amp;&lt;/b&gt;" in html and "<b>&</b>" not in html
    assert _loaded(Organisation, client, path) == 0


def test_analytics_work_per_organisation_is_small(app, db, client, demo_process):
    pid = demo_process.id
    path = f"/p/{pid}/stakeholders/analytics"
    before = _calls(client, path)
    # A star: one community, every leaf a pendant, so each is named twice on the page.
    hub, *leaves = _add_organisations(db, pid, 81, prefix="Star")
    for leaf in leaves:
        db.session.add(
            Tie(process_id=pid, source_id=hub.id, target_id=leaf.id, type=TieType.INFORMS)
        )
    db.session.commit()
    after = _calls(client, path)
    # A link macro with url_for per mention made ~240 calls per organisation named; ~85 now.
    per_organisation = (after.total_calls - before.total_calls) / len(leaves)
    assert per_organisation < 120, (before.total_calls, after.total_calls)
    url_fors = _calls_in(after, "flask/app.py", "url_for")
    assert url_fors <= _calls_in(before, "flask/app.py", "url_for") + 5


def test_map_json_is_built_once_per_state_of_the_network(db, client, demo_process):
    pid = demo_process.id
    path = f"/p/{pid}/stakeholders/map.json"
    # Warm: no list of nodes and edges laid out again (a generator per node before).
    assert _calls_in(_calls(client, path), "stakeholders/network.py") < 30
    # Any change to what the map shows makes it again.
    org = db.session.scalar(
        db.select(Organisation).where(Organisation.process_id == pid).order_by(Organisation.id)
    )
    org.name = "Renamed <institution>"
    db.session.commit()
    names = [node[1] for node in client.get(path).get_json()["nodes"]]
    assert "Renamed <institution>" in names
    consultation = Consultation(
        process_id=pid, title="Hearing", stage="agenda", method="public_hearing", held=True
    )
    db.session.add(consultation)
    db.session.flush()
    db.session.add(
        ConsultationParticipant(
            process_id=pid, consultation_id=consultation.id, organisation_id=org.id
        )
    )
    db.session.commit()
    data = client.get(path).get_json()
    node = next(n for n in data["nodes"] if n[0] == org.id)
    assert node[6] & (1 << data["stages"].index("agenda"))
    assert client.get(path).get_json() == network.map_data(pid)


# --- Agenda ------------------------------------------------------------------------------


def _reopen_agenda(db, process_id: int) -> None:
    """The demo's agenda is agreed (read-only, no add form): reopen it."""
    from facilitation import services
    from facilitation.models import User

    coordinator = db.session.scalar(db.select(User).where(User.email == "coordinator@demo.example"))
    services.reopen_stage(process_id, "agenda", coordinator)
    db.session.commit()


def test_agenda_institution_select_is_not_rendered_option_by_option(db, client, demo_process):
    pid = demo_process.id
    _reopen_agenda(db, pid)
    path = f"/p/{pid}/agenda"
    assert 'name="raised_by_id"' in client.get(path).get_data(as_text=True)
    before = _calls_in(_calls(client, path), "wtforms/widgets")
    _add_organisations(db, pid, 80)
    after = _calls_in(_calls(client, path), "wtforms/widgets")
    # WTForms' Select made ~5 widget calls per option (render_option, html_params...).
    assert after - before < 20, (before, after)


def test_the_issue_form_marks_its_institution_selected(app, db, demo_process):
    from policycycle.analysis.forms import IssueForm
    from policycycle.analysis.routing import organisation_choices

    pid = demo_process.id
    org = _add_organisations(db, pid, 3)[1]
    with app.test_request_context():
        for data, chosen in ((org.id, [str(org.id)]), (None, ["0"])):
            form = IssueForm(data={"raised_by_id": data})
            form.raised_by_id.choices = organisation_choices(pid)
            html = str(form.raised_by_id())
            assert re.findall(r'<option selected value="(\d+)"', html) == chosen
            assert "Org 001 &lt;b&gt;&amp;&lt;/b&gt;" in html


def test_swot_institution_select_is_not_rendered_option_by_option(db, client, demo_process):
    """The SWOT form's "From institution" lists every institution of the registry, as the
    agenda's "Raised by" does: the same shared widget, the same HTML."""
    from facilitation import services
    from facilitation.models import StageState, User
    from policycycle.models import SwotItem

    pid = demo_process.id
    coordinator = db.session.scalar(db.select(User).where(User.email == "coordinator@demo.example"))
    state = db.session.scalar(
        db.select(StageState).where(StageState.process_id == pid, StageState.stage == "analysis")
    )
    if state is not None and state.agreed:  # the forms show on an open stage
        services.reopen_stage(pid, "analysis", coordinator)
        db.session.commit()
    item = db.session.scalar(db.select(SwotItem).where(SwotItem.process_id == pid))
    for prefix, path in (
        ("Grid", f"/p/{pid}/analysis"),
        ("Item", f"/p/{pid}/analysis/swot/{item.id}"),
    ):
        assert 'name="organisation_id"' in client.get(path).get_data(as_text=True)
        before = _calls_in(_calls(client, path), "wtforms/widgets")
        orgs = _add_organisations(db, pid, 80, prefix)
        after = _calls_in(_calls(client, path), "wtforms/widgets")
        assert after - before < 20, (path, before, after)
        item.organisation_id = orgs[-1].id
        db.session.commit()
    html = client.get(f"/p/{pid}/analysis/swot/{item.id}").get_data(as_text=True)
    assert f'<option selected value="{orgs[-1].id}"' in html
