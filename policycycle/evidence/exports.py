"""Exports of the inventory: rows for the policy document's annex, an .xlsx workbook and
the quality profile as a PNG chart.

Public functions used by the exports package (documented contract):

- ``inventory_columns()``: ``[(key, translated heading)]`` in display order.
- ``inventory_rows(process_id)``: one dict per source keyed by ``inventory_columns()``
  keys, plain strings and ints only; quality scores are one column per dimension
  (``quality_<dimension>``: 0-3 or "" when not rated), never summed.
- ``quality_profile_png(source_id, *, dpi=150)``: PNG bytes of the six-bar profile chart
  of one source (horizontal bars 0-3); ``None`` if the source does not exist.
- ``inventory_xlsx(process_id)``: bytes of the workbook offered on the inventory page.
"""

from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from drafting.export.sheets import print_setup
from facilitation import spreadsheets
from facilitation.extensions import db
from facilitation.plaintext import strip_illegal

from .catalogue import SCORE_MAX, SCORE_MIN, Access, Dimension, Periodicity, SharingAgreement
from .catalogue import SourceType as Type
from .models import DataSource
from .services import list_sources, quality_profile, usability


def inventory_columns() -> list[tuple[str, str]]:
    columns = [
        ("name", _("Source")),
        ("type", _("Type")),
        ("owner", _("Owner institution")),
        ("variables", _("Variables available")),
        ("migrant_definition", _("Definition of migrant")),
        ("periodicity", _("Periodicity")),
        ("latest_period", _("Latest reference period")),
        ("access", _("Access")),
        ("access_conditions", _("Access conditions")),
        ("sharing_agreement", _("Data-sharing agreement with the lead institution")),
    ]
    columns += [
        (f"quality_{d.value}", _("Quality: %(dimension)s", dimension=d.label)) for d in Dimension
    ]
    columns += [("usable", _("Usable for indicators")), ("notes", _("Notes"))]
    return columns


def _label(enum_type, value) -> str:
    try:
        return enum_type(value).label
    except ValueError:
        return str(value or "")


def source_row(source: DataSource) -> dict:
    state, reasons = usability(source)
    row = {
        "name": source.name,
        "type": _label(Type, source.source_type),
        "owner": source.owner.display_name if source.owner else "",
        "variables": ", ".join(source.variable_labels),
        "migrant_definition": source.migrant_definition,
        "periodicity": _label(Periodicity, source.periodicity),
        "latest_period": source.latest_period,
        "access": _label(Access, source.access),
        "access_conditions": source.access_conditions,
        "sharing_agreement": _label(SharingAgreement, source.sharing_agreement),
        "usable": _("Yes")
        if state == "usable"
        else (
            _("Not rated yet")
            if state == "not_rated"
            else _("No: %(reasons)s", reasons="; ".join(reasons))
        ),
        "notes": source.notes,
    }
    for bar in quality_profile(source):
        row[f"quality_{bar.dimension.value}"] = bar.score if bar.score is not None else ""
    return row


def inventory_rows(process_id: int) -> list[dict]:
    return [source_row(s) for s in list_sources(process_id)]


def inventory_xlsx(process_id: int) -> bytes:
    """The inventory as a workbook: frozen header row, filters, wrapped long text."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Data sources")[:31]
    columns = inventory_columns()
    spreadsheets.append(ws, [heading for _key, heading in columns])
    for row in inventory_rows(process_id):
        spreadsheets.append(ws, [row[key] for key, _heading in columns])
    header_fill = PatternFill("solid", fgColor="DDE6F0")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    wide = {
        "name": 32,
        "owner": 30,
        "variables": 34,
        "migrant_definition": 40,
        "access_conditions": 36,
        "notes": 40,
        "usable": 30,
    }
    for index, (key, _heading) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = wide.get(
            key, 14 if key.startswith("quality_") else 20
        )
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions
    print_setup(ws)
    legend = wb.create_sheet(_("Quality scale")[:31])
    spreadsheets.append(legend, [_("Score"), _("Meaning")])
    from .catalogue import SCORE_LABELS

    for score in range(SCORE_MIN, SCORE_MAX + 1):
        spreadsheets.append(legend, [score, str(SCORE_LABELS[score])])
    spreadsheets.append(legend, [])
    spreadsheets.append(
        legend, [_("Each dimension is rated on its own; the scores are never added up.")]
    )
    for cell in legend[1]:
        cell.font = Font(bold=True)
    legend.column_dimensions["B"].width = 40
    print_setup(legend, landscape=False)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def quality_profile_png(source_id: int, *, dpi: int = 150) -> bytes | None:
    """The six-dimension profile of one source as a PNG (for the policy-document annex)."""
    source = db.session.get(DataSource, source_id)
    if source is None:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    bars = quality_profile(source)
    labels = [str(b.dimension.label) for b in bars]
    scores = [b.score if b.score is not None else 0 for b in bars]
    colours = [
        "#b0b7bf"
        if b.score is None
        else ("#c0392b" if b.score <= 1 else "#2e7d32" if b.score == 3 else "#f0a500")
        for b in bars
    ]
    fig = Figure(figsize=(6.0, 2.8), dpi=dpi)
    ax = fig.add_subplot()
    positions = list(range(len(bars)))[::-1]
    ax.barh(positions, scores, color=colours, height=0.6)
    for pos, bar in zip(positions, bars, strict=True):
        text = str(bar.score) if bar.score is not None else _("not rated")
        ax.text((bar.score or 0) + 0.05, pos, text, va="center", fontsize=8)
    ax.set_yticks(positions, labels, fontsize=8)
    ax.set_xlim(0, SCORE_MAX + 0.4)
    ax.set_xticks(range(SCORE_MIN, SCORE_MAX + 1))
    # Cleaned like every file we write (a stored control character has no glyph) and kept
    # to one line of the figure.
    title = strip_illegal(source.name)
    ax.set_title(title if len(title) <= 90 else title[:88] + "…", fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
