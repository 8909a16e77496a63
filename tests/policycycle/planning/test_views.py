"""The planning pages: forms, plain messages, POST-redirect-GET, and constant queries."""

import re
from datetime import date

import pytest
from sqlalchemy import event

from facilitation.extensions import db
from facilitation.models import Role
from policycycle.models import Action, Criterion, OptionScore, OptionStatus, PolicyOption


@pytest.fixture
def signed_in(planning_chain, login_as):
    chain = planning_chain(n_specific=2, n_actions=2)
    client = login_as(chain.owner)
    chain.client = client
    chain.base = f"/p/{chain.process.id}"
    return chain


def text(response) -> str:
    return response.get_data(as_text=True)


def test_every_planning_page_renders(signed_in):
    c, base = signed_in.client, signed_in.base
    so, option = signed_in.specific[0], signed_in.options[0]
    for url in (
        "/options",
        f"/options/{so.id}",
        f"/options/{so.id}/new",
        f"/options/{so.id}/scores",
        "/options/criteria",
        f"/options/option/{option.id}/edit",
        f"/options/option/{option.id}/delete",
        "/instruments",
        "/instruments/new",
        f"/instruments/{signed_in.instruments[0].id}/edit",
        f"/instruments/{signed_in.instruments[0].id}/scores",
        "/action-plan",
        "/action-plan/gantt",
        "/action-plan/new",
        f"/action-plan/{signed_in.actions[0].id}/edit",
        "/readiness",
    ):
        response = c.get(base + url)
        assert response.status_code == 200, url


def test_options_page_shows_mca_bars_and_plain_sensitivity(signed_in):
    page = text(signed_in.client.get(f"{signed_in.base}/options/{signed_in.specific[0].id}"))
    assert "Baseline: do nothing new" in page
    assert "pl-bar" in page and "+1.25" in page  # (3*2 + 1*-1) / 4
    # Without "Effectiveness" the option scores -1, below the baseline: the top changes.
    assert "The top option changes." in page
    assert "without the criterion “Effectiveness”: Baseline: do nothing new comes first" in page


def test_option_form_refuses_bad_input_with_field_messages(signed_in):
    url = f"{signed_in.base}/options/{signed_in.specific[0].id}/new"
    response = signed_in.client.post(
        url, data={"title": "", "cost_one_off": "lots", "cost_recurrent": "-4"}
    )
    assert response.status_code == 400
    page = text(response)
    assert "Give the option a short title." in page
    assert "Enter a number, e.g. 25000 or 12.5." in page
    assert "A cost cannot be negative." in page
    response = signed_in.client.post(url, data={"title": "Hotline", "cost_one_off": "1 500,5"})
    assert response.status_code == 302
    option = db.session.scalar(db.select(PolicyOption).where(PolicyOption.title == "Hotline"))
    assert option.cost_one_off == 1500.5


def test_discard_without_reason_is_refused_then_kept_with_reason(signed_in):
    option = signed_in.options[0]
    url = f"{signed_in.base}/options/option/{option.id}/discard"
    response = signed_in.client.post(url, data={"discard-reason": ""}, follow_redirects=True)
    assert "Say why the option is discarded" in text(response)
    db.session.refresh(option)
    assert option.status == OptionStatus.PREFERRED
    response = signed_in.client.post(url, data={"discard-reason": "Unconstitutional"})
    assert response.status_code == 302
    db.session.refresh(option)
    assert option.status == OptionStatus.DISCARDED and option.discard_reason == "Unconstitutional"


def test_scores_grid_saves_my_scores_and_refuses_out_of_range(signed_in):
    so, option = signed_in.specific[0], signed_in.options[0]
    effect = signed_in.criteria[0]
    url = f"{signed_in.base}/options/{so.id}/scores"
    response = signed_in.client.post(url, data={f"s-{option.id}-{effect.id}": "7"})
    assert response.status_code == 400 and "Choose a score from -3 to 3." in text(response)
    response = signed_in.client.post(url, data={f"s-{option.id}-{effect.id}": "-2"})
    assert response.status_code == 302
    scores = db.session.scalars(
        db.select(OptionScore).where(OptionScore.option_id == option.id)
    ).all()
    assert [(s.criterion_id, s.score) for s in scores] == [(effect.id, -2)]  # cost cleared


