"""The language switch in the header and on the sign-in page."""

from __future__ import annotations

from ..conftest import PASSWORD


def test_a_visitor_switches_the_sign_in_page_to_french(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get("/login").get_data(as_text=True)
    assert 'name="language"' in page and '<html lang="en"' in page
    answer = client.post("/language", data={"language": "fr", "next": "/login"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/login")
    assert '<html lang="fr"' in client.get("/login").get_data(as_text=True)


def test_the_switch_keeps_a_signed_in_person_s_choice_on_their_account(client, make_user, db):
    user = make_user()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    client.post("/language", data={"language": "pt", "next": "/"})
    db.session.refresh(user)
    assert user.locale == "pt"
    # "Process language" clears the choice again.
    client.post("/language", data={"language": "", "next": "/"})
    db.session.refresh(user)
    assert user.locale is None


def test_the_switch_refuses_unknown_languages_and_foreign_redirects(client):
    answer = client.post("/language", data={"language": "xx", "next": "https://evil.example/"})
    assert answer.status_code == 302
    assert "evil.example" not in answer.headers["Location"]
    assert '<html lang="en"' in client.get("/login").get_data(as_text=True)


def test_signing_out_keeps_the_sign_in_page_in_the_person_s_language(client, make_user, db):
    """A French user on an English browser signs out: the "signed out" message is in
    French, and so is the sign-in page it is shown on (not English around French)."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    user = make_user()
    user.locale = "fr"
    db.session.commit()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    out = client.post("/logout")
    page = client.get(out.headers["Location"]).get_data(as_text=True)
    assert '<html lang="fr"' in page
    assert "Vous êtes déconnecté" in page
