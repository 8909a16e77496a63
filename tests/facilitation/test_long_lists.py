"""Long lists (issue 15): filters and server-side pages of 50, "Showing 1–50 of 120",
page links keeping the filters, and a 404 page (not a 500) for a page that does not exist."""

from __future__ import annotations

import re

from facilitation.extensions import db
from facilitation.models import Organisation
from policycycle.models import Action, ActionRaci, Objective, PolicyIssue


def _rows(html: str, pattern: str) -> int:
    return len(re.findall(pattern, html))


def test_agenda_register_is_paged_and_filtered(client, make_process, login_as, make_user):
    user = make_user()
    process = make_process(owner=user)
    login_as(user)
    db.session.add_all(
        PolicyIssue(
            process_id=process.id,
            title=f"Issue {i} {'harbour' if i % 10 == 0 else 'road'}",
            status="on_agenda" if i % 3 == 0 else "proposed",
        )
        for i in range(120)
    )
    db.session.commit()
    url = f"/p/{process.id}/agenda"
    first = client.get(url).get_data(as_text=True)
    issue_link = rf'href="/p/{process.id}/agenda/issues/\d+"'
    assert _rows(first, issue_link) == 50
    assert "Showing 1–50 of 120" in first
    assert f'href="/p/{process.id}/agenda?page=2"' in first
    last = client.get(url, query_string={"page": 3}).get_data(as_text=True)
    assert _rows(last, issue_link) == 20 and "Showing 101–120 of 120" in last
    assert client.get(url, query_string={"page": 4}).status_code == 404
    assert client.get(url, query_string={"page": "0"}).status_code == 404
    assert client.get(url, query_string={"page": "nine"}).status_code == 404

    harbour = client.get(url, query_string={"q": "harbour"}).get_data(as_text=True)
    assert _rows(harbour, issue_link) == 12 and "Showing 1–12 of 12" in harbour
    both = client.get(url, query_string={"q": "harbour", "status": "on_agenda"})
    assert _rows(both.get_data(as_text=True), issue_link) == 4  # 0, 30, 60, 90
    # The page links keep the filters.
    paged = client.get(url, query_string={"status": "proposed"}).get_data(as_text=True)
    assert "status=proposed" in paged and "page=2" in paged
    # Adding an issue (the form on the same page) still works.
    added = client.post(url, data={"title": "A new issue", "raised_by_id": "0"})
    assert added.status_code in (302, 303)


def test_action_plan_is_paged_and_filtered(client, make_process, login_as, make_user):
    user = make_user()
    process = make_process(owner=user)
    login_as(user)
    pid = process.id
    ministry = Organisation(process_id=pid, name="Ministry of Ports", category="ministry")
    agency = Organisation(process_id=pid, name="Roads Agency", category="agency")
    general = Objective(process_id=pid, level="general", title="Vision")
    db.session.add_all([ministry, agency, general])
    db.session.flush()
    specific = Objective(process_id=pid, level="specific", title="Ports", parent_id=general.id)
    db.session.add(specific)
    db.session.flush()
    actions = [
        Action(process_id=pid, objective_id=specific.id, title=f"Activity {i}", position=i)
        for i in range(70)
    ]
    db.session.add_all(actions)
    db.session.flush()
    for i, action in enumerate(actions):
        org = ministry if i % 2 else agency
        db.session.add(
            ActionRaci(process_id=pid, action_id=action.id, organisation_id=org.id, letter="A")
        )
    actions[5].status = "completed"
    actions[7].title = "Dredge the harbour"
    db.session.commit()
    url = f"/p/{pid}/action-plan"
    row = r'<tr id="action-\d+">'
    first = client.get(url).get_data(as_text=True)
    assert _rows(first, row) == 50 and "Showing 1–50 of 70" in first
    second = client.get(url, query_string={"page": 2}).get_data(as_text=True)
    assert _rows(second, row) == 20
    assert "Ports" in second  # the objective heading is repeated on the next page
    assert client.get(url, query_string={"page": 3}).status_code == 404
    by_org = client.get(url, query_string={"institution": ministry.id}).get_data(as_text=True)
    assert _rows(by_org, row) == 35
    done = client.get(url, query_string={"status": "completed"}).get_data(as_text=True)
    assert _rows(done, row) == 1 and f'id="action-{actions[5].id}"' in done
    words = client.get(url, query_string={"q": "dredge HARBOUR"}).get_data(as_text=True)
    assert _rows(words, row) == 1


def test_registry_and_inputs_are_paged_and_filtered(client, make_process, login_as, make_user):
    from stakeholders.models import ConsultationInput

    user = make_user()
    process = make_process(owner=user)
    login_as(user)
    pid = process.id
    orgs = [
        Organisation(
            process_id=pid,
            name=f"Body {i:03d}",
            category="civil_society",
            mandate="fisheries" if i % 20 == 0 else "roads",
        )
        for i in range(80)
    ]
    db.session.add_all(orgs)
    db.session.flush()
    db.session.add_all(
        ConsultationInput(
            process_id=pid,
            organisation_id=orgs[i].id,
            text=f"Input {i} {'about nets' if i % 25 == 0 else 'about lanes'}",
        )
        for i in range(60)
    )
    db.session.commit()
    registry = f"/p/{pid}/stakeholders/"
    org_link = rf'href="/p/{pid}/stakeholders/organisations/\d+"'
    first = client.get(registry).get_data(as_text=True)
    assert _rows(first, org_link) == 50 and "of 81" in first  # with the lead ministry
    assert (
        _rows(client.get(registry, query_string={"page": 2}).get_data(as_text=True), org_link) == 31
    )
    assert client.get(registry, query_string={"page": 3}).status_code == 404
    fish = client.get(registry, query_string={"q": "fisheries"}).get_data(as_text=True)
    assert _rows(fish, org_link) == 4

    inputs = f"/p/{pid}/stakeholders/inputs"
    row = r'<tr id="input-\d+">'
    assert _rows(client.get(inputs).get_data(as_text=True), row) == 50
    assert _rows(client.get(inputs, query_string={"page": 2}).get_data(as_text=True), row) == 10
    assert client.get(inputs, query_string={"page": 3}).status_code == 404
    nets = client.get(inputs, query_string={"q": "nets"}).get_data(as_text=True)
    assert _rows(nets, row) == 3


