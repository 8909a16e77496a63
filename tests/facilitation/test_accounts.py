from facilitation import services
from facilitation.models import User

from ..conftest import PASSWORD


def test_first_account_administers_the_site(client, db):
    response = client.post(
        "/register",
        data={
            "name": "First",
            "email": "First@Example.org",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert response.status_code == 302
    client.post("/logout")
    client.post(
        "/register",
        data={
            "name": "Second",
            "email": "second@example.org",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    users = {u.email: u for u in db.session.execute(db.select(User)).scalars()}
    assert users["first@example.org"].is_admin
    assert not users["second@example.org"].is_admin
    assert PASSWORD not in users["first@example.org"].password_hash


def test_registration_errors_are_field_level_and_nothing_is_saved(client, db):
    response = client.post(
        "/register", data={"name": "", "email": "not-an-email", "password": "short", "confirm": "x"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter your name." in page
    assert "This does not look like an e-mail address." in page
    assert "Use at least 10 characters." in page
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_registering_a_taken_address_creates_nothing_and_changes_nothing(client, make_user, db):
    """The answer is the same as for a free address (see test_sign_in_privacy.py), but no
    second account is made and the existing account keeps its password."""
    make_user(email="taken@example.org")
    response = client.post(
        "/register",
        data={
            "name": "X",
            "email": "TAKEN@example.org",
            "password": "other password 1",
            "confirm": "other password 1",
        },
    )
    assert response.status_code == 302
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1
    assert services.authenticate("taken@example.org", PASSWORD)
    assert not services.authenticate("taken@example.org", "other password 1")


def test_login_and_logout(client, make_user):
    make_user(email="ana@example.org")
    wrong = client.post("/login", data={"email": "ana@example.org", "password": "wrong password"})
    assert wrong.status_code == 400
    assert "The e-mail address or the password is not right." in wrong.get_data(as_text=True)
    ok = client.post("/login", data={"email": "ANA@example.org ", "password": PASSWORD})
    assert ok.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_login_only_follows_local_next(client, make_user):
    make_user(email="ana@example.org")
    response = client.post(
        "/login",
        data={"email": "ana@example.org", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post(
        "/login", data={"email": "ana@example.org", "password": PASSWORD, "next": "/account"}
    )
    assert response.headers["Location"] == "/account"


def test_deactivated_account_cannot_sign_in(client, make_user, db):
    user = make_user(email="gone@example.org")
    user.active = False
    db.session.commit()
    response = client.post("/login", data={"email": "gone@example.org", "password": PASSWORD})
    assert response.status_code == 400


def test_session_cookie_is_http_only_and_same_site(client, make_user, app):
    make_user(email="ana@example.org")
    response = client.post("/login", data={"email": "ana@example.org", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_account_password_change_needs_the_current_one(client, make_user, login_as):
    user = make_user()
    login_as(user)
    bad = client.post(
        "/account",
        data={
            "name": "Renamed",
            "locale": "",
            "current_password": "nope",
            "new_password": "another long one",
        },
    )
    assert bad.status_code == 400
    ok = client.post(
        "/account",
        data={
            "name": "Renamed",
            "locale": "fr",
            "current_password": PASSWORD,
            "new_password": "another long one",
        },
    )
    assert ok.status_code == 302
    assert services.authenticate(user.email, "another long one")


def test_repeated_failed_sign_ins_are_slowed_down(client, make_user):
    from facilitation.auth import failed_logins

    make_user(email="target@example.org")
    for _ in range(10):
        assert (
            client.post(
                "/login", data={"email": "target@example.org", "password": "guess"}
            ).status_code
            == 400
        )
    blocked = client.post("/login", data={"email": "target@example.org", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Too many failed attempts" in blocked.get_data(as_text=True)
    failed_logins._events.clear()


def test_sign_out_says_when_offline_drafts_stay_in_the_browser(client, make_user):
    """page.js tells the server how many offline copies it could not send at sign-out; the
    sign-in page says so. A malformed count never keeps anyone from signing out."""
    make_user(email="ana@example.org")
    for kept, said in (
        ("1", "1 draft written offline could not be sent"),
        ("3", "3 drafts written offline could not be sent"),
        ("0", None),
        ("many", None),
        ("-2", None),
        ("99999999999999999999", None),
    ):
        client.post("/login", data={"email": "ana@example.org", "password": PASSWORD})
        out = client.post("/logout", data={"offline_copies_kept": kept})
        assert out.status_code == 302
        assert out.headers["Clear-Site-Data"] == '"cache"'  # the pages the browser kept
        page = client.get(out.headers["Location"]).get_data(as_text=True)
        assert "You are signed out." in page
        if said:
            assert said in page
        else:
            assert "written offline" not in page
        assert client.get("/").status_code == 302
