"""Numbers, dates and the language tag of a Word export, in the process language.

The services build every export inside ``flask_babel.force_locale(process.language)``;
these helpers read that locale (English outside an app context) and format with Babel,
so "45000" prints "45,000" in English and "45 000" in French.
"""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _format_date
from babel.numbers import format_decimal

# The language tag written into the file (styles and settings). English government papers
# of the method's users follow British usage; the others take their European variant.
LANGUAGE_TAGS = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "pt": "pt-PT"}


def locale() -> Locale:
    try:
        from flask_babel import get_locale

        current = get_locale()
    except (ImportError, RuntimeError, KeyError):
        current = None
    if current is None:
        current = "en"
    current = current if isinstance(current, Locale) else _parse(str(current))
    if current.language == "en" and not current.territory:
        return Locale.parse("en_GB")  # as the language tag: "1 Feb 2027", not "Feb 1, 2027"
    return current


def _parse(code: str) -> Locale:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def language_tag(code: str | None = None) -> str:
    """``fr`` -> ``fr-FR``: the tag Word and LibreOffice use for spelling and hyphenation."""
    loc = _parse(code) if code else locale()
    if loc.territory:
        return f"{loc.language}-{loc.territory}"
    return LANGUAGE_TAGS.get(loc.language, loc.language)


def number(value, decimals: int | None = None) -> str:
    """A number with the locale's grouping; whole numbers without decimals; "" for None."""
    if value is None or value == "":
        return ""
    value = float(value)
    if decimals is None:
        decimals = 0 if value.is_integer() else 2
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale())


def signed(value: float, decimals: int = 2) -> str:
    """A score with its sign (+0.42 / −0.10)."""
    text = number(abs(value), decimals)
    return ("+" if value >= 0 else "\u2212") + text


def day(value: date | datetime | None, form: str = "medium") -> str:
    """A date in the locale's form ("3 Dec 2026", "3 déc. 2026"); "" for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return _format_date(value, format=form, locale=locale())


def period(start: date | None, end: date | None) -> str:
    if start and end and end != start:
        return f"{day(start)} \u2013 {day(end)}"
    return day(start or end)


def colon() -> str:
    """ ": " between a label and its text; French sets a (no-break) space before it."""
    return "\u00a0: " if locale().language == "fr" else ": "