def test_instruments_are_paged_and_filtered(client, make_process, login_as, make_user):
    from policycycle.models import Instrument, PolicyOption

    user = make_user()
    process = make_process(owner=user)
    login_as(user)
    pid = process.id
    objective = Objective(process_id=pid, level="specific", title="Ports")
    db.session.add(objective)
    db.session.flush()
    option = PolicyOption(process_id=pid, objective_id=objective.id, title="Licensing")
    db.session.add(option)
    db.session.flush()
    db.session.add_all(
        Instrument(
            process_id=pid,
            option_id=option.id,
            kind="financial" if i % 4 == 0 else "regulatory",
            title=f"Instrument {i}",
        )
        for i in range(60)
    )
    db.session.commit()
    url = f"/p/{pid}/instruments"
    row = r'<tr id="instrument-\d+">'
    assert _rows(client.get(url).get_data(as_text=True), row) == 50
    assert _rows(client.get(url, query_string={"page": 2}).get_data(as_text=True), row) == 10
    assert client.get(url, query_string={"page": 3}).status_code == 404
    money = client.get(url, query_string={"kind": "financial"}).get_data(as_text=True)
    assert _rows(money, row) == 15


def test_evidence_inventory_is_paged_and_filtered(client, make_process, login_as, make_user):
    from policycycle.evidence.models import DataSource

    user = make_user()
    process = make_process(owner=user)
    login_as(user)
    pid = process.id
    db.session.add_all(
        DataSource(
            process_id=pid,
            name=f"Source {i:03d} {'harbour' if i % 10 == 0 else 'inland'}",
            source_type="census" if i % 4 == 0 else "household_survey",
            access="refused" if i % 5 == 0 else "on_request",
        )
        for i in range(70)
    )
    db.session.commit()
    url = f"/p/{pid}/evidence/"
    row = r'<tr id="source-\d+">'
    first = client.get(url).get_data(as_text=True)
    assert _rows(first, row) == 50 and "Showing 1–50 of 70" in first
    assert _rows(client.get(url, query_string={"page": 2}).get_data(as_text=True), row) == 20
    assert client.get(url, query_string={"page": 3}).status_code == 404
    census = client.get(url, query_string={"type": "census"}).get_data(as_text=True)
    assert _rows(census, row) == 18
    # The standard-types table still knows every type in the inventory, not just this page.
    assert census.count("Listed</span>") == 2
    refused = client.get(url, query_string={"state": "not_usable"}).get_data(as_text=True)
    assert _rows(refused, row) == 14  # access refused: 0, 5, … 65
    harbour = client.get(url, query_string={"q": "HARBOUR", "type": "census"})
    assert _rows(harbour.get_data(as_text=True), row) == 4  # 0, 20, 40, 60
    paged = client.get(url, query_string={"type": "household_survey"}).get_data(as_text=True)
    assert "type=household_survey&amp;page=2" in paged  # 52 sources: two pages, filter kept
    none = client.get(url, query_string={"q": "nowhere"}).get_data(as_text=True)
    assert _rows(none, row) == 0 and "No data source matches these filters." in none


def test_objective_options_are_paged_and_filtered(client, make_process, login_as, make_user):
    from policycycle.models import PolicyOption

    user = make_user()
    process = make_process(owner=user)
    login_as(user)
    pid = process.id
    general = Objective(process_id=pid, level="general", title="Vision")
    db.session.add(general)
    db.session.flush()
    objective = Objective(process_id=pid, level="specific", title="Ports", parent_id=general.id)
    db.session.add(objective)
    db.session.flush()
    db.session.add_all(
        PolicyOption(
            process_id=pid,
            objective_id=objective.id,
            title=f"Option {i:03d} {'dredging' if i % 10 == 0 else 'licensing'}",
            status="discarded" if i % 3 == 0 else "considered",
        )
        for i in range(60)
    )
    db.session.commit()
    url = f"/p/{pid}/options/{objective.id}"
    row = r'<tr class="[^"]*" id="option-\d+">'
    first = client.get(url).get_data(as_text=True)
    # 60 options and the baseline the register adds for a writer.
    assert _rows(first, row) == 50 and "Showing 1–50 of 61" in first
    assert _rows(client.get(url, query_string={"page": 2}).get_data(as_text=True), row) == 11
    assert client.get(url, query_string={"page": 3}).status_code == 404
    dropped = client.get(url, query_string={"status": "discarded"}).get_data(as_text=True)
    assert _rows(dropped, row) == 20
    words = client.get(url, query_string={"q": "Dredging", "status": "discarded"})
    assert _rows(words.get_data(as_text=True), row) == 2  # 0, 30
    paged = client.get(url, query_string={"status": "considered"}).get_data(as_text=True)
    assert _rows(paged, row) == 41 and "page=2" not in paged
