"""The analysis pages through the real app: forms, bad input, links to another
process, delete pages that say what depends on an object, escaping, read-only views."""

import re

from facilitation.extensions import db
from facilitation.models import Organisation, Role
from policycycle.analysis import objectives, problems, services
from policycycle.models import PolicyIssue, ProblemNode


def test_issue_register_post_redirect_get_and_bad_input(setup):
    process, _user, client = setup
    url = f"/p/{process.id}/agenda"
    response = client.post(url, data={"title": ""})
    assert response.status_code == 400
    assert "Give the issue a title." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(PolicyIssue.id))) == 0
    response = client.post(url, data={"title": "Irregular departures", "raised_by_id": "0"})
    assert response.status_code == 302
    issue = db.session.execute(db.select(PolicyIssue)).scalar_one()
    assert response.headers["Location"].endswith(f"/agenda/issues/{issue.id}")
    page = client.get(url).get_data(as_text=True)
    assert "Irregular departures" in page


def test_link_to_another_process_is_refused(setup, make_process):
    process, _user, client = setup
    other = make_process(title="Other process")
    foreign = db.session.execute(
        db.select(Organisation).where(Organisation.process_id == other.id)
    ).scalar_one()
    response = client.post(
        f"/p/{process.id}/agenda", data={"title": "Issue", "raised_by_id": str(foreign.id)}
    )
    assert response.status_code == 400
    assert "Choose an institution from this process." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(PolicyIssue.id))) == 0
    foreign_node = problems.save_node(other.id, kind="focal", text="Theirs")
    db.session.commit()
    response = client.get(f"/p/{process.id}/analysis/problem-tree/{foreign_node.id}")
    assert response.status_code == 404
    response = client.post(
        f"/p/{process.id}/analysis/problem-tree",
        data={"kind": "cause", "text": "x", "parent_id": foreign_node.id},
    )
    assert response.status_code == 400
    assert (
        db.session.scalar(
            db.select(db.func.count(ProblemNode.id)).where(ProblemNode.process_id == process.id)
        )
        == 0
    )


def test_delete_page_says_what_depends(setup):
    process, _user, client = setup
    focal = problems.save_node(process.id, kind="focal", text="Migration is unmanaged")
    problems.save_node(process.id, kind="cause", text="Mandates overlap", parent_id=focal.id)
    db.session.commit()
    url = f"/p/{process.id}/analysis/problem-tree/{focal.id}/delete"
    page = client.get(url).get_data(as_text=True)
    assert "Mandates overlap" in page and "depend on it" in page
    response = client.post(url)
    assert response.status_code == 409
    assert db.session.get(ProblemNode, focal.id) is not None


def test_problem_tree_svg_escapes_text_and_shows_checks(setup):
    process, _user, client = setup
    focal = problems.save_node(process.id, kind="focal", text="<script>alert(1)</script> focal")
    problems.save_node(process.id, kind="cause", text="Lack of a database", parent_id=focal.id)
    db.session.commit()
    page = client.get(f"/p/{process.id}/analysis/problem-tree").get_data(as_text=True)
    assert "<svg" in page and "<script>alert" not in page and "&lt;script&gt;" in page
    assert "names a missing solution" in page


def test_tows_option_explains_when_no_specific_objective(setup):
    process, _user, client = setup
    strategy = services.save_tows(process.id, kind="SO", text="Use consulates")
    db.session.commit()
    url = f"/p/{process.id}/analysis/tows/{strategy.id}/option"
    assert "There is no specific objective yet." in client.get(url).get_data(as_text=True)
    general = objectives.save_objective(process.id, level="general", title="G")
    specific = objectives.save_objective(
        process.id, level="specific", title="S", parent_id=general.id
    )
    db.session.commit()
    response = client.post(url, data={"objective_id": specific.id, "title": "Consular info"})
    assert response.status_code == 302
    assert "Consular info" in client.get(f"/p/{process.id}/analysis/tows").get_data(as_text=True)


