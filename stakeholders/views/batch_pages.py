"""Adding many organisations at once: the entry grid and the paste box (one form, so it
works without script; the grid's script only fills cells from a paste in place)."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from facilitation.access import process_access
from facilitation.extensions import db
from facilitation.models import CATEGORY_LABELS, LEVEL_LABELS
from facilitation.sorting import collation_key
from facilitation.validation import ValidationFailed

from .. import batch, importing, registry
from ..forms import ConfirmForm
from . import bp

ACTIONS = ("check", "paste", "more", "save")


def _rows_from_form() -> list[batch.GridRow]:
    """The grid's rows as posted (``r-<n>-<field>``), at most ``GRID_MAX_ROWS``."""
    rows = []
    for index in range(batch.GRID_MAX_ROWS):
        if f"r-{index}-name" not in request.form:
            break
        values = {
            key: request.form.get(f"r-{index}-{key}", "").strip() for key in batch.GRID_FIELDS
        }
        rows.append(batch.GridRow(values))
    return batch.filled(rows)


def _defaults() -> dict:
    defaults = registry.organisation_defaults(g.process)
    if request.method == "POST":
        category = request.form.get("default-category", "")
        level = request.form.get("default-level", "")
        if category in {c.value for c in CATEGORY_LABELS}:
            defaults["category"] = category
        if level in {lv.value for lv in LEVEL_LABELS}:
            defaults["level"] = level
    return defaults


def _page(rows, defaults, *, errors=None, notices=(), pasted="", checked=False, more=0, code=200):
    existing = sorted((org.name for org in registry.organisations(g.process.id)), key=collation_key)
    blanks = max(batch.GRID_BLANK_ROWS - len(rows), 3 if rows else 0) + more
    blanks = min(blanks, batch.GRID_MAX_ROWS - len(rows))
    return render_template(
        "stakeholders/batch.html",
        form=ConfirmForm(),
        rows=rows + batch.blank_rows(blanks),
        filled=len(rows),
        bad=sum(1 for row in rows if row.errors),
        defaults=defaults,
        categories=CATEGORY_LABELS,
        levels=LEVEL_LABELS,
        existing=existing,
        errors=errors or {},
        notices=notices,
        pasted=pasted,
        checked=checked,
        max_rows=batch.GRID_MAX_ROWS,
        columns=importing.ORGANISATION_FIELDS,
        paste_labels=[str(importing.ORGANISATION_FIELDS[k]) for k in importing.PASTE_COLUMNS],
    ), code


@bp.route("/organisations/batch", methods=["GET", "POST"])
@process_access("write")
def batch_organisations(process_id: int):
    defaults = _defaults()
    if request.method == "GET":
        return _page([], defaults)
    form = ConfirmForm()
    rows = _rows_from_form()
    if not form.validate_on_submit():
        return _page(
            rows, defaults, errors={"form": _("The form expired. Send it again.")}, code=400
        )
    action = request.form.get("action", "check")
    action = action if action in ACTIONS else "check"
    pasted, notices, errors = request.form.get("pasted", ""), [], {}
    if action == "paste":
        try:
            block = importing.read_pasted(pasted)
        except importing.UnreadableFile as exc:
            return _page(rows, defaults, errors={"pasted": str(exc)}, pasted=pasted, code=400)
        added = batch.rows_from_pasted(block)
        if len(rows) + len(added) > batch.GRID_MAX_ROWS:
            message = ngettext(
                "The grid holds at most %(num)d row. Import a longer list from a file.",
                "The grid holds at most %(num)d rows. Import a longer list from a file.",
                batch.GRID_MAX_ROWS,
            )
            return _page(rows, defaults, errors={"pasted": message}, pasted=pasted, code=400)
        rows, pasted = rows + added, ""
        notices.append(
            ngettext(
                "%(num)d pasted row is in the grid. Check it, then save.",
                "%(num)d pasted rows are in the grid. Check them, then save.",
                len(added),
            )
        )
        if block.ignored:
            notices.append(
                _("These columns were left out: %(names)s.", names=", ".join(block.ignored))
            )
    elif action == "save":
        try:
            count = batch.add_organisations(process_id, rows, defaults)
        except ValidationFailed as failed:
            db.session.rollback()
            return _page(rows, defaults, errors=failed.errors, checked=True, code=400)
        db.session.commit()
        flash(
            ngettext("%(num)d organisation added.", "%(num)d organisations added.", count),
            "success",
        )
        return redirect(url_for(".registry_page", process_id=process_id))
    elif action == "more":
        return _page(rows, defaults, pasted=pasted, more=batch.GRID_BLANK_ROWS)
    if rows:  # a paste or a check: the preview, each bad cell with its message
        try:
            batch.check(process_id, rows, defaults)
        except ValidationFailed as failed:
            errors = failed.errors
    return _page(rows, defaults, errors=errors, notices=notices, pasted=pasted, checked=bool(rows))
