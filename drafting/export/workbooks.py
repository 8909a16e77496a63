"""Excel workbooks (openpyxl): the action plan (one row per activity, frozen header,
filters, dates as dates, costs as numbers) and the MCA workbook (criteria, weights,
scores, ranking). No Flask import. User text is always stored as text: a value that
starts with "=" never becomes a formula."""

from __future__ import annotations

import io
from datetime import date

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from facilitation import spreadsheets

from .collect import McaTable, ObjectiveGroup
from .docx_base import safe_text

HEADER_FILL = PatternFill("solid", fgColor="DCE6F2")
HEADER_FONT = Font(bold=True, color="1F3864")
MONEY = "#,##0"
DATE = "yyyy-mm-dd"


def _put(ws, row: int, col: int, value, number_format: str | None = None):
    return spreadsheets.put(ws, row, col, value, number_format)  # user text stays text


def _sheet(ws, header: list[str], widths: list[int]) -> None:
    for col, (title, width) in enumerate(zip(header, widths, strict=True), 1):
        cell = _put(ws, 1, col, title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"


def _finish(ws, rows: int, cols: int) -> None:
    if rows >= 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(cols)}{rows + 1}"


def _save(wb: Workbook, title: str) -> bytes:
    wb.properties.title = safe_text(title)[:255]
    wb.properties.creator = "Policy-cycle toolkit"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def action_plan_columns() -> list[str]:
    return [
        _("Specific objective"),
        _("Objective"),
        _("Code"),
        _("Activity"),
        _("Output"),
        _("Lead (accountable)"),
        _("Partners (responsible)"),
        _("Start"),
        _("End"),
        _("Indicator"),
        _("Baseline"),
        _("Target"),
        _("Means of verification"),
        _("Cost"),
        _("Funding source"),
        _("Assumptions"),
        _("Status"),
    ]


def action_plan(groups: list[ObjectiveGroup], title: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Action plan")[:31]
    header = action_plan_columns()
    _sheet(ws, header, [10, 30, 10, 40, 25, 18, 22, 12, 12, 30, 14, 14, 24, 14, 18, 25, 12])
    row = 1
    for group in groups:
        for a in group.actions:
            row += 1
            values = [
                group.code,
                a.objective_title,
                a.code,
                a.title,
                a.output,
                a.lead,
                a.partners,
                a.start,
                a.end,
                "\n".join(i.name for i in a.indicators),
                "\n".join(i.baseline for i in a.indicators),
                "\n".join(i.target for i in a.indicators),
                "\n".join(i.verification for i in a.indicators),
                a.cost,
                a.funding,
                a.assumptions,
                a.status,
            ]
            for col, value in enumerate(values, 1):
                fmt = DATE if isinstance(value, date) else (MONEY if col == 14 else None)
                _put(ws, row, col, value, fmt)
    _finish(ws, row - 1, len(header))
    totals = wb.create_sheet(_("Cost by objective")[:31])
    _sheet(
        totals, [_("Specific objective"), _("Title"), _("Activities"), _("Cost")], [12, 50, 12, 16]
    )
    for r, group in enumerate(groups, 2):
        _put(totals, r, 1, group.code)
        _put(totals, r, 2, group.title)
        _put(totals, r, 3, len(group.actions))
        _put(totals, r, 4, group.cost, MONEY)
    last = len(groups) + 2
    _put(totals, last, 2, _("Total")).font = Font(bold=True)
    cell = totals.cell(row=last, column=4, value=f"=SUM(D2:D{last - 1})")
    cell.number_format = MONEY
    cell.font = Font(bold=True)
    return _save(wb, f"{title}: {_('Action plan')}")


def mca(tables: list[McaTable], title: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Criteria")[:31]
    _sheet(ws, [_("Criterion"), _("Weight")], [40, 10])
    criteria = {}
    for table in tables:
        for cid, name, weight in table.criteria:
            criteria[cid] = (name, weight)
    for r, (name, weight) in enumerate(criteria.values(), 2):
        _put(ws, r, 1, name)
        _put(ws, r, 2, weight)
    _finish(ws, len(criteria), 2)

    scores = wb.create_sheet(_("Scores")[:31])
    _sheet(
        scores,
        [_("Objective"), _("Option"), _("Criterion"), _("Scorer"), _("Score"), _("Note")],
        [12, 40, 24, 24, 8, 40],
    )
    row = 1
    for table in tables:
        for option, criterion, scorer, score, note in table.scores:
            row += 1
            for col, value in enumerate(
                (table.objective_code, option, criterion, scorer, score, note), 1
            ):
                _put(scores, row, col, value)
    _finish(scores, row - 1, 6)

    ranking = wb.create_sheet(_("Ranking")[:31])
    names = [name for name, _w in criteria.values()]
    header = (
        [_("Objective"), _("Rank"), _("Option"), _("Baseline")]
        + names
        + [_("Weighted total"), _("Top option stable under sensitivity check")]
    )
    _sheet(ranking, header, [12, 7, 40, 10] + [14] * len(names) + [14, 18])
    row = 1
    for table in tables:
        result = table.result
        titles = {oid: t for oid, t, _b, _s in table.options}
        stable = not any(v.changes_top for v in result.sensitivity.variations)
        position = {cid: i for i, cid in enumerate(criteria)}
        for rank, oid in enumerate(result.ranking, 1):
            row += 1
            _put(ranking, row, 1, table.objective_code)
            _put(ranking, row, 2, rank)
            _put(ranking, row, 3, titles[oid])
            _put(ranking, row, 4, _("yes") if oid == result.baseline else "")
            for cid, _n, _w in table.criteria:
                cell = result.cells[(oid, cid)]
                _put(ranking, row, 5 + position[cid], round(cell.mean, 3), "0.00")
            _put(ranking, row, 5 + len(names), round(result.totals[oid], 3), "0.00")
            _put(ranking, row, 6 + len(names), _("yes") if stable else _("no"))
    _finish(ranking, row - 1, len(header))
    return _save(wb, f"{title}: {_('Multi-criteria analysis')}")