def test_criteria_page_records_who_set_the_weight(signed_in):
    response = signed_in.client.post(
        f"{signed_in.base}/options/criteria", data={"name": "Equity", "weight": "0"}
    )
    assert response.status_code == 400 and "above zero" in text(response)
    signed_in.client.post(
        f"{signed_in.base}/options/criteria", data={"name": "Equity", "weight": "2"}
    )
    page = text(signed_in.client.get(f"{signed_in.base}/options/criteria"))
    assert "Equity" in page and signed_in.owner.name in page
    criterion = db.session.scalar(db.select(Criterion).where(Criterion.name == "Equity"))
    page = text(signed_in.client.get(f"{signed_in.base}/options/criteria/{criterion.id}/delete"))
    assert "Nothing else depends on it." in page


def test_deleting_an_option_with_instruments_says_what_depends(signed_in):
    option = signed_in.options[0]
    url = f"{signed_in.base}/options/option/{option.id}/delete"
    page = text(signed_in.client.get(url))
    assert "Decree 1" in page and "2 linked activities" in page
    response = signed_in.client.post(url)
    assert response.status_code == 400
    assert db.session.get(PolicyOption, option.id) is not None


def test_instrument_form_refuses_another_process_option(signed_in, planning_chain):
    other = planning_chain(n_specific=1)
    response = signed_in.client.post(
        f"{signed_in.base}/instruments/new",
        data={"option_id": other.options[0].id, "kind": "financial", "title": "Grant"},
    )
    assert response.status_code == 400
    assert "Not a valid choice" in text(response) or "this process" in text(response)


def test_instrument_mandate_warning_is_shown(signed_in):
    instrument = signed_in.instruments[0]
    response = signed_in.client.post(
        f"{signed_in.base}/instruments/{instrument.id}/edit",
        data={
            "option_id": signed_in.options[0].id,
            "kind": "regulatory",
            "title": "Decree 1",
            "lead_organisation_id": signed_in.orgs[1].id,
            "policy_area": "Diaspora",
        },
        follow_redirects=True,
    )
    assert "do not mention “Diaspora”" in text(response)


def test_action_form_refuses_bad_dates_but_not_a_missing_accountable(signed_in):
    a, r = signed_in.orgs
    op = signed_in.operational[0]
    url = f"{signed_in.base}/action-plan/new"
    before = db.session.scalar(db.select(db.func.count(Action.id)))
    response = signed_in.client.post(
        url,
        data={
            "objective_id": op.id,
            "title": "Inspect agencies",
            "status": "planned",
            f"raci-{a.id}": "R",
            f"raci-{r.id}": "C",
            "start_date": "2027-05-01",
            "end_date": "2027-01-01",
        },
    )
    assert response.status_code == 400
    page = text(response)
    assert "The end date comes before the start date." in page
    # Advice beside the RACI control, not a refusal (the date is what stops the save).
    assert '<p class="pl-advice">Choose exactly one accountable institution (A)' in page
    assert 'role="alert">Choose exactly one' not in page
    assert db.session.scalar(db.select(db.func.count(Action.id))) == before
    response = signed_in.client.post(
        url,
        data={
            "objective_id": op.id,
            "title": "Inspect agencies",
            "status": "planned",
            f"raci-{a.id}": "A",
            f"raci-{r.id}": "R",
            "start_date": "2027-05-01",
            "end_date": "2027-01-01",
        },
    )
    assert response.status_code == 400 and "The end date comes before the start date." in text(
        response
    )
    response = signed_in.client.post(
        url,
        data={
            "objective_id": op.id,
            "title": "Inspect agencies",
            "status": "planned",
            f"raci-{a.id}": "A",
            f"raci-{r.id}": "R",
            "indicator_name": "Inspections",
            "indicator_target_value": "40",
            "indicator_target_year": "2028",
        },
    )
    assert response.status_code == 302
    page = text(signed_in.client.get(response.headers["Location"]))
    assert "A1.1.3" in page and "Inspect agencies" in page and "Inspections" in page


def test_monitoring_update_changes_the_status(signed_in):
    action = signed_in.actions[0]
    url = f"{signed_in.base}/action-plan/{action.id}/monitoring"
    response = signed_in.client.post(
        url, data={"m-reported_on": "", "m-status": "delayed"}, follow_redirects=True
    )
    assert "Give the date of the update." in text(response)
    signed_in.client.post(
        url,
        data={
            "m-reported_on": "2027-04-01",
            "m-status": "delayed",
            "m-current_value": "3",
            "m-comment": "Budget late",
        },
    )
    db.session.refresh(action)
    assert str(action.status) == "delayed"
    page = text(signed_in.client.get(f"{signed_in.base}/action-plan/{action.id}/edit"))
    assert "Budget late" in page