def test_ratings_form_and_dots(setup):
    process, _user, client = setup
    crit = services.save_criterion(process.id, name="Urgency", weight=2)
    issue = services.save_issue(process.id, title="Issue")
    db.session.commit()
    base = f"/p/{process.id}/agenda/issues/{issue.id}"
    assert client.post(base + "/ratings", data={f"c{crit.id}": "9"}).status_code == 400
    assert client.post(base + "/ratings", data={f"c{crit.id}": "4"}).status_code == 302
    assert client.post(base + "/dots", data={"dots": "6"}).status_code == 400
    assert client.post(base + "/dots", data={"dots": "3"}).status_code == 302
    page = client.get(f"/p/{process.id}/agenda").get_data(as_text=True)
    assert "4.0" in page
    issue_page = client.get(base).get_data(as_text=True)
    assert "4.0" in issue_page and ">Group<" in issue_page


def test_objective_page_smart_and_indicator(setup):
    process, _user, client = setup
    general = objectives.save_objective(process.id, level="general", title="Managed migration")
    db.session.commit()
    base = f"/p/{process.id}/objectives/{general.id}"
    response = client.post(base + "/indicators", data={"name": "", "target_year": "1200"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Name the indicator." in body and "Give a year such as 2030." in body
    client.post(
        base + "/indicators",
        data={
            "name": "Formal remittances",
            "baseline_value": "60",
            "target_value": "80",
            "target_year": "2031",
        },
    )
    page = client.get(base).get_data(as_text=True)
    assert "an indicator has a baseline and a target" in page


def test_observer_reads_without_forms(setup, member, login_as):
    process, _user, _client = setup
    observer = member(process, Role.OBSERVER)
    client = login_as(observer)
    for path in (
        "agenda",
        "analysis",
        "analysis/tows",
        "analysis/gaps",
        "analysis/problem-tree",
        "analysis/statement",
        "objectives",
    ):
        response = client.get(f"/p/{process.id}/{path}")
        assert response.status_code == 200, path
        main = response.get_data(as_text=True).split("</nav>", 2)[-1]
        # Reading forms (a list's filters, method GET) stay; no form writes anything.
        assert 'method="post"' not in main.lower(), path
        assert 'type="submit"' not in re.sub(r'<form method="get".*?</form>', "", main, flags=re.S)
    assert client.post(f"/p/{process.id}/agenda", data={"title": "x"}).status_code == 403


def test_dots_in_the_register_with_htmx(setup):
    process, user, client = setup
    issue = services.save_issue(process.id, title="Issue")
    db.session.commit()
    url = f"/p/{process.id}/agenda/issues/{issue.id}/dots"
    headers = {"HX-Request": "true"}
    client.post(url, data={"step": "1"}, headers=headers)
    response = client.post(url, data={"step": "1"}, headers=headers)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and f'id="dots-{issue.id}"' in body
    assert "You have 3 dots left to place." in body and 'hx-swap-oob="true"' in body
    response = client.post(url, data={"step": "7"}, headers=headers)
    assert "One dot at a time." in response.get_data(as_text=True)
    assert client.post(url, data={"dots": "5"}).status_code == 302  # the issue page's form
    other = services.save_issue(process.id, title="Other issue")
    db.session.commit()
    other_url = f"/p/{process.id}/agenda/issues/{other.id}/dots"
    response = client.post(other_url, data={"step": "1"}, headers=headers)
    assert "you have 0 left for this issue" in response.get_data(as_text=True)
    assert client.post(url, data={"step": "-1"}).status_code == 302  # without htmx
    assert services.my_dots(issue, user.id) == 4
    page = client.get(f"/p/{process.id}/agenda").get_data(as_text=True)
    assert 'aria-label="Give one dot"' in page


def test_deleting_a_swot_item_says_its_merged_duplicates_come_back(setup):
    process, _user, client = setup
    keep = services.save_swot_item(process.id, quadrant="W", statement="Weak coordination")
    dup = services.save_swot_item(process.id, quadrant="W", statement="Ministries do not talk")
    services.merge_swot_items(keep, dup.id)
    db.session.commit()
    url = f"/p/{process.id}/analysis/swot/{keep.id}/delete"
    assert "1 duplicate merged into it" in client.get(url).get_data(as_text=True)
    assert client.post(url).status_code == 302
    assert [i.id for i in services.swot_quadrants(process.id)["W"]] == [dup.id]
