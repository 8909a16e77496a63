"""Excel workbooks (openpyxl): the action plan (one row per activity, numbers as
numbers, baseline and target with their years in their own columns, costs in the
process currency with formula totals, cost by year) and the MCA workbook (criteria,
weights, scores, ranking; scorers pseudonymised unless asked). Every sheet prints
landscape, fitted to the page width, with its header row repeated. No Flask import.
"""

from __future__ import annotations

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from facilitation import money as currency_tools

from . import sheets
from .collect import ActionRowData, McaTable, ObjectiveGroup
from .sheets import DATE, YEAR, put, put_formula


def _money_format(currency: str) -> str:
    return currency_tools.excel_money_format(currency)


def action_plan_columns(currency: str = currency_tools.FALLBACK_CURRENCY) -> list[str]:
    return [
        _("Specific objective"),
        _("Objective"),
        _("Code"),
        _("Activity"),
        _("Output"),
        _("Accountable (A)"),
        _("Responsible (R)"),
        _("Consulted (C)"),
        _("Informed (I)"),
        _("Start"),
        _("End"),
        _("Indicator"),
        _("Unit"),
        _("Baseline"),
        _("Baseline year"),
        _("Target"),
        _("Target year"),
        _("Means of verification"),
        _("Cost (%(code)s)", code=currency),
        _("Secured (%(code)s)", code=currency),
        _("Funding gap (%(code)s)", code=currency),
        _("Funding source"),
        _("Assumptions"),
        _("Risks"),
        _("Status"),
    ]


# fmt: off
WIDTHS = [10, 20, 8, 32, 22, 12, 13, 13, 13, 10.5, 10.5, 22, 8, 9, 8, 9, 8, 18, 15, 15, 15, 16, 18,
          18, 10]
# fmt: on
# 1-based positions of the columns written as numbers
COST_COL, SECURED_COL, GAP_COL = 19, 20, 21
NUMBER_COLS = {14: "#,##0.##", 15: YEAR, 16: "#,##0.##", 17: YEAR}


def _action_values(group: ObjectiveGroup, a: ActionRowData, first: bool) -> list:
    """One row; continuation rows (an activity's further indicators) carry only the
    code and the indicator, so the money columns add up once per activity."""
    values = [
        group.code,
        a.objective_title,
        a.code,
        a.title,
        a.output,
        a.lead,
        a.partners,
        a.consulted,
        a.informed,
        a.start,
        a.end,
    ]
    if not first:
        values = [group.code, "", a.code] + [""] * 8
    return values


def _indicator_values(indicator) -> list:
    if indicator is None:
        return [""] * 7
    return [
        indicator.name,
        indicator.unit,
        indicator.baseline_value,
        indicator.baseline_year,
        indicator.target_value,
        indicator.target_year,
        indicator.verification,
    ]


def _plan_sheet(ws, groups: list[ObjectiveGroup], currency: str) -> None:
    money = _money_format(currency)
    titles = action_plan_columns(currency)
    sheets.header(ws, titles, WIDTHS)
    row = 1
    for group in groups:
        for a in group.actions:
            for n, indicator in enumerate(a.indicators or [None]):
                row += 1
                values = _action_values(group, a, n == 0) + _indicator_values(indicator)
                for col, value in enumerate(values, 1):
                    fmt = NUMBER_COLS.get(col) or (DATE if col in (10, 11) else None)
                    put(ws, row, col, value, fmt)
                if n:
                    continue
                if a.money.costed:
                    put(ws, row, COST_COL, a.money.total, money)
                    put(ws, row, SECURED_COL, a.money.secured, money)
                    put_formula(ws, row, GAP_COL, f"=MAX(S{row}-T{row},0)", money)
                put(ws, row, 22, a.funding)
                put(ws, row, 23, a.assumptions)
                put(ws, row, 24, a.risks)
                put(ws, row, 25, a.status)
    last = row
    sheets.filters(ws, last - 1, len(titles))
    total_row = last + 2
    put(ws, total_row, 4, _("Total")).font = sheets.TOTAL_FONT
    for col in (COST_COL, SECURED_COL, GAP_COL):
        letter = get_column_letter(col)
        cell = put_formula(ws, total_row, col, f"=SUM({letter}2:{letter}{last})", money)
        cell.font = sheets.TOTAL_FONT
    # 25 columns: A3 keeps the printed text readable (about 60 % of its size)
    sheets.fit_rows(ws)
    sheets.print_setup(ws, wide=True)


def _years(groups: list[ObjectiveGroup]) -> tuple[list[int], bool]:
    years, unscheduled = set(), False
    for group in groups:
        for a in group.actions:
            years.update(a.money.years)
            unscheduled = unscheduled or bool(a.money.unscheduled)
    return sorted(years), unscheduled


