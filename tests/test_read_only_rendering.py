"""Issue 12: one read-only rendering, for observers everywhere and for everyone on the
pages of an agreed stage. Every GET page of the access matrix is walked."""

from __future__ import annotations

import pytest

from facilitation import services
from facilitation.extensions import db
from facilitation.models import AuditEvent, User
from facilitation.stages import STAGE_KEYS, registry

from .access import csrf_token_for, sign_in
from .read_only import build_world, forbidden_targets, read_pages
from .test_access_matrix import CASES, _rule_for, _url


@pytest.fixture
def world(app):
    return build_world(app)


def test_observers_see_every_page_read_only(app, world):
    problems = []
    for case, url, response in read_pages(app, world, "observer"):
        if response.status_code != 200 or response.mimetype != "text/html":
            assert response.status_code < 400, f"{url}: observer got {response.status_code}"
            continue
        found = forbidden_targets(
            app,
            url,
            response.get_data(as_text=True),
            lambda endpoint, args, need: need != "read",
        )
        problems += [f"{case.endpoint}: {item}" for item in found]
    assert not problems, "Observers are offered changes:\n" + "\n".join(problems)


def _agree_everything(world):
    coordinator = db.session.get(User, world.users["coordinator"].id)
    for stage in STAGE_KEYS:  # one agreement per request, as on the dashboard
        services.agree_stage(
            world.process_id,
            stage,
            coordinator,
            accept_breaks=True,
            decision_reference="Minutes 4/2026",
            decision_text="Agreed over the open objections.",
        )
        db.session.commit()


def _locked(endpoint, args, need):
    return need != "read" and registry().stage_of(endpoint, args) is not None


def test_pages_of_agreed_stages_are_read_only_for_everyone(app, world):
    _agree_everything(world)
    problems = []
    for case, url, response in read_pages(app, world, "coordinator"):
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        found = forbidden_targets(app, url, response.get_data(as_text=True), _locked)
        problems += [f"{case.endpoint}: {item}" for item in found]
    assert not problems, "Agreed stages still offer changes:\n" + "\n".join(problems)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_every_write_route_of_an_agreed_stage_refuses_cleanly(app, world, htmx):
    _agree_everything(world)
    client = app.test_client()
    sign_in(client, world.users["facilitator"])
    headers = {"HX-Request": "true"} if htmx else {}
    before = db.session.scalar(db.select(db.func.max(AuditEvent.id)))
    tried = []
    for case in CASES:
        if case.need not in ("write", "manage"):
            continue
        rule = _rule_for(app, case.endpoint)
        url = _url(app, case, world, rule)
        with app.test_request_context(url, method=case.method):
            from flask import request

            stage = registry().stage_of(case.endpoint, request.view_args)
        if stage is None:
            continue
        tried.append(case.endpoint)
        data = case.form_data(world)
        data["csrf_token"] = csrf_token_for(client, app)
        response = client.open(url, method=case.method, data=data, headers=headers)
        where = f"{case.endpoint} {case.method}"
        assert response.status_code in (200, 302), f"{where}: {response.status_code}"
        if htmx:
            assert response.headers.get("HX-Redirect"), where
        else:
            assert response.status_code == 302, where
        with client.session_transaction() as session:
            flashes = session.pop("_flashes", [])
        assert any("read-only" in message for _category, message in flashes), where
    db.session.expire_all()
    # Some cases create a disposable object to delete (no user): only requests count.
    changed = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.id > before, AuditEvent.user_id.is_not(None))
    ).all()
    assert not changed, [(e.action, e.object_type, e.summary) for e in changed]
    assert len(tried) > 40  # every stage's forms, edit pages and deletions
