"""The process currency and how amounts are written. No Flask import: the screens pass
the reader's locale, the documents the process language.

A process stores an ISO 4217 code once chosen; until then its currency is derived from
the country (its name in any of the interface languages) or falls back to US dollars.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from babel.core import UnknownLocaleError
from babel.numbers import format_currency, format_decimal, get_territory_currencies, list_currencies

FALLBACK_CURRENCY = "USD"
# Country names are typed freely; these languages' territory names are tried.
_NAME_LOCALES = ("en", "fr", "es", "pt")


def is_valid_currency(code: str | None) -> bool:
    return bool(code) and code.upper() in list_currencies()


def _locale(locale) -> Locale:
    return _parsed_locale(str(locale or "en").replace("-", "_"))


@lru_cache(maxsize=64)
def _parsed_locale(name: str) -> Locale:
    try:
        return Locale.parse(name)
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


def currency_choices(locale) -> list[tuple[str, str]]:
    """(code, "CODE – name") for every currency Babel knows, sorted by code."""
    names = _locale(locale).currencies
    return [(code, f"{code} – {names.get(code, code)}") for code in sorted(list_currencies())]


@lru_cache(maxsize=1)
def _territories_by_name() -> dict[str, str]:
    table = {}
    for name in _NAME_LOCALES:
        for code, territory in Locale.parse(name).territories.items():
            if code.isalpha() and len(code) == 2:
                table.setdefault(territory.casefold(), code)
    return table


def default_currency(country: str | None) -> str:
    """The legal tender of the country named (e.g. "Ghana" -> GHS), else USD."""
    text = (country or "").strip()
    territory = text.upper() if len(text) == 2 else _territories_by_name().get(text.casefold())
    if territory:
        try:
            found = get_territory_currencies(territory, tender=True)
        except Exception:  # an unknown territory code: use the fallback
            found = []
        if found:
            return found[0]
    return FALLBACK_CURRENCY


def currency_of(process) -> str:
    code = (getattr(process, "currency", "") or "").upper()
    return code if is_valid_currency(code) else default_currency(getattr(process, "country", ""))


def _whole_pattern(locale: Locale) -> str:
    """The locale's currency pattern without decimals: plans are costed in whole units."""
    pattern = locale.currency_formats["standard"].pattern.split(";")[0]
    return pattern.replace(".00", "").replace(".0#", "")


def format_money(amount: float | None, currency: str, locale, *, symbol: bool = True) -> str:
    """``45000, "EUR", "fr"`` -> ``45 000 €``; "" when the amount is unknown.
    Without ``symbol`` only the number is written (for tables whose header names the
    currency)."""
    if amount is None:
        return ""
    return _formatted(round(amount), currency, str(locale or "en"), symbol)


# The text depends on nothing but the arguments (Babel's locale data never changes while
# the server runs), so it is remembered for every request and process alike: a costed
# plan writes the same few amounts a hundred times a page, each costing Babel a pattern
# parse and a currency lookup.
@lru_cache(maxsize=4096)
def _formatted(whole: int, currency: str, locale: str, symbol: bool) -> str:
    loc = _locale(locale)
    if not symbol:
        return format_decimal(whole, format="#,##0", locale=loc)
    return format_currency(
        whole, currency, format=_whole_pattern(loc), locale=loc, currency_digits=False
    )


def currency_name(currency: str, locale) -> str:
    return _locale(locale).currencies.get(currency, currency)


def excel_money_format(currency: str) -> str:
    """A spreadsheet number format that states the currency code, e.g. ``#,##0 "GHS"``."""
    return f'#,##0 "{currency}"'