def test_gantt_is_server_rendered_svg_with_escaped_text(signed_in):
    action = signed_in.actions[0]
    action.title = '<script>alert("x")</script> Train'
    db.session.commit()
    page = text(signed_in.client.get(f"{signed_in.base}/action-plan/gantt"))
    assert "<svg" in page and 'class="bar bar-planned"' in page
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_readiness_page_links_to_where_breaks_are_mended(signed_in):
    action = signed_in.actions[0]
    for row in action.raci:
        row.letter = "C"
    db.session.commit()
    page = text(signed_in.client.get(f"{signed_in.base}/readiness"))
    assert "has no accountable institution yet" in page
    assert f'href="{signed_in.base}/action-plan/{action.id}/edit"' in page


def test_observer_sees_pages_without_edit_controls(signed_in, member, login_as):
    observer = member(signed_in.process, Role.OBSERVER)
    client = login_as(observer)
    page = text(client.get(f"{signed_in.base}/action-plan"))
    assert "Inspect" not in page and "Add an activity" not in page
    assert client.post(f"{signed_in.base}/action-plan/new", data={}).status_code == 403


def _queries(client, url) -> int:
    statements = []

    def count(*args, **kwargs):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


@pytest.mark.parametrize(
    "path",
    [
        "/options",
        "/options/{so}",
        "/instruments",
        "/action-plan",
        "/action-plan/gantt",
        "/readiness",
        "/options/criteria",
    ],
)
def test_queries_per_page_do_not_grow_with_the_data(planning_chain, login_as, path):
    counts = []
    for size in ((1, 1), (5, 4)):
        chain = planning_chain(n_specific=size[0], n_actions=size[1])
        client = login_as(chain.owner)
        url = f"/p/{chain.process.id}" + path.format(so=chain.specific[0].id)
        client.get(url)  # first request may create the baseline
        counts.append(_queries(client, url))
    assert counts[0] == counts[1], counts


def test_code_chips_of_a_large_plan(signed_in, monkeypatch):
    from policycycle.planning import views_plan

    monkeypatch.setattr(views_plan, "ALL_AT_ONCE", 2)
    page = text(signed_in.client.get(f"{signed_in.base}/action-plan"))
    assert re.search(r'aria-current="true"[^>]*>SO1<', page)
    assert "Activity 2.1" not in page
    page = text(signed_in.client.get(f"{signed_in.base}/action-plan?all=1"))
    assert "Activity 2.1" in page


def test_options_overview_names_the_first_option_and_its_robustness(signed_in):
    page = text(signed_in.client.get(f"{signed_in.base}/options"))
    assert "Licensing 1" in page and "sensitive" in page


def test_gantt_draws_dependencies(signed_in):
    first, second = signed_in.actions[0], signed_in.actions[1]
    from policycycle.planning import actions

    actions.update_action(
        second,
        signed_in.operational[0].id,
        second.title,
        raci={signed_in.orgs[0].id: "A", signed_in.orgs[1].id: "R"},
        depends_on=[first.id],
        start_date=date(2027, 7, 1),
        end_date=date(2027, 9, 30),
    )
    db.session.commit()
    page = text(signed_in.client.get(f"{signed_in.base}/action-plan/gantt"))
    assert page.count('class="link"') == 1 and "must finish first" in page


def test_an_observer_opening_an_options_register_changes_nothing(
    client, db, make_process, member, login_as
):
    from facilitation.models import Role
    from policycycle.models import Objective, ObjectiveLevel, PolicyOption

    process = make_process()
    objective = Objective(
        process_id=process.id, level=ObjectiveLevel.SPECIFIC, title="Safer recruitment"
    )
    db.session.add(objective)
    db.session.commit()
    login_as(member(process, Role.OBSERVER))
    assert client.get(f"/p/{process.id}/options/{objective.id}").status_code == 200
    assert db.session.scalar(db.select(db.func.count(PolicyOption.id))) == 0
    login_as(member(process, Role.MEMBER))
    client.get(f"/p/{process.id}/options/{objective.id}")
    assert db.session.scalar(db.select(db.func.count(PolicyOption.id))) == 1
