"""Crafted input never gives a 500 (issue 13): every route of the URL map is hit as a
member with huge ids (beyond 64-bit, which overflow SQLite and PostgreSQL integers),
huge page and id query parameters, and malformed or hostile JSON bodies."""

from __future__ import annotations

import pytest

from facilitation.extensions import db
from facilitation.models import User

from .access import csrf_token_for, sign_in
from .test_access_matrix import CASES, _build_world

HUGE = 2**70
PLACEHOLDER = 918273645  # in the URL built by url_for, then replaced by HUGE
QUERY = {
    k: str(HUGE)
    for k in ("page", "draft", "version", "parent", "objective", "option_id", "consultation")
}
QUERY["dpi"] = str(HUGE)
BODIES = [
    b"[]",
    b"[1, 2, 3]",
    b'"just a string"',
    b"{",
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    b'{"body": {"nested": []}, "quote": [1], "id": 1e400}',
]


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def _urls(app, world, huge_everything: bool) -> list[tuple[str, list[str]]]:
    """(url, methods) for every rule: int arguments huge (the process id too, or the real
    one so the request reaches the object lookup), other arguments from the matrix."""
    known = {case.endpoint: case.url_values(world) for case in CASES}
    urls = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
                continue
            values = {}
            for name in rule.arguments:
                converter = rule._converters[name]
                if type(converter).__name__.endswith(("IntegerConverter", "IntConverter")):
                    keep_process = name == "process_id" and not huge_everything
                    values[name] = world.process_id if keep_process else PLACEHOLDER
                else:
                    values[name] = known.get(rule.endpoint, {}).get(name, "x")
            try:
                url = url_for(rule.endpoint, **values)
            except Exception:  # a converter that refuses "x": take the matrix values
                url = url_for(rule.endpoint, **known.get(rule.endpoint, values))
            url = url.replace(str(PLACEHOLDER), str(HUGE))
            methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
            urls.append((url, methods))
    return urls


def test_no_route_answers_500_to_crafted_input(app, client):
    world = _build_world(app)
    sign_in(client, db.session.get(User, world.users["member"].id))
    token = csrf_token_for(client, app)
    failures, tried = [], 0
    for huge_everything in (True, False):
        for url, methods in _urls(app, world, huge_everything):
            for method in methods:
                if method == "GET":
                    attempts = [client.get(url), client.get(url, query_string=QUERY)]
                else:
                    attempts = [
                        client.open(
                            url,
                            method=method,
                            data=body,
                            content_type="application/json",
                            headers={"X-CSRFToken": token},
                        )
                        for body in BODIES
                    ]
                    attempts.append(
                        client.open(
                            url,
                            method=method,
                            data={"csrf_token": token, "id": str(HUGE), "page": str(HUGE)},
                        )
                    )
                for response in attempts:
                    tried += 1
                    if response.status_code >= 500:
                        failures.append(f"{method} {url[:120]} -> {response.status_code}")
                    elif response.status_code in (400, 404) and "text/html" in (
                        response.content_type
                    ):
                        body = response.get_data(as_text=True)
                        assert "Traceback" not in body
    assert tried > 300
    assert not failures, "\n".join(sorted(set(failures)))


def test_huge_id_is_a_404_with_the_error_page(app, client):
    world = _build_world(app)
    sign_in(client, db.session.get(User, world.users["member"].id))
    response = client.get(f"/p/{world.process_id}/drafts/{HUGE}")
    assert response.status_code == 404
    assert "This page does not exist" in response.get_data(as_text=True)
    response = client.get(f"/p/{2**40}/drafts/1")
    assert response.status_code == 404


def test_comment_json_that_is_not_an_object_is_a_400(app, client):
    from drafting.models import Draft

    world = _build_world(app)
    sign_in(client, db.session.get(User, world.users["member"].id))
    token = csrf_token_for(client, app)
    draft = db.session.scalars(db.select(Draft).where(Draft.process_id == world.process_id)).first()
    url = f"/p/{world.process_id}/drafts/{draft.id}/comments"
    for body in (b"[]", b"[" * 100_000 + b"]" * 100_000, b'"text"'):
        response = client.post(
            url, data=body, content_type="application/json", headers={"X-CSRFToken": token}
        )
        assert response.status_code == 400, body[:20]
