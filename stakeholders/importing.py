"""Read organisations and ties from CSV or XLSX files (no Flask, no database).

A file is read into a header row and data rows; the user maps file columns to our
fields (``guess_mapping`` proposes one from the headers); every row is checked and
each bad row is reported with its line number and the reason. The caller writes
nothing unless the whole file is clean (all-or-nothing).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from facilitation import uploads
from facilitation.models import CATEGORY_LABELS, LEVEL_LABELS

MAX_ROWS = 5000
MAX_COLUMNS = 100
# Blank rows are skipped, but only this many rows are looked at in all.
MAX_SCANNED_ROWS = 2 * MAX_ROWS
# An .xlsx is a zip: its parts may not inflate beyond this (a 5,000-row table is ~5 MB).
MAX_XLSX_INFLATED = 40 * 1024 * 1024
TRUE_WORDS = {"yes", "y", "true", "1", "x", "oui", "sí", "si", "sim"}
FALSE_WORDS = {"no", "n", "false", "0", "non", "não", "nao", ""}

ORGANISATION_FIELDS = {
    "name": _l("Name"),
    "acronym": _l("Acronym"),
    "category": _l("Category"),
    "level": _l("Level"),
    "parent": _l("Part of (parent organisation)"),
    "mandate": _l("Mandate"),
    "policy_tags": _l("Policy areas"),
    "in_core_group": _l("In the core group"),
}
TIE_FIELDS = {
    "source": _l("From organisation"),
    "target": _l("To organisation"),
    "type": _l("Type of tie"),
    "mutual": _l("Mutual"),
    "strength": _l("Strength"),
}
# Fields of a parsed record stored as they are (``parent`` is resolved by name).
ORGANISATION_COLUMNS = (
    "name",
    "acronym",
    "category",
    "level",
    "mandate",
    "policy_tags",
    "in_core_group",
)
# Values for a row that leaves them empty (a file import; the grid passes the process's).
ORGANISATION_DEFAULTS = {"category": "civil_society", "level": "national", "in_core_group": False}
REQUIRED = {"organisations": ("name",), "ties": ("source", "target", "type")}
# Extra header spellings recognised by guess_mapping (lower case).
SYNONYMS = {
    "name": ("organisation", "organization", "label", "institution"),
    "parent": ("parent organisation", "parent organization", "part of", "parent"),
    "policy_tags": ("tags", "policy areas", "policy area"),
    "in_core_group": ("core group", "core"),
    "source": ("from", "source"),
    "target": ("to", "target"),
    "type": ("relation", "tie type", "kind"),
    "strength": ("weight",),
}


class UnreadableFile(Exception):
    """The file is not a CSV or XLSX table we can read; the message says why."""


@dataclass
class RowError:
    line: int
    message: str
    # Field key -> its own message, for forms that show errors beside each cell.
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class Parsed:
    records: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_table(filename: str, data: bytes) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the first sheet (XLSX) or of the CSV (comma or semicolon).

    Reading stops at the limits (rows, columns, inflated size) with a message for the
    person who uploaded the file; nothing past a limit is ever built in memory.
    """
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif name.endswith(".csv") or name.endswith(".txt"):
        rows = _csv_rows(data)
    else:
        raise UnreadableFile(str(_l("Upload a .csv or .xlsx file.")))
    if not rows:
        raise UnreadableFile(str(_l("The file is empty.")))
    header = [cell.strip() for cell in rows[0]]
    width = len(header)
    body = [(row + [""] * width)[:width] for row in rows[1:]]
    return header, body


def _too_many_rows() -> UnreadableFile:
    return UnreadableFile(
        str(
            _l(
                "The file has more than %(n)s rows. Split it into smaller files.",
                n=format_decimal(MAX_ROWS),
            )
        )
    )


def _too_many_columns() -> UnreadableFile:
    return UnreadableFile(
        str(
            _l(
                "The file has more than %(n)s columns. Keep only the columns to import.",
                n=format_decimal(MAX_COLUMNS),
            )
        )
    )


