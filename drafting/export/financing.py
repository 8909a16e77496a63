"""The costing and financing plan: what the action plan costs each year, by specific
objective and by activity, how much is secured, the funding gap and the sources, with
the currency stated. Used as an annex of the policy document and in the stand-alone
action plan. No Flask import; labels through flask_babel.

``add_financing_annex(doc, data, counters, width) -> bool`` writes the annex body (the
caller writes the annex heading) and returns False, writing nothing, when no activity
has a cost.
"""

from __future__ import annotations

import math
from collections import defaultdict

from flask_babel import gettext as _

from facilitation import money as currency_tools
from policycycle.planning.costing import Funding

from . import docx_base as dx
from .collect import ObjectiveGroup

TOTAL_FILL = "DCE6F2"
# Width of one amount column in cm: "12 345 678" in the table text size.
AMOUNT_CM = 1.75
LABEL_MIN_CM = 3.2


class Writer:
    """Amounts in one currency and one locale (the document's language)."""

    def __init__(self, currency: str, locale: str) -> None:
        self.currency, self.locale = currency, locale or "en"

    def number(self, value: float | None) -> str:
        return currency_tools.format_money(value, self.currency, self.locale, symbol=False)

    def amount(self, value: float | None) -> str:
        return currency_tools.format_money(value, self.currency, self.locale)

    def percent(self, part: float, whole: float) -> str:
        from babel.numbers import format_percent

        return format_percent(part / whole if whole else 0, locale=self.locale)


def periods(years: list[int], most: int) -> list[tuple[str, tuple[int, ...]]]:
    """Year columns: one per year, or groups of years ("2027–2028") when there are more
    years than ``most`` columns fit."""
    if not years:
        return []
    size = max(1, math.ceil(len(years) / max(most, 1)))
    out = []
    for i in range(0, len(years), size):
        chunk = tuple(years[i : i + size])
        label = str(chunk[0]) if len(chunk) == 1 else f"{chunk[0]}\u2013{chunk[-1]}"
        out.append((label, chunk))
    return out


def _in(funding: Funding, chunk: tuple[int, ...]) -> float:
    return sum(funding.required.get(y, 0.0) for y in chunk)


def plan_total(groups: list[ObjectiveGroup]) -> Funding:
    total = Funding()
    for group in groups:
        total.merge(group.money)
    return total


def summary_sentence(total: Funding, w: Writer) -> str:
    years = total.years
    span = f"{years[0]}\u2013{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
    text = _(
        "All amounts are in %(name)s (%(code)s). The action plan costs %(total)s; "
        "%(secured)s (%(share)s) is secured, leaving a funding gap of %(gap)s.",
        name=currency_tools.currency_name(w.currency, w.locale),
        code=w.currency,
        total=w.amount(total.total),
        secured=w.amount(total.secured),
        share=w.percent(total.secured, total.total),
        gap=w.amount(total.gap),
    )
    if span:
        text += " " + _("The costs are spread over %(span)s.", span=span)
    if total.one_off or total.recurrent:
        text += " " + _(
            "One-off costs: %(one_off)s; recurrent costs: %(recurrent)s.",
            one_off=w.amount(total.one_off),
            recurrent=w.amount(total.recurrent),
        )
    if total.unscheduled:
        text += " " + _(
            "%(amount)s is estimated without a year and appears under \u201cYear not given\u201d.",
            amount=w.amount(total.unscheduled),
        )
    return text


def _year_rows(total: Funding, w: Writer):
    keys = total.years + ([None] if total.unscheduled else [])
    for year in keys:
        required = total.required.get(year, 0.0)
        secured = total.secured_by_year.get(year, 0.0)
        yield [
            str(year) if year is not None else _("Year not given"),
            w.number(required),
            w.number(secured),
            w.number(total.gap_of(year)),
            w.percent(secured, required),
        ]
    yield [
        dx.Cell(_("Total"), bold=True, shade=TOTAL_FILL),
        dx.Cell(w.number(total.total), bold=True, shade=TOTAL_FILL),
        dx.Cell(w.number(total.secured), bold=True, shade=TOTAL_FILL),
        dx.Cell(w.number(total.gap), bold=True, shade=TOTAL_FILL),
        dx.Cell(w.percent(total.secured, total.total), bold=True, shade=TOTAL_FILL),
    ]


def add_year_table(doc, total: Funding, w: Writer, counters: dx.Counters, width: float) -> None:
    label = min(4.0, width - 4 * AMOUNT_CM)
    dx.add_caption(
        doc,
        _("Table"),
        _("Cost, secured funding and gap by year (%(code)s)", code=w.currency),
        counters,
        kind="Table",
    )
    dx.add_table(
        doc,
        [_("Year"), _("Cost"), _("Secured"), _("Funding gap"), _("Share secured")],
        _year_rows(total, w),
        [label, AMOUNT_CM, AMOUNT_CM, AMOUNT_CM, AMOUNT_CM],
        align=["", "right", "right", "right", "right"],
    )


