"""Small openpyxl helpers every workbook of the toolkit uses: one cell writer (user text
always stays text), a styled header row, wrapped text, and print setup (landscape, fit
to the page width, header row repeated on every printed page). No Flask import."""

from __future__ import annotations

import io
import math

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from facilitation import spreadsheets

from .docx_base import safe_text

HEADER_FILL = PatternFill("solid", fgColor="DCE6F2")
HEADER_FONT = Font(bold=True, color="1F3864")
TOTAL_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
DATE = "yyyy-mm-dd"
YEAR = "0"


def put(ws, row: int, col: int, value, number_format: str | None = None):
    """The one way a value reaches a cell: text is cleaned and typed as text, so a
    user's "=..." never becomes a formula; every cell wraps and aligns to the top."""
    if isinstance(value, str):
        value = safe_text(value)
    cell = spreadsheets.put(ws, row, col, value, number_format)
    cell.alignment = WRAP
    return cell


def put_formula(ws, row: int, col: int, formula: str, number_format: str | None = None):
    """A formula the toolkit writes itself (totals), never user text."""
    cell = ws.cell(row=row, column=col, value=formula)
    if number_format:
        cell.number_format = number_format
    cell.alignment = WRAP
    return cell


def header(ws, titles: list[str], widths: list[float]) -> None:
    for col, (title, width) in enumerate(zip(titles, widths, strict=True), 1):
        cell = put(ws, 1, col, title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"


def filters(ws, rows: int, cols: int) -> None:
    if rows >= 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(cols)}{rows + 1}"


def fit_rows(ws, line_height: float = 14.5) -> None:
    """Row heights from the wrapped text (spreadsheet programs do not all grow a row
    for wrapped text they did not lay out themselves)."""
    widths = {letter: (dim.width or 10) for letter, dim in ws.column_dimensions.items()}
    for row in ws.iter_rows():
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or cell.value.startswith("="):
                continue
            width = max(widths.get(cell.column_letter, 10) - 1, 4)
            # bold header text and capitals run wider than the column's unit width
            count = sum(
                math.ceil(max(len(part), 1) * 1.1 / width) for part in cell.value.split("\n")
            )
            lines = max(lines, count)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = min(409, lines * line_height)


def print_setup(ws, landscape: bool = True, wide: bool = False) -> None:
    """A4 (A3 for a ``wide`` matrix), landscape, as wide as the page, as many pages down
    as needed, header row repeated on each page."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if wide else ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "&P / &N"


def save(wb: Workbook, title: str) -> bytes:
    wb.properties.title = safe_text(title)[:255]
    wb.properties.creator = "Policy-cycle toolkit"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
