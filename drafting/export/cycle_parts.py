"""The parts a cycle block's content is made of (see ``cycle_content``), and the small
formatting helpers the content functions share."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _

from facilitation import money as currency_tools


@dataclass
class Para:
    text: str
    label: str = ""
    italic: bool = False


@dataclass
class Lead:
    text: str


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    fractions: list[float] = field(default_factory=list)


@dataclass
class Figure:
    name: str
    caption: str


OPTIONS_IN_BODY = 3  # options per objective in the chapter, besides the baseline and chosen
LIST_IN_BODY = 8  # items of a list in the body before "and N more"


def capped(items: list[str], limit: int = LIST_IN_BODY) -> list[str]:
    if len(items) <= limit:
        return items
    return items[:limit] + [_("and %(n)d more", n=len(items) - limit)]


def amount(value: float | None) -> str:
    return "" if value is None else format_decimal(round(value), format="#,##0")


def money(value: float | None, currency: str) -> str:
    """An amount in running text, with its currency ("GHS 18,000", "18 000 €"), in the
    language of the document (the locale in force)."""
    return currency_tools.format_money(value, currency, get_locale())


def bullet_text(items: list[str]) -> str:
    return "\n".join(f"\u2022 {i.strip()}" for i in items if i and i.strip())


def coded(code: str, title: str) -> str:
    return f"{code} {title}".strip()
