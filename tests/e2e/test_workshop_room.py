"""The projector fits the screen: a 20-option dot vote is readable whole at 1024x768,
1366x768 and 1920x1080 (by columns, smaller type or pages that turn), the join details sit
in a slim bar that never covers an option and can be hidden, and nothing scrolls."""

from __future__ import annotations

import os
import re
from datetime import date

import pytest

from facilitation.extensions import db
from policycycle.analysis import services as analysis
from workshops import activities, join_address, services
from workshops.models import ActivityKind, CycleTarget

from ..conftest import PASSWORD
from .waiting import wait_for_js

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("WORKSHOP_SCREENSHOTS")

ISSUES = [
    "Irregular departures of young graduates to neighbouring states",
    "No shared register of foreign residents across ministries",
    "Remittance costs above the SDG 10.c target",
    "Labour inspectors lack mandate over recruitment agencies",
    "Return and reintegration support ends after three months",
    "Diaspora skills are not matched with public sector vacancies",
    "Border posts record entries on paper",
    "Visa policy changes are not communicated to consulates",
    "Seasonal workers abroad have no pension portability",
    "Trafficking cases take years to reach a verdict",
    "Climate-driven internal displacement from the coastal districts",
    "Municipal services do not know how many migrants they serve",
    "Recognition of foreign diplomas takes over a year",
    "Consular staff are not trained on labour rights",
    "Data on emigration come only from destination countries",
    "Students abroad lose contact with national institutions",
    "Pre-departure orientation reaches few women workers",
    "Asylum decisions are not published or analysed",
    "Migration does not appear in the national development plan",
    "No budget line for the migration policy's coordination body",
]


@pytest.fixture
def vote_on_screen(make_user, make_process):
    facilitator = make_user(name="Ana Ferreira")
    process = make_process(owner=facilitator)
    for title in ISSUES:
        analysis.save_issue(process.id, title=title)
    workshop = services.create_workshop(
        process.id, facilitator, title="Agenda workshop", session_date=date(2026, 12, 3)
    )
    item = services.save_item(
        workshop,
        title="Which issues should the policy take up first?",
        kind=ActivityKind.DOT_VOTE,
        feeds=CycleTarget.ISSUES,
        dots=5,
        max_per_choice=2,
    )
    db.session.flush()
    activities.open_item(workshop, item)
    db.session.commit()
    return facilitator, process, workshop


def _sign_in(page, url, user):
    page.goto(url + "/login")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _visible_options(page) -> list[str]:
    """Options drawn inside the stage, none under the join bar or beyond the screen."""
    return page.evaluate(
        """() => {
          const stage = document.getElementById('stage').getBoundingClientRect();
          const bar = document.getElementById('join');
          const barTop = bar.hidden ? innerHeight : bar.getBoundingClientRect().top;
          const shown = [];
          for (const li of document.querySelectorAll('.ws-proj-choices li')) {
            const r = li.getBoundingClientRect();
            if (r.height === 0) continue;
            if (r.bottom > Math.min(stage.bottom, barTop) + 1 || r.right > innerWidth + 1
                || r.top < stage.top - 1) {
              throw new Error('option outside the screen: ' + li.textContent);
            }
            shown.push(li.textContent);
          }
          return shown;
        }"""
    )


SCREENS = [(1024, 768), (1366, 768), (1920, 1080)]


def test_a_twenty_option_vote_fits_the_projector(live_server, browser, vote_on_screen):
    facilitator, process, workshop = vote_on_screen
    server = live_server()
    for width, height in SCREENS:  # one server for the three projector sizes
        _fits(browser, server, facilitator, process, workshop, width, height)


def _fits(browser, server, facilitator, process, workshop, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    _sign_in(page, server.url, facilitator)
    page.goto(f"{server.url}/p/{process.id}/workshops/{workshop.id}/projector")
    page.locator(".ws-proj-choices li").first.wait_for()
    wait_for_js(page, "document.getElementById('stage').style.getPropertyValue('--fit') !== ''")

    # Nothing scrolls: the page is exactly the screen.
    assert page.evaluate("document.documentElement.scrollHeight") <= height
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The join details are in the slim bar, below the stage, with the code.
    bar = page.locator("#join")
    assert bar.is_visible() and workshop.code in bar.inner_text()
    assert bar.bounding_box()["height"] < height * 0.16

    # Every option is on screen, at once or on one of the pages (a clicker turns them).
    seen: list[str] = []
    pages = page.locator(".ws-proj-page")
    turns = 1
    if pages.count():
        turns = int(pages.inner_text().split()[-1])
    for _turn in range(turns):
        seen.extend(_visible_options(page))
        if turns > 1:
            page.keyboard.press("PageDown")
    assert sorted(set(seen)) == sorted(ISSUES), (width, height)
    # Type stays readable across a room: never under ~15 px on a 768-px-high screen.
    smallest = page.evaluate(
        "Math.min(...[...document.querySelectorAll('.ws-proj-choices li')]"
        ".map(li => parseFloat(getComputedStyle(li).fontSize)))"
    )
    assert smallest >= 15
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"projector-vote-{width}x{height}.png"))

    # J hides the join bar and the stage takes the room; the button brings it back.
    page.keyboard.press("j")
    assert not bar.is_visible()
    page.get_by_role("button", name="Show the join details").click()
    assert bar.is_visible()
    context.close()


