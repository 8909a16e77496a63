"""Numbers for the reader, remembered (issue 18).

Babel parses the locale's pattern and rounds through ``Decimal`` for every number: ~0.1 ms
each, and a long table writes hundreds (the action plan's baselines and targets, the
stakeholder analytics' scores). The text depends only on the number, its type, the
pattern and the locale (Babel's locale data never changes while the server runs), so it
is remembered for every request and process alike, as ``money.format_money`` does.
"""

from __future__ import annotations

from functools import lru_cache

from babel.numbers import format_decimal as babel_format_decimal
from flask_babel import format_decimal as flask_format_decimal

from .request_translations import current_locale


def format_number(number, format: str | None = None) -> str:
    """Flask-Babel's ``format_decimal``, remembered for plain ints and floats."""
    kind, locale = type(number), current_locale()
    if (kind is int or kind is float) and locale is not None:
        # repr keeps -0.0 apart from 0.0 (equal keys, different text).
        return _formatted(kind, repr(number), format, locale)
    return flask_format_decimal(number, format)


@lru_cache(maxsize=8192)
def _formatted(kind: type, text: str, format: str | None, locale) -> str:
    return babel_format_decimal(kind(text), format=format, locale=locale)