def _year_sheet(ws, rows: list[tuple[str, str, object]], years, unscheduled, currency) -> None:
    """Rows (code, label, Funding) by year; Total is a SUM of the year cells, the gap a
    formula of total and secured; a total row sums each column."""
    money = _money_format(currency)
    keys = list(years) + ([None] if unscheduled else [])
    titles = [_("Code"), _("Title")] + [
        str(y) if y is not None else _("Year not given") for y in keys
    ]
    titles += [
        _("Total (%(code)s)", code=currency),
        _("Secured (%(code)s)", code=currency),
        _("Funding gap (%(code)s)", code=currency),
    ]
    sheets.header(ws, titles, [10, 44] + [14] * len(keys) + [16, 16, 16])
    first_year, last_year = 3, 2 + len(keys)
    total_col, secured_col, gap_col = last_year + 1, last_year + 2, last_year + 3
    r = 1
    for code, label, funding in rows:
        r += 1
        put(ws, r, 1, code)
        put(ws, r, 2, label)
        for i, year in enumerate(keys):
            put(ws, r, first_year + i, funding.required.get(year, 0.0), money)
        span = f"{get_column_letter(first_year)}{r}:{get_column_letter(last_year)}{r}"
        put_formula(ws, r, total_col, f"=SUM({span})" if keys else "=0", money)
        put(ws, r, secured_col, funding.secured, money)
        t, s = get_column_letter(total_col), get_column_letter(secured_col)
        put_formula(ws, r, gap_col, f"=MAX({t}{r}-{s}{r},0)", money)
    sheets.filters(ws, r - 1, len(titles))
    total_row = r + 1
    put(ws, total_row, 2, _("Total")).font = sheets.TOTAL_FONT
    for col in range(first_year, gap_col + 1):
        letter = get_column_letter(col)
        cell = put_formula(ws, total_row, col, f"=SUM({letter}2:{letter}{r})", money)
        cell.font = sheets.TOTAL_FONT
    sheets.fit_rows(ws)
    sheets.print_setup(ws)


def action_plan(
    groups: list[ObjectiveGroup],
    title: str,
    currency: str = currency_tools.FALLBACK_CURRENCY,
) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Action plan")[:31]
    _plan_sheet(ws, groups, currency)
    years, unscheduled = _years(groups)
    _year_sheet(
        wb.create_sheet(_("Cost by objective")[:31]),
        [(g.code, g.title, g.money) for g in groups],
        years,
        unscheduled,
        currency,
    )
    _year_sheet(
        wb.create_sheet(_("Cost by activity")[:31]),
        [(a.code, a.title, a.money) for g in groups for a in g.actions if a.money.costed],
        years,
        unscheduled,
        currency,
    )
    return sheets.save(wb, f"{title}: {_('Action plan')}")


def _scorer_labels(tables: list[McaTable], include_names: bool) -> dict[str, str]:
    """Real names only when the coordinator asks; otherwise "Scorer 1", "Scorer 2"...
    numbered in order of first appearance, so one person's scores still line up."""
    labels: dict[str, str] = {}
    for table in tables:
        for _option, _criterion, scorer, _score, _note in table.scores:
            if scorer not in labels:
                labels[scorer] = scorer if include_names else _("Scorer %(n)d", n=len(labels) + 1)
    return labels


def mca(tables: list[McaTable], title: str, include_names: bool = False) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Criteria")[:31]
    sheets.header(ws, [_("Criterion"), _("Weight"), _("Relative weight")], [40, 10, 16])
    criteria = {}
    for table in tables:
        for cid, name, weight in table.criteria:
            criteria[cid] = (name, weight)
    last = len(criteria) + 1
    for r, (name, weight) in enumerate(criteria.values(), 2):
        put(ws, r, 1, name)
        put(ws, r, 2, weight, "0.##")
        put_formula(ws, r, 3, f"=B{r}/SUM(B$2:B${last})", "0%")
    sheets.filters(ws, len(criteria), 3)
    put(ws, last + 1, 1, _("Total")).font = sheets.TOTAL_FONT
    put_formula(ws, last + 1, 2, f"=SUM(B2:B{last})", "0.##").font = sheets.TOTAL_FONT
    put_formula(ws, last + 1, 3, f"=SUM(C2:C{last})", "0%").font = sheets.TOTAL_FONT
    sheets.print_setup(ws, landscape=False)

    scores = wb.create_sheet(_("Scores")[:31])
    sheets.header(
        scores,
        [_("Objective"), _("Option"), _("Criterion"), _("Scorer"), _("Score"), _("Note")],
        [12, 40, 24, 18, 8, 40],
    )
    labels = _scorer_labels(tables, include_names)
    row = 1
    for table in tables:
        for option, criterion, scorer, score, note in table.scores:
            row += 1
            for col, value in enumerate(
                (table.objective_code, option, criterion, labels[scorer], score, note), 1
            ):
                put(scores, row, col, value)
    sheets.filters(scores, row - 1, 6)
    sheets.fit_rows(scores)
    sheets.print_setup(scores)

    ranking = wb.create_sheet(_("Ranking")[:31])
    names = [name for name, _w in criteria.values()]
    header = (
        [_("Objective"), _("Rank"), _("Option"), _("Baseline")]
        + names
        + [_("Weighted total"), _("Top option stable under sensitivity check")]
    )
    sheets.header(ranking, header, [12, 7, 40, 10] + [14] * len(names) + [14, 18])
    row = 1
    for table in tables:
        result = table.result
        titles = {oid: t for oid, t, _b, _s in table.options}
        stable = not any(v.changes_top for v in result.sensitivity.variations)
        position = {cid: i for i, cid in enumerate(criteria)}
        for rank, oid in enumerate(result.ranking, 1):
            row += 1
            put(ranking, row, 1, table.objective_code)
            put(ranking, row, 2, rank)
            put(ranking, row, 3, titles[oid])
            put(ranking, row, 4, _("yes") if oid == result.baseline else "")
            for cid, _n, _w in table.criteria:
                cell = result.cells[(oid, cid)]
                put(ranking, row, 5 + position[cid], round(cell.mean, 3), "0.00")
            put(ranking, row, 5 + len(names), round(result.totals[oid], 3), "0.00")
            put(ranking, row, 6 + len(names), _("yes") if stable else _("no"))
    sheets.filters(ranking, row - 1, len(header))
    sheets.fit_rows(ranking)
    sheets.print_setup(ranking)
    return sheets.save(wb, f"{title}: {_('Multi-criteria analysis')}")
