"""Indicators x sources: the mapping page, and turning a gap into an action."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from facilitation.access import process_access
from facilitation.extensions import db
from facilitation.forms import ConfirmForm
from facilitation.paging import Page, requested_page
from facilitation.scoped import get_in_process_or_404
from facilitation.validation import ValidationFailed
from policycycle.models import Indicator

from . import mapping, services
from .catalogue import USABLE_DEFINITION
from .forms import GapActionForm, MappingForm
from .views import bp, status_for


def _source_choices(process_id: int):
    return [(0, _("— choose a source —"))] + [
        (s.id, s.name) for s in services.list_sources(process_id)
    ]


# The gap list and each table have their own pager; the summary counts every row.
TABLES = (("objectives", "objectives_page"), ("action_plan", "actions_page"))
GAPS_PAGE = "gaps_page"
PAGE_ARGS = (GAPS_PAGE, *(arg for _section, arg in TABLES))


@dataclass
class IndicatorTable:
    section: str
    page: Page
    rows: list


def _page_args() -> dict:
    """The tables' current pages, carried by the forms so a post returns to them."""
    return {arg: request.args[arg] for arg in PAGE_ARGS if arg in request.args}


def _tables(rows) -> tuple[list[IndicatorTable], dict[int, str]]:
    """One page of each table, and where each indicator's row is: ``#ind-<id>`` on the
    shown page, or the link to the page that shows it."""
    tables, where = [], {}
    for section, arg in TABLES:
        section_rows = [row for row in rows if row.section == section]
        if not section_rows:
            continue
        page = requested_page(len(section_rows), arg=arg, nearest=True)
        page_urls: dict[int, str] = {}
        for index, row in enumerate(section_rows):
            anchor = f"#ind-{row.indicator.id}"
            number = index // page.per_page + 1
            if number == page.number:
                where[row.indicator.id] = anchor
                continue
            if number not in page_urls:
                page_urls[number] = url_for(".indicators", **page.link_args(number))
            where[row.indicator.id] = page_urls[number] + anchor
        tables.append(IndicatorTable(section, page, page.slice(section_rows)))
    return tables, where


def _indicators_page(process_id: int, failed_form=None, failed_indicator=None):
    rows = mapping.indicator_rows(process_id)
    tables, where = _tables(rows)
    choices = _source_choices(process_id)
    forms = {}
    # A form per shown indicator only when there is a source to map (the form is not
    # shown otherwise).
    for row in (row for table in tables for row in table.rows) if len(choices) > 1 else ():
        if failed_form is not None and row.indicator.id == failed_indicator:
            form = failed_form
        else:
            form = MappingForm(prefix=f"i{row.indicator.id}", formdata=None)
        form.source_id.choices = choices
        forms[row.indicator.id] = form
    gaps = [row for row in rows if not row.has_usable_source]
    gaps_page = requested_page(len(gaps), arg=GAPS_PAGE, nearest=True)
    return render_template(
        "policycycle/evidence/indicators.html",
        rows=rows,
        gaps=gaps,
        gaps_page=gaps_page,
        shown_gaps=gaps_page.slice(gaps),
        tables=tables,
        where=where,
        page_args=_page_args(),
        forms=forms,
        confirm_form=ConfirmForm(),
        usable_definition=USABLE_DEFINITION,
        has_sources=len(choices) > 1,
    ), (400 if failed_form is not None else 200)


@bp.route("/indicators")
@process_access("read")
def indicators(process_id: int):
    return _indicators_page(process_id)


def _indicator_or_404(process_id: int, indicator_id: int) -> Indicator:
    return get_in_process_or_404(Indicator, indicator_id, process_id)


@bp.route("/indicators/<int:indicator_id>/sources", methods=["POST"])
@process_access("write")
def map_source(process_id: int, indicator_id: int):
    indicator = _indicator_or_404(process_id, indicator_id)
    form = MappingForm(prefix=f"i{indicator.id}")
    if form.validate_on_submit():
        try:
            mapping.map_source(
                process_id,
                indicator.id,
                form.source_id.data,
                can_feed=form.can_feed.data,
                notes=form.notes.data,
            )
        except ValidationFailed as exc:
            db.session.rollback()
            exc.apply_to_form(form)
        else:
            db.session.commit()
            flash(_("The source is mapped to the indicator."), "success")
            return redirect(
                url_for(".indicators", process_id=process_id, **_page_args())
                + f"#ind-{indicator.id}"
            )
    return _indicators_page(process_id, form, indicator.id)


@bp.route("/indicators/mappings/<int:link_id>/delete", methods=["POST"])
@process_access("write")
def unmap_source(process_id: int, link_id: int):
    anchor = ""
    if ConfirmForm().validate_on_submit():
        try:
            mapping.unmap_source(process_id, link_id)
        except ValidationFailed:
            abort(404)
        db.session.commit()
        flash(_("The source is no longer mapped to the indicator."), "success")
        anchor = f"#ind-{request.form.get('indicator', '')}"
    return redirect(url_for(".indicators", process_id=process_id, **_page_args()) + anchor)


@bp.route("/indicators/<int:indicator_id>/gap-action", methods=["GET", "POST"])
@process_access("write")
def gap_action(process_id: int, indicator_id: int):
    indicator = _indicator_or_404(process_id, indicator_id)
    form = GapActionForm()
    form.objective_id.choices = [(0, _("— choose an operational objective —"))] + [
        (o.id, o.title) for o in mapping.operational_objectives(process_id)
    ]
    form.lead_id.choices = [(0, _("— choose an institution —"))] + [
        (o.id, o.display_name) for o in services.organisations(process_id)
    ]
    form.responsible_id.choices = form.lead_id.choices
    if request.method == "GET":
        objective = mapping.default_objective(indicator)
        lead = mapping.default_lead(process_id, indicator)
        form.objective_id.data = objective.id if objective else 0
        form.lead_id.data = lead.id if lead else 0
        responsible = mapping.default_responsible(process_id, lead)
        form.responsible_id.data = responsible.id if responsible else 0
        form.title.data = mapping.default_action_title(indicator)
        form.output.data = _(
            "A data source the lead institution can use to measure “%(name)s”, with its "
            "baseline and yearly values.",
            name=indicator.name,
        )
    if form.validate_on_submit():
        try:
            action = mapping.turn_gap_into_action(
                process_id,
                indicator.id,
                objective_id=form.objective_id.data,
                lead_id=form.lead_id.data,
                responsible_id=form.responsible_id.data,
                title=form.title.data,
                output=form.output.data,
            )
        except ValidationFailed as exc:
            db.session.rollback()
            exc.apply_to_form(form)
        else:
            db.session.commit()
            flash(
                _(
                    "The data-development activity “%(title)s” is in the action plan.",
                    title=action.title,
                ),
                "success",
            )
            return redirect(
                url_for(".indicators", process_id=process_id, **_page_args())
                + f"#ind-{indicator.id}"
            )
    row = next(
        (r for r in mapping.indicator_rows(process_id) if r.indicator.id == indicator.id), None
    )
    return render_template(
        "policycycle/evidence/gap_action.html",
        form=form,
        indicator=indicator,
        row=row,
        process=g.process,
        page_args=_page_args(),
    ), status_for(form)
