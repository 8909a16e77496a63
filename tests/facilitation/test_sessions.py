"""Sessions are revocable: every sign-in is its own server-side session; an old cookie
(the session cookie or the remember-me cookie) replayed by another client after sign-out,
a password change, an administrator's "end sessions" or a deactivation signs nobody in."""

from __future__ import annotations

import pytest

from ..conftest import PASSWORD

REMEMBER = "remember_token"


def _sign_in(app, email, remember=True):
    client = app.test_client()
    response = client.post(
        "/login", data={"email": email, "password": PASSWORD, "remember": "y" if remember else ""}
    )
    assert response.status_code == 302
    return client


def _cookie(client, name):
    found = client.get_cookie(name)
    return found.value if found else None


def _replay(app, name, value):
    """A fresh client carrying only the copied cookie: is it signed in?"""
    thief = app.test_client()
    thief.set_cookie(name, value)
    return thief.get("/account").status_code == 200


@pytest.fixture
def ana(make_user):
    return make_user(email="ana@example.org", name="Ana")


def test_remember_cookie_differs_on_every_sign_in(app, ana):
    first = _cookie(_sign_in(app, ana.email), REMEMBER)
    second = _cookie(_sign_in(app, ana.email), REMEMBER)
    assert first and second and first != second


@pytest.mark.parametrize("cookie", ["session", REMEMBER])
def test_sign_out_ends_the_session_and_its_cookies(app, ana, cookie):
    client = _sign_in(app, ana.email)
    stolen = _cookie(client, cookie)
    assert _replay(app, cookie, stolen)
    client.post("/logout")
    assert not _replay(app, cookie, stolen)


@pytest.mark.parametrize("cookie", ["session", REMEMBER])
def test_password_change_ends_every_other_session(app, ana, cookie):
    elsewhere = _sign_in(app, ana.email)
    stolen = _cookie(elsewhere, cookie)
    here = _sign_in(app, ana.email)
    response = here.post(
        "/account",
        data={
            "name": "Ana",
            "locale": "",
            "current_password": PASSWORD,
            "new_password": "another long password",
        },
    )
    assert response.status_code == 302
    assert here.get("/account").status_code == 200  # the session that changed it stays
    assert elsewhere.get("/account").status_code == 302
    assert not _replay(app, cookie, stolen)


@pytest.mark.parametrize("cookie", ["session", REMEMBER])
def test_administrator_ends_a_users_sessions(app, ana, make_user, login_as, cookie):
    victim_client = _sign_in(app, ana.email)
    stolen = _cookie(victim_client, cookie)
    admin = login_as(make_user(is_admin=True))
    page = admin.get("/admin/users").get_data(as_text=True)
    assert f"/admin/users/{ana.id}/sessions/end" in page
    assert admin.post(f"/admin/users/{ana.id}/sessions/end").status_code == 302
    assert victim_client.get("/account").status_code == 302
    assert not _replay(app, cookie, stolen)
    assert _sign_in(app, ana.email).get("/account").status_code == 200  # can sign in again


@pytest.mark.parametrize("cookie", ["session", REMEMBER])
def test_deactivated_account_is_signed_out_everywhere(app, ana, make_user, login_as, db, cookie):
    victim_client = _sign_in(app, ana.email)
    stolen = _cookie(victim_client, cookie)
    admin = login_as(make_user(is_admin=True))
    assert admin.post(f"/admin/users/{ana.id}/active").status_code == 302
    assert victim_client.get("/account").status_code == 302
    assert not _replay(app, cookie, stolen)
    admin.post(f"/admin/users/{ana.id}/active")  # reactivated: old sessions stay ended
    assert not _replay(app, cookie, stolen)


def test_a_bare_user_id_in_a_forged_session_signs_nobody_in(app, ana):
    forged = app.test_client()
    with forged.session_transaction() as session:
        session["_user_id"] = str(ana.id)
    assert forged.get("/account").status_code == 302
