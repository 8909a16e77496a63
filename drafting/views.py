"""Pages of the drafting area: drafts, editor, outline, versions, comments, cycle blocks."""

from __future__ import annotations

import hashlib

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitation.access import process_access
from facilitation.early_headers import sends_headers_early
from facilitation.extensions import db
from facilitation.models import Membership, Organisation, User
from facilitation.scoped import get_in_process_or_404
from facilitation.sorting import sorted_by_name
from facilitation.validation import ValidationFailed

from . import prosemirror, rooms, services
from .blocks import BLOCKS
from .forms import BlockForm, CommentReplyForm, DraftForm, SectionForm, VersionForm, choices
from .models import Draft
from .render import tree_html
from .review import services as review_services
from .review.forms import RejectForm

bp = Blueprint("drafting", __name__, url_prefix="/p/<int:process_id>/drafts")
# The editor bundle, served from the package (no CDN); ``.static`` needs no declaration.
assets = Blueprint(
    "drafting_assets", __name__, static_folder="static", static_url_path="/static/drafting-assets"
)

CARET_COLOURS = ("#c92a2a", "#1864ab", "#2b8a3e", "#862e9c", "#d9480f", "#0b7285", "#5f3dc4")


def _status(form) -> int:
    return 400 if form.is_submitted() and form.errors else 200


def _draft(process_id: int, draft_id: int) -> Draft:
    return get_in_process_or_404(Draft, draft_id, process_id)


def _user_colour(user_id: int) -> str:
    digest = hashlib.sha256(str(user_id).encode()).digest()
    return CARET_COLOURS[digest[0] % len(CARET_COLOURS)]


@bp.route("/")
@process_access("read")
@sends_headers_early
def index(process_id: int):
    return render_template(
        "drafting/index.html", drafts=services.drafts_listed(process_id), form=DraftForm()
    )


@bp.route("/new", methods=["GET", "POST"])
@process_access("write")
def create(process_id: int):
    form = DraftForm()
    if form.validate_on_submit():
        try:
            draft = services.create_draft(
                process_id,
                current_user,
                form.title.data,
                form.kind.data,
                (form.outline.data or "").splitlines(),
            )
        except ValidationFailed as exc:
            db.session.rollback()
            exc.apply_to_form(form)
        else:
            db.session.commit()
            flash(_("The draft is created. Everyone in the group can now write in it."), "success")
            return redirect(url_for("drafting.edit", process_id=process_id, draft_id=draft.id))
    return render_template("drafting/create.html", form=form), _status(form)


@bp.route("/<int:draft_id>")
@process_access("read")
def edit(process_id: int, draft_id: int):
    draft = _draft(process_id, draft_id)
    return render_template(
        "drafting/editor.html",
        draft=draft,
        colour=_user_colour(current_user.id),
        block_form=BlockForm(),
        threads=services.threads(process_id, draft),
        reply_form=CommentReplyForm(),
        suggestions=review_services.suggestions_of(process_id, draft),
        reject_form=RejectForm(),
    )


def _section_form(process_id: int, section=None) -> SectionForm:
    form = SectionForm(obj=section)
    organisations = sorted_by_name(
        db.session.execute(
            db.select(Organisation.id, Organisation.name).where(
                Organisation.process_id == process_id
            )
        ).all(),
        lambda row: row.name,
    )
    people = sorted_by_name(
        db.session.execute(
            db.select(User.id, User.name)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.process_id == process_id)
        ).all(),
        lambda row: row.name,
    )
    none = [(0, _("— none —"))]
    form.organisation_id.choices = choices(none + [(o.id, o.name) for o in organisations])
    form.drafter_id.choices = choices(none + [(p.id, p.name) for p in people])
    form.reviewer_id.choices = choices(none + [(p.id, p.name) for p in people])
    if section is not None and not form.is_submitted():
        form.status.data = section.status.value
        for name in ("organisation_id", "drafter_id", "reviewer_id"):
            getattr(form, name).data = getattr(section, name) or 0
    return form


