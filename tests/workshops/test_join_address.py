"""The address phones open: the laptop's own address on the room's network, picked on the
console among this machine's addresses only, and shown on every live screen."""

from __future__ import annotations

import pytest

from facilitation.extensions import db
from facilitation.models import Process
from workshops import join_address
from workshops.models import Workshop

from ..conftest import PASSWORD
from .test_socket import console_for


def test_a_laptop_browsed_as_localhost_offers_its_network_addresses():
    offered = join_address.candidates("http://127.0.0.1:5000/", addresses=["192.168.1.20"])
    assert offered == ["http://192.168.1.20:5000"]
    assert (
        join_address.choose("", "http://localhost:5000/")
        == join_address.candidates("http://localhost:5000/")[0]
    )


def test_a_named_server_keeps_its_own_name_and_the_configured_base_comes_first():
    assert join_address.candidates("https://policy.gov.example/", addresses=["10.0.0.5"]) == [
        "https://policy.gov.example"
    ]
    offered = join_address.candidates(
        "http://127.0.0.1:5000/", "http://room.local:5000/", addresses=["10.0.0.5"]
    )
    assert offered == ["http://room.local:5000", "http://10.0.0.5:5000"]


def test_a_stored_choice_from_another_network_falls_back():
    assert join_address.choose("http://203.0.113.9:5000", "http://127.0.0.1:5000/") != (
        "http://203.0.113.9:5000"
    )


def test_no_network_at_all_still_gives_an_address():
    assert join_address.candidates("http://127.0.0.1:5000/", addresses=[]) == [
        "http://127.0.0.1:5000"
    ]


def test_loopback_and_link_local_addresses_are_never_offered():
    for address in join_address.lan_addresses():
        assert not address.startswith(("127.", "169.254."))


@pytest.mark.server
def test_the_console_picks_the_address_and_hides_the_bar_for_every_screen(
    plan, live_server, clients
):
    session = plan()
    server = live_server()
    console = console_for(server, clients, session)
    screen = console_for(server, clients, session, audience="screen")
    state = console.sync()
    first = state["workshop"]["join_url"]
    assert state["workshop"]["show_join_bar"] is True
    assert "/w/" + session.workshop.code in first

    # Only this machine's addresses are accepted: the QR code cannot point elsewhere.
    refused = console.call("join_address", {"base": "http://evil.example"})
    assert refused["code"] == "unknown_join_address"
    assert "this computer" in refused["error"]
    for bad in ({"base": 42}, {}, {"base": ["x"]}):
        assert console.call("join_address", bad)["ok"] is False

    base = first.split("/w/")[0]
    assert console.call("join_address", {"base": base})["ok"]
    assert screen.wait_for("session", lambda d: d.get("join_url"))["join_url"] == first

    assert console.call("join_bar", {"shown": False})["ok"]
    assert screen.wait_for("session", lambda d: d.get("show_join_bar") is False)
    db.session.expire_all()
    assert db.session.get(Workshop, session.workshop.id).show_join_bar is False

    observer = console_for(server, clients, session, role="observer")
    assert observer.call("join_bar", {"shown": True})["code"] == "not_allowed"
    assert observer.call("join_address", {"base": base})["code"] == "not_allowed"


def test_phones_follow_the_workshop_language_and_can_switch(plan, client):
    session = plan()
    process = db.session.get(Process, session.workshop.process_id)
    process.language = "fr"
    db.session.commit()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(f"/w/{session.workshop.code}").get_data(as_text=True)
    assert '<html lang="fr">' in page
    answer = client.post("/w/language", data={"language": "pt", "back": "/w/"})
    assert answer.status_code == 302
    page = client.get(f"/w/{session.workshop.code}").get_data(as_text=True)
    assert '<html lang="pt">' in page
    # The switch never sends anyone off the workshop pages.
    answer = client.post("/w/language", data={"language": "es", "back": "https://evil.example/"})
    assert answer.headers["Location"].endswith("/w/")


def test_a_signed_in_member_s_own_language_does_not_change_the_phone_pages(plan, client):
    session = plan()
    db.session.get(Process, session.workshop.process_id).language = "es"
    user = session.users["member"]
    user.locale = "en"
    db.session.commit()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    page = client.get(f"/w/{session.workshop.code}").get_data(as_text=True)
    assert '<html lang="es">' in page
