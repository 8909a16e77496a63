"""Objectives pages: the objectives tree (drafted from the problem tree, then edited),
one objective with its SMART check, indicators and alignment."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext

from facilitation.access import process_access
from facilitation.crafted_input import bounded_int
from facilitation.early_headers import sends_headers_early
from facilitation.extensions import db
from facilitation.forms import ConfirmForm
from policycycle.models import Indicator, NodeKind, Objective, ObjectiveLevel

from . import objectives as services
from . import problems
from .forms import AlignmentForm, IndicatorForm, ObjectiveForm, SmartForm
from .models import ObjectiveAlignment
from .routing import SCREEN_LAYOUT, bp, delete_page, owned, save, short, status_of, url


def _objective_form(process_id: int, rows, obj=None, **kwargs) -> ObjectiveForm:
    form = ObjectiveForm(obj=obj, **kwargs)
    form.parent_id.choices = [(0, _("— none (general objective) —"))] + [
        (o.id, f"{ObjectiveLevel(o.level).label}: {short(o.title, 80)}")
        for o in rows
        if obj is None or o.id != obj.id
    ]
    form.problem_node_id.choices = [(0, _("— none —"))] + [
        (n.id, f"{NodeKind(n.kind).label}: {short(n.text, 80)}")
        for n in problems.nodes(process_id)
        if n.kind != NodeKind.EFFECT
    ]
    return form


def _save(form, process_id, objective=None):
    return services.save_objective(
        process_id,
        level=form.level.data,
        title=form.title.data,
        description=form.description.data,
        parent_id=form.parent_id.data,
        alignment=form.alignment.data,
        # A form without the field (an older page) keeps the link the objective had.
        problem_node_id=form.problem_node_id.data
        if "problem_node_id" in request.form
        else (objective.problem_node_id if objective else None),
        code=form.code.data if "code" in request.form else (objective.code if objective else ""),
        objective=objective,
    )


@bp.route("/p/<int:process_id>/objectives", methods=["GET", "POST"])
@process_access("write", safe_need="read")
@sends_headers_early
def objectives(process_id: int):
    rows = services.objectives(process_id)
    defaults = None
    if request.method == "GET":
        generals = [o.id for o in rows if str(o.level) == ObjectiveLevel.GENERAL]
        parent = request.args.get("parent", type=bounded_int) or (
            generals[0] if len(generals) == 1 else None
        )
        level = request.args.get("level")
        defaults = {
            "parent_id": parent,
            "level": level
            if level in ObjectiveLevel.__members__.values()
            else ("specific" if rows else "general"),
        }
    form = _objective_form(process_id, rows, data=defaults)
    done = save(
        form,
        lambda: _save(form, process_id),
        _("Objective added."),
        lambda o: url("analysis.objectives_detail", objective_id=o.id),
    )
    if done:
        return done
    smart_rows = services.objectives_with_smart(process_id, rows)
    crowded = services.crowded(process_id, rows)
    return render_template(
        "policycycle/analysis/objectives.html",
        form=form,
        rows=smart_rows,
        layout=services.objectives_tree_layout(process_id, rows, options=SCREEN_LAYOUT),
        crowded=crowded,
        crowded_ids={i for c in crowded for i in c.objective_ids},
        by_id={o.id: o for o in rows},
        draft_form=ConfirmForm(),
        levels=list(ObjectiveLevel),
    ), status_of(form)


@bp.route("/p/<int:process_id>/objectives/draft", methods=["POST"])
@process_access("write")
def objectives_draft(process_id: int):
    if ConfirmForm().validate_on_submit():
        created = services.draft_from_problem_tree(process_id)
        db.session.commit()
        if created:
            flash(
                ngettext(
                    "%(num)d objective drafted from the problem tree. Edit the wording.",
                    "%(num)d objectives drafted from the problem tree. Edit the wording.",
                    len(created),
                ),
                "success",
            )
        else:
            flash(_("Every problem of the tree already has its objective."), "warning")
    return redirect(url("analysis.objectives"))


@bp.route("/p/<int:process_id>/objectives/<int:objective_id>", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def objectives_detail(process_id: int, objective_id: int):
    objective = owned(Objective, objective_id)
    form = _objective_form(process_id, services.objectives(process_id), objective)
    done = save(
        form,
        lambda: _save(form, process_id, objective),
        _("Objective saved."),
        url("analysis.objectives_detail", objective_id=objective.id),
    )
    return done or _objective_page(objective, form=form)


def _alignment_form(objective, form=None) -> AlignmentForm:
    form = form or AlignmentForm()
    form.framework_item_id.choices = [(0, _("— choose —"))] + [
        (i.id, short(i.title, 90)) for i in services.strategies(objective.process_id)
    ]
    return form


def _objective_page(
    objective, *, form=None, smart_form=None, indicator_form=None, status=None, alignment_form=None
):
    rows = services.objectives(objective.process_id)
    form = form or _objective_form(objective.process_id, rows, objective)
    smart_form = smart_form or SmartForm(obj=objective)
    indicator_form = indicator_form or IndicatorForm()
    by_id = {o.id: o for o in rows}
    return render_template(
        "policycycle/analysis/objective.html",
        objective=objective,
        form=form,
        smart_form=smart_form,
        indicator_form=indicator_form,
        smart=services.smart_of(objective),
        parent=by_id.get(objective.parent_id),
        children=[o for o in rows if o.parent_id == objective.id],
        alignments=services.alignments(objective),
        alignment_form=_alignment_form(objective, alignment_form),
    ), status or max(
        status_of(form),
        status_of(smart_form),
        status_of(indicator_form),
        status_of(alignment_form) if alignment_form else 200,
    )


@bp.route("/p/<int:process_id>/objectives/<int:objective_id>/smart", methods=["POST"])
@process_access("write")
def objectives_smart(process_id: int, objective_id: int):
    objective = owned(Objective, objective_id)
    form = SmartForm()
    done = save(
        form,
        lambda: services.save_smart(
            objective,
            specific_ok=form.specific_ok.data,
            achievable_ok=form.achievable_ok.data,
            realistic_ok=form.realistic_ok.data,
            smart_note=form.smart_note.data,
        ),
        _("SMART check saved."),
        url("analysis.objectives_detail", objective_id=objective.id) + "#smart",
    )
    return done or _objective_page(objective, smart_form=form, status=400)


def _save_indicator(form, objective, indicator=None):
    return services.save_indicator(
        objective,
        name=form.name.data,
        unit=form.unit.data,
        baseline_value=form.baseline_value.data,
        baseline_year=form.baseline_year.data,
        target_value=form.target_value.data,
        target_year=form.target_year.data,
        target_date=form.target_date.data,
        means_of_verification=form.means_of_verification.data,
        indicator=indicator,
    )


@bp.route("/p/<int:process_id>/objectives/<int:objective_id>/indicators", methods=["POST"])
@process_access("write")
def objectives_add_indicator(process_id: int, objective_id: int):
    objective = owned(Objective, objective_id)
    form = IndicatorForm()
    done = save(
        form,
        lambda: _save_indicator(form, objective),
        _("Indicator added."),
        url("analysis.objectives_detail", objective_id=objective.id) + "#indicators",
    )
    return done or _objective_page(objective, indicator_form=form, status=400)


def _objective_indicator(objective_id: int, indicator_id: int):
    objective = owned(Objective, objective_id)
    indicator = owned(Indicator, indicator_id)
    if indicator.objective_id != objective.id:
        abort(404)
    return objective, indicator


@bp.route(
    "/p/<int:process_id>/objectives/<int:objective_id>/indicators/<int:indicator_id>",
    methods=["GET", "POST"],
)
@process_access("write", safe_need="read")
def objectives_indicator(process_id: int, objective_id: int, indicator_id: int):
    objective, indicator = _objective_indicator(objective_id, indicator_id)
    form = IndicatorForm(obj=indicator)
    back = url("analysis.objectives_detail", objective_id=objective.id) + "#indicators"
    done = save(
        form, lambda: _save_indicator(form, objective, indicator), _("Indicator saved."), back
    )
    return done or (
        render_template(
            "policycycle/analysis/form_page.html",
            form=form,
            title=_("Edit the indicator"),
            back=back,
            delete_url=url(
                "analysis.objectives_indicator_delete",
                objective_id=objective.id,
                indicator_id=indicator.id,
            ),
        ),
        status_of(form),
    )


@bp.route(
    "/p/<int:process_id>/objectives/<int:objective_id>/indicators/<int:indicator_id>/delete",
    methods=["GET", "POST"],
)
@process_access("write")
def objectives_indicator_delete(process_id: int, objective_id: int, indicator_id: int):
    objective, indicator = _objective_indicator(objective_id, indicator_id)
    back = url("analysis.objectives_detail", objective_id=objective.id) + "#indicators"
    return delete_page(
        what=_("Indicator"),
        title=indicator.name,
        dependents=[],
        remove=lambda: services.delete_indicator(indicator),
        back=back,
        done=back,
    )


@bp.route("/p/<int:process_id>/objectives/<int:objective_id>/delete", methods=["GET", "POST"])
@process_access("write")
def objectives_delete(process_id: int, objective_id: int):
    objective = owned(Objective, objective_id)
    return delete_page(
        what=_("Objective"),
        title=objective.title,
        dependents=services.objective_dependents(objective),
        note=_("Its indicators are deleted with it.") if objective.indicators else None,
        remove=lambda: services.delete_objective(objective),
        back=url("analysis.objectives_detail", objective_id=objective.id),
        done=url("analysis.objectives"),
    )


@bp.route("/p/<int:process_id>/objectives/<int:objective_id>/alignments", methods=["POST"])
@process_access("write")
def objectives_align(process_id: int, objective_id: int):
    objective = owned(Objective, objective_id)
    form = _alignment_form(objective)
    done = save(
        form,
        lambda: services.align(
            objective, framework_item_id=form.framework_item_id.data, note=form.note.data
        ),
        _("Alignment recorded."),
        url("analysis.objectives_detail", objective_id=objective.id) + "#alignment",
    )
    return done or _objective_page(objective, alignment_form=form, status=400)


@bp.route(
    "/p/<int:process_id>/objectives/alignments/<int:alignment_id>/delete", methods=["GET", "POST"]
)
@process_access("write")
def objectives_unalign(process_id: int, alignment_id: int):
    alignment = owned(ObjectiveAlignment, alignment_id)
    back = url("analysis.objectives_detail", objective_id=alignment.objective_id) + "#alignment"
    return delete_page(
        what=_("Alignment"),
        title=alignment.framework_item.title,
        dependents=[],
        remove=lambda: services.unalign(alignment),
        back=back,
        done=back,
    )
