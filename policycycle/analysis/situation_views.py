"""Situation analysis pages: the SWOT grid, the TOWS matrix (a strategy can become a
candidate option), and the gap analysis (inventory and gaps; a gap can become a cause)."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext

from facilitation.access import process_access
from facilitation.early_headers import sends_headers_early
from policycycle.models import FrameworkItem, Gap, Quadrant, SwotItem, TowsKind, TowsStrategy

from . import problems as problem_services
from . import services
from .forms import (
    CauseFromGapForm,
    FrameworkItemForm,
    GapForm,
    MergeForm,
    OptionFromTowsForm,
    SwotForm,
    TowsForm,
)
from .routing import bp, delete_page, organisation_choices, owned, save, short, status_of, url


def _swot_form(process_id: int, obj=None, **kwargs) -> SwotForm:
    form = SwotForm(obj=obj, **kwargs)
    form.organisation_id.choices = organisation_choices(process_id)
    return form


@bp.route("/p/<int:process_id>/analysis", methods=["GET", "POST"])
@process_access("write", safe_need="read")
@sends_headers_early
def analysis(process_id: int):
    """The stage page: SWOT grid with an add form, and the way to the other analyses."""
    quadrant = request.args.get("quadrant", "S")
    form = _swot_form(process_id, quadrant=quadrant if quadrant in ("S", "W", "O", "T") else "S")
    done = save(
        form,
        lambda: services.save_swot_item(
            process_id,
            quadrant=form.quadrant.data,
            statement=form.statement.data,
            evidence=form.evidence.data,
            organisation_id=form.organisation_id.data,
        ),
        _("SWOT item added."),
        url("analysis.analysis") + "#swot",
    )
    if done:
        return done
    return render_template(
        "policycycle/analysis/swot.html",
        form=form,
        grid=services.swot_quadrants(process_id),
        quadrants=list(Quadrant),
    ), status_of(form)


@bp.route("/p/<int:process_id>/analysis/swot/<int:item_id>", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def analysis_swot_item(process_id: int, item_id: int):
    item = owned(SwotItem, item_id)
    form = _swot_form(process_id, item)
    done = save(
        form,
        lambda: services.save_swot_item(
            process_id,
            quadrant=form.quadrant.data,
            statement=form.statement.data,
            evidence=form.evidence.data,
            organisation_id=form.organisation_id.data,
            item=item,
        ),
        _("SWOT item saved."),
        url("analysis.analysis") + "#swot",
    )
    return done or _swot_item_page(item, form)


def _swot_item_page(item, form, merge_form=None, status=None):
    merge_form = merge_form or MergeForm()
    siblings = [
        i
        for i in services.swot_quadrants(item.process_id)[Quadrant(item.quadrant)]
        if i.id != item.id
    ]
    merge_form.duplicate_id.choices = [(0, _("— choose —"))] + [
        (i.id, short(i.statement)) for i in siblings
    ]
    return render_template(
        "policycycle/analysis/swot_item.html",
        item=item,
        form=form,
        merge_form=merge_form,
        cited_by=services.swot_dependents(item),
    ), status or max(status_of(form), status_of(merge_form))


@bp.route("/p/<int:process_id>/analysis/swot/<int:item_id>/merge", methods=["POST"])
@process_access("write")
def analysis_swot_merge(process_id: int, item_id: int):
    item = owned(SwotItem, item_id)
    form = MergeForm()
    done = save(
        form,
        lambda: services.merge_swot_items(item, form.duplicate_id.data),
        _("Duplicate merged: its evidence and TOWS links now belong to this item."),
        url("analysis.analysis_swot_item", item_id=item.id),
    )
    return done or _swot_item_page(item, _swot_form(process_id, item), form, status=400)


@bp.route("/p/<int:process_id>/analysis/swot/<int:item_id>/delete", methods=["GET", "POST"])
@process_access("write")
def analysis_swot_delete(process_id: int, item_id: int):
    item = owned(SwotItem, item_id)
    merged = services.merged_into(item)
    return delete_page(
        what=_("SWOT item"),
        title=item.statement,
        dependents=services.swot_dependents(item),
        note=ngettext(
            "%(num)d duplicate merged into it will show again in the grid.",
            "%(num)d duplicates merged into it will show again in the grid.",
            len(merged),
        )
        if merged
        else None,
        remove=lambda: services.delete_swot_item(item),
        back=url("analysis.analysis_swot_item", item_id=item.id),
        done=url("analysis.analysis") + "#swot",
    )


# --- TOWS -------------------------------------------------------------------------------------


def _tows_form(process_id: int, obj=None, **kwargs) -> TowsForm:
    form = TowsForm(obj=obj, **kwargs)
    grid = services.swot_quadrants(process_id)
    form.swot_item_ids.choices = [
        (i.id, f"{q.value}: {short(i.statement, 70)}") for q, items in grid.items() for i in items
    ]
    if obj is not None and request.method == "GET":
        form.swot_item_ids.data = [i.id for i in obj.swot_items]
    return form


def _save_tows(form, process_id, strategy=None):
    return services.save_tows(
        process_id,
        kind=form.kind.data,
        text=form.text.data,
        swot_item_ids=form.swot_item_ids.data or [],
        strategy=strategy,
    )


@bp.route("/p/<int:process_id>/analysis/tows", methods=["GET", "POST"])
@process_access("write", safe_need="read")
@sends_headers_early
def analysis_tows(process_id: int):
    form = _tows_form(process_id)
    done = save(
        form,
        lambda: _save_tows(form, process_id),
        _("TOWS strategy added."),
        url("analysis.analysis_tows"),
    )
    if done:
        return done
    return render_template(
        "policycycle/analysis/tows.html",
        form=form,
        matrix=services.tows_by_kind(process_id),
        kinds=list(TowsKind),
        options=services.options_from_tows(process_id),
    ), status_of(form)


@bp.route("/p/<int:process_id>/analysis/tows/<int:strategy_id>", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def analysis_tows_edit(process_id: int, strategy_id: int):
    strategy = owned(TowsStrategy, strategy_id)
    form = _tows_form(process_id, strategy)
    done = save(
        form,
        lambda: _save_tows(form, process_id, strategy),
        _("TOWS strategy saved."),
        url("analysis.analysis_tows"),
    )
    return done or (
        render_template(
            "policycycle/analysis/form_page.html",
            form=form,
            title=_("Edit the TOWS strategy"),
            back=url("analysis.analysis_tows"),
            delete_url=url("analysis.analysis_tows_delete", strategy_id=strategy.id),
        ),
        status_of(form),
    )


@bp.route("/p/<int:process_id>/analysis/tows/<int:strategy_id>/delete", methods=["GET", "POST"])
@process_access("write")
def analysis_tows_delete(process_id: int, strategy_id: int):
    strategy = owned(TowsStrategy, strategy_id)
    return delete_page(
        what=_("TOWS strategy"),
        title=strategy.text,
        dependents=services.tows_dependents(strategy),
        remove=lambda: services.delete_tows(strategy),
        back=url("analysis.analysis_tows"),
        done=url("analysis.analysis_tows"),
    )


@bp.route("/p/<int:process_id>/analysis/tows/<int:strategy_id>/option", methods=["GET", "POST"])
@process_access("write")
def analysis_tows_option(process_id: int, strategy_id: int):
    strategy = owned(TowsStrategy, strategy_id)
    objectives = services.specific_objectives(process_id)
    form = OptionFromTowsForm(
        data=None if request.method == "POST" else {"title": short(strategy.text, 300)}
    )
    form.objective_id.choices = [(0, _("— choose —"))] + [
        (o.id, short(o.title)) for o in objectives
    ]
    done = save(
        form,
        lambda: services.option_from_tows(
            strategy, objective_id=form.objective_id.data, title=form.title.data
        ),
        _("Candidate option created under the chosen specific objective."),
        url("analysis.analysis_tows"),
    )
    return done or (
        render_template(
            "policycycle/analysis/tows_option.html",
            form=form,
            strategy=strategy,
            objectives=objectives,
        ),
        status_of(form),
    )


# --- Gap analysis --------------------------------------------------------------------------------


def _framework_form(obj=None) -> FrameworkItemForm:
    return FrameworkItemForm(obj=obj, prefix="fw")


def _gap_form(process_id: int, obj=None) -> GapForm:
    form = GapForm(obj=obj, prefix="gap")
    form.framework_item_id.choices = [(0, _("— none —"))] + [
        (i.id, short(f"{i.title} ({i.kind.label if hasattr(i.kind, 'label') else i.kind})", 90))
        for i in services.framework_items(process_id)
    ]
    return form


def _gaps_page(process_id, *, framework_form=None, gap_form=None):
    framework_form = framework_form or _framework_form()
    gap_form = gap_form or _gap_form(process_id)
    gaps = services.gaps(process_id)
    by_area: dict[str, dict[str, int]] = {}
    for gap in gaps:
        counts = by_area.setdefault(gap.area, {"absent": 0, "partial": 0, "complete": 0})
        counts[str(gap.rating)] += 1
    return render_template(
        "policycycle/analysis/gaps.html",
        framework_form=framework_form,
        gap_form=gap_form,
        items=services.framework_items(process_id),
        gaps=gaps,
        by_area=by_area,
        causes=services.gap_causes(process_id),
    ), max(status_of(framework_form), status_of(gap_form))


@bp.route("/p/<int:process_id>/analysis/gaps", methods=["GET", "POST"])
@process_access("write", safe_need="read")
@sends_headers_early
def analysis_gaps(process_id: int):
    form = _gap_form(process_id)
    done = save(
        form,
        lambda: services.save_gap(
            process_id,
            area=form.area.data,
            statement=form.statement.data,
            rating=form.rating.data,
            framework_item_id=form.framework_item_id.data,
        ),
        _("Gap added."),
        url("analysis.analysis_gaps") + "#gaps",
    )
    return done or _gaps_page(process_id, gap_form=form)


@bp.route("/p/<int:process_id>/analysis/framework", methods=["POST"])
@process_access("write")
def analysis_framework_add(process_id: int):
    form = _framework_form()
    done = save(
        form,
        lambda: services.save_framework_item(
            process_id,
            kind=form.kind.data,
            title=form.title.data,
            reference=form.reference.data,
            area=form.area.data,
            description=form.description.data,
        ),
        _("Added to the inventory."),
        url("analysis.analysis_gaps") + "#inventory",
    )
    return done or _gaps_page(process_id, framework_form=form)


@bp.route("/p/<int:process_id>/analysis/framework/<int:item_id>", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def analysis_framework_item(process_id: int, item_id: int):
    item = owned(FrameworkItem, item_id)
    form = _framework_form(item)
    done = save(
        form,
        lambda: services.save_framework_item(
            process_id,
            kind=form.kind.data,
            title=form.title.data,
            reference=form.reference.data,
            area=form.area.data,
            description=form.description.data,
            item=item,
        ),
        _("Inventory item saved."),
        url("analysis.analysis_gaps") + "#inventory",
    )
    return done or (
        render_template(
            "policycycle/analysis/form_page.html",
            form=form,
            title=_("Edit the inventory item"),
            back=url("analysis.analysis_gaps"),
            delete_url=url("analysis.analysis_framework_delete", item_id=item.id),
        ),
        status_of(form),
    )


@bp.route("/p/<int:process_id>/analysis/framework/<int:item_id>/delete", methods=["GET", "POST"])
@process_access("write")
def analysis_framework_delete(process_id: int, item_id: int):
    item = owned(FrameworkItem, item_id)
    return delete_page(
        what=_("Inventory item"),
        title=item.title,
        dependents=services.framework_dependents(item),
        remove=lambda: services.delete_framework_item(item),
        back=url("analysis.analysis_gaps"),
        done=url("analysis.analysis_gaps"),
    )


@bp.route("/p/<int:process_id>/analysis/gaps/<int:gap_id>", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def analysis_gap(process_id: int, gap_id: int):
    gap = owned(Gap, gap_id)
    form = _gap_form(process_id, gap)
    done = save(
        form,
        lambda: services.save_gap(
            process_id,
            area=form.area.data,
            statement=form.statement.data,
            rating=form.rating.data,
            framework_item_id=form.framework_item_id.data,
            gap=gap,
        ),
        _("Gap saved."),
        url("analysis.analysis_gaps") + "#gaps",
    )
    return done or (
        render_template(
            "policycycle/analysis/form_page.html",
            form=form,
            title=_("Edit the gap"),
            back=url("analysis.analysis_gaps"),
            delete_url=url("analysis.analysis_gap_delete", gap_id=gap.id),
        ),
        status_of(form),
    )


@bp.route("/p/<int:process_id>/analysis/gaps/<int:gap_id>/delete", methods=["GET", "POST"])
@process_access("write")
def analysis_gap_delete(process_id: int, gap_id: int):
    gap = owned(Gap, gap_id)
    return delete_page(
        what=_("Gap"),
        title=gap.statement,
        dependents=services.gap_dependents(gap),
        remove=lambda: services.delete_gap(gap),
        back=url("analysis.analysis_gaps"),
        done=url("analysis.analysis_gaps"),
    )


@bp.route("/p/<int:process_id>/analysis/gaps/<int:gap_id>/cause", methods=["GET", "POST"])
@process_access("write")
def analysis_gap_cause(process_id: int, gap_id: int):
    gap = owned(Gap, gap_id)
    nodes = [n for n in problem_services.nodes(process_id) if str(n.kind) in ("focal", "cause")]
    form = CauseFromGapForm()
    form.parent_id.choices = [(0, _("— choose —"))] + [
        (n.id, f"{n.kind.label if hasattr(n.kind, 'label') else n.kind}: {short(n.text)}")
        for n in nodes
    ]
    done = save(
        form,
        lambda: services.cause_from_gap(gap, parent_id=form.parent_id.data),
        _("The gap is now a cause in the problem tree."),
        lambda node: url("analysis.analysis_node", node_id=node.id),
    )
    return done or (
        render_template(
            "policycycle/analysis/gap_cause.html", form=form, gap=gap, has_tree=bool(nodes)
        ),
        status_of(form),
    )
