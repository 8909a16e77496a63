"""Readiness findings of the drafting area, shown on the process's readiness page."""

from __future__ import annotations

from flask_babel import gettext as _

from facilitation.extensions import db
from facilitation.stages import Finding

from . import prosemirror, rooms
from .models import Draft, DraftKind, DraftSection, SectionStatus
from .outline import is_guidance


def unwritten_chapters(blocks: list[dict]) -> list[tuple[int, str]]:
    """(position, title) of the chapters (level-1 and level-2 headings) with nothing but
    guidance or empty paragraphs before the next heading; a chapter whose sub-chapters
    hold content is written."""
    headings = [
        (i, b) for i, b in enumerate(blocks) if b["type"] == "heading" and b.get("level", 1) <= 2
    ]
    found = []
    for position, (index, heading) in enumerate(headings):
        level = heading.get("level", 1)
        written = False
        for block in blocks[index + 1 :]:
            if block["type"] == "heading":
                if block.get("level", 1) <= level:
                    break
                continue
            if is_guidance(block) or not prosemirror.plain_text([block]).strip():
                continue
            written = True
            break
        if not written:
            title = "".join(r["text"] for r in heading["runs"]).strip()
            found.append((position, title or "?"))
    return found


def placeholder_chapters(process_id: int, draft: Draft) -> list[Finding]:
    tree = prosemirror.tree_from_update(rooms.current_state(process_id, draft.id))
    return [
        Finding(
            "validation",
            _(
                "“%(draft)s”: the chapter “%(chapter)s” is empty or holds only the outline's "
                "guidance.",
                draft=draft.title,
                chapter=title,
            ),
            "drafting.edit",
            {"draft_id": draft.id, "_anchor": f"chapter-{position + 1}"},
            severity="warning",
        )
        for position, title in unwritten_chapters(tree["blocks"])
    ]


def drafting_rule(process_id: int) -> list[Finding]:
    """A policy draft exists, and each of its sections is agreed before validation."""
    drafts = db.session.scalars(
        db.select(Draft).where(Draft.process_id == process_id, Draft.kind == DraftKind.POLICY)
    ).all()
    if not drafts:
        return [
            Finding(
                "validation",
                _("There is no policy draft yet: create it under Drafts."),
                "drafting.index",
                severity="warning",
            )
        ]
    findings = []
    for draft in drafts:
        findings.extend(placeholder_chapters(process_id, draft))
        open_sections = db.session.scalars(
            db.select(DraftSection.title).where(
                DraftSection.process_id == process_id,
                DraftSection.draft_id == draft.id,
                DraftSection.status != SectionStatus.AGREED,
            )
        ).all()
        if open_sections:
            findings.append(
                Finding(
                    "validation",
                    _(
                        "“%(draft)s”: %(count)d sections are not agreed yet (%(titles)s).",
                        draft=draft.title,
                        count=len(open_sections),
                        titles=", ".join(open_sections),
                    ),
                    "drafting.outline",
                    {"draft_id": draft.id},
                    severity="warning",
                )
            )
    return findings
