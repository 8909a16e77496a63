"""Pages of the instruments and action plan stages, the Gantt chart and readiness."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote as url_quote

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func
from werkzeug.routing import BuildError

from facilitation import money
from facilitation import services as process_services
from facilitation.access import process_access
from facilitation.crafted_input import bounded_int
from facilitation.early_headers import sends_headers_early
from facilitation.extensions import db
from facilitation.models import Organisation
from facilitation.paging import matches_text, requested_page
from facilitation.scoped import get_in_process_or_404
from facilitation.sorting import collation_key
from facilitation.stages import STAGE_BY_KEY
from policycycle.models import (
    INSTRUMENT_CRITERIA,
    Action,
    ActionStatus,
    Instrument,
    InstrumentKind,
)

from . import actions, chain, costing, gantt, instruments, plan_filters, raci_control
from .forms import (
    ActionForm,
    ConfirmDeleteForm,
    InstrumentForm,
    InstrumentScoresForm,
    MonitoringForm,
    as_choices,
)
from .views import bp, commit_or_errors, status_of

# --- Instruments ----------------------------------------------------------------------


def _instrument_choices(form, process_id: int) -> None:
    code_map = chain.codes(process_id)
    form.option_id.choices = as_choices(
        [(None, _("— choose —"))]
        + [
            (o.id, f"{code_map.get(('objective', o.objective_id), '')} · {o.title}")
            for o in instruments.preferred_options(process_id)
        ]
    )
    form.objective_id.choices = as_choices(
        [(None, _("— through the option above —"))]
        + [
            (o.id, f"{code} · {o.title}")
            for code, o in chain.specific_objectives(process_id, code_map)
        ]
    )
    form.lead_organisation_id.choices = as_choices(
        [(None, _("— none yet —"))] + _organisations(process_id)
    )


def _organisations(process_id: int) -> list[tuple[int, str]]:
    rows = db.session.execute(
        db.select(Organisation.id, Organisation.name, Organisation.acronym).where(
            Organisation.process_id == process_id
        )
    ).all()
    return [
        (i, f"{name} ({acronym})" if acronym else name)
        for i, name, acronym in sorted(rows, key=lambda r: collation_key(r.name))
    ]


INSTRUMENT_FIELDS = (
    "option_id",
    "objective_id",
    "kind",
    "title",
    "description",
    "policy_area",
    "lead_organisation_id",
    "legal_basis",
    "resources",
    "cost",
    "time_to_effect",
)


@bp.route("/instruments")
@process_access("read")
@sends_headers_early
def instruments_page(process_id):
    rows = instruments.instruments_with_scores(process_id)
    # Filters (kind, words) and pages of 50 for a large process.
    kind = request.args.get("kind", "")
    words = request.args.get("q", "").strip()[:200]
    rows = [
        row
        for row in rows
        if (not kind or str(row["instrument"].kind) == kind)
        and matches_text(words, row["instrument"].title, row["instrument"].description)
    ]
    page = requested_page(len(rows))
    return render_template(
        "policycycle/planning/instruments.html",
        rows=page.slice(rows),
        page=page,
        filters={"kind": kind, "q": words},
        criteria=INSTRUMENT_CRITERIA,
        preferred=len(instruments.preferred_options(process_id)),
        kind_labels={k: k.label for k in InstrumentKind},
        codes=chain.codes(process_id),
    )


@bp.route("/instruments/new", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def instruments_new(process_id):
    form = InstrumentForm()
    _instrument_choices(form, process_id)
    if request.method == "GET" and request.args.get("option_id", type=bounded_int):
        form.option_id.data = request.args.get("option_id", type=bounded_int)
    if form.validate_on_submit():
        data = {k: getattr(form, k).data for k in INSTRUMENT_FIELDS}
        holder = {}

        def work():
            holder["i"] = instruments.save_instrument(process_id, data)

        if commit_or_errors(form, work):
            _flash_mandate(holder["i"])
            return redirect(url_for(".instruments_page", process_id=process_id))
    return render_template(
        "policycycle/planning/instrument_form.html", form=form, instrument=None
    ), status_of(form)


def _flash_mandate(instrument) -> None:
    flash(_("Instrument saved."), "success")
    state, _words = instruments.mandate_check(instrument)
    if state == "warning":
        flash(
            _(
                "The mandate and policy tags of %(org)s do not mention “%(area)s”. Check that it "
                "is competent to lead this instrument, or record the mandate on the institution.",
                org=instrument.lead_organisation.name,
                area=instrument.policy_area,
            ),
            "warning",
        )


@bp.route("/instruments/<int:instrument_id>/edit", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def instruments_edit(process_id, instrument_id):
    instrument = get_in_process_or_404(Instrument, instrument_id, process_id)
    form = InstrumentForm(obj=instrument)
    _instrument_choices(form, process_id)
    if form.validate_on_submit():
        data = {k: getattr(form, k).data for k in INSTRUMENT_FIELDS}
        if commit_or_errors(
            form, lambda: instruments.save_instrument(process_id, data, instrument)
        ):
            _flash_mandate(instrument)
            return redirect(url_for(".instruments_page", process_id=process_id))
    return render_template(
        "policycycle/planning/instrument_form.html",
        form=form,
        instrument=instrument,
        mandate=instruments.mandate_check(instrument),
    ), status_of(form)


@bp.route("/instruments/<int:instrument_id>/scores", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def instruments_scores(process_id, instrument_id):
    instrument = get_in_process_or_404(Instrument, instrument_id, process_id)
    form = InstrumentScoresForm()
    if request.method == "GET":
        for key, score in instruments.scores_of(process_id).get(instrument.id, {}).items():
            getattr(form, key).data = score.score
            getattr(form, f"{key}_note").data = score.note
    if form.validate_on_submit():
        values = {
            key: (getattr(form, key).data, getattr(form, f"{key}_note").data)
            for key in instruments.CRITERION_KEYS
        }
        if commit_or_errors(form, lambda: instruments.save_instrument_scores(instrument, values)):
            flash(_("Selection scores saved."), "success")
            return redirect(url_for(".instruments_page", process_id=process_id))
    return render_template(
        "policycycle/planning/instrument_scores.html",
        form=form,
        instrument=instrument,
        criteria=INSTRUMENT_CRITERIA,
    ), status_of(form)


@bp.route("/instruments/<int:instrument_id>/delete", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def instruments_delete(process_id, instrument_id):
    instrument = get_in_process_or_404(Instrument, instrument_id, process_id)
    form = ConfirmDeleteForm()
    if form.validate_on_submit() and commit_or_errors(
        form, lambda: instruments.delete_instrument(instrument)
    ):
        flash(_("Instrument deleted."), "success")
        return redirect(url_for(".instruments_page", process_id=process_id))
    return render_template(
        "policycycle/planning/confirm_delete.html",
        form=form,
        what=instrument.title,
        blockers=instruments.instrument_dependents(instrument),
        losses=[_("Its selection scores are deleted with it.")],
        back=url_for(".instruments_page", process_id=process_id),
    ), status_of(form)


# --- Action plan ----------------------------------------------------------------------


# Above this many activities the plan is shown one specific objective at a time.
ALL_AT_ONCE = 120


def _plan_scope(process_id: int):
    """(specific objectives with codes, the one shown or None for all, total count)."""
    objectives = chain.specific_objectives(process_id)
    total = db.session.scalar(
        db.select(func.count(Action.id)).where(Action.process_id == process_id)
    )
    chosen = request.args.get("objective", type=bounded_int)
    if chosen not in {o.id for _c, o in objectives}:
        chosen = None
    if chosen is None and total > ALL_AT_ONCE and not request.args.get("all") and objectives:
        chosen = objectives[0][1].id
    return objectives, chosen, total


@bp.route("/action-plan")
@process_access("read")
@sends_headers_early
def action_plan(process_id):
    objectives, chosen, total = _plan_scope(process_id)
    groups = actions.action_plan_rows(process_id, chosen)
    rows = actions.flat_rows(groups)
    lines = []  # one flat sequence of headings and rows: a single loop in the template
    for group in groups:
        lines.append(("so", group))
        lines.extend(("row", r) for r in group["actions"])
        for op in group["operational"]:
            lines.append(("op", op))
            lines.extend(("row", r) for r in op["actions"])
    funding = costing.plan_funding(process_id, groups, listed_only=chosen is not None)
    currency = money.currency_of(g.process)
    locale = str(get_locale() or "en")
    # Filters (status, responsible institution, words) and pages of 50 activities.
    status = request.args.get("status", "")
    institution = request.args.get("institution", type=bounded_int)
    words = request.args.get("q", "").strip()[:200]

    def wanted(row):
        return plan_filters.keep(row, status, institution, words)

    matching = plan_filters.page_lines(lines, wanted, 1, 0)[1]
    page = requested_page(matching)
    lines, _count = plan_filters.page_lines(lines, wanted, page.first, page.last)
    return render_template(
        "policycycle/planning/action_plan.html",
        groups=groups,
        lines=lines,
        page=page,
        filters={"status": status, "institution": institution, "q": words},
        institutions=plan_filters.institutions(rows),
        objectives=objectives,
        chosen=chosen,
        total_count=total,
        funding=funding,
        currency=currency,
        currency_name=money.currency_name(currency, locale),
        amount=lambda value: money.format_money(value, currency, locale),
        count=len(rows),
        status_labels={s: s.label for s in ActionStatus},
        base_url=url_for(".action_plan", process_id=process_id),
    )


@bp.route("/action-plan/gantt")
@process_access("read")
@sends_headers_early
def action_plan_gantt(process_id):
    objectives, chosen, total = _plan_scope(process_id)
    chart = gantt.layout(actions.gantt_rows(process_id, chosen), today=date.today())
    return render_template(
        "policycycle/planning/gantt.html",
        chart=chart,
        objectives=objectives,
        chosen=chosen,
        total_count=total,
        statuses=ActionStatus.choices(),
        month_names={m: format_date(date(2000, m, 1), "MMM") for m in range(1, 13)},
    )


def _action_choices(form, process_id: int, action: Action | None) -> None:
    code_map = chain.codes(process_id)
    objectives = chain.operational_objectives(process_id, code_map) + chain.specific_objectives(
        process_id, code_map
    )
    form.objective_id.choices = as_choices(
        [(None, _("— choose —"))]
        + [(o.id, f"{code} · {o.title}") for code, o in objectives if code]
    )
    form.instrument_id.choices = as_choices(
        [(None, _("— none —"))]
        + [
            (i.id, f"{i.kind.label if hasattr(i.kind, 'label') else i.kind} · {i.title}")
            for i in instruments.instruments_of(process_id)
        ]
    )
    others = db.session.execute(
        db.select(Action.id, Action.title).where(Action.process_id == process_id)
    ).all()
    form.depends_on.choices = as_choices(
        sorted(
            [
                (i, f"{code_map.get(('action', i), '')} {t[:80]}")
                for i, t in others
                if not action or i != action.id
            ],
            key=lambda c: c[1],
        )
    )


def _save_action(form, process_id, action):
    data = {
        "objective_id": form.objective_id.data,
        "title": form.title.data,
        "instrument_id": form.instrument_id.data,
        "raci": raci_control.letters_from_form(request.form),
        "indicator": form.indicator_data(),
        "depends_on": form.depends_on.data or [],
        "start_date": form.start_date.data,
        "end_date": form.end_date.data,
        "start_precision": form.start_date.precision,
        "end_precision": form.end_date.precision,
        "cost": form.cost.data,
        "costs": form.cost_lines(),
        "status": form.status.data,
        **{k: getattr(form, k).data for k in actions.ACTION_TEXT_FIELDS},
    }
    if action is None:
        return actions.create_action(process_id, **data)
    return actions.update_action(action, **data)


def _action_form_page(process_id, action):
    form = ActionForm(obj=action)
    _action_choices(form, process_id, action)
    raci = {}
    if action is not None:
        raci = {r.organisation_id: str(r.letter) for r in action.raci}
        if request.method == "GET":
            form.start_date.precision = action.start_precision or "day"
            form.end_date.precision = action.end_precision or "day"
            form.depends_on.data = [d.id for d in action.depends_on]
            indicator = action.indicators[0] if action.indicators else None
            if indicator:
                for key in (
                    "name",
                    "unit",
                    "baseline_value",
                    "baseline_year",
                    "target_value",
                    "target_year",
                    "means_of_verification",
                ):
                    getattr(form, f"indicator_{key}").data = getattr(indicator, key)
    elif request.method == "GET":
        form.objective_id.data = request.args.get("objective_id", type=bounded_int)
        form.instrument_id.data = request.args.get("instrument_id", type=bounded_int)
    if request.method == "POST":
        raci = raci_control.letters_from_form(request.form)
    else:
        _fill_cost_lines(form, action)
    if request.form.get(raci_control.ADD_BUTTON):
        # "Add" in the RACI control (without script): show the new row, save nothing yet.
        added = request.form.get("raci_add_org", type=bounded_int)
        return _action_form_render(form, action, raci, added), 200
    if form.validate_on_submit() and commit_or_errors(
        form, lambda: _save_action(form, process_id, action)
    ):
        flash(_("Activity saved."), "success")
        return redirect(url_for(".action_plan", process_id=process_id))
    return _action_form_render(form, action, raci), status_of(form)


def _action_form_render(form, action, raci: dict, added: int | None = None) -> str:
    currency = money.currency_of(g.process)
    return render_template(
        "policycycle/planning/action_form.html",
        form=form,
        action=action,
        currency_label=f"{currency} ({money.currency_name(currency, str(get_locale() or 'en'))})",
        raci=raci_control.build(g.process.id, raci, added),
        raci_letters=raci_control.LETTERS,
        raci_messages=raci_control.ADVICE,
        monitoring=MonitoringForm(prefix="m", reported_on=date.today(), status=action.status)
        if action
        else None,
        history=actions.monitoring_history(action) if action else [],
    )


BLANK_COST_LINES = 2


def _fill_cost_lines(form, action: Action | None) -> None:
    """The activity's cost lines, then blank lines for the years it spans (or two)."""
    lines = list(action.cost_lines) if action is not None else []
    for line in lines:
        form.costs.append_entry(
            {
                "year": line.year,
                "kind": str(line.kind),
                "amount": line.amount,
                "secured": line.secured,
            }
        )
    given = {line.year for line in lines}
    years = []
    if action is not None and action.start_date and action.end_date:
        span = range(action.start_date.year, action.end_date.year + 1)
        years = [y for y in span if y not in given][:6]
    for year in years or [None] * BLANK_COST_LINES:
        form.costs.append_entry({"year": year, "kind": "one_off"})


