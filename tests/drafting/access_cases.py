"""Access cases of every drafting route, for tests/test_access_matrix.py."""

from __future__ import annotations

from pycrdt import Doc

from drafting import prosemirror
from drafting.models import Draft, DraftComment, DraftSection, DraftVersion
from drafting.review.models import DraftReview, DraftSuggestion
from facilitation.extensions import db
from tests.access import Case


def build(world) -> None:
    draft = Draft(process_id=world.process_id, title="Matrix draft")
    db.session.add(draft)
    draft.sections.append(DraftSection(process_id=world.process_id, title="Introduction"))
    db.session.flush()
    doc = Doc()
    prosemirror.append_blocks(
        prosemirror.fragment_of(doc),
        [{"type": "paragraph", "runs": [prosemirror.plain_run("Old text")]}],
    )
    version = DraftVersion(
        process_id=world.process_id, draft_id=draft.id, name="v0.1", state=doc.get_update()
    )
    comment = DraftComment(process_id=world.process_id, draft_id=draft.id, body="Why?")
    review = DraftReview(process_id=world.process_id, draft_id=draft.id, reviewer="Ana")
    db.session.add_all([version, comment, review])
    db.session.flush()
    suggestion = DraftSuggestion(
        process_id=world.process_id,
        draft_id=draft.id,
        review_id=review.id,
        kind="replace",
        old_text="Old",
        new_text="New",
    )
    db.session.add(suggestion)
    db.session.flush()
    world.ids.update(
        draft_id=draft.id,
        section_id=draft.sections[0].id,
        version_id=version.id,
        comment_id=comment.id,
        review_id=review.id,
        suggestion_id=suggestion.id,
    )


def _draft(world):
    return {"draft_id": world.ids["draft_id"]}


def _with(*keys):
    def values(world):
        return {key: world.ids[key] for key in ("draft_id", *keys)}

    return values


CASES = [
    Case("drafting.index", "read"),
    Case("drafting.create", "write"),
    Case(
        "drafting.create",
        "write",
        "POST",
        data={"title": "Terms of reference", "kind": "terms_of_reference", "outline": "Scope"},
    ),
    Case("drafting.edit", "read", values=_draft),
    Case("drafting.outline", "read", values=_draft),
    Case(
        "drafting.outline",
        "write",
        "POST",
        values=_draft,
        data={
            "title": "Annex",
            "status": "drafting",
            "organisation_id": "0",
            "drafter_id": "0",
            "reviewer_id": "0",
        },
    ),
    Case("drafting.section", "read", values=_with("section_id")),
    Case(
        "drafting.section",
        "write",
        "POST",
        values=_with("section_id"),
        data={
            "title": "Introduction",
            "status": "in_review",
            "organisation_id": "0",
            "drafter_id": "0",
            "reviewer_id": "0",
        },
    ),
    Case("drafting.versions", "read", values=_draft),
    Case("drafting.versions", "write", "POST", values=_draft, data={"name": "v0.2"}),
    Case("drafting.version", "read", values=_with("version_id")),
    Case("drafting.restore", "write", "POST", values=_with("version_id")),
    Case("drafting.compare", "read", values=_draft),
    Case("drafting.comments", "read", values=_draft),
    Case("drafting.add_comment", "write", "POST", values=_draft, data={"body": "A question"}),
    Case("drafting.reply", "write", "POST", values=_with("comment_id"), data={"body": "Yes"}),
    Case("drafting.resolve", "write", "POST", values=_with("comment_id")),
    Case("drafting.insert_block", "write", "POST", values=_draft, data={"kind": "swot"}),
    Case("drafting_review.review", "read", values=_draft),
    Case("drafting_review.review", "write", "POST", values=_draft, data={"reviewer": "Ana"}),
    Case("drafting_review.review_copy", "read", values=_draft),
    Case("drafting_review.result", "read", values=_with("review_id")),
    Case("drafting_review.suggestions", "read", values=_draft),
    Case("drafting_review.accept", "write", "POST", values=_with("suggestion_id")),
    Case(
        "drafting_review.reject",
        "write",
        "POST",
        values=_with("suggestion_id"),
        data={"reason": "Out of scope"},
    ),
]
