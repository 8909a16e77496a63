"""A live session in Chromium: a facilitator and two participants on phones join by code,
brainstorm a SWOT, vote with dots, the facilitator reveals the results and accepts ideas
into the SWOT, and the SWOT stage shows them with their provenance."""

from __future__ import annotations

import os
from datetime import date

import pytest

from facilitation.extensions import db
from workshops import services
from workshops.models import ActivityKind, CycleTarget

from ..conftest import PASSWORD

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("WORKSHOP_SCREENSHOTS")  # a folder to keep screenshots in, if set


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"workshop-{name}.png"), full_page=True)


ERRORS: list[str] = []


def watch_errors(page):
    page.on("pageerror", lambda error: ERRORS.append(f"{page.url}: {error}"))
    page.on("console", lambda m: m.type == "error" and ERRORS.append(f"{page.url}: {m.text}"))


def join_on_phone(browser, url, code, name, institution, sex):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    watch_errors(phone)
    phone.goto(url + "/w/")
    phone.get_by_label("Session code").fill(code.lower())
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_label("Your name").fill(name)
    phone.get_by_label("Your institution").fill(institution)
    phone.get_by_label(sex, exact=True).check()
    phone.get_by_role("button", name="Join the session").click()
    phone.get_by_text("Waiting for the facilitator").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    return context, phone


def test_facilitator_and_two_participants_run_a_session(
    live_server, make_user, make_process, browser
):
    facilitator = make_user(name="Ana Ferreira")
    process = make_process(owner=facilitator)
    workshop = services.create_workshop(
        process.id,
        facilitator,
        title="Situation workshop",
        session_date=date(2026, 11, 30),
        venue="Room B",
    )
    services.save_item(
        workshop,
        title="SWOT of migration governance",
        kind=ActivityKind.BRAINSTORM,
        feeds=CycleTarget.SWOT,
    )
    brainstorm = workshop.items[0]
    services.save_item(
        workshop,
        title="Which points matter most?",
        kind=ActivityKind.DOT_VOTE,
        feeds=CycleTarget.SWOT,
        dots=3,
        max_per_choice=2,
        source_item_id=brainstorm.id,
    )
    db.session.commit()
    server = live_server()
    code = workshop.code

    console_context = browser.new_context(viewport={"width": 1280, "height": 900})
    console = console_context.new_page()
    watch_errors(console)
    console.goto(server.url + "/login")
    console.get_by_label("E-mail address").fill(facilitator.email)
    console.get_by_label("Password").fill(PASSWORD)
    console.get_by_role("button", name="Sign in").click()
    console.goto(f"{server.url}/p/{process.id}/workshops/{workshop.id}/console")
    projector = console_context.new_page()
    watch_errors(projector)
    projector.goto(f"{server.url}/p/{process.id}/workshops/{workshop.id}/projector")
    projector.locator(".ws-proj-lobby-code strong").filter(has_text=code).wait_for()

    amina_context, amina = join_on_phone(
        browser, server.url, code, "Amina Diallo", "Ministry of Interior", "Female"
    )
    kofi_context, kofi = join_on_phone(
        browser, server.url, code, "Kofi Asante", "Diaspora Desk", "Male"
    )
    projector.locator("#lobby-count").filter(has_text="2").wait_for()

    # Brainstorm into the SWOT quadrants.
    console.get_by_role("button", name="Open", exact=True).click()
    amina.get_by_text("Strengths").click()
    amina.get_by_label("Your idea").fill("A lead ministry with a clear mandate")
    amina.get_by_role("button", name="Send").click()
    amina.get_by_text("Sent. Thank you!").wait_for()
    kofi.get_by_text("Weaknesses").click()
    kofi.get_by_label("Your idea").fill("No shared register of foreigners")
    kofi.get_by_role("button", name="Send").click()
    kofi.get_by_text("Sent. Thank you!").wait_for()
    projector.locator(".ws-proj-card", has_text="No shared register of foreigners").wait_for()
    card = console.locator(".ws-card", has_text="A lead ministry with a clear mandate")
    card.wait_for()
    assert "Amina Diallo" in card.inner_text()
    shot(projector, "projector-brainstorm")
    shot(amina, "phone-brainstorm")

    # Accept both ideas into the SWOT.
    for text in ("A lead ministry with a clear mandate", "No shared register of foreigners"):
        console.locator(".ws-card", has_text=text).get_by_role(
            "button", name="Accept into the process…"
        ).click()
        assert console.locator("#dialog select[name=target]").input_value() == "swot"
        console.get_by_role("button", name="Apply").click()
        console.locator(".ws-card", has_text=text).get_by_text("In the process").wait_for()
    shot(console, "console-brainstorm")
    console.get_by_role("button", name="Close", exact=True).click()

    # Dot vote: results stay hidden from phones until revealed.
    console.locator("#agenda").get_by_role("button", name="Which points matter most?").click()
    console.get_by_role("button", name="Open", exact=True).click()
    amina.get_by_role("button", name="Add a dot: No shared register of foreigners").click()
    amina.get_by_role("button", name="Add a dot: No shared register of foreigners").click()
    amina.get_by_role("button", name="Add a dot: A lead ministry with a clear mandate").click()
    amina.locator("#phone-status", has_text="0 of 3 dots left").wait_for()
    kofi.get_by_role("button", name="Add a dot: No shared register of foreigners").click()
    console.locator(".ws-results-count", has_text="2 answered").wait_for()
    assert amina.locator(".ws-results").count() == 0
    assert projector.locator(".ws-results").count() == 0
    assert projector.get_by_text("Results are shown when the facilitator reveals them").is_visible()
    shot(amina, "phone-vote")
    console.get_by_role("button", name="Close", exact=True).click()
    kofi.get_by_text("This activity is closed.").wait_for()
    console.get_by_role("button", name="Reveal results").click()
    for screen in (amina, kofi, projector):
        screen.locator(".ws-bar", has_text="No shared register of foreigners").get_by_text(
            "3 dots"
        ).wait_for()
    shot(projector, "projector-results")
    shot(kofi, "phone-results")

    # The SWOT stage shows the accepted items with where they came from.
    console.goto(f"{server.url}/p/{process.id}/analysis")
    strengths = console.locator(".q-S")
    strengths.get_by_text("A lead ministry with a clear mandate").wait_for()
    assert "Workshop “Situation workshop”" in strengths.inner_text()
    weaknesses = console.locator(".q-W")
    assert "No shared register of foreigners" in weaknesses.inner_text()
    assert "Workshop “Situation workshop”" in weaknesses.inner_text()
    shot(console, "swot-stage")
    records = f"{server.url}/p/{process.id}/workshops/{workshop.id}/records"
    console.goto(records)
    assert console.get_by_text("Accepted as SWOT item").count() == 2
    assert "Female 1" in console.inner_text("body") and "Male 1" in console.inner_text("body")
    assert not ERRORS, ERRORS
    for context in (amina_context, kofi_context, console_context):
        context.close()
