"""Pages of the Word review: the review copy, the import of returned files, and the
accept/reject decisions on suggested changes (shown beside the editor)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitation.access import process_access
from facilitation.extensions import db
from facilitation.jobs import services as jobs
from facilitation.scoped import get_in_process_or_404
from facilitation.validation import ValidationFailed

from ..models import Draft
from . import jobs as review_jobs
from . import services
from .forms import RejectForm, ReviewImportForm
from .wordfile import MAX_FILE_BYTES

bp = Blueprint("drafting_review", __name__, url_prefix="/p/<int:process_id>/drafts")


def _draft(process_id: int, draft_id: int) -> Draft:
    return get_in_process_or_404(Draft, draft_id, process_id)


def _page(draft, form, status: int = 200):
    return (
        render_template(
            "drafting/review.html",
            draft=draft,
            form=form,
            reviews=services.reviews_of(g.process.id, draft),
        ),
        status,
    )


@bp.route("/<int:draft_id>/review", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def review(process_id: int, draft_id: int):
    draft = _draft(process_id, draft_id)
    form = ReviewImportForm()
    if not form.validate_on_submit():
        return _page(draft, form, 400 if form.is_submitted() else 200)
    upload = form.file.data
    data = upload.read(MAX_FILE_BYTES + 1)
    try:
        if not data:
            raise ValidationFailed({"file": _("Choose the returned Word file (.docx) to upload.")})
        if len(data) > MAX_FILE_BYTES:
            raise ValidationFailed({"file": services.FILE_MESSAGES["too-big"]()})
        reviewer, organisation = services.check_names(
            form.reviewer.data, form.organisation.data, form.category.data
        )
        # The worker parses, stores and anchors (drafting/review/jobs.py): ~3 s of work
        # for a large file that would otherwise hold the server's loop.
        job = jobs.create(
            process_id,
            current_user,
            review_jobs.KIND,
            review_jobs.params(
                draft, data, upload.filename or "", reviewer, organisation, form.category.data
            ),
            need="write",
        )
    except ValidationFailed as exc:
        db.session.rollback()
        exc.apply_to_form(form)
        return _page(draft, form, 400)
    db.session.commit()
    jobs.enqueue(job)
    return redirect(url_for("jobs.show", process_id=process_id, job_id=job.id))


@bp.route("/<int:draft_id>/review/copy")
@process_access("read")
def review_copy(process_id: int, draft_id: int):
    draft = _draft(process_id, draft_id)
    name, data = services.review_copy(g.process, draft, current_user)
    db.session.commit()
    return Response(
        data,
        mimetype=services.DOCX,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/<int:draft_id>/review/<int:review_id>")
@process_access("read")
def result(process_id: int, draft_id: int, review_id: int):
    draft = _draft(process_id, draft_id)
    entry = services.get_review(process_id, draft, review_id)
    if entry is None:
        abort(404)
    return render_template(
        "drafting/review_result.html",
        draft=draft,
        review=entry,
        unmatched=services.unmatched_of(entry),
    )


@bp.route("/<int:draft_id>/suggestions")
@process_access("read")
def suggestions(process_id: int, draft_id: int):
    draft = _draft(process_id, draft_id)
    return render_template(
        "drafting/_suggestions.html",
        draft=draft,
        suggestions=services.suggestions_of(process_id, draft),
        reject_form=RejectForm(),
    )


def _suggestion(process_id, draft, suggestion_id):
    row = services.get_suggestion(process_id, draft, suggestion_id)
    if row is None:
        abort(404)
    return row


def _back(process_id, draft):
    if request.headers.get("HX-Request"):
        return render_template(
            "drafting/_suggestions.html",
            draft=draft,
            suggestions=services.suggestions_of(process_id, draft),
            reject_form=RejectForm(),
        )
    return redirect(url_for("drafting.edit", process_id=process_id, draft_id=draft.id))


@bp.route("/<int:draft_id>/suggestions/<int:suggestion_id>/accept", methods=["POST"])
@process_access("write")
def accept(process_id: int, draft_id: int, suggestion_id: int):
    draft = _draft(process_id, draft_id)
    row = _suggestion(process_id, draft, suggestion_id)
    try:
        services.accept(process_id, draft, row, current_user)
    except ValidationFailed as exc:
        db.session.rollback()
        flash(" ".join(exc.errors.values()), "error")
    else:
        db.session.commit()
        flash(
            _("The change is made in the text, and the reviewer's input is marked accepted."),
            "success",
        )
    return _back(process_id, draft)


@bp.route("/<int:draft_id>/suggestions/<int:suggestion_id>/reject", methods=["POST"])
@process_access("write")
def reject(process_id: int, draft_id: int, suggestion_id: int):
    draft = _draft(process_id, draft_id)
    row = _suggestion(process_id, draft, suggestion_id)
    form = RejectForm()
    try:
        if not form.validate_on_submit():
            raise ValidationFailed(
                {"reason": _("Say why the group rejects it: the reviewer is owed a reason.")}
            )
        services.reject(row, form.reason.data, current_user)
    except ValidationFailed as exc:
        db.session.rollback()
        flash(" ".join(exc.errors.values()), "error")
    else:
        db.session.commit()
        flash(_("The suggestion is rejected; the reason is recorded for the reviewer."), "success")
    return _back(process_id, draft)
