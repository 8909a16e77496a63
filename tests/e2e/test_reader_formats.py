"""Issue 15, "in the room and at the desk": what a French reader sees. Amounts, scores and
dates follow the reader's locale (the same cells read by an English reader give the same
numbers in English form); a half-typed date in the browser's date picker gets the field's
French message with the form's other errors; card grids have no staggered cards and no
stage page scrolls sideways on a phone."""

from __future__ import annotations

import re

import pytest

from demo import loader as demo
from facilitation.extensions import db
from facilitation.models import Process, User
from policycycle.models import PolicyOption

pytestmark = pytest.mark.browser

FRENCH_GROUPED = re.compile(r"\d{1,3}(?:[\u202f\u00a0 ]\d{3})+")
ENGLISH_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
FRENCH_DATE = re.compile(
    r"\b\d{1,2} (janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)\.? \d{4}, \d{2}:\d{2}"
)
ENGLISH_DATE = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}")

# Cards side by side in a grid start at the same height and are as tall as each other;
# paired form fields put their boxes on one line. Returns the rows that do not.
STAGGERED = """() => {
  const groups = [
    ...[...document.querySelectorAll('.cycle, .cards')].map(g => [...g.children]),
    ...[...document.querySelectorAll('.grid-2')].map(g =>
        [...g.children].map(c => c.matches('.field') ? c.querySelector('input, select, textarea') : c)),
  ];
  const out = [];
  for (const items of groups) {
    const rects = items.filter(Boolean).map(e => e.getBoundingClientRect()).filter(r => r.height > 0);
    const rows = [];
    for (const r of rects) {
      const row = rows.find(row => row.some(o => o.top < r.bottom - 1 && r.top < o.bottom - 1));
      row ? row.push(r) : rows.push([r]);
    }
    for (const row of rows.filter(row => row.length > 1)) {
      const tops = row.map(r => Math.round(r.top)), heights = row.map(r => Math.round(r.height));
      if (Math.max(...tops) - Math.min(...tops) > 1 || Math.max(...heights) - Math.min(...heights) > 1)
        out.push({tops, heights});
    }
  }
  return out;
}"""


def _demo(app):
    demo.load(app)
    process = db.session.execute(db.select(Process).order_by(Process.id)).scalars().first()
    users = {u.email: u for u in db.session.scalars(db.select(User))}
    users["coordinator@demo.example"].locale = "fr"
    users["expert@demo.example"].locale = "en"
    option = db.session.scalars(
        db.select(PolicyOption).where(PolicyOption.process_id == process.id)
    ).first()
    db.session.commit()
    return process, option.objective_id


def _numbers(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_french_reader_reads_french_amounts_scores_dates_and_date_errors(
    live_server, app, browser, sign_in
):
    process, objective_id = _demo(app)
    server = live_server()
    base = f"{server.url}/p/{process.id}"
    readers = {}
    for language, email in (("fr", "coordinator@demo.example"), ("en", "expert@demo.example")):
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = sign_in(context.new_page(), server.url, email)
        page.goto(f"{base}/action-plan")
        cost = page.locator(".pl-funding-years tfoot td strong").first.inner_text()
        page.goto(f"{base}/options/{objective_id}")
        total = page.locator(".pl-mca-table .pl-total strong").first.inner_text()
        page.goto(f"{base}/agenda")
        agreed = page.locator(".agreed-banner").inner_text()
        readers[language] = {"cost": cost, "total": total, "agreed": agreed}
        if language == "fr":
            # A date picker left half-typed, and no title: both errors at once, in French.
            page.goto(f"{base}/stakeholders/consultations/new")
            page.locator("#starts_on").click()
            page.keyboard.type("03")
            assert page.evaluate("document.querySelector('#starts_on').validity.badInput")
            page.get_by_role("button", name="Enregistrer la consultation").click()
            page.wait_for_load_state("load")
            readers[language]["date_error"] = page.locator("#starts_on-error").inner_text()
            readers[language]["summary"] = page.locator("[data-error-summary]").inner_text()
        context.close()
    fr, en = readers["fr"], readers["en"]
    assert FRENCH_GROUPED.search(fr["cost"]) and "," not in fr["cost"], fr
    assert ENGLISH_GROUPED.search(en["cost"]), en
    assert _numbers(fr["cost"]) == _numbers(en["cost"])
    assert re.fullmatch(r"[+−-]\d,\d\d", fr["total"]) and re.fullmatch(
        r"[+−-]\d\.\d\d", en["total"]
    )
    assert FRENCH_DATE.search(fr["agreed"]) and not ENGLISH_DATE.search(fr["agreed"]), fr
    assert ENGLISH_DATE.search(en["agreed"]), en
    assert fr["date_error"] == "Saisissez la date au format année-mois-jour."
    assert fr["date_error"] in fr["summary"] and "Not a valid date" not in fr["summary"]
    assert len(fr["summary"].strip().splitlines()) >= 3  # heading, the date, the title


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)], ids=["desk", "phone"])
def test_no_staggered_cards_and_no_sideways_page(live_server, app, browser, sign_in, size):
    process, objective_id = _demo(app)
    server = live_server()
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    page = sign_in(context.new_page(), server.url, "coordinator@demo.example")
    base = f"{server.url}/p/{process.id}"
    problems = {}
    try:
        for path in (
            "/",
            "/analysis/statement",
            "/drafts/",
            "/exports/",
            "/members",
            f"/options/{objective_id}",
            "/evidence/",
        ):
            page.goto(base + path)
            page.wait_for_load_state("load")
            found = page.evaluate(STAGGERED)
            wide = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if found or wide > 0:
                problems[path] = {"staggered": found, "sideways_px": wide}
        page.goto(server.url + "/")  # the list of processes: cards too
        if page.evaluate(STAGGERED):
            problems["/"] = page.evaluate(STAGGERED)
    finally:
        context.close()
    assert not problems, problems


def test_language_switch_on_the_sign_in_page_and_in_the_header(
    live_server, browser, sign_in, make_user
):
    from ..conftest import PASSWORD

    user = make_user()
    server = live_server()
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(server.url + "/login")
        assert page.evaluate("document.documentElement.lang") == "en"
        # The switch submits itself when a language is picked (no button hunt).
        page.get_by_label("Language").select_option("fr")
        page.wait_for_function("document.documentElement.lang === 'fr'")
        assert page.get_by_label("Mot de passe").is_visible()
        sign_in(page, server.url, user.email, PASSWORD)
        # The choice made before signing in is kept; the header's switch changes it.
        assert page.evaluate("document.documentElement.lang") == "fr"
        page.get_by_label("Langue").select_option("pt")
        page.wait_for_function("document.documentElement.lang === 'pt'")
    finally:
        context.close()
