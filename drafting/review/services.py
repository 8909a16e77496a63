"""Word reviews: the review copy, the import of a returned file, and the group's
decisions on suggested changes. Services flush; the caller commits.

:func:`import_review` and :func:`accept` also change the live document (anchoring
comments, applying a change) through ``rooms.change``, which writes the update log on
its own transaction: they commit the ORM work before that step, as the other
live-document services do (``drafting.services.insert_cycle_block``).

The page's import runs as a job (``drafting.review.jobs``): the request checks the names
(:func:`check_names`) and stores the file in the job; the worker parses it, inside strict
bounds (20 MB upload, 200 MB inflated, 60 MB per XML part, 2,000 remarks; see
``wordfile``), stores the remarks and anchors the comments in the draft's log. The CLI
calls :func:`import_review` in its own process.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from pycrdt import Doc
from sqlalchemy import func

from facilitation import audit
from facilitation.extensions import db
from facilitation.mixins import utcnow
from facilitation.models import Organisation, OrganisationCategory, Process, User
from facilitation.scoped import get_in_process
from facilitation.validation import ValidationFailed

from .. import rooms, store
from .. import services as drafting
from ..models import Draft, DraftComment, DraftVersion
from . import anchors, copy_docx, locate, wordfile
from .models import DraftReview, DraftSuggestion, SuggestionStatus

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
QUOTE_LIMIT = 1000


# --- the review copy ----------------------------------------------------------------------


def outline_map(draft: Draft) -> dict[str, int]:
    return {anchors.normalise(s.title): s.id for s in draft.sections}


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "draft"


def review_copy(process: Process, draft: Draft, user: User | None) -> tuple[str, bytes]:
    """(filename, bytes) of the review copy; the exported text is kept as a version."""
    from drafting.export import doc_locale
    from drafting.export.services import template_for

    tree, info = drafting.export_tree(process.id, draft.id)
    record = drafting.record_export(process.id, info, user, "docx")
    template = template_for(process.id)
    with force_locale(process.language or "en"):
        label = _("Working text of %(date)s", date=doc_locale.day(date.today()))
        data = copy_docx.build(
            tree,
            copy_docx.CopyInfo(
                process_id=process.id,
                draft_id=draft.id,
                version_id=record.version_id,
                title=draft.title,
                process_title=process.title,
                version_label=label,
                today=date.today(),
                language=process.language or "en",
                coordinator=user.name if user else "",
            ),
            outline_map(draft),
            template=template.data if template else None,
        )
        name = f"{_slug(draft.title)}_review-copy_{date.today().isoformat()}.docx"
        audit.record(
            db.session,
            process.id,
            "export",
            "Export",
            _("Export: %(file)s", file=name),
            changes={"kind": "review", "draft_id": draft.id, "version_id": record.version_id},
        )
    db.session.flush()
    return name, data


# --- importing a returned file --------------------------------------------------------------


@dataclass
class ImportResult:
    review: DraftReview
    comments: int = 0
    suggestions: int = 0
    inputs_created: int = 0
    unmatched: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "review_id": self.review.id,
            "comments": self.comments,
            "suggestions": self.suggestions,
            "unmatched": self.unmatched,
            "inputs_created": self.inputs_created,
        }


FILE_MESSAGES = {
    "too-big": lambda: _(
        "This file is too large to read (more than %(n)d MB, or far more once unpacked). "
        "Remove pictures or embedded files and upload it again.",
        n=wordfile.MAX_FILE_BYTES // (1024 * 1024),
    ),
    "not-docx": lambda: _(
        "This is not a Word document (.docx). Open it in Word or LibreOffice, save it as "
        "“Word Document (.docx)” and upload it again."
    ),
    "damaged": lambda: _(
        "This Word file is damaged and cannot be read. Ask the reviewer to save it again "
        "as .docx and send it once more."
    ),
}


class FileRefused(ValidationFailed):
    """A refused file; ``code`` names the reason for a job page (``drafting.review.jobs``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__({"file": message})
        self.code = code


def check_names(reviewer: str, organisation: str, category: str = "") -> tuple[str, str]:
    """The reviewer's and organisation's names, tidied; field errors at once (the request
    checks them before the file goes to the worker)."""
    reviewer, organisation = _check_names(reviewer, organisation)
    try:
        OrganisationCategory(category or "ministry")
    except ValueError:
        raise ValidationFailed({"category": _("Choose a category from the list.")}) from None
    return reviewer, organisation


def _check_names(reviewer: str, organisation: str) -> tuple[str, str]:
    reviewer = " ".join((reviewer or "").split())
    organisation = " ".join((organisation or "").split())
    errors = {}
    if not reviewer:
        errors["reviewer"] = _("Write the name of the person who reviewed the draft.")
    elif len(reviewer) > 120:
        errors["reviewer"] = _("Keep the name under 120 characters.")
    if not organisation:
        errors["organisation"] = _("Write the organisation the reviewer writes for.")
    elif len(organisation) > 200:
        errors["organisation"] = _("Keep the organisation's name under 200 characters.")
    if errors:
        raise ValidationFailed(errors)
    return reviewer, organisation


def _parse(data: bytes):
    """The parsed file, or the refusal (returned, not raised: gevent's pool prints raises)."""
    try:
        return wordfile.read(data)
    except wordfile.ReturnedFileRefused as refused:
        return refused


def _read(process_id: int, draft: Draft, data: bytes) -> wordfile.ReturnedFile:
    if not data:
        raise ValidationFailed({"file": _("Choose the returned Word file (.docx) to upload.")})
    returned = store.off_loop(_parse, data)  # an OS thread under gevent: pages stay live
    if isinstance(returned, wordfile.ReturnedFileRefused):
        raise FileRefused(f"review-{returned.reason}", FILE_MESSAGES[returned.reason]())
    other = returned.identifier and returned.identifier[:2] != (process_id, draft.id)
    if other or (returned.draft_ids and draft.id not in returned.draft_ids):
        raise FileRefused(
            "review-other-draft",
            _(
                "This file is the review copy of another draft, not of “%(title)s”. "
                "Upload it on the page of the draft it came from.",
                title=draft.title,
            ),
        )
    if not returned.draft_ids and returned.identifier is None:
        raise FileRefused(
            "review-no-anchors",
            _(
                "This file is not a review copy of “%(title)s”: its sections carry no "
                "anchors. Send the reviewer the review copy from this page and ask them "
                "to comment in it.",
                title=draft.title,
            ),
        )
    if not returned.comments and not returned.changes:
        raise FileRefused(
            "review-nothing",
            _(
                "This file has no comments and no tracked changes, so there is nothing "
                "to import. If the reviewer edited the text without Track Changes, ask "
                "them to make their changes again with Track Changes on."
            ),
        )
    return returned


def find_or_create_organisation(process_id: int, name: str, category: str = "") -> Organisation:
    found = db.session.scalar(
        db.select(Organisation).where(
            Organisation.process_id == process_id,
            func.lower(Organisation.name) == name.lower(),
        )
    )
    if found is not None:
        return found
    from stakeholders import registry

    try:
        category = OrganisationCategory(category or "ministry").value
    except ValueError:
        raise ValidationFailed({"category": _("Choose a category from the list.")}) from None
    try:
        return registry.save_organisation(process_id, name=name, category=category)
    except ValidationFailed as exc:
        raise ValidationFailed({"organisation": " ".join(exc.errors.values())}) from None


def _consultation(process_id: int, draft: Draft, version_id: int | None, org: Organisation):
    """The consultation of this review round (one per review copy sent out)."""
    from stakeholders import consultations
    from stakeholders.models import Consultation, ConsultationMethod

    earlier = db.session.scalar(
        db.select(DraftReview.consultation_id)
        .where(
            DraftReview.process_id == process_id,
            DraftReview.draft_id == draft.id,
            DraftReview.version_id.is_(None)
            if version_id is None
            else DraftReview.version_id == version_id,
            DraftReview.consultation_id.is_not(None),
        )
        .limit(1)
    )
    consultation = db.session.get(Consultation, earlier) if earlier else None
    if consultation is None:
        version = db.session.get(DraftVersion, version_id) if version_id else None
        title = _("Written review of “%(draft)s”", draft=draft.title)
        if version is not None and version.draft_id == draft.id:
            title = _(
                "Written review of “%(draft)s” (%(version)s)",
                draft=draft.title,
                version=version.name,
            )
        today = date.today()
        consultation = consultations.save_consultation(
            process_id,
            title=title[:200],
            stage="validation",
            method=ConsultationMethod.E_CONSULTATION.value,
            participation_level="consult",
            purpose=_("Partners reviewed the draft in Word, with comments and tracked changes."),
            starts_on=today,
            ends_on=today,
            held=True,
        )
    consultations.set_participant(consultation, org.id)
    return consultation


def _scratch(process_id: int, draft_id: int) -> Doc:
    doc = Doc()
    doc.apply_update(rooms.current_state(process_id, draft_id))
    return doc


def section_titles(doc: Doc, outline: dict[str, int]) -> dict[str, str]:
    fragment = locate.prosemirror.fragment_of(doc)
    headings = [
        c for c in fragment.children if isinstance(c, locate.XmlElement) and c.tag == "heading"
    ]
    titles = [locate.heading_title(h) for h in headings]
    return dict(zip(anchors.section_keys(titles, outline), titles, strict=True))


def _change_text(change: wordfile.Change) -> str:
    if change.kind == "insert":
        return _("Add “%(new)s”", new=change.new)
    if change.kind == "delete":
        return _("Delete “%(old)s”", old=change.old)
    return _("Replace “%(old)s” with “%(new)s”", old=change.old, new=change.new)


def import_review(
    process_id: int,
    draft: Draft,
    data: bytes,
    *,
    filename: str,
    reviewer: str,
    organisation: str,
    category: str = "",
    user: User | None = None,
    report=None,
) -> ImportResult:
    """Import a returned review copy. Commits (see the module docstring). ``report(percent,
    step)``, if given, hears the progress (the job's bar)."""
    report = report or (lambda percent, step: None)
    reviewer, organisation = _check_names(reviewer, organisation)
    report(5, "review-read")
    returned = _read(process_id, draft, data)
    report(20, "review-store")
    org = find_or_create_organisation(process_id, organisation, category)
    version_id = returned.identifier[2] if returned.identifier else None
    if version_id is not None:
        version = db.session.get(DraftVersion, version_id)
        if version is None or version.draft_id != draft.id:
            version_id = None
    consultation = _consultation(process_id, draft, version_id, org)
    outline = outline_map(draft)
    db.session.commit()  # the room may load (and seed) the draft on its own transaction
    report(40, "review-place")  # (between transactions: SQLite has one writer)
    scratch = _scratch(process_id, draft.id)
    titles = section_titles(scratch, outline)
    review = DraftReview(
        process_id=process_id,
        draft_id=draft.id,
        version_id=version_id,
        consultation_id=consultation.id,
        organisation_id=org.id,
        reviewer=reviewer,
        filename=(filename or "")[:200],
        imported_by_id=user.id if user else None,
    )
    db.session.add(review)
    result = ImportResult(review)
    threads: dict[str, DraftComment] = {}
    pending: list[tuple[DraftComment, wordfile.Comment]] = []
    remarks: list[tuple[str, str]] = []  # (text, section) for the inputs register
    for comment in returned.comments:
        text = comment.text or _("(empty comment)")
        parent = threads.get(comment.parent or "")
        row = DraftComment(
            process_id=process_id,
            draft_id=draft.id,
            author_id=user.id if user else None,
            review=review,
            body=text[:5000],
            quote="" if parent else comment.quote[:QUOTE_LIMIT],
        )
        if parent is not None:
            parent.replies.append(row)
        else:
            db.session.add(row)
            threads[comment.word_id] = row
            pending.append((row, comment))
        quote = f" — “{comment.quote}”" if comment.quote else ""
        remarks.append((f"{text}{quote}", titles.get(comment.section or "", "")))
        result.comments += 1
    suggestions = []
    for change in returned.changes:
        section = titles.get(change.section or "", "")
        remarks.append((_change_text(change), section))
        suggestions.append(
            DraftSuggestion(
                process_id=process_id,
                draft_id=draft.id,
                review=review,
                section_key=change.section or "",
                section_title=section[:200],
                kind=change.kind,
                before=change.before,
                old_text=change.old,
                new_text=change.new,
                after=change.after,
                new_paragraph=change.new_paragraph,
            )
        )
        result.suggestions += 1
    db.session.add_all(suggestions)
    from stakeholders.consultations import add_inputs

    inputs = add_inputs(consultation, org, remarks)
    result.inputs_created = len(inputs)
    for suggestion, row_input in zip(suggestions, inputs[result.comments :], strict=True):
        suggestion.input_id = row_input.id
    db.session.flush()
    probe = locate.slots(scratch, outline)
    for suggestion in suggestions:
        if not locate.can_apply(probe, suggestion.section_key or None, **_args(suggestion)):
            result.unmatched.append(
                {
                    "type": "suggestion",
                    "id": suggestion.id,
                    "section": suggestion.section_title,
                    "text": _change_text_of(suggestion),
                }
            )
    db.session.commit()
    anchored: set[int] = set()

    def anchor(doc: Doc) -> None:
        all_slots = locate.slots(doc, outline)
        for row, comment in pending:
            if comment.section and locate.anchor_comment(
                all_slots, comment.section, comment.quote, row.id
            ):
                anchored.add(row.id)

    if pending:
        report(80, "review-anchor")
        rooms.change(process_id, draft.id, anchor)
    for row, comment in pending:
        if row.id not in anchored:
            result.unmatched.append(
                {
                    "type": "comment",
                    "id": row.id,
                    "section": titles.get(comment.section or "", ""),
                    "quote": comment.quote,
                    "text": comment.text,
                }
            )
    review.comment_count = result.comments
    review.suggestion_count = result.suggestions
    review.unmatched = json.dumps(result.unmatched, ensure_ascii=False)
    db.session.flush()
    return result


def _args(suggestion: DraftSuggestion) -> dict:
    return {
        "before": suggestion.before,
        "old": suggestion.old_text,
        "new": suggestion.new_text,
        "after": suggestion.after,
        "new_paragraph": suggestion.new_paragraph,
    }


def _change_text_of(suggestion: DraftSuggestion) -> str:
    return _change_text(
        wordfile.Change(suggestion.kind, None, "", suggestion.old_text, suggestion.new_text, "", "")
    )


# --- the group's decisions ------------------------------------------------------------------


def reviews_of(process_id: int, draft: Draft) -> list[DraftReview]:
    return list(
        db.session.scalars(
            db.select(DraftReview)
            .where(DraftReview.process_id == process_id, DraftReview.draft_id == draft.id)
            .order_by(DraftReview.id.desc())
        )
    )


def get_review(process_id: int, draft: Draft, review_id: int) -> DraftReview | None:
    return get_in_process(DraftReview, review_id, process_id, draft_id=draft.id)


def suggestions_of(process_id: int, draft: Draft) -> list[DraftSuggestion]:
    return list(
        db.session.scalars(
            db.select(DraftSuggestion)
            .where(DraftSuggestion.process_id == process_id, DraftSuggestion.draft_id == draft.id)
            .order_by(DraftSuggestion.status != SuggestionStatus.OPEN, DraftSuggestion.id)
        )
    )


def get_suggestion(process_id: int, draft: Draft, suggestion_id: int) -> DraftSuggestion | None:
    return get_in_process(DraftSuggestion, suggestion_id, process_id, draft_id=draft.id)


def _decided(suggestion: DraftSuggestion, status: str, user: User | None, reason: str) -> None:
    from stakeholders.models import ConsultationInput, Disposition

    suggestion.status = status
    suggestion.reason = reason
    suggestion.decided_by_id = user.id if user else None
    suggestion.decided_at = utcnow()
    row = db.session.get(ConsultationInput, suggestion.input_id) if suggestion.input_id else None
    if row is not None:
        accepted = status == SuggestionStatus.ACCEPTED
        row.disposition = (Disposition.ACCEPTED if accepted else Disposition.NOT_ACCEPTED).value
        row.justification = reason
    db.session.flush()


def _check_open(suggestion: DraftSuggestion) -> None:
    if suggestion.status != SuggestionStatus.OPEN:
        raise ValidationFailed(
            {"status": _("This suggestion was already decided (%(s)s).", s=suggestion.status_label)}
        )


def accept(process_id: int, draft: Draft, suggestion: DraftSuggestion, user: User | None) -> None:
    """Apply the change to the live text through the CRDT, then record it. Commits."""
    _check_open(suggestion)
    outline = outline_map(draft)
    args = _args(suggestion)
    section = suggestion.section_key or None
    db.session.commit()
    applied: list[bool] = []

    def edit(doc: Doc) -> None:
        applied.append(locate.apply_change(doc, locate.slots(doc, outline), section, **args))

    rooms.change(process_id, draft.id, edit)
    if not applied or not applied[0]:
        raise ValidationFailed(
            {
                "status": _(
                    "The passage this suggestion changes is no longer in “%(section)s”: the "
                    "text was edited since the review. Make the change by hand if the group "
                    "agrees, then reject this suggestion saying so.",
                    section=suggestion.section_title or _("its section"),
                )
            }
        )
    _decided(suggestion, SuggestionStatus.ACCEPTED, user, "")


def reject(suggestion: DraftSuggestion, reason: str, user: User | None) -> None:
    _check_open(suggestion)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            {"reason": _("Say why the group rejects it: the reviewer is owed a reason.")}
        )
    _decided(suggestion, SuggestionStatus.REJECTED, user, reason[:2000])


def unmatched_of(review: DraftReview) -> list[dict]:
    try:
        value = json.loads(review.unmatched or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []
