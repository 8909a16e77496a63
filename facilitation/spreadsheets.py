"""The one writer for every workbook and CSV file the app produces (no Flask import).

User text is always stored as text. A spreadsheet treats a cell starting with ``=``,
``+``, ``-``, ``@`` (and, in some programs, tab or carriage return) as a formula, so a
data-source name such as ``=HYPERLINK(...)`` would become a live link or command:

- in a workbook the cell is a string cell (``data_type "s"``) with Excel's quote prefix,
  so it shows and edits as the literal text;
- in a CSV the value gets a leading apostrophe (the OWASP advice), which
  ``unquote_csv`` removes again when our own importers read the file back.

XML-illegal control characters are removed on the way out as well.
"""

from __future__ import annotations

import csv
import io

from .plaintext import strip_illegal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def _as_text(cell) -> None:
    cell.data_type = "s"  # openpyxl types "=..." as a formula otherwise
    if looks_like_formula(cell.value):
        cell.quotePrefix = True


def put(ws, row: int, col: int, value, number_format: str | None = None):
    """Write one cell; strings are cleaned and never become formulas."""
    if isinstance(value, str):
        value = strip_illegal(value)
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        _as_text(cell)
    if number_format:
        cell.number_format = number_format
    return cell


def append(ws, values) -> None:
    """``ws.append(values)`` with every string cleaned and kept as text."""
    values = [strip_illegal(v) if isinstance(v, str) else v for v in values]
    ws.append(values)
    for col, value in enumerate(values, 1):
        if isinstance(value, str):
            _as_text(ws.cell(row=ws.max_row, column=col))


def csv_value(value):
    """One CSV cell: text cleaned and defused; numbers and booleans as they are."""
    if not isinstance(value, str):
        return value
    text = strip_illegal(value)
    return "'" + text if looks_like_formula(text) else text


def unquote_csv(text: str) -> str:
    """Undo ``csv_value`` for a value read back from one of our own CSV files."""
    if text.startswith("'") and looks_like_formula(text[1:]):
        return text[1:]
    return text


def csv_text(rows) -> str:
    """CSV text (comma, ``\\n`` line ends) of an iterable of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
    return buffer.getvalue()
