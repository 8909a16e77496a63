"""Access cases of every drafting route, for tests/test_access_matrix.py."""

from __future__ import annotations

from pycrdt import Doc

from drafting import prosemirror
from drafting.models import Draft, DraftComment, DraftSection, DraftVersion
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
    db.session.add_all([version, comment])
    db.session.flush()
    world.ids.update(
        draft_id=draft.id,
        section_id=draft.sections[0].id,
        version_id=version.id,
        comment_id=comment.id,
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
]