def test_the_console_hides_the_join_bar_and_picks_the_join_address(
    live_server, browser, vote_on_screen
):
    facilitator, process, workshop = vote_on_screen
    server = live_server()
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    console = context.new_page()
    _sign_in(console, server.url, facilitator)
    console.goto(f"{server.url}/p/{process.id}/workshops/{workshop.id}/console")
    projector = context.new_page()
    projector.goto(f"{server.url}/p/{process.id}/workshops/{workshop.id}/projector")
    projector.locator("#join").wait_for()

    # The console offers this computer's network addresses, not 127.0.0.1.
    choice = console.get_by_label("Address phones open")
    choice.wait_for()
    # The test server listens on 127.0.0.1 only: the console says phones cannot reach it.
    assert console.get_by_text("Phones cannot reach this computer yet").is_visible()
    options = choice.locator("option").all_inner_texts()
    lan = join_address.lan_addresses()
    if lan:  # a machine on no network at all can only offer itself
        assert options[0].startswith(f"http://{lan[0]}:")
        assert not any("127.0.0.1" in o for o in options)
    assert projector.locator("#join-url").inner_text().startswith(options[0])
    if len(options) > 1:  # picking another address changes the projector's at once
        choice.select_option(label=options[1])
        wait_for_js(
            projector,
            f"document.getElementById('join-url').textContent.startsWith({options[1]!r})",
        )

    console.get_by_label("Show the join details on the projector").uncheck()
    wait_for_js(projector, "document.getElementById('join').hidden")
    console.get_by_label("Show the join details on the projector").check()
    wait_for_js(projector, "!document.getElementById('join').hidden")
    context.close()


def _join(browser, url, code):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    phone.goto(f"{url}/w/{code}")
    phone.get_by_label("Your name").fill("Amina Diallo")
    phone.get_by_role("button", name="Join the session").click()
    return context, phone


def test_a_phone_votes_on_twenty_options_without_losing_count_or_focus(
    live_server, browser, vote_on_screen
):
    facilitator, process, workshop = vote_on_screen
    server = live_server()
    context, phone = _join(browser, server.url, workshop.code)
    rows = phone.locator(".ws-choice")
    rows.first.wait_for()
    assert rows.count() == 20
    # Compact rows: the whole list is a few screens, not ~5,500 px.
    assert phone.evaluate("document.documentElement.scrollHeight") < 2600

    # The keyboard keeps working: focus stays on "Add a dot" after each live redraw.
    add = phone.get_by_role("button", name=f"Add a dot: {ISSUES[0]}")
    add.focus()
    phone.keyboard.press("Enter")
    phone.locator("#phone-status", has_text="4 of 5").wait_for()
    assert phone.evaluate("document.activeElement.getAttribute('data-focus')").startswith("more-")
    phone.keyboard.press("Enter")
    phone.locator("#phone-status", has_text="3 of 5").wait_for()

    # The dots left stay in sight at the bottom of the list.
    phone.get_by_role("button", name=f"Add a dot: {ISSUES[19]}").scroll_into_view_if_needed()
    status = phone.locator("#phone-status")
    box = status.bounding_box()
    assert status.is_visible() and 0 <= box["y"] < 844
    # ...and only there: one counter, not a second one at the top of the list.
    assert phone.get_by_text(re.compile("dots left", re.IGNORECASE)).count() == 1
    if SHOTS:
        phone.screenshot(path=os.path.join(SHOTS, "phone-vote-20.png"))
    context.close()


