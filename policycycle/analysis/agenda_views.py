"""Agenda setting pages: the issue register with its ranking, one issue (drivers,
ratings, dots, decision), and the prioritisation criteria."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from facilitation.access import process_access
from facilitation.early_headers import sends_headers_early
from facilitation.extensions import db
from facilitation.paging import matches_text, requested_page
from facilitation.validation import ValidationFailed
from policycycle.models import IssueDriver, PolicyIssue

from . import services
from .forms import (
    CriterionForm,
    DecisionForm,
    DotsForm,
    DotStepForm,
    DriverForm,
    IssueForm,
    RatingForm,
)
from .models import PriorityCriterion
from .prioritisation import DOTS_PER_MEMBER, RATING_MAX, RATING_MIN
from .routing import bp, delete_page, organisation_choices, owned, save, status_of, url


def _issue_form(process_id: int, obj=None) -> IssueForm:
    form = IssueForm(obj=obj)
    form.raised_by_id.choices = organisation_choices(process_id)
    return form


@bp.route("/p/<int:process_id>/agenda", methods=["GET", "POST"])
@process_access("write", safe_need="read")
@sends_headers_early
def agenda(process_id: int):
    form = _issue_form(process_id)
    if request.method == "POST":
        done = save(
            form,
            lambda: services.save_issue(
                process_id,
                title=form.title.data,
                description=form.description.data,
                evidence=form.evidence.data,
                raised_by_id=form.raised_by_id.data,
            ),
            _("Issue added to the register."),
            lambda issue: url("analysis.agenda_issue", issue_id=issue.id),
        )
        if done:
            return done
    ranking = services.issue_ranking(process_id)
    counts = {"on_agenda": 0, "not_taken": 0, "proposed": 0}
    for ranked in ranking:
        counts[str(ranked.status)] += 1
    # The register is long in a large process: filter by decision and words, then page,
    # and load only the issues of the page.
    status = request.args.get("status", "")
    words = request.args.get("q", "").strip()
    shown = [
        ranked
        for ranked in ranking
        if (not status or str(ranked.status) == status)
        and matches_text(words, ranked.title, ranked.description)
    ]
    page = requested_page(len(shown))
    return render_template(
        "policycycle/analysis/agenda.html",
        form=form,
        rows=services.issue_rows(process_id, page.slice(shown)),
        total=len(ranking),
        page=page,
        status=status,
        words=words,
        counts=counts,
        criteria=services.criteria(process_id),
        dots_left=DOTS_PER_MEMBER - services.dots_used(process_id, current_user.id),
        my_dots=services.dots_by_issue(process_id, current_user.id),
    ), status_of(form)


@bp.route("/p/<int:process_id>/agenda/issues/<int:issue_id>", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def agenda_issue(process_id: int, issue_id: int):
    issue = owned(PolicyIssue, issue_id)
    form = _issue_form(process_id, issue)
    done = save(
        form,
        lambda: services.save_issue(
            process_id,
            title=form.title.data,
            description=form.description.data,
            evidence=form.evidence.data,
            raised_by_id=form.raised_by_id.data,
            issue=issue,
        ),
        _("Issue saved."),
        url("analysis.agenda_issue", issue_id=issue.id),
    )
    return done or _issue_page(issue, form=form)


def _issue_page(
    issue,
    *,
    form=None,
    driver_form=None,
    decision_form=None,
    dots_form=None,
    rating_errors=None,
    status=None,
):
    process_id = issue.process_id
    form = form or _issue_form(process_id, issue)
    decision_form = decision_form or DecisionForm(
        data={"status": str(issue.status), "reason": issue.decision_reason}
    )
    mine = services.my_dots(issue, current_user.id)
    dots_form = dots_form or DotsForm(data={"dots": mine})
    rows = {row.issue.id: row for row in services.ranked_issues(process_id)}
    status = status or max(
        status_of(f) for f in (form, decision_form, dots_form, driver_form or DriverForm())
    )
    if rating_errors:
        status = 400
    return render_template(
        "policycycle/analysis/issue.html",
        issue=issue,
        row=rows.get(issue.id),
        form=form,
        driver_form=driver_form or DriverForm(),
        decision_form=decision_form,
        dots_form=dots_form,
        rating_form=RatingForm(),
        criteria=services.criteria(process_id),
        my_ratings=services.my_ratings(issue, current_user.id),
        group_ratings=services.criterion_means(issue),
        rating_errors=rating_errors or {},
        rating_range=range(RATING_MIN, RATING_MAX + 1),
        my_dots=mine,
        dots_left=DOTS_PER_MEMBER - services.dots_used(process_id, current_user.id),
        dots_total=DOTS_PER_MEMBER,
    ), status


@bp.route("/p/<int:process_id>/agenda/issues/<int:issue_id>/drivers", methods=["POST"])
@process_access("write")
def agenda_add_driver(process_id: int, issue_id: int):
    issue = owned(PolicyIssue, issue_id)
    form = DriverForm()
    done = save(
        form,
        lambda: services.add_driver(issue, kind=form.kind.data, description=form.description.data),
        _("Driver added."),
        url("analysis.agenda_issue", issue_id=issue.id) + "#drivers",
    )
    return done or _issue_page(issue, driver_form=form, status=400)


@bp.route("/p/<int:process_id>/agenda/drivers/<int:driver_id>/delete", methods=["GET", "POST"])
@process_access("write")
def agenda_delete_driver(process_id: int, driver_id: int):
    driver = owned(IssueDriver, driver_id)
    back = url("analysis.agenda_issue", issue_id=driver.issue_id)
    return delete_page(
        what=_("Driver"),
        title=driver.description,
        dependents=[],
        remove=lambda: services.delete_driver(driver),
        back=back,
        done=back,
    )


@bp.route("/p/<int:process_id>/agenda/issues/<int:issue_id>/ratings", methods=["POST"])
@process_access("write")
def agenda_rate(process_id: int, issue_id: int):
    issue = owned(PolicyIssue, issue_id)
    form = RatingForm()
    scores, errors = {}, {}
    for criterion in services.criteria(process_id):
        raw = request.form.get(f"c{criterion.id}", "")
        if raw in ("", "0"):
            scores[criterion.id] = None
        elif raw.isdigit() and RATING_MIN <= int(raw) <= RATING_MAX:
            scores[criterion.id] = int(raw)
        else:
            errors[criterion.id] = _("Rate from 1 (low) to 5 (high).")
    if errors:
        return _issue_page(issue, rating_errors=errors)
    done = save(
        form,
        lambda: services.rate_issue(issue, current_user.id, scores),
        _("Your ratings are saved."),
        url("analysis.agenda_issue", issue_id=issue.id) + "#prioritise",
    )
    return done or _issue_page(
        issue, rating_errors={0: "; ".join(form.form_errors) or _("Please try again.")}
    )


@bp.route("/p/<int:process_id>/agenda/issues/<int:issue_id>/dots", methods=["POST"])
@process_access("write")
def agenda_dots(process_id: int, issue_id: int):
    issue = owned(PolicyIssue, issue_id)
    if "step" in request.form:
        return _dots_step(issue, DotStepForm())
    form = DotsForm()
    done = save(
        form,
        lambda: services.set_dots(issue, current_user.id, form.dots.data),
        _("Your dots are saved."),
        url("analysis.agenda_issue", issue_id=issue.id) + "#prioritise",
    )
    return done or _issue_page(issue, dots_form=form, status=400)


def _dots_step(issue, form):
    """One dot more or less from the register. With htmx the cell is replaced in place
    (errors shown in the cell); without, the page reloads."""
    error = None
    if form.validate_on_submit():
        try:
            wanted = services.my_dots(issue, current_user.id) + form.step.data
            services.set_dots(issue, current_user.id, wanted)
        except ValidationFailed as failed:
            db.session.rollback()
            error = "; ".join(failed.errors.values())
        else:
            db.session.commit()
    else:
        error = "; ".join(e for errors in form.errors.values() for e in errors)
    if request.headers.get("HX-Request") != "true":
        if error:
            flash(error, "error")
        return redirect(url("analysis.agenda") + f"#dots-{issue.id}")
    process_id = issue.process_id
    totals = {row.issue.id: row.dots for row in services.ranked_issues(process_id)}
    return render_template(
        "policycycle/analysis/_dots_fragment.html",
        issue_id=issue.id,
        total=totals.get(issue.id, 0),
        mine=services.my_dots(issue, current_user.id),
        left=DOTS_PER_MEMBER - services.dots_used(process_id, current_user.id),
        action=url("analysis.agenda_dots", issue_id=issue.id),
        error=error,
    )


@bp.route("/p/<int:process_id>/agenda/issues/<int:issue_id>/decision", methods=["POST"])
@process_access("write")
def agenda_decide(process_id: int, issue_id: int):
    issue = owned(PolicyIssue, issue_id)
    form = DecisionForm()
    done = save(
        form,
        lambda: services.decide_issue(issue, status=form.status.data, reason=form.reason.data),
        _("The agenda decision is recorded."),
        url("analysis.agenda"),
    )
    return done or _issue_page(issue, decision_form=form, status=400)


@bp.route("/p/<int:process_id>/agenda/issues/<int:issue_id>/delete", methods=["GET", "POST"])
@process_access("write")
def agenda_delete_issue(process_id: int, issue_id: int):
    issue = owned(PolicyIssue, issue_id)
    return delete_page(
        what=_("Issue"),
        title=issue.title,
        dependents=[],
        note=_(
            "Its %(n)d drivers, the ratings and the dot votes on it are deleted with it.",
            n=len(issue.drivers),
        ),
        remove=lambda: services.delete_issue(issue),
        back=url("analysis.agenda_issue", issue_id=issue.id),
        done=url("analysis.agenda"),
    )


@bp.route("/p/<int:process_id>/agenda/criteria", methods=["GET", "POST"])
@process_access("write", safe_need="read")
@sends_headers_early
def agenda_criteria(process_id: int):
    form = CriterionForm()
    done = save(
        form,
        lambda: services.save_criterion(
            process_id,
            name=form.name.data,
            description=form.description.data,
            weight=form.weight.data,
        ),
        _("Criterion added."),
        url("analysis.agenda_criteria"),
    )
    if done:
        return done
    return render_template(
        "policycycle/analysis/criteria.html",
        form=form,
        criteria=services.criteria(process_id),
        process=g.process,
    ), status_of(form)


@bp.route("/p/<int:process_id>/agenda/criteria/<int:criterion_id>/delete", methods=["GET", "POST"])
@process_access("write")
def agenda_delete_criterion(process_id: int, criterion_id: int):
    criterion = owned(PriorityCriterion, criterion_id)
    ratings = services.criterion_dependents(criterion)
    return delete_page(
        what=_("Criterion"),
        title=criterion.name,
        dependents=[],
        note=ngettext(
            "%(num)d rating made on this criterion is deleted with it.",
            "%(num)d ratings made on this criterion are deleted with it.",
            ratings,
        )
        if ratings
        else None,
        remove=lambda: services.delete_criterion(criterion),
        back=url("analysis.agenda_criteria"),
        done=url("analysis.agenda_criteria"),
    )
