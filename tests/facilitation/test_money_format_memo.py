"""Amounts are formatted once per (amount, currency, locale) and remembered (issue 18):
the remembered text is always what Babel writes for those arguments."""

from __future__ import annotations

from babel.numbers import format_currency, format_decimal

from facilitation import money


def test_remembered_amounts_follow_every_argument():
    assert money.format_money(45000, "EUR", "fr") == money.format_money(45000.4, "EUR", "fr")
    written = {
        money.format_money(45000, "EUR", "fr"),
        money.format_money(46000, "EUR", "fr"),
        money.format_money(45000, "GHS", "fr"),
        money.format_money(45000, "EUR", "en"),
        money.format_money(45000, "EUR", "fr", symbol=False),
    }
    assert len(written) == 5
    assert money.format_money(46000, "EUR", "en") == format_currency(
        46000, "EUR", format="¤#,##0", locale="en", currency_digits=False
    )
    assert money.format_money(1234567, "EUR", "fr", symbol=False) == format_decimal(
        1234567, format="#,##0", locale="fr"
    )
    assert money.format_money(None, "EUR", "fr") == ""


def test_the_same_amount_is_formatted_once():
    money.format_money(987654, "XOF", "pt")
    before = money._formatted.cache_info()
    for _ in range(3):
        money.format_money(987654, "XOF", "pt")
    after = money._formatted.cache_info()
    assert (after.hits - before.hits, after.misses - before.misses) == (3, 0)
