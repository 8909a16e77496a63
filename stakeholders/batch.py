"""Many organisations at once: an editable grid, filled by hand or by pasting rows
copied from a spreadsheet or a web table (no Flask request here).

The rows are checked by the file importer (``importing.parse_organisations``), so the
grid, the paste and a file import refuse the same things with the same words. Saving
writes every row or none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext

from facilitation.extensions import db
from facilitation.models import CATEGORY_LABELS, LEVEL_LABELS, Organisation
from facilitation.validation import ValidationFailed

from . import importing
from .services import add_parsed_organisations

GRID_FIELDS = importing.PASTE_COLUMNS
# A browser form holds at most 1,000 parts: 100 rows of 8 cells stay well under it.
GRID_MAX_ROWS = 100
GRID_BLANK_ROWS = 10
YES = "yes"


@dataclass
class GridRow:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def blank(self) -> bool:
        return not any((v or "").strip() for v in self.values.values())


def blank_rows(count: int = GRID_BLANK_ROWS) -> list[GridRow]:
    return [GridRow(dict.fromkeys(GRID_FIELDS, "")) for _ in range(count)]


def filled(rows: list[GridRow]) -> list[GridRow]:
    return [row for row in rows if not row.blank]


def _choice_value(text: str, labels: dict) -> str:
    """The stored value of a pasted "Ministry" or "ministry"; the text itself when it is
    neither (the check then names it)."""
    wanted = (text or "").strip()
    for member, label in labels.items():
        if wanted.lower() in (member.value, member.value.replace("_", " "), str(label).lower()):
            return member.value
    return wanted


def rows_from_pasted(pasted: importing.Pasted) -> list[GridRow]:
    """Grid rows from a pasted block: categories and levels as the grid's choices,
    the core group as a tick."""
    position = {h: i for i, h in enumerate(pasted.header)}
    rows = []
    for cells in pasted.rows:
        values = dict.fromkeys(GRID_FIELDS, "")
        for key, column in pasted.mapping.items():
            values[key] = cells[position[column]].strip()
        values["category"] = _choice_value(values["category"], CATEGORY_LABELS)
        values["level"] = _choice_value(values["level"], LEVEL_LABELS)
        core = values["in_core_group"]
        if core:
            word = importing.yes_no(core)
            values["in_core_group"] = core if word is None else (YES if word else "")
        rows.append(GridRow(values))
    return filled(rows)


def check(process_id: int, rows: list[GridRow], defaults: dict) -> list[dict]:
    """Records of the rows (blank rows dropped before); each bad row gets its field
    messages in ``row.errors``. Rows are numbered from 1 in the messages."""
    if len(rows) > GRID_MAX_ROWS:
        raise ValidationFailed(
            {
                "rows": ngettext(
                    "The grid holds at most %(num)d row. Import a longer list from a file.",
                    "The grid holds at most %(num)d rows. Import a longer list from a file.",
                    GRID_MAX_ROWS,
                )
            }
        )
    existing = {
        name.lower()
        for name in db.session.scalars(
            db.select(Organisation.name).where(Organisation.process_id == process_id)
        )
    }
    header = list(GRID_FIELDS)
    table = [[row.values.get(key, "") for key in header] for row in rows]
    parsed = importing.parse_organisations(
        header,
        table,
        {key: key for key in header},
        existing,
        defaults=defaults,
        first_line=1,
    )
    for row in rows:
        row.errors = {}
    for error in parsed.errors:
        row = rows[error.line - 1]
        for key, message in (error.fields or {"name": error.message}).items():
            row.errors[key] = f"{row.errors[key]}; {message}" if key in row.errors else message
    return parsed.records


def add_organisations(process_id: int, rows: list[GridRow], defaults: dict) -> int:
    """Add every row or none; raises ``ValidationFailed`` (``rows``: how many are bad)
    with the field messages left on the rows. Flushes; the caller commits."""
    rows = filled(rows)
    if not rows:
        raise ValidationFailed({"rows": _("Fill in at least one row: a name is enough.")})
    records = check(process_id, rows, defaults)
    bad = sum(1 for row in rows if row.errors)
    if bad:
        raise ValidationFailed(
            {
                "rows": ngettext(
                    "Nothing was saved: %(num)d row needs correcting.",
                    "Nothing was saved: %(num)d rows need correcting.",
                    bad,
                )
            }
        )
    by_name = {
        org.name.lower(): org
        for org in db.session.scalars(
            db.select(Organisation).where(Organisation.process_id == process_id)
        )
    }
    add_parsed_organisations(process_id, records, by_name)
    return len(records)
