"""Issue 12: the dashboard says which stage the group works on and what to do next; an
agreed stage says so on its own page, is read-only until reopened, and agreeing with
breaks lists them before asking for confirmation."""

from __future__ import annotations

from babel.dates import format_date

from facilitation.extensions import db
from facilitation.models import AuditEvent, Role, StageState
from policycycle.models import Objective, ObjectiveLevel, PolicyIssue


def _orphan_objective(process):
    general = Objective(process_id=process.id, level=ObjectiveLevel.GENERAL, title="Vision")
    db.session.add(general)
    db.session.flush()
    db.session.add(
        Objective(
            process_id=process.id,
            level=ObjectiveLevel.SPECIFIC,
            title="Orphan objective",
            parent_id=general.id,
        )
    )
    db.session.commit()


def test_the_dashboard_names_the_stage_worked_on_and_its_next_step(make_process, login_as):
    process = make_process()
    _orphan_objective(process)
    db.session.add(PolicyIssue(process_id=process.id, title="Irregular departures"))
    db.session.commit()
    client = login_as(process.memberships[0].user)
    for stage in ("agenda", "analysis", "objectives"):
        client.post(f"/p/{process.id}/stages/{stage}/agree", data={"confirm_breaks": "y"})
    page = client.get(f"/p/{process.id}/").get_data(as_text=True)
    assert "In progress" not in page
    assert page.count("Working on it") == 1
    step = page[page.index('class="next-step"') : page.index('<ol class="cycle">')]
    assert "Policy options" in step
    assert "Orphan objective" in step  # the first break to mend, named
    assert "Mend it" in step and f'href="/p/{process.id}/options' in step


def test_agreeing_with_breaks_lists_them_and_asks_first(make_process, login_as):
    process = make_process()
    _orphan_objective(process)
    client = login_as(process.memberships[0].user)
    page = client.get(f"/p/{process.id}/").get_data(as_text=True)
    form = page[page.index('id="agree-options"') :]
    form = form[: form.index("</details>")]
    assert "Orphan objective" in form and "confirm_breaks" in form
    response = client.post(f"/p/{process.id}/stages/options/agree", data={"note": ""})
    assert "agree=options" in response.headers["Location"]  # back to the open form
    assert not db.session.scalar(
        db.select(StageState.agreed).where(
            StageState.process_id == process.id, StageState.stage == "options"
        )
    )


def test_an_agreed_stage_says_who_and_when_and_is_read_only_until_reopened(
    make_process, make_user, member, login_as
):
    coordinator = make_user(name="Ana Coordenadora")
    process = make_process(owner=coordinator)
    writer = member(process, Role.MEMBER)
    client = login_as(coordinator)
    client.post(f"/p/{process.id}/stages/agenda/agree", data={"confirm_breaks": "y"})

    client = login_as(writer)
    page = client.get(f"/p/{process.id}/agenda").get_data(as_text=True)
    assert "This stage is agreed" in page and "Ana Coordenadora" in page
    assert 'id="add-issue"' not in page  # no form to add an issue
    assert "Reopen this stage" not in page  # only coordinators and facilitators reopen
    response = client.post(f"/p/{process.id}/agenda", data={"title": "Brain drain"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/agenda")
    assert "read-only" in client.get(response.headers["Location"]).get_data(as_text=True)
    htmx = client.post(
        f"/p/{process.id}/agenda", data={"title": "Brain drain"}, headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 200 and htmx.headers["HX-Redirect"].endswith("/agenda")
    assert not db.session.scalar(db.select(PolicyIssue).where(PolicyIssue.title == "Brain drain"))

    # A French reader sees the date of the agreement written the French way.
    writer.locale = "fr"
    db.session.commit()
    french = client.get(f"/p/{process.id}/agenda").get_data(as_text=True)
    agreed_at = db.session.scalar(
        db.select(StageState.agreed_at).where(StageState.process_id == process.id)
    )
    assert format_date(agreed_at, "medium", locale="fr") in french

    client = login_as(coordinator)
    page = client.get(f"/p/{process.id}/agenda").get_data(as_text=True)
    assert "Reopen this stage" in page
    response = client.post(f"/p/{process.id}/stages/agenda/reopen", data={"back": "stage"})
    assert response.headers["Location"].endswith("/agenda")
    reopened = db.session.scalar(
        db.select(AuditEvent).where(
            AuditEvent.process_id == process.id, AuditEvent.action == "reopen"
        )
    )
    assert reopened is not None and reopened.user_id == coordinator.id
    client.post(f"/p/{process.id}/agenda", data={"title": "Brain drain"})
    assert db.session.scalar(db.select(PolicyIssue).where(PolicyIssue.title == "Brain drain"))


def test_the_agree_form_lists_the_first_breaks_and_links_to_the_rest(make_process, login_as):
    """Issue 14: the large demo has hundreds of open breaks; the dashboard rendered a link
    for every one of them on every view, holding the server beside a live workshop."""
    from facilitation.processes import BREAKS_LISTED

    process = make_process()
    general = Objective(process_id=process.id, level=ObjectiveLevel.GENERAL, title="Vision")
    db.session.add(general)
    db.session.flush()
    for n in range(BREAKS_LISTED + 5):
        db.session.add(
            Objective(
                process_id=process.id,
                level=ObjectiveLevel.SPECIFIC,
                title=f"Orphan objective {n:02d}",
                parent_id=general.id,
            )
        )
    db.session.commit()
    client = login_as(process.memberships[0].user)
    page = client.get(f"/p/{process.id}/").get_data(as_text=True)
    form = page[page.index('id="agree-options"') :]
    form = form[: form.index("</details>")]
    breaks = form[form.index('<ul class="open-breaks">') : form.index("</ul>")]
    assert breaks.count("Orphan objective") == BREAKS_LISTED
    assert "and 5 more: see the readiness check" in breaks
    assert f'href="/p/{process.id}/readiness"' in breaks
