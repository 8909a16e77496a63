"""Numbers, dates and amounts on screen follow the reader's locale (issue 15): a French
reader sees "2 170 000" (not "2,170,000", which reads as 2.17), "1,5" and "15 mars 2027",
never an ISO date."""

from __future__ import annotations

import re
from datetime import date

from facilitation.extensions import db
from policycycle.models import Indicator, MonitoringUpdate

# Babel's French grouping separator is a narrow no-break space.
FR_MILLIONS = re.compile(r"2[\u202f\u00a0 ]170[\u202f\u00a0 ]000")


def _french(client, login_as, user):
    user.locale = "fr"
    db.session.commit()
    login_as(user)


def test_planning_pages_in_french(client, login_as, planning_chain):
    chain = planning_chain(n_specific=1, n_actions=1)
    pid = chain.process.id
    option, instrument, action = chain.options[0], chain.instruments[0], chain.actions[0]
    option.cost_one_off = 2170000
    option.cost_recurrent = 1500.5
    instrument.cost = 2170000
    db.session.add(
        MonitoringUpdate(
            process_id=pid,
            action_id=action.id,
            reported_on=date(2027, 3, 15),
            current_value=1.5,
            status="ongoing",
        )
    )
    db.session.commit()
    _french(client, login_as, chain.owner)

    options = client.get(f"/p/{pid}/options/{chain.specific[0].id}").get_data(as_text=True)
    assert FR_MILLIONS.search(options) and "2,170,000" not in options

    instruments = client.get(f"/p/{pid}/instruments").get_data(as_text=True)
    assert FR_MILLIONS.search(instruments) and "2,170,000" not in instruments

    plan = client.get(f"/p/{pid}/action-plan").get_data(as_text=True)
    assert "15 mars 2027" in plan and "2027-03-15" not in plan
    assert "1,5" in plan

    form = client.get(f"/p/{pid}/action-plan/{action.id}/edit").get_data(as_text=True)
    history = form.split("<tbody>")[-1]
    assert "15 mars 2027" in history and "2027-03-15" not in history


def test_objective_indicator_values_in_french(client, login_as, planning_chain):
    chain = planning_chain(n_specific=1, n_actions=1)
    db.session.add(
        Indicator(
            process_id=chain.process.id,
            objective_id=chain.operational[0].id,
            name="Permits issued",
            baseline_value=1200,
            target_value=2.5,
            target_date=date(2027, 12, 31),
        )
    )
    db.session.commit()
    _french(client, login_as, chain.owner)
    page = client.get(f"/p/{chain.process.id}/objectives/{chain.operational[0].id}")
    html = page.get_data(as_text=True)
    assert (
        "2,5" in html
        and re.search(r"1[\u202f\u00a0 ]200", html)
        and "31 déc. 2027" in html
        and "2027-12-31" not in html
    )