def add_objective_table(
    doc, groups: list[ObjectiveGroup], total: Funding, w: Writer, counters, width: float
) -> None:
    fit = int((width - LABEL_MIN_CM) // AMOUNT_CM) - 3
    cols = periods(total.years, max(fit, 1))
    extra = [(_("Year not given"), (None,))] if total.unscheduled else []
    cols = cols + extra
    n_amounts = len(cols) + 3
    label_cm = max(LABEL_MIN_CM, width - n_amounts * AMOUNT_CM)
    header = [_("Specific objective"), *[c[0] for c in cols]]
    header += [_("Total"), _("Secured"), _("Funding gap")]
    rows = []
    for group in groups:
        money = group.money
        if not money.costed:
            continue
        title = f"{group.code} {group.title}".strip() or _("Activities outside the objectives")
        rows.append(
            [
                title,
                *[w.number(_in(money, chunk)) for _l, chunk in cols],
                w.number(money.total),
                w.number(money.secured),
                w.number(money.gap),
            ]
        )
    rows.append(
        [
            dx.Cell(_("Total"), bold=True, shade=TOTAL_FILL),
            *[
                dx.Cell(w.number(_in(total, chunk)), bold=True, shade=TOTAL_FILL)
                for _l, chunk in cols
            ],
            dx.Cell(w.number(total.total), bold=True, shade=TOTAL_FILL),
            dx.Cell(w.number(total.secured), bold=True, shade=TOTAL_FILL),
            dx.Cell(w.number(total.gap), bold=True, shade=TOTAL_FILL),
        ]
    )
    dx.add_caption(
        doc,
        _("Table"),
        _("Cost by specific objective and year (%(code)s)", code=w.currency),
        counters,
        kind="Table",
    )
    dx.add_table(
        doc,
        header,
        rows,
        [label_cm] + [AMOUNT_CM] * n_amounts,
        align=[""] + ["right"] * n_amounts,
    )


def _by_year_text(money: Funding, w: Writer) -> str:
    lines = [f"{y}: {w.number(money.required[y])}" for y in money.years]
    if money.unscheduled:
        lines.append(f"{_('no year')}: {w.number(money.unscheduled)}")
    return "\n".join(lines)


def add_activity_table(doc, groups: list[ObjectiveGroup], w: Writer, counters, width: float):
    code_cm, year_cm, source_cm = 1.5, 2.6, min(4.5, width * 0.2)
    title_cm = max(LABEL_MIN_CM, width - code_cm - year_cm - source_cm - 3 * AMOUNT_CM)
    header = [
        _("Code"),
        _("Activity"),
        _("Cost by year"),
        _("Total"),
        _("Secured"),
        _("Funding gap"),
        _("Funding source"),
    ]
    rows = []
    for group in groups:
        costed = [a for a in group.actions if a.money.costed]
        if not costed:
            continue
        title = f"{group.code} {group.title}".strip() or _("Activities outside the objectives")
        rows.append([dx.Cell(title, bold=True, span=len(header), shade="EAF1FB")])
        for a in costed:
            rows.append(
                [
                    a.code,
                    a.title,
                    _by_year_text(a.money, w),
                    w.number(a.money.total),
                    w.number(a.money.secured),
                    w.number(a.money.gap),
                    a.funding,
                ]
            )
    dx.add_caption(
        doc,
        _("Table"),
        _("Cost and funding by activity (%(code)s)", code=w.currency),
        counters,
        kind="Table",
    )
    dx.add_table(
        doc,
        header,
        rows,
        [code_cm, title_cm, year_cm, AMOUNT_CM, AMOUNT_CM, AMOUNT_CM, source_cm],
        align=["", "", "right", "right", "right", "right", ""],
    )


def add_source_table(doc, groups: list[ObjectiveGroup], w: Writer, counters, width: float):
    sources: dict[str, Funding] = defaultdict(Funding)
    counts: dict[str, int] = defaultdict(int)
    for group in groups:
        for a in group.actions:
            if a.money.costed:
                key = a.funding.strip() or _("Source not named")
                sources[key].merge(a.money)
                counts[key] += 1
    label_cm = max(LABEL_MIN_CM, width - 1.6 - 3 * AMOUNT_CM)
    rows = [
        [name, str(counts[name]), w.number(f.total), w.number(f.secured), w.number(f.gap)]
        for name, f in sorted(sources.items(), key=lambda item: -item[1].total)
    ]
    dx.add_caption(
        doc, _("Table"), _("Funding by source (%(code)s)", code=w.currency), counters, kind="Table"
    )
    dx.add_table(
        doc,
        [_("Funding source"), _("Activities"), _("Cost"), _("Secured"), _("Funding gap")],
        rows,
        [label_cm, 1.6, AMOUNT_CM, AMOUNT_CM, AMOUNT_CM],
        align=["", "right", "right", "right", "right"],
    )


def add_financing(
    doc,
    groups: list[ObjectiveGroup],
    currency: str,
    locale: str,
    counters: dx.Counters,
    width: float,
    *,
    heading_level: int = 2,
) -> bool:
    """The financing plan from action-plan groups; False (nothing written) without costs."""
    total = plan_total(groups)
    if not total.costed:
        return False
    w = Writer(currency, locale)
    dx.add_paragraph(doc, summary_sentence(total, w))
    dx.add_heading(doc, _("Cost and funding by year"), heading_level, numbered=False)
    add_year_table(doc, total, w, counters, width)
    dx.add_heading(doc, _("Cost by specific objective"), heading_level, numbered=False)
    add_objective_table(doc, groups, total, w, counters, width)
    dx.add_heading(doc, _("Cost and funding by activity"), heading_level, numbered=False)
    add_activity_table(doc, groups, w, counters, width)
    dx.add_heading(doc, _("Funding sources"), heading_level, numbered=False)
    add_source_table(doc, groups, w, counters, width)
    return True


def add_financing_annex(doc, data, counters: dx.Counters, width: float) -> bool:
    """The costing and financing plan annex of the policy document (``data`` is a
    ``collect.CycleData``); the caller writes the annex heading."""
    return add_financing(
        doc,
        data.actions,
        data.currency,
        getattr(data.process, "language", "en") or "en",
        counters,
        width,
    )