def test_the_idea_box_has_a_label_and_the_phone_speaks_the_room_language(
    live_server, browser, make_user, make_process
):
    facilitator = make_user()
    process = make_process(owner=facilitator, language="fr")
    workshop = services.create_workshop(
        process.id, facilitator, title="Atelier", session_date=date(2026, 12, 3)
    )
    item = services.save_item(
        workshop, title="Idées", kind=ActivityKind.BRAINSTORM, feeds=CycleTarget.SWOT
    )
    db.session.flush()
    activities.open_item(workshop, item)
    db.session.commit()
    server = live_server()
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en-GB", is_mobile=True
    )
    phone = context.new_page()
    phone.goto(f"{server.url}/w/{workshop.code}")
    assert phone.evaluate("document.documentElement.lang") == "fr"
    phone.get_by_label("Votre nom").fill("Amina")
    phone.get_by_role("button", name="Rejoindre la séance").click()
    phone.get_by_label("Votre idée").wait_for()
    phone.locator(".ws-phone-language select").select_option("en")
    phone.locator(".ws-phone-language button").click()
    phone.get_by_label("Your idea").wait_for()
    context.close()


def test_the_console_runs_the_agenda_in_order_and_asks_before_closing(
    live_server, browser, vote_on_screen
):
    facilitator, process, workshop = vote_on_screen
    services.save_item(
        workshop, title="Round of comments", kind=ActivityKind.BRAINSTORM, feeds=CycleTarget.SWOT
    )
    db.session.commit()
    server = live_server()
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    console = context.new_page()
    _sign_in(console, server.url, facilitator)
    console.goto(f"{server.url}/p/{process.id}/workshops/{workshop.id}/console")
    projector = context.new_page()
    projector.goto(f"{server.url}/p/{process.id}/workshops/{workshop.id}/projector")

    # Step 0: the welcome and join screen, in large type on the projector.
    console.get_by_role("button", name="Welcome and join screen").click()
    projector.locator(".ws-proj-lobby").wait_for()
    if SHOTS:
        projector.screenshot(path=os.path.join(SHOTS, "projector-lobby.png"))
    # The one obvious next step names the first activity; it opens it.
    console.get_by_role(
        "button", name="Next: Which issues should the policy take up first?"
    ).click()
    projector.locator(".ws-proj-choices").wait_for()
    # Going on while it is open asks first; cancelling keeps it open.
    console.get_by_role("button", name="Next: Round of comments").click()
    dialog = console.locator("#dialog")
    dialog.get_by_text("is still open").wait_for()
    dialog.get_by_role("button", name="Cancel").click()
    assert projector.locator(".ws-proj-choices").is_visible()
    console.get_by_role("button", name="Next: Round of comments").click()
    dialog.get_by_role("button", name="Close it and go on").click()
    projector.locator(".ws-proj-board").wait_for()
    if SHOTS:
        console.screenshot(path=os.path.join(SHOTS, "console-run.png"))
        projector.screenshot(path=os.path.join(SHOTS, "projector-board.png"))
    # Ending the session is the last control on the page, and asks too.
    end = console.get_by_role("button", name="End the session…")
    assert end.bounding_box()["y"] > console.locator("#panel").bounding_box()["y"]
    context.close()


def test_console_keeps_focus_after_a_live_action_and_says_only_what_changed(
    live_server, browser, vote_on_screen
):
    facilitator, process, workshop = vote_on_screen
    server = live_server()
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    console = context.new_page()
    _sign_in(console, server.url, facilitator)
    console.goto(f"{server.url}/p/{process.id}/workshops/{workshop.id}/console")
    reveal = console.get_by_role("button", name="Reveal results")
    reveal.focus()
    said_before = console.locator("#announce").inner_text()
    console.keyboard.press("Enter")
    # The panel is drawn again from the server's answer; the key press's control keeps focus…
    console.get_by_role("button", name="Hide results").wait_for()
    assert console.evaluate("document.activeElement.getAttribute('data-focus')") == "ctl-reveal"
    # …so a second press works without hunting for it again.
    console.keyboard.press("Enter")
    console.get_by_role("button", name="Reveal results").wait_for()
    assert console.evaluate("document.activeElement.getAttribute('data-focus')") == "ctl-reveal"
    # Screen readers hear short status lines, never the whole activity area again.
    live = console.evaluate(
        """() => [...document.querySelectorAll('[aria-live], [role=status], [role=alert]')]
                .filter(e => e.getAttribute('aria-live') !== 'off')
                .map(e => ({id: e.id, size: e.querySelectorAll('*').length,
                            chars: e.textContent.trim().length}))"""
    )
    assert all(region["size"] <= 3 and region["chars"] < 200 for region in live), live
    assert console.locator("#announce").inner_text() == said_before  # nothing new to say
    context.close()
