"""Dates as plans write them: a day (2027-03-15) or only a month (2027-03); and the one
way every page shows a date, or a date with its time.

A month is stored as a real date (its first day for a start, its last day for an end)
with a precision flag, so sorting, Gantt bars and date checks keep working; it is shown
as "March 2027" in the reader's language (Babel).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from functools import lru_cache

from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton
from flask_babel import format_date, format_time, get_babel, get_locale

from .request_translations import current_locale

DAY, MONTH = "day", "month"
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_SLASH_MONTH = re.compile(r"^(\d{1,2})/(\d{4})$")  # 03/2027


def parse(text: str, *, end: bool = False) -> tuple[date, str]:
    """``(date, precision)`` from "2027-03-15", "2027-03" or "03/2027".

    A month gives its first day, or its last with ``end=True``. Raises ``ValueError``
    for anything else (the caller turns it into a field message)."""
    text = (text or "").strip()
    if match := _ISO_DAY.match(text):
        year, month, day = map(int, match.groups())
        return date(year, month, day), DAY
    match = _ISO_MONTH.match(text) or _SLASH_MONTH.match(text)
    if match is None:
        raise ValueError(text)
    first, second = map(int, match.groups())
    year, month = (first, second) if match.re is _ISO_MONTH else (second, first)
    if not 1 <= month <= 12:
        raise ValueError(text)
    day = calendar.monthrange(year, month)[1] if end else 1
    return date(year, month, day), MONTH


def as_input(value: date | None, precision: str = DAY) -> str:
    """The text to put back in a form field."""
    if value is None:
        return ""
    return value.strftime("%Y-%m") if precision == MONTH else value.isoformat()


def show(value: date | None, precision: str = DAY, fmt: str = "medium") -> str:
    """A date for the reader: "March 2027" for a month, the locale's format for a day."""
    if value is None:
        return ""
    locale = current_locale()
    if type(value) is date and locale is not None:
        pattern = get_babel().instance.date_formats.get(f"date.{fmt}") or fmt
        return _shown(value, precision, pattern, locale)
    if precision == MONTH:
        return format_skeleton("yMMMM", value, locale=get_locale())
    return format_date(value, fmt)


# A plain date's text depends only on the date, the pattern and the locale (Babel's data
# never changes while the server runs; a date, unlike a datetime, has no time zone), so it
# is remembered for every request and process: the action plan writes ~130 dates a page,
# each costing Babel a pattern parse (issue 18).
@lru_cache(maxsize=8192)
def _shown(value: date, precision: str, pattern: str, locale) -> str:
    if precision == MONTH:
        return format_skeleton("yMMMM", value, locale=locale)
    return babel_format_date(value, pattern, locale=locale)


def show_moment(value: datetime | None) -> str:
    """A moment for the reader: the same date as ``show`` gives ("3 déc. 2026"), then the
    hour and minute, joined as the locale joins them. Pages used to mix this with the
    locale's numeric short form ("03/12/2026 13:22"): one date format everywhere."""
    if value is None:
        return ""
    joined = get_locale().datetime_formats["medium"]
    return joined.format(format_time(value, "short"), format_date(value, "medium"))
