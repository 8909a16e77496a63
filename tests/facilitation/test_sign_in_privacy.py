"""Sign-in and registration do not tell a stranger which e-mail addresses have accounts,
and one address cannot try a password on account after account."""

from __future__ import annotations

import pytest
import werkzeug.security

from facilitation import services

from ..conftest import PASSWORD


@pytest.fixture
def hash_checks(monkeypatch):
    """Counts the real password-hash checks sign-in performs (the real function runs)."""
    calls = []
    real = werkzeug.security.check_password_hash

    def counting(pwhash, password):
        calls.append(pwhash)
        return real(pwhash, password)

    monkeypatch.setattr(services, "check_password_hash", counting)
    return calls


def test_sign_in_checks_a_password_hash_whether_or_not_the_address_has_an_account(
    client, make_user, hash_checks
):
    make_user(email="known@example.org")
    client.post("/login", data={"email": "known@example.org", "password": "wrong guess"})
    client.post("/login", data={"email": "nobody@example.org", "password": "wrong guess"})
    assert len(hash_checks) == 2
    # The stand-in hash is made the same way as real ones, so it costs the same.
    method = client.application.config["PASSWORD_HASH_METHOD"]
    assert all(h.startswith(method.split(":")[0]) for h in hash_checks)


def test_a_deactivated_account_costs_the_same_check(client, make_user, db, hash_checks):
    user = make_user(email="gone@example.org")
    user.active = False
    db.session.commit()
    assert (
        client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 400
    )
    assert len(hash_checks) == 1


def test_password_spraying_from_one_address_is_limited(app, client, make_user):
    app.config["LOGIN_FAILURES_PER_ADDRESS"] = (5, 900)
    victims = [make_user(email=f"staff{n}@example.org") for n in range(8)]
    answers = [
        client.post("/login", data={"email": v.email, "password": "Spring2026!"}).status_code
        for v in victims[:5]
    ]
    assert answers == [400] * 5  # each account was tried once only
    blocked = client.post("/login", data={"email": victims[6].email, "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Too many failed attempts" in blocked.get_data(as_text=True)
    # Another address is not affected.
    other = app.test_client()
    ok = other.post(
        "/login",
        data={"email": victims[7].email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.7"},
    )
    assert ok.status_code == 302


def _register(app, email, password="a brand new password"):
    return app.test_client().post(
        "/register",
        data={"name": "Someone", "email": email, "password": password, "confirm": password},
    )


def test_registration_answers_the_same_for_a_free_and_a_taken_address(app, make_user):
    make_user(email="taken@example.org")
    free, taken = _register(app, "free@example.org"), _register(app, "taken@example.org")
    assert free.status_code == taken.status_code == 302
    assert free.headers["Location"] == taken.headers["Location"]

    def answer(response, email):
        session = _session_of(app, response)
        assert "_user_id" not in session  # nobody is signed in by registering
        return repr(session.get("_flashes")).replace(email, "@")

    assert answer(free, "free@example.org") == answer(taken, "taken@example.org")


def _session_of(app, response) -> dict:
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    value = cookie.split(";", 1)[0].split("=", 1)[1]
    return app.session_interface.get_signing_serializer(app).loads(value)


def test_a_new_account_signs_in_after_registering(app, db):
    response = _register(app, "new@example.org")
    client = app.test_client()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sign in" in page
    assert (
        client.post(
            "/login", data={"email": "new@example.org", "password": "a brand new password"}
        ).status_code
        == 302
    )
