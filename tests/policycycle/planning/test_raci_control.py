"""Issue 12, less typing: RACI is picked with a compact control listing only the
institutions chosen for the activity, plus a picker to add one (works without script)."""

from __future__ import annotations

from facilitation.extensions import db
from facilitation.models import Organisation
from policycycle.models import Action
from policycycle.planning import actions, readiness


def text(response) -> str:
    return response.get_data(as_text=True)


def _registry_of_19(process):
    orgs = [Organisation(process_id=process.id, name=f"Institution {n:02d}") for n in range(17)]
    db.session.add_all(orgs)
    db.session.commit()
    return orgs


def test_the_form_lists_only_the_chosen_institutions_and_a_picker_for_the_rest(
    planning_chain, login_as
):
    chain_ = planning_chain(n_specific=1, n_actions=1)
    others = _registry_of_19(chain_.process)
    a, r = chain_.orgs
    action = chain_.actions[0]
    actions.update_action(
        action,
        action.objective_id,
        action.title,
        raci={a.id: "A", r.id: "R"},
    )
    db.session.commit()
    client = login_as(chain_.owner)
    page = text(client.get(f"/p/{chain_.process.id}/action-plan/{action.id}/edit"))
    assert 'type="radio"' not in page  # no row of radio buttons per institution
    assert page.count('<select id="raci-') == 2  # the two chosen institutions only
    assert f'<label for="raci-{a.id}">' in page  # each select has its institution's label
    assert 'id="raci_add_org"' in page and 'name="raci_add"' in page
    picker = page.split('id="raci_add_org"')[1].split("</select>")[0]
    assert all(f'value="{o.id}"' in picker for o in others)
    assert f'value="{a.id}"' not in picker  # already chosen: not offered again


def test_add_without_script_shows_the_row_and_saves_nothing_until_save(planning_chain, login_as):
    chain_ = planning_chain(n_specific=1, n_actions=1)
    others = _registry_of_19(chain_.process)
    client = login_as(chain_.owner)
    base = f"/p/{chain_.process.id}"
    form = {
        "objective_id": chain_.operational[0].id,
        "title": "Open a one-stop shop",
        "status": "planned",
        "raci_add_org": others[3].id,
        "raci_add_letter": "A",
        "raci_add": "1",
    }
    response = client.post(f"{base}/action-plan/new", data=form)
    assert response.status_code == 200
    page = text(response)
    assert f'<select id="raci-{others[3].id}" name="raci-{others[3].id}" autofocus>' in page
    assert "Open a one-stop shop</textarea>" in page  # what was typed stays
    assert (
        db.session.scalar(db.select(db.func.count(Action.id)).where(Action.title == form["title"]))
        == 0
    )

    # Two accountable institutions: advice on the page, never a refusal.
    form.pop("raci_add")
    form.update({f"raci-{others[3].id}": "A", "raci_add_org": others[5].id, "raci_add_letter": "A"})
    response = client.post(f"{base}/action-plan/new", data=form)
    assert response.status_code == 302
    action = db.session.scalar(db.select(Action).where(Action.title == form["title"]))
    assert sorted(str(x.letter) for x in action.raci) == ["A", "A"]  # the picker's choice too
    findings = [f.message for f in readiness.raci_rule(chain_.process.id)]
    assert any("Open a one-stop shop" in m for m in findings)
    page = text(client.get(f"{base}/action-plan/{action.id}/edit"))
    assert "Only one institution can be accountable (A)" in page
    assert "You can save anyway" in page

    # "Not involved" removes an institution.
    response = client.post(
        f"{base}/action-plan/{action.id}/edit",
        data={
            "objective_id": chain_.operational[0].id,
            "title": form["title"],
            "status": "planned",
            f"raci-{others[3].id}": "A",
            f"raci-{others[5].id}": "",
        },
    )
    assert response.status_code == 302
    db.session.refresh(action)
    assert [x.organisation_id for x in action.raci] == [others[3].id]
