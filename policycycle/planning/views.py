"""Pages of the policy options stage: registers, criteria, scores and the MCA."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from facilitation.access import process_access
from facilitation.early_headers import sends_headers_early
from facilitation.extensions import db
from facilitation.paging import matches_text, requested_page
from facilitation.scoped import get_in_process_or_404
from facilitation.validation import ValidationFailed
from policycycle.models import SCORE_MAX, SCORE_MIN, Criterion, OptionStatus, PolicyOption

from . import chain, options
from .forms import ConfirmDeleteForm, CriterionForm, DiscardForm, OptionForm, PreferForm

bp = Blueprint("planning", __name__, url_prefix="/p/<int:process_id>")
# Static files only (the pages' stylesheet); no views.
assets = Blueprint(
    "planning_assets", __name__, static_folder="static", static_url_path="/static/planning"
)


def status_of(form) -> int:
    return 400 if form.is_submitted() and form.errors else 200


def commit_or_errors(form, work) -> bool:
    """Run a service; commit on success, copy its messages onto the form otherwise."""
    try:
        work()
    except ValidationFailed as failed:
        db.session.rollback()
        failed.apply_to_form(form)
        return False
    db.session.commit()
    return True


@bp.route("/options")
@process_access("read")
@sends_headers_early
def options_page(process_id):
    code_map = chain.codes(process_id)
    objectives = chain.specific_objectives(process_id, code_map)
    return render_template(
        "policycycle/planning/options.html",
        objectives=objectives,
        summary=options.options_summary(process_id),
        criteria=options.criteria_of(process_id),
        overview=options.mca_overview(process_id),
    )


@bp.route("/options/<int:objective_id>")
@process_access("read")
def options_objective(process_id, objective_id):
    objective = chain.specific_objective_or_404(process_id, objective_id)
    # Opening the register completes it with its baseline, but only for someone who may
    # write: an observer's visit changes nothing.
    if g.membership.can_write and options.ensure_baselines(process_id, [objective.id]):
        db.session.commit()
    code = chain.codes(process_id).get(("objective", objective.id), "")
    view = options.mca_result(process_id, objective.id)
    register = options.options_of(process_id, objective.id)
    # Filters (decision, words) and pages of 50 for a long register; the MCA below
    # still ranks every option.
    filters = {"status": request.args.get("status", ""), "q": request.args.get("q", "")}
    filters["q"] = filters["q"].strip()[:200]
    listed = [
        o
        for o in register
        if (not filters["status"] or str(o.status) == filters["status"])
        and matches_text(filters["q"], o.title, o.description, o.benefits, o.risks)
    ]
    page = requested_page(len(listed))
    my_key = f"user:{current_user.id}"
    return render_template(
        "policycycle/planning/objective_options.html",
        objective=objective,
        code=code,
        view=view,
        register=page.slice(listed),
        any_option=bool(register),
        page=page,
        filters=filters,
        status_choices=OptionStatus.choices(),
        my_scores=len(options.scores_by(process_id, objective.id, my_key)),
        SCORE_MIN=SCORE_MIN,
        SCORE_MAX=SCORE_MAX,
        feasibility_labels=[
            ("legal", _("Legal")),
            ("technical", _("Technical")),
            ("institutional", _("Institutional")),
            ("financial", _("Financial")),
            ("political", _("Political")),
        ],
    )


@bp.route("/options/<int:objective_id>/new", methods=["GET", "POST"])
@process_access("write")
def options_new(process_id, objective_id):
    objective = chain.specific_objective_or_404(process_id, objective_id)
    form = OptionForm()
    if form.validate_on_submit():
        data = {k: getattr(form, k).data for k in options.OPTION_FIELDS}

        def work():
            options.ensure_baselines(process_id, [objective.id])
            options.create_option(process_id, objective, data)

        if commit_or_errors(form, work):
            flash(_("Option added."), "success")
            return redirect(
                url_for(".options_objective", process_id=process_id, objective_id=objective.id)
            )
    return render_template(
        "policycycle/planning/option_form.html", form=form, objective=objective, option=None
    ), status_of(form)


@bp.route("/options/option/<int:option_id>/edit", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def options_edit(process_id, option_id):
    option = get_in_process_or_404(PolicyOption, option_id, process_id)
    form = OptionForm(obj=option)
    if option.is_baseline:
        form.title.data = option.title
    if form.validate_on_submit():
        data = {k: getattr(form, k).data for k in options.OPTION_FIELDS}
        if commit_or_errors(form, lambda: options.update_option(option, data)):
            flash(_("Option saved."), "success")
            return redirect(
                url_for(
                    ".options_objective", process_id=process_id, objective_id=option.objective_id
                )
            )
    discard = DiscardForm(prefix="discard", reason=option.discard_reason)
    prefer = PreferForm(prefix="prefer", rationale=option.preferred_rationale)
    return render_template(
        "policycycle/planning/option_form.html",
        form=form,
        objective=option.objective,
        option=option,
        discard=discard,
        prefer=prefer,
    ), status_of(form)


def _status_change(process_id, option_id, form_class, prefix, work, done_message):
    option = get_in_process_or_404(PolicyOption, option_id, process_id)
    form = form_class(prefix=prefix or "")
    if form.validate_on_submit() and commit_or_errors(form, lambda: work(option, form)):
        flash(done_message, "success")
        return redirect(
            url_for(".options_objective", process_id=process_id, objective_id=option.objective_id)
        )
    for message in [*form.form_errors, *(e for errs in form.errors.values() for e in errs)]:
        flash(message, "error")
    return redirect(url_for(".options_edit", process_id=process_id, option_id=option.id))


@bp.route("/options/option/<int:option_id>/discard", methods=["POST"])
@process_access("write")
def options_discard(process_id, option_id):
    return _status_change(
        process_id,
        option_id,
        DiscardForm,
        "discard",
        lambda o, f: options.discard_option(o, f.reason.data),
        _("Option discarded; its reason is kept."),
    )


@bp.route("/options/option/<int:option_id>/prefer", methods=["POST"])
@process_access("write")
def options_prefer(process_id, option_id):
    return _status_change(
        process_id,
        option_id,
        PreferForm,
        "prefer",
        lambda o, f: options.prefer_option(o, f.rationale.data),
        _("This is now the preferred option."),
    )


@bp.route("/options/option/<int:option_id>/reconsider", methods=["POST"])
@process_access("write")
def options_reconsider(process_id, option_id):
    return _status_change(
        process_id,
        option_id,
        ConfirmDeleteForm,
        None,
        lambda o, f: options.reconsider_option(o),
        _("The option is under consideration again."),
    )


@bp.route("/options/option/<int:option_id>/delete", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def options_delete(process_id, option_id):
    option = get_in_process_or_404(PolicyOption, option_id, process_id)
    form = ConfirmDeleteForm()
    if form.validate_on_submit():
        objective_id = option.objective_id
        if commit_or_errors(form, lambda: options.delete_option(option)):
            flash(_("Option deleted."), "success")
            return redirect(
                url_for(".options_objective", process_id=process_id, objective_id=objective_id)
            )
    blockers = options.option_dependents(option)
    if option.is_baseline:
        blockers = [_("The baseline option belongs to every analysis.")]
    return render_template(
        "policycycle/planning/confirm_delete.html",
        form=form,
        what=option.title,
        blockers=blockers,
        losses=[],
        back=url_for(".options_objective", process_id=process_id, objective_id=option.objective_id),
    ), status_of(form)


@bp.route("/options/<int:objective_id>/scores", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def options_scores(process_id, objective_id):
    objective = chain.specific_objective_or_404(process_id, objective_id)
    options.ensure_baselines(process_id, [objective.id])
    scored = [
        o
        for o in options.options_of(process_id, objective.id)
        if not o.is_baseline and o.status != OptionStatus.DISCARDED
    ]
    criteria = options.criteria_of(process_id)
    key = f"user:{current_user.id}"
    form = ConfirmDeleteForm()
    errors = {}
    values = options.scores_by(process_id, objective.id, key)
    if request.method == "POST" and form.validate_on_submit():
        submitted = {}
        for option in scored:
            for criterion in criteria:
                raw = (request.form.get(f"s-{option.id}-{criterion.id}") or "").strip()
                try:
                    value = int(raw) if raw else None
                    if value is not None and not SCORE_MIN <= value <= SCORE_MAX:
                        raise ValueError
                except ValueError:
                    errors[(option.id, criterion.id)] = _(
                        "Choose a score from %(low)d to %(high)d.", low=SCORE_MIN, high=SCORE_MAX
                    )
                    value = None
                submitted[(option.id, criterion.id)] = value
        values = {k: v for k, v in submitted.items() if v is not None}
        if not errors and commit_or_errors(
            form,
            lambda: options.save_scores(
                process_id, objective.id, key, current_user.name, submitted
            ),
        ):
            flash(_("Your scores are saved."), "success")
            return redirect(
                url_for(".options_objective", process_id=process_id, objective_id=objective.id)
            )
    if request.method == "POST" and form.errors:
        form.form_errors.append(_("The form expired. Please send it again."))
    return render_template(
        "policycycle/planning/scores.html",
        objective=objective,
        options=scored,
        criteria=criteria,
        values=values,
        errors=errors,
        form=form,
        score_range=range(SCORE_MAX, SCORE_MIN - 1, -1),
    ), (400 if errors or form.form_errors else 200)


@bp.route("/options/criteria", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def options_criteria(process_id):
    form = CriterionForm()
    if form.validate_on_submit():
        data = {k: getattr(form, k).data for k in ("name", "description", "weight", "weight_note")}
        if commit_or_errors(form, lambda: options.save_criterion(process_id, data, current_user)):
            flash(_("Criterion added."), "success")
            return redirect(url_for(".options_criteria", process_id=process_id))
    criteria = options.criteria_of(process_id)
    setters = options.weight_setter_names(criteria)
    return render_template(
        "policycycle/planning/criteria.html",
        form=form,
        criteria=criteria,
        setters=setters,
        editing=None,
    ), status_of(form)


@bp.route("/options/criteria/<int:criterion_id>/edit", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def options_criterion_edit(process_id, criterion_id):
    criterion = get_in_process_or_404(Criterion, criterion_id, process_id)
    form = CriterionForm(obj=criterion)
    if form.validate_on_submit():
        data = {k: getattr(form, k).data for k in ("name", "description", "weight", "weight_note")}
        if commit_or_errors(
            form, lambda: options.save_criterion(process_id, data, current_user, criterion)
        ):
            flash(_("Criterion saved."), "success")
            return redirect(url_for(".options_criteria", process_id=process_id))
    criteria = options.criteria_of(process_id)
    return render_template(
        "policycycle/planning/criteria.html",
        form=form,
        criteria=criteria,
        setters=options.weight_setter_names(criteria),
        editing=criterion,
    ), status_of(form)


@bp.route("/options/criteria/<int:criterion_id>/delete", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def options_criterion_delete(process_id, criterion_id):
    criterion = get_in_process_or_404(Criterion, criterion_id, process_id)
    form = ConfirmDeleteForm()
    if form.validate_on_submit() and commit_or_errors(
        form, lambda: options.delete_criterion(criterion)
    ):
        flash(_("Criterion deleted with its scores."), "success")
        return redirect(url_for(".options_criteria", process_id=process_id))
    count = options.criterion_dependents(criterion)
    losses = (
        [
            ngettext(
                "%(num)d score given on this criterion will be deleted with it.",
                "%(num)d scores given on this criterion will be deleted with it.",
                count,
            )
        ]
        if count
        else []
    )
    return render_template(
        "policycycle/planning/confirm_delete.html",
        form=form,
        what=criterion.name,
        blockers=[],
        losses=losses,
        back=url_for(".options_criteria", process_id=process_id),
    ), status_of(form)