def _bounded(rows) -> list[list[str]]:
    """Non-blank rows, refusing a table beyond the row or column limits."""
    kept = []
    for scanned, row in enumerate(rows, start=1):
        if scanned > MAX_SCANNED_ROWS:
            raise _too_many_rows()
        if len(row) > MAX_COLUMNS and any(cell.strip() for cell in row[MAX_COLUMNS:]):
            raise _too_many_columns()
        row = row[:MAX_COLUMNS]
        if any(cell.strip() for cell in row):
            kept.append(row)
            if len(kept) > MAX_ROWS + 1:  # the header plus MAX_ROWS data rows
                raise _too_many_rows()
    return kept


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 13))
    return controls > len(sample) // 100


def _csv_rows(data: bytes) -> list[list[str]]:
    if data.startswith(b"PK\x03\x04"):
        raise UnreadableFile(
            str(_l("This is an Excel or other zipped file, not a CSV. Save it as .xlsx or .csv."))
        )
    if _looks_binary(data):
        raise UnreadableFile(
            str(_l("This file is not a text (CSV) file. Save the table as CSV or .xlsx."))
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # newline="" lets the csv module see every line end: CR-only (old Mac), LF and CRLF.
    try:
        return _bounded(list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as exc:
        raise UnreadableFile(
            str(_l("This CSV file cannot be read (%(reason)s). Save it again as CSV.", reason=exc))
        ) from exc


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    unreadable = str(_l("This is not a readable Excel (.xlsx) file."))
    try:
        uploads.check_zip(data, max_total=MAX_XLSX_INFLATED, max_ratio=200)
    except uploads.PackageRefused as refused:
        if refused.reason == "not-zip":
            raise UnreadableFile(unreadable) from refused
        raise UnreadableFile(
            str(
                _l(
                    "This workbook is too large once opened (more than %(n)d MB). "
                    "Keep only the sheet to import, or save it as CSV.",
                    n=MAX_XLSX_INFLATED // (1024 * 1024),
                )
            )
        ) from refused
    try:
        # read-only mode streams the sheet; max_row/max_col keep openpyxl from padding
        # to the sheet's declared size (a sheet may declare A1:XFD1048576).
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows = sheet.iter_rows(
                max_row=MAX_SCANNED_ROWS + 1, max_col=MAX_COLUMNS + 1, values_only=True
            )
            return _bounded(["" if v is None else _cell_text(v) for v in row] for row in rows)
        finally:
            workbook.close()
    except UnreadableFile:
        raise
    except (BadZipFile, KeyError, OSError, ValueError, IndexError, TypeError) as exc:
        raise UnreadableFile(unreadable) from exc


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# Columns of a block pasted without a header, in the order of the entry grid.
PASTE_COLUMNS = (
    "name",
    "acronym",
    "category",
    "level",
    "parent",
    "in_core_group",
    "policy_tags",
    "mandate",
)
MAX_PASTE_CHARS = 1024 * 1024


@dataclass
class Pasted:
    header: list[str]
    rows: list[list[str]]
    mapping: dict[str, str]
    # Columns of the block that hold none of our fields (named, or "column 9").
    ignored: list[str] = field(default_factory=list)
    had_header: bool = False


def read_pasted(text: str) -> Pasted:
    """Rows copied from a spreadsheet or a web table: tab-separated, one per line.

    A first row whose cells name our fields ("Name", "Institution", "Level"...) is read
    as a header; otherwise the columns are taken in ``PASTE_COLUMNS`` order. A block
    without tabs is one name per line (names may hold commas). Same row and column
    limits as a file.
    """
    if len(text or "") > MAX_PASTE_CHARS:
        raise UnreadableFile(str(_l("The pasted text is too long. Paste fewer rows at a time.")))
    text = (text or "").lstrip("\ufeff")
    if "\t" in text:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t")
        try:
            rows = _bounded(list(row) for row in reader)
        except csv.Error as exc:  # pragma: no cover - csv accepts almost anything
            raise UnreadableFile(str(_l("The pasted rows cannot be read."))) from exc
    else:
        rows = _bounded([line] for line in text.splitlines())
    if not rows:
        raise UnreadableFile(str(_l("Paste at least one row.")))
    width = max(len(row) for row in rows)
    rows = [(row + [""] * width)[:width] for row in rows]
    first = [cell.strip() for cell in rows[0]]
    mapping = guess_mapping(first, ORGANISATION_FIELDS)
    if "name" in mapping:
        used = set(mapping.values())
        ignored = [h for h in first if h and h not in used]
        return Pasted(first, rows[1:], mapping, ignored, had_header=True)
    header = [
        PASTE_COLUMNS[i] if i < len(PASTE_COLUMNS) else str(_l("column %(n)d", n=i + 1))
        for i in range(width)
    ]
    mapping = {key: key for key in header if key in PASTE_COLUMNS}
    ignored = [h for h in header if h not in PASTE_COLUMNS]
    ignored = [h for h in ignored if any(row[header.index(h)].strip() for row in rows)]
    return Pasted(header, rows, mapping, ignored)


def guess_mapping(header: list[str], fields: dict) -> dict[str, str]:
    """Field -> header, matching field keys, their labels and common synonyms."""
    lowered = {h.strip().lower(): h for h in header}
    mapping = {}
    for key, label in fields.items():
        candidates = (key, key.replace("_", " "), str(label).lower(), *SYNONYMS.get(key, ()))
        for candidate in candidates:
            if candidate in lowered:
                mapping[key] = lowered[candidate]
                break
    return mapping


def _lookup(value: str, labels: dict) -> str | None:
    wanted = value.strip().lower()
    for member, label in labels.items():
        if wanted in (member.value, member.value.replace("_", " "), str(label).lower()):
            return member.value
    return None


def yes_no(value: str) -> bool | None:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def _cells(header: list[str], row: list[str], mapping: dict[str, str]) -> dict[str, str]:
    position = {h: i for i, h in enumerate(header)}
    return {key: row[position[column]].strip() for key, column in mapping.items() if column}


def check_mapping(kind: str, header: list[str], mapping: dict[str, str]) -> dict[str, str]:
    """Field -> message for a missing required column or a column not in the file."""
    errors = {}
    for key in REQUIRED[kind]:
        if not mapping.get(key):
            errors[key] = str(_l("Choose the column that holds this field."))
    for key, column in mapping.items():
        if column and column not in header:
            errors[key] = str(_l("The file has no column called “%(c)s”.", c=column))
    return errors


def parse_organisations(
    header: list[str],
    rows: list[list[str]],
    mapping: dict[str, str],
    existing: set[str],
    *,
    defaults: dict | None = None,
    first_line: int = 2,
) -> Parsed:
    """Records with plain values; ``parent`` stays a name, resolved by the caller.

    ``existing``: names already in the process (lower case); they are refused as
    duplicates. A parent may be an existing organisation or another row of the file.
    ``defaults``: category, level and core group for rows that leave them empty.
    ``first_line``: the number of the first row in messages (2 under a file's header).
    """
    defaults = {**ORGANISATION_DEFAULTS, **(defaults or {})}
    parsed = Parsed()
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=first_line):
        cells = _cells(header, row, mapping)
        problems: dict[str, str] = {}
        name = cells.get("name", "")
        if not name:
            problems["name"] = str(_l("the name is empty"))
        elif len(name) > 200:
            problems["name"] = str(_l("the name is longer than 200 characters"))
        elif name.lower() in existing:
            problems["name"] = str(_l("“%(n)s” is already in the registry", n=name))
        elif name.lower() in seen:
            problems["name"] = str(
                _l("“%(n)s” is also on line %(l)d", n=name, l=seen[name.lower()])
            )
        category = defaults["category"]
        if cells.get("category"):
            category = _lookup(cells["category"], CATEGORY_LABELS)
            if category is None:
                problems["category"] = str(_l("unknown category “%(c)s”", c=cells["category"]))
        level = defaults["level"]
        if cells.get("level"):
            level = _lookup(cells["level"], LEVEL_LABELS)
            if level is None:
                problems["level"] = str(_l("unknown level “%(c)s”", c=cells["level"]))
        core = bool(defaults["in_core_group"])
        if cells.get("in_core_group"):
            core = yes_no(cells["in_core_group"])
            if core is None:
                problems["in_core_group"] = str(_l("write yes or no for the core group"))
        if len(cells.get("acronym", "")) > 30:
            problems["acronym"] = str(_l("the acronym is longer than 30 characters"))
        if len(cells.get("policy_tags", "")) > 500:
            problems["policy_tags"] = str(_l("the policy areas are longer than 500 characters"))
        if problems:
            parsed.errors.append(RowError(line, "; ".join(problems.values()), problems))
            continue
        seen[name.lower()] = line
        parsed.records.append(
            {
                "line": line,
                "name": name,
                "acronym": cells.get("acronym", ""),
                "category": category,
                "level": level,
                "parent": cells.get("parent", ""),
                "mandate": cells.get("mandate", ""),
                "policy_tags": cells.get("policy_tags", ""),
                "in_core_group": bool(core),
            }
        )
    known = existing | set(seen)
    for record in parsed.records:
        parent = record["parent"]
        message = None
        if parent and parent.lower() not in known:
            message = str(_l("no organisation called “%(n)s”", n=parent))
        elif parent and parent.lower() == record["name"].lower():
            message = str(_l("an organisation cannot be part of itself"))
        if message:
            parsed.errors.append(RowError(record["line"], message, {"parent": message}))
    parsed.errors.extend(_parent_cycles(parsed.records))
    parsed.errors.sort(key=lambda e: e.line)
    return parsed


def _parent_cycles(records: list[dict]) -> list[RowError]:
    """Rows whose parent chain inside the file comes back to themselves."""
    parent_of = {r["name"].lower(): r["parent"].lower() for r in records if r["parent"]}
    errors = []
    for record in records:
        start = record["name"].lower()
        node, steps = parent_of.get(start), 0
        while node and node != start and steps <= len(parent_of):
            node, steps = parent_of.get(node), steps + 1
        if node == start and record["parent"].lower() != start:
            message = str(_l("the “part of” column makes a circle"))
            errors.append(RowError(record["line"], message, {"parent": message}))
    return errors


def parse_ties(
    header: list[str],
    rows: list[list[str]],
    mapping: dict[str, str],
    known: set[str],
    tie_labels: dict,
) -> Parsed:
    """Records with ``source``/``target`` names (lower case keys of ``known``)."""
    parsed = Parsed()
    for line, row in enumerate(rows, start=2):
        cells = _cells(header, row, mapping)
        problems = []
        for end in ("source", "target"):
            name = cells.get(end, "")
            if not name:
                problems.append(str(_l("an organisation name is missing")))
            elif name.lower() not in known:
                problems.append(str(_l("no organisation called “%(n)s” in this process", n=name)))
        if (
            cells.get("source")
            and cells.get("source", "").lower() == cells.get("target", "").lower()
        ):
            problems.append(str(_l("a tie needs two different organisations")))
        kind = _lookup(cells.get("type", ""), tie_labels) if cells.get("type") else None
        if kind is None:
            problems.append(str(_l("unknown type of tie “%(t)s”", t=cells.get("type", ""))))
        mutual = yes_no(cells.get("mutual", ""))
        if mutual is None:
            problems.append(str(_l("write yes or no for mutual")))
        strength = 2
        if cells.get("strength"):
            try:
                strength = int(float(cells["strength"]))
            except ValueError:
                strength = 0
            if not 1 <= strength <= 3:
                problems.append(str(_l("the strength must be 1, 2 or 3")))
        if problems:
            parsed.errors.append(RowError(line, "; ".join(problems)))
            continue
        parsed.records.append(
            {
                "line": line,
                "source": cells["source"].lower(),
                "target": cells["target"].lower(),
                "type": kind,
                "mutual": bool(mutual),
                "strength": strength,
            }
        )
    return parsed
