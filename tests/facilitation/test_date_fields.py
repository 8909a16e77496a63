"""Date inputs that match their error messages (issue 15): every date field is a browser
date input that sends year-month-day, and a date it cannot read gets one plain, translated
message naming that format, next to the field and with the form's other errors at once,
never WTForms' English "Not a valid date value"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from facilitation.extensions import db

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = {
    "en": "Enter the date as year-month-day.",
    "fr": "Saisissez la date au format année-mois-jour.",
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_unreadable_dates_say_the_format_in_the_readers_language(
    client, make_process, login_as, make_user, language
):
    user = make_user()
    user.locale = language
    db.session.commit()
    process = make_process(owner=user)
    login_as(user)
    response = client.post(
        f"/p/{process.id}/stakeholders/consultations/new",
        data={"title": "", "starts_on": "15/03/2027", "ends_on": "2027-02-30"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    message = MESSAGES[language]
    # Field-level, under each date, and listed in the summary with the missing title.
    assert re.search(rf'id="starts_on-error">{re.escape(message)}</p>', html)
    assert re.search(rf'id="ends_on-error">{re.escape(message)}</p>', html)
    assert 'id="title-error"' in html
    assert "Not a valid date" not in html and "Valeur de date" not in html
    # The field is the browser's date input, whose value is always year-month-day.
    assert re.search(r'<input[^>]*id="starts_on"[^>]*type="date"', html) or re.search(
        r'<input[^>]*type="date"[^>]*id="starts_on"', html
    )


def test_a_readable_date_is_kept_and_a_required_one_gets_one_message(
    client, make_process, login_as, make_user
):
    user = make_user()
    process = make_process(owner=user)
    login_as(user)
    url = f"/p/{process.id}/stakeholders/consultations/new"
    form = {"title": "Hearing", "stage": "analysis", "method": "workshop"}
    saved = client.post(url, data={**form, "starts_on": "2027-03-15"})
    assert saved.status_code in (302, 303), saved.get_data(as_text=True)
    # The half-typed marker page.js sends for a date picker left incomplete.
    half = client.post(url, data={**form, "starts_on": "unreadable"})
    html = half.get_data(as_text=True)
    assert half.status_code == 400 and html.count(MESSAGES["en"]) == 2  # field + summary


def test_every_form_date_is_the_shared_day_field():
    """WTForms' own DateField says "Not a valid date value." in English: none is left."""
    offenders = []
    for package in ("facilitation", "policycycle", "stakeholders", "drafting", "workshops"):
        for path in (ROOT / package).rglob("*.py") if (ROOT / package).exists() else []:
            text = path.read_text(encoding="utf-8")
            if re.search(r"(?<![A-Za-z])DateField\(", text) and path.name != "date_field.py":
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
