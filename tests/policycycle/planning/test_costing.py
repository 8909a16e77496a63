"""Money in the action plan: the process currency, cost lines per year with secured
funding, plain field messages, the plan's totals and gap, and the readiness advice."""

from __future__ import annotations

import re
from datetime import date

import pytest

from facilitation import money
from facilitation.extensions import db
from facilitation.validation import ValidationFailed
from policycycle.models import Action, ActionCost
from policycycle.planning import actions, costing, readiness


@pytest.fixture
def signed_in(planning_chain, login_as):
    chain = planning_chain(n_specific=1, n_actions=1)
    chain.client = login_as(chain.owner)
    chain.base = f"/p/{chain.process.id}"
    return chain


def _form(chain, **extra):
    a, r = chain.orgs
    data = {
        "objective_id": chain.operational[0].id,
        "title": "Inspect agencies",
        "status": "planned",
        f"raci-{a.id}": "A",
        f"raci-{r.id}": "R",
        "start_date": "2027-01-01",
        "end_date": "2028-12-31",
    }
    data.update(extra)
    return data


def test_currency_comes_from_the_country_and_is_checked():
    assert money.default_currency("Ghana") == "GHS"
    assert money.default_currency("Sénégal") == "XOF"
    assert money.default_currency("gh") == "GHS"
    assert money.default_currency("Republic of Atlantis") == "USD"
    assert money.is_valid_currency("EUR") and not money.is_valid_currency("XYZ")
    assert money.format_money(45000, "EUR", "en") == "€45,000"
    assert re.fullmatch(
        "45[\u00a0\u202f]000[\u00a0\u202f]€", money.format_money(45000, "EUR", "fr")
    )
    assert money.format_money(None, "EUR", "fr") == ""


def test_a_new_process_stores_its_countrys_currency(make_process):
    assert make_process(country="Ghana").currency == "GHS"


def test_settings_refuse_an_unknown_currency_and_save_a_known_one(signed_in):
    process = signed_in.process
    form = {
        "title": process.title,
        "country": "Ghana",
        "language": "en",
        "lead_organisation": "Ministry of Interior",
    }
    url = f"{signed_in.base}/settings"
    page = signed_in.client.get(url).text
    assert 'name="currency"' in page and "GHS – Ghanaian Cedi" in page
    response = signed_in.client.post(url, data={**form, "currency": "XYZ"})
    assert response.status_code == 400 and "Choose a currency from the list." in response.text
    db.session.refresh(process)
    assert process.currency != "XYZ"
    response = signed_in.client.post(url, data={**form, "currency": "EUR"})
    assert response.status_code == 302
    db.session.refresh(process)
    assert process.currency == "EUR"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"costs-0-year": "2027", "costs-0-amount": "-5"}, "A cost cannot be negative."),
        ({"costs-0-year": "2027", "costs-0-amount": "lots"}, "Enter a number, e.g. 25000"),
        ({"costs-0-amount": "5000"}, "Give the year of this cost."),
        (
            {"costs-0-year": "2027", "costs-0-amount": "100", "costs-0-secured": "500"},
            "The secured funding is larger than the cost of that year.",
        ),
        ({"costs-0-year": "3027", "costs-0-amount": "100"}, "Give a year such as 2027."),
    ],
)
def test_cost_lines_refuse_bad_input_next_to_the_field(signed_in, line, message):
    before = db.session.scalar(db.select(db.func.count(Action.id)))
    response = signed_in.client.post(
        f"{signed_in.base}/action-plan/new",
        data=_form(signed_in, **{"costs-0-kind": "one_off", **line}),
    )
    assert response.status_code == 400
    assert message in response.text
    assert 'class="error" id="costs-0-' in response.text  # beside its own field
    assert db.session.scalar(db.select(db.func.count(Action.id))) == before
    assert db.session.scalar(db.select(db.func.count(ActionCost.id))) == 0


def test_duplicate_year_and_kind_is_refused_by_the_service(signed_in):
    with pytest.raises(ValidationFailed) as failed:
        costing.clean_cost_lines(
            [
                {"year": 2027, "kind": "one_off", "amount": 10},
                {"year": 2027, "kind": "one_off", "amount": 20},
            ]
        )
    assert "Cost line 2" in failed.value.errors["costs"]


def test_cost_lines_are_saved_and_the_plan_shows_years_secured_and_gap(signed_in):
    response = signed_in.client.post(
        f"{signed_in.base}/action-plan/new",
        data=_form(
            signed_in,
            **{
                "costs-0-year": "2027",
                "costs-0-kind": "one_off",
                "costs-0-amount": "12 500",
                "costs-0-secured": "12500",
                "costs-1-year": "2028",
                "costs-1-kind": "recurrent",
                "costs-1-amount": "8000",
                "costs-1-secured": "2000",
                "costs-2-year": "",
                "costs-2-kind": "one_off",
                "funding_source": "State budget",
            },
        ),
    )
    assert response.status_code == 302, response.text
    action = db.session.scalars(db.select(Action).where(Action.title == "Inspect agencies")).one()
    assert action.cost == 20500
    assert [(c.year, str(c.kind), c.amount, c.secured) for c in action.cost_lines] == [
        (2027, "one_off", 12500, 12500),
        (2028, "recurrent", 8000, 2000),
    ]
    # the edit form gives the lines back, and blank lines to add more
    edit = signed_in.client.get(f"{signed_in.base}/action-plan/{action.id}/edit").text
    assert 'name="costs-1-amount"' in edit and 'value="8000"' in edit
    signed_in.process.currency = "EUR"
    signed_in.owner.locale = "fr"
    db.session.commit()
    page = signed_in.client.get(f"{signed_in.base}/action-plan").text
    assert "EUR" in page
    # the reader's locale: French spacing, the euro sign after the number
    assert re.search("6[\u00a0\u202f]000[\u00a0\u202f]€", page)  # the 2028 gap
    assert re.search("20[\u00a0\u202f]500[\u00a0\u202f]€", page)


def test_an_activity_without_cost_is_advice_not_a_refusal(signed_in):
    action = actions.create_action(
        signed_in.process.id,
        signed_in.operational[0].id,
        "Print leaflets",
        require_raci=False,
        start_date=date(2027, 1, 1),
    )
    db.session.commit()
    findings = [
        f for f in readiness.cost_rule(signed_in.process.id) if "Print leaflets" in f.message
    ]
    assert findings and findings[0].severity == "warning"
    assert findings[0].url_values["action_id"] == action.id
    actions.update_action(
        action,
        action.objective_id,
        action.title,
        require_raci=False,
        costs=[{"year": 2027, "kind": "one_off", "amount": 300}],
    )
    db.session.commit()
    assert not [
        f for f in readiness.cost_rule(signed_in.process.id) if "Print leaflets" in f.message
    ]


def test_spread_cost_adds_up_and_secures_the_first_years():
    lines = costing.spread_cost(190000, date(2027, 4, 1), date(2029, 12, 31))
    assert [line["year"] for line in lines] == [2027, 2028, 2029]
    assert sum(line["amount"] for line in lines) == 190000
    assert lines[0]["kind"] == "one_off" and lines[1]["kind"] == "recurrent"
    assert lines[0]["secured"] == lines[0]["amount"] and lines[2]["secured"] == 0