@bp.route("/action-plan/new", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def action_plan_new(process_id):
    return _action_form_page(process_id, None)


@bp.route("/action-plan/<int:action_id>/edit", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def action_plan_edit(process_id, action_id):
    return _action_form_page(process_id, get_in_process_or_404(Action, action_id, process_id))


@bp.route("/action-plan/<int:action_id>/monitoring", methods=["POST"])
@process_access("write")
def action_plan_monitoring(process_id, action_id):
    action = get_in_process_or_404(Action, action_id, process_id)
    form = MonitoringForm(prefix="m")
    if form.validate_on_submit() and commit_or_errors(
        form,
        lambda: actions.add_monitoring_update(
            action,
            current_user,
            form.reported_on.data,
            form.status.data,
            form.current_value.data,
            form.comment.data,
        ),
    ):
        flash(_("Monitoring update added."), "success")
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
        for message in form.form_errors:
            flash(message, "error")
    return redirect(
        url_for(".action_plan_edit", process_id=process_id, action_id=action.id) + "#monitoring"
    )


@bp.route("/action-plan/<int:action_id>/delete", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def action_plan_delete(process_id, action_id):
    action = get_in_process_or_404(Action, action_id, process_id)
    form = ConfirmDeleteForm()
    if form.validate_on_submit() and commit_or_errors(form, lambda: actions.delete_action(action)):
        flash(_("Activity deleted."), "success")
        return redirect(url_for(".action_plan", process_id=process_id))
    return render_template(
        "policycycle/planning/confirm_delete.html",
        form=form,
        what=action.title,
        blockers=actions.action_dependents(action),
        losses=[_("Its responsibilities, indicator and monitoring updates are deleted with it.")],
        back=url_for(".action_plan", process_id=process_id),
    ), status_of(form)


# --- Readiness ------------------------------------------------------------------------


@bp.route("/readiness")
@process_access("read")
@sends_headers_early
def readiness_page(process_id):
    findings = process_services.readiness_findings(process_id)
    adapter = current_app.create_url_adapter(request)
    built = {}  # the large demo's ~600 findings link to a handful of pages: build each once
    by_stage = {}
    for finding in findings:
        by_stage.setdefault(finding.stage, []).append(
            (finding, _mend_url(adapter, finding, process_id, built))
        )
    order = {key: i for i, key in enumerate(STAGE_BY_KEY)}
    stages = sorted(
        ((STAGE_BY_KEY.get(key), items) for key, items in by_stage.items()),
        key=lambda pair: order.get(pair[0].key if pair[0] else "", len(order)),
    )
    return render_template(
        "policycycle/planning/readiness.html",
        stages=stages,
        errors=sum(1 for f in findings if f.severity == "error"),
        warnings=sum(1 for f in findings if f.severity != "error"),
    )


def _mend_url(adapter, finding, process_id: int, built: dict) -> str | None:
    """Where the finding is mended; None (and a log line) if a rule names a missing page.

    ``built`` remembers, for this request, the URL of each (page, values) already built:
    findings differ mostly by their anchor, and each ``adapter.build`` walks the URL map.
    """
    values = {**finding.url_values, "process_id": process_id}
    anchor = values.pop("_anchor", None)
    key = (finding.endpoint, tuple(sorted(values.items(), key=lambda item: item[0])))
    if key not in built:
        try:
            built[key] = adapter.build(finding.endpoint, values)
        except BuildError:
            current_app.logger.warning(
                "Readiness finding links to unknown page %s", finding.endpoint
            )
            built[key] = None
    url = built[key]
    if url is None:
        return None
    return f"{url}#{url_quote(str(anchor))}" if anchor else url