def _save_section(process_id, draft, section, form):
    services.save_section(
        process_id,
        draft,
        section,
        title=form.title.data,
        organisation_id=form.organisation_id.data,
        drafter_id=form.drafter_id.data,
        reviewer_id=form.reviewer_id.data,
        status=form.status.data,
    )


@bp.route("/<int:draft_id>/outline", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def outline(process_id: int, draft_id: int):
    draft = _draft(process_id, draft_id)
    form = _section_form(process_id)
    if form.validate_on_submit():
        # A new draft's text is seeded from its outline on first load: load it before the
        # outline grows, so the new heading is added exactly once.
        rooms.get_room(process_id, draft_id)
        try:
            _save_section(process_id, draft, None, form)
        except ValidationFailed as exc:
            db.session.rollback()
            exc.apply_to_form(form)
        else:
            db.session.commit()
            services.add_section_heading(process_id, draft, form.title.data.strip())
            flash(_("The section is added to the outline and its heading to the text."), "success")
            return redirect(url_for("drafting.outline", process_id=process_id, draft_id=draft_id))
    return render_template("drafting/outline.html", draft=draft, form=form), _status(form)


@bp.route("/<int:draft_id>/sections/<int:section_id>", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def section(process_id: int, draft_id: int, section_id: int):
    draft = _draft(process_id, draft_id)
    entry = services.get_section(process_id, draft, section_id)
    if entry is None:
        abort(404)
    form = _section_form(process_id, entry)
    if form.validate_on_submit():
        try:
            _save_section(process_id, draft, entry, form)
        except ValidationFailed as exc:
            db.session.rollback()
            exc.apply_to_form(form)
        else:
            db.session.commit()
            flash(_("The section is saved."), "success")
            return redirect(url_for("drafting.outline", process_id=process_id, draft_id=draft_id))
    return (
        render_template("drafting/section.html", draft=draft, section=entry, form=form),
        _status(form),
    )


@bp.route("/<int:draft_id>/versions", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def versions(process_id: int, draft_id: int):
    draft = _draft(process_id, draft_id)
    form = VersionForm()
    if form.validate_on_submit():
        try:
            services.create_version(process_id, draft, form.name.data, form.note.data, current_user)
        except ValidationFailed as exc:
            db.session.rollback()
            exc.apply_to_form(form)
        else:
            db.session.commit()
            flash(_("The version is saved."), "success")
            return redirect(url_for("drafting.versions", process_id=process_id, draft_id=draft_id))
    return render_template("drafting/versions.html", draft=draft, form=form), _status(form)


@bp.route("/<int:draft_id>/versions/<int:version_id>")
@process_access("read")
def version(process_id: int, draft_id: int, version_id: int):
    draft = _draft(process_id, draft_id)
    entry = services.get_version(process_id, draft, version_id)
    if entry is None:
        abort(404)
    return render_template(
        "drafting/version.html",
        draft=draft,
        version=entry,
        html=tree_html(services.version_tree(entry)),
    )


@bp.route("/<int:draft_id>/versions/<int:version_id>/restore", methods=["POST"])
@process_access("write")
def restore(process_id: int, draft_id: int, version_id: int):
    draft = _draft(process_id, draft_id)
    entry = services.get_version(process_id, draft, version_id)
    if entry is None:
        abort(404)
    services.restore_version(process_id, draft, entry, current_user)
    db.session.commit()
    flash(
        _(
            "“%(name)s” is the current text again. The text before it is kept as a version.",
            name=entry.name,
        ),
        "success",
    )
    return redirect(url_for("drafting.edit", process_id=process_id, draft_id=draft_id))


@bp.route("/<int:draft_id>/compare")
@process_access("read")
def compare(process_id: int, draft_id: int):
    draft = _draft(process_id, draft_id)
    if not draft.versions:
        flash(_("Save a version first; then you can compare it with the current text."), "info")
        return redirect(url_for("drafting.versions", process_id=process_id, draft_id=draft_id))

    def pick(value: str):
        if value == "current":
            state = rooms.current_state(process_id, draft_id)
            return _("Current text"), prosemirror.tree_from_update(state)
        entry = services.get_version(process_id, draft, int(value)) if value.isdigit() else None
        if entry is None:
            abort(404)
        return entry.name, services.version_tree(entry)

    old_value = request.args.get("old") or str(draft.versions[0].id)
    new_value = request.args.get("new") or "current"
    old_name, old_tree = pick(old_value)
    new_name, new_tree = pick(new_value)
    return render_template(
        "drafting/compare.html",
        draft=draft,
        old_name=old_name,
        new_name=new_name,
        old_value=old_value,
        new_value=new_value,
        sections=services.compare(old_tree, new_tree),
    )


@bp.route("/<int:draft_id>/comments")
@process_access("read")
def comments(process_id: int, draft_id: int):
    draft = _draft(process_id, draft_id)
    return render_template(
        "drafting/_comments.html",
        draft=draft,
        threads=services.threads(process_id, draft),
        reply_form=CommentReplyForm(),
    )


@bp.route("/<int:draft_id>/comments", methods=["POST"])
@process_access("write")
def add_comment(process_id: int, draft_id: int):
    """Called by the editor (JSON) when someone comments on a selected passage."""
    draft = _draft(process_id, draft_id)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):  # a JSON array, string or malformed body
        return jsonify({"errors": {"body": _("The comment could not be read.")}}), 400
    try:
        comment = services.add_comment(
            process_id,
            draft,
            current_user,
            str(payload.get("body", "")),
            str(payload.get("quote", "")),
        )
    except ValidationFailed as exc:
        db.session.rollback()
        return jsonify({"errors": exc.errors}), 400
    db.session.commit()
    return jsonify({"id": comment.id}), 201


@bp.route("/<int:draft_id>/comments/<int:comment_id>/reply", methods=["POST"])
@process_access("write")
def reply(process_id: int, draft_id: int, comment_id: int):
    draft = _draft(process_id, draft_id)
    thread = services.get_comment(process_id, draft, comment_id)
    if thread is None or thread.parent_id is not None:
        abort(404)
    form = CommentReplyForm()
    if form.validate_on_submit():
        try:
            services.add_comment(process_id, draft, current_user, form.body.data, parent=thread)
        except ValidationFailed as exc:
            db.session.rollback()
            flash(" ".join(exc.errors.values()), "error")
        else:
            db.session.commit()
    else:
        flash(_("Write the reply first."), "error")
    return _comments_response(process_id, draft)


@bp.route("/<int:draft_id>/comments/<int:comment_id>/resolve", methods=["POST"])
@process_access("write")
def resolve(process_id: int, draft_id: int, comment_id: int):
    draft = _draft(process_id, draft_id)
    thread = services.get_comment(process_id, draft, comment_id)
    if thread is None or thread.parent_id is not None:
        abort(404)
    services.set_resolved(thread, not thread.resolved)
    db.session.commit()
    return _comments_response(process_id, draft)


def _comments_response(process_id, draft):
    if request.headers.get("HX-Request"):
        return render_template(
            "drafting/_comments.html",
            draft=draft,
            threads=services.threads(process_id, draft),
            reply_form=CommentReplyForm(),
        )
    return redirect(url_for("drafting.edit", process_id=process_id, draft_id=draft.id))


@bp.route("/<int:draft_id>/blocks", methods=["POST"])
@process_access("write")
def insert_block(process_id: int, draft_id: int):
    draft = _draft(process_id, draft_id)
    form = BlockForm()
    if not form.validate_on_submit():
        flash(_("Choose a block to insert."), "error")
    else:
        label = BLOCKS[form.kind.data][0]
        refreshed = services.insert_cycle_block(process_id, draft, form.kind.data)
        db.session.commit()
        if refreshed:
            flash(_("%(block)s is refreshed with the current data.", block=label), "success")
        else:
            flash(_("%(block)s is added at the end of the draft.", block=label), "success")
    return redirect(url_for("drafting.edit", process_id=process_id, draft_id=draft_id))
