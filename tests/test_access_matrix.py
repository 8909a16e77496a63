"""Every route x every role x a non-member, from the cases each package declares.

A route without a case fails; a case whose declared need differs from the view's own
declaration fails; then each case is exercised: anonymous, outsider (non-member),
every role, the site administrator, and for state-changing requests the CSRF check.
"""

from __future__ import annotations

import importlib
import itertools
import os
import pathlib
import shutil
from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from facilitation.access import policy_of
from facilitation.extensions import db
from facilitation.models import Membership, Role

from .access import NEEDS, ROLES, Case, World, csrf_token_for, sign_in, sign_out

TESTS = pathlib.Path(__file__).parent
_seq = itertools.count(1)
RANK = {"observer": 0, "member": 1, "coordinator": 2, "facilitator": 2}
NEED_RANK = {"read": 0, "write": 1, "manage": 2}


def _case_modules():
    modules = []
    for path in sorted(TESTS.rglob("access_cases.py")):
        dotted = ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)
        modules.append(importlib.import_module(dotted))
    return modules


MODULES = _case_modules()
CASES: list[Case] = [case for module in MODULES for case in module.CASES]


def _ignored(endpoint: str) -> bool:
    return endpoint == "static" or endpoint.endswith(".static")


def _build_world(app) -> World:
    from facilitation import services

    n = next(_seq)
    users = {
        name: services.create_user(
            f"{name}{n}@matrix.test",
            f"{name.title()} {n}",
            "password1234",
            is_admin=(name == "admin"),
        )
        for name in (*ROLES, "outsider", "admin")
    }
    process = services.create_process(
        users["facilitator"],
        title=f"Matrix process {n}",
        country="Kestria",
        lead_organisation="Ministry of Interior",
    )
    for role in ("coordinator", "member", "observer"):
        db.session.add(Membership(process_id=process.id, user_id=users[role].id, role=Role(role)))
    db.session.flush()
    world = World(process_id=process.id, users=users)
    for module in MODULES:
        builder = getattr(module, "build", None)
        if builder:
            builder(world)
    db.session.commit()
    # Keep only what requests need, so the world outlives the session that built it.
    world.users = {k: SimpleNamespace(id=u.id, email=u.email) for k, u in users.items()}
    return world


def _url(app, case: Case, world: World, rule) -> str:
    values = case.url_values(world)
    if "process_id" in rule.arguments:
        values.setdefault("process_id", world.process_id)
    with app.test_request_context():
        from flask import url_for

        return url_for(case.endpoint, **values)


def _rule_for(app, endpoint):
    return next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)


def _request(client, app, case: Case, world: World, rule, csrf: bool = True):
    url = _url(app, case, world, rule)
    if case.method == "GET":
        return client.get(url)
    data = case.form_data(world)
    if csrf:
        data["csrf_token"] = csrf_token_for(client, app)
    return client.open(url, method=case.method, data=data)


def _is_login_redirect(response) -> bool:
    return response.status_code in (301, 302, 303) and "/login" in response.headers.get(
        "Location", ""
    )


def _allowed(response, case: Case) -> bool:
    code = response.status_code
    if _is_login_redirect(response):
        return case.login_redirect_ok
    return 200 <= code < 400 or code in case.allowed_statuses


@dataclass
class Matrix:
    app: object
    world: World
    database: pathlib.Path | None
    template: pathlib.Path | None

    def fresh_world(self) -> World:
        """A world untouched by earlier requests: a copy of the template database (SQLite)
        or a newly built process (PostgreSQL)."""
        if self.template is None:
            return _build_world(self.app)
        db.session.remove()
        db.engine.dispose()
        for suffix in ("-wal", "-shm"):
            pathlib.Path(f"{self.database}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.template, self.database)
        return self.world


@pytest.fixture(scope="module")
def matrix(tmp_path_factory):
    from .conftest import make_test_app

    tmp = tmp_path_factory.mktemp("matrix")
    os.environ.setdefault("INSTANCE_PATH", str(tmp / "instance"))
    database = tmp / "matrix.sqlite3"
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{database}"
    application = make_test_app(
        {
            "TESTING": True,
            "SECRET_KEY": "matrix-secret",
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": True,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    with application.app_context():
        db.create_all()
        world = _build_world(application)
        template = None
        if url.startswith("sqlite"):
            db.session.remove()
            with db.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            db.engine.dispose()
            template = tmp / "template.sqlite3"
            shutil.copyfile(database, template)
        yield Matrix(application, world, database if template else None, template)
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def matrix_app(matrix):
    return matrix.app


def test_every_route_has_a_case(matrix_app):
    declared = {(c.endpoint, c.method) for c in CASES}
    missing = []
    for rule in matrix_app.url_map.iter_rules():
        if _ignored(rule.endpoint):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if (rule.endpoint, method) not in declared:
                missing.append(f"{rule.endpoint} {method}")
    assert not missing, "Routes without an access case: " + ", ".join(missing)


def test_cases_match_the_views_declarations(matrix_app):
    wrong = []
    for case in CASES:
        assert case.need in NEEDS, case
        view = matrix_app.view_functions.get(case.endpoint)
        assert view is not None, f"case for unknown endpoint {case.endpoint}"
        policy, need, safe_need = policy_of(view)
        if policy == "process":
            effective = safe_need if (safe_need and case.method == "GET") else need
        else:
            effective = policy
        if effective != case.need:
            wrong.append(
                f"{case.endpoint} {case.method}: view says {effective}, case says {case.need}"
            )
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.endpoint}-{c.method}")
def test_access(matrix, case: Case):
    app = matrix.app
    rule = _rule_for(app, case.endpoint)
    client = app.test_client()
    world = matrix.fresh_world()

    # Anonymous visitors are sent to sign in, except on public pages.
    sign_out(client)
    response = _request(client, app, case, world, rule)
    if case.need == "public":
        assert response.status_code < 500 and not _is_login_redirect(response)
        return
    assert _is_login_redirect(response), f"anonymous got {response.status_code}"

    if case.need == "login":
        sign_in(client, world.users["outsider"])
        assert _allowed(_request(client, app, case, world, rule), case)
        return
    if case.need == "admin":
        sign_in(client, world.users["outsider"])
        assert _request(client, app, case, world, rule).status_code == 403
        sign_in(client, world.users["admin"])
        assert _allowed(_request(client, app, case, world, rule), case)
        return

    # A non-member, even the site administrator, does not learn the process exists.
    for outsider in ("outsider", "admin"):
        sign_in(client, world.users[outsider])
        assert _request(client, app, case, world, rule).status_code == 404, outsider

    for role in ROLES:
        sign_in(client, world.users[role])
        if RANK[role] < NEED_RANK[case.need]:
            response = _request(client, app, case, world, rule)
            assert response.status_code == 403, f"{role} got {response.status_code}"
            continue
        if case.method != "GET":
            # Without its CSRF token a state-changing request is refused and changes nothing.
            response = _request(client, app, case, world, rule, csrf=False)
            assert response.status_code == 400, f"{role} without CSRF got {response.status_code}"
        response = _request(client, app, case, world, rule)
        assert _allowed(response, case), f"{role} got {response.status_code}"
        if case.method != "GET":
            world = matrix.fresh_world()  # the change may have consumed the objects
