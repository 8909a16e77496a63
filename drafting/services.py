"""Drafts, outline, versions, comments, cycle blocks and the export hand-off.

Services flush; the caller commits. Functions that change the live document
(:func:`insert_cycle_block`, :func:`restore_version`, seeding) write the update log on
their own transaction, so callers commit their ORM work before calling them.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import defer, selectinload

from facilitation.extensions import db
from facilitation.models import Membership, Organisation, User
from facilitation.scoped import get_in_process
from facilitation.validation import ValidationFailed, in_process

from . import prosemirror, rooms
from .blocks import BLOCKS
from .models import (
    Draft,
    DraftComment,
    DraftExport,
    DraftKind,
    DraftSection,
    DraftVersion,
    SectionStatus,
)

# --- drafts and outline -----------------------------------------------------------------


def drafts_of(process_id: int) -> list[Draft]:
    return list(
        db.session.scalars(
            db.select(Draft).where(Draft.process_id == process_id).order_by(Draft.id)
        )
    )


def drafts_listed(process_id: int) -> list[Draft]:
    """The drafts with their outline and named versions, for the pages that list them:
    two queries in all instead of two per draft. A version's saved state (the Yjs update,
    the bulk of the row) is left out until something reads it."""
    return list(
        db.session.scalars(
            db.select(Draft)
            .where(Draft.process_id == process_id)
            .options(
                selectinload(Draft.sections),
                selectinload(Draft.versions).defer(DraftVersion.state),
            )
            .order_by(Draft.id)
        )
    )


def latest_versions(process_id: int, limit: int) -> list[tuple[Draft, DraftVersion]]:
    """The process's latest named versions with their drafts, newest first, in one query
    (the validation page lists eight; their saved states are not read)."""
    return [
        (draft, version)
        for draft, version in db.session.execute(
            db.select(Draft, DraftVersion)
            .join(DraftVersion, DraftVersion.draft_id == Draft.id)
            .where(Draft.process_id == process_id)
            .options(defer(DraftVersion.state))
            .order_by(DraftVersion.created_at.desc(), DraftVersion.id.desc())
            .limit(limit)
        )
    ]


def get_draft(process_id: int, draft_id: int) -> Draft | None:
    return get_in_process(Draft, draft_id, process_id)


def create_draft(
    process_id: int, user: User | None, title: str, kind: str, outline: list[str]
) -> Draft:
    title = (title or "").strip()
    if not title:
        raise ValidationFailed({"title": _("Give the draft a title.")})
    try:
        kind = DraftKind(kind)
    except ValueError:
        raise ValidationFailed({"kind": _("Choose a kind of document.")}) from None
    draft = Draft(
        process_id=process_id, title=title, kind=kind, created_by_id=user.id if user else None
    )
    outline = [t for t in outline if t.strip()]
    if kind == DraftKind.POLICY and not outline:
        # A policy starts from the national-policy outline, in the process language.
        outline = policy_outline(process_id)
    db.session.add(draft)
    for position, line in enumerate(t.strip() for t in outline if t.strip()):
        draft.sections.append(
            DraftSection(process_id=process_id, title=line[:200], position=position)
        )
    db.session.flush()
    return draft


def policy_outline(process_id: int) -> list[str]:
    from flask_babel import force_locale

    from facilitation.models import Process

    from .outline import chapter_titles

    process = db.session.get(Process, process_id)
    with force_locale(process.language or "en"):
        return chapter_titles()


def _member_user(process_id: int, user_id: int | None, field: str) -> int | None:
    if not user_id:
        return None
    member = db.session.scalar(
        db.select(Membership).where(
            Membership.process_id == process_id, Membership.user_id == int(user_id)
        )
    )
    if member is None:
        raise ValidationFailed({field: _("Choose a member of this process.")})
    return member.user_id


def save_section(
    process_id: int,
    draft: Draft,
    section: DraftSection | None,
    *,
    title: str,
    organisation_id: int | None,
    drafter_id: int | None,
    reviewer_id: int | None,
    status: str,
) -> DraftSection:
    title = (title or "").strip()
    if not title:
        raise ValidationFailed({"title": _("Give the section a title.")})
    organisation = in_process(
        Organisation, organisation_id, process_id, "organisation_id", _("an institution")
    )
    drafter = _member_user(process_id, drafter_id, "drafter_id")
    reviewer = _member_user(process_id, reviewer_id, "reviewer_id")
    if drafter and reviewer and drafter == reviewer:
        raise ValidationFailed({"reviewer_id": _("The reviewer must be someone else.")})
    try:
        status = SectionStatus(status)
    except ValueError:
        raise ValidationFailed({"status": _("Choose a status.")}) from None
    if section is None:
        section = DraftSection(
            process_id=process_id, draft=draft, position=len(draft.sections), title=title
        )
        db.session.add(section)
    section.title = title
    section.organisation_id = organisation.id if organisation else None
    section.drafter_id = drafter
    section.reviewer_id = reviewer
    section.status = status
    db.session.flush()
    return section


def add_section_heading(process_id: int, draft: Draft, title: str) -> None:
    """Give a section added to the outline its heading at the end of the text. Commits."""
    db.session.commit()
    blocks = [
        {"type": "heading", "level": 2, "runs": [prosemirror.plain_run(title)]},
        {"type": "paragraph", "runs": []},
    ]
    rooms.change(
        process_id,
        draft.id,
        lambda doc: prosemirror.append_blocks(prosemirror.fragment_of(doc), blocks),
    )


def get_section(process_id: int, draft: Draft, section_id: int) -> DraftSection | None:
    return get_in_process(DraftSection, section_id, process_id, draft_id=draft.id)


# --- versions -----------------------------------------------------------------------------


def create_version(
    process_id: int, draft: Draft, name: str, note: str, user: User | None
) -> DraftVersion:
    name = (name or "").strip()
    if not name:
        raise ValidationFailed({"name": _("Name the version, e.g. “v0.3 for the round table”.")})
    state = rooms.current_state(process_id, draft.id)
    version = DraftVersion(
        process_id=process_id,
        draft=draft,
        name=name[:120],
        note=(note or "").strip(),
        state=state,
        created_by_id=user.id if user else None,
    )
    db.session.add(version)
    db.session.flush()
    return version


def get_version(process_id: int, draft: Draft, version_id: int) -> DraftVersion | None:
    return get_in_process(DraftVersion, version_id, process_id, draft_id=draft.id)


def version_tree(version: DraftVersion) -> dict:
    return prosemirror.tree_from_update(bytes(version.state))


def restore_version(
    process_id: int, draft: Draft, version: DraftVersion, user: User | None
) -> DraftVersion:
    """Make an old version the current text, as a new change: the current text is kept
    as a version first and nothing in the history is removed. Commits."""
    create_version(
        process_id,
        draft,
        _("Before restoring “%(name)s”", name=version.name),
        "",
        user,
    )
    db.session.commit()
    blocks = version_tree(version)["blocks"]
    rooms.change(process_id, draft.id, lambda doc: prosemirror.replace_all(doc, blocks))
    restored = create_version(
        process_id, draft, _("Restored from “%(name)s”", name=version.name), "", user
    )
    restored.restored_from_id = version.id
    db.session.flush()
    return restored


@dataclass
class SectionDiff:
    title: str
    status: str  # "same" | "changed" | "added" | "removed"
    lines: list[tuple[str, str]]  # (" " | "+" | "-", text)


def split_sections(blocks: list[dict]) -> list[tuple[str, list[dict]]]:
    """Cut a document at its level-1 and level-2 headings."""
    sections: list[tuple[str, list[dict]]] = [("", [])]
    for block in blocks:
        if block["type"] == "heading" and block.get("level", 1) <= 2:
            title = "".join(run["text"] for run in block["runs"]).strip()
            sections.append((title, []))
        else:
            sections[-1][1].append(block)
    return [s for s in sections if s[0] or s[1]]


def compare(old: dict, new: dict) -> list[SectionDiff]:
    """Compare two trees section by section (matched by heading text)."""
    old_sections = dict(split_sections(old["blocks"]))
    new_list = split_sections(new["blocks"])
    result = []
    seen = set()
    for title, blocks in new_list:
        seen.add(title)
        new_lines = prosemirror.plain_text(blocks).splitlines()
        if title not in old_sections:
            result.append(SectionDiff(title, "added", [("+", line) for line in new_lines]))
            continue
        old_lines = prosemirror.plain_text(old_sections[title]).splitlines()
        lines = [
            (entry[0], entry[2:])
            for entry in difflib.ndiff(old_lines, new_lines)
            if not entry.startswith("?")
        ]
        status = "same" if old_lines == new_lines else "changed"
        result.append(SectionDiff(title, status, lines))
    for title, blocks in old_sections.items():
        if title not in seen:
            lines = prosemirror.plain_text(blocks).splitlines()
            result.append(SectionDiff(title, "removed", [("-", line) for line in lines]))
    return result


# --- comments -----------------------------------------------------------------------------


def add_comment(
    process_id: int,
    draft: Draft,
    user: User,
    body: str,
    quote: str = "",
    parent: DraftComment | None = None,
) -> DraftComment:
    body = (body or "").strip()
    if not body:
        raise ValidationFailed({"body": _("Write the comment first.")})
    if len(body) > 5000:
        raise ValidationFailed({"body": _("Keep a comment under 5,000 characters.")})
    comment = DraftComment(
        process_id=process_id,
        draft_id=draft.id,
        author_id=user.id,
        body=body,
        quote=(quote or "").strip()[:1000],
        parent_id=parent.id if parent else None,
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def get_comment(process_id: int, draft: Draft, comment_id: int) -> DraftComment | None:
    return get_in_process(DraftComment, comment_id, process_id, draft_id=draft.id)


def threads(process_id: int, draft: Draft) -> list[DraftComment]:
    return list(
        db.session.scalars(
            db.select(DraftComment)
            .where(
                DraftComment.process_id == process_id,
                DraftComment.draft_id == draft.id,
                DraftComment.parent_id.is_(None),
            )
            .order_by(DraftComment.resolved, DraftComment.id)
        )
    )


def set_resolved(comment: DraftComment, resolved: bool) -> None:
    comment.resolved = resolved
    db.session.flush()


# --- cycle blocks -------------------------------------------------------------------------


def insert_cycle_block(process_id: int, draft: Draft, kind: str) -> bool:
    """Insert the block at the end, or refresh it in place; True if it was refreshed."""
    if kind not in BLOCKS:
        raise ValidationFailed({"kind": _("Choose a block to insert.")})
    block = BLOCKS[kind][1](process_id)
    db.session.commit()
    refreshed = []

    def edit(doc):
        fragment = prosemirror.fragment_of(doc)
        index = prosemirror.find_cycle_block(fragment, kind)
        if index is None:
            prosemirror.insert_block(fragment, len(fragment.children), block)
        else:
            del fragment.children[index]
            prosemirror.insert_block(fragment, index, block)
            refreshed.append(True)

    rooms.change(process_id, draft.id, edit)
    return bool(refreshed)


# --- export hand-off ------------------------------------------------------------------------


def export_tree(process_id: int, draft_id: int, version_id: int | None = None):
    """The draft (or one of its versions) as the neutral tree, and where it came from.

    Returns ``(tree, version_info)``; ``version_info`` holds ``draft_id``, ``title``,
    ``version_id`` (None for the live text), ``version_name`` and ``state_sha256``.
    Pass ``version_info`` to :func:`record_export` once the file is made. The tree format
    is documented in :mod:`drafting.prosemirror`.
    """
    draft = get_draft(process_id, draft_id)
    if draft is None:
        raise LookupError(draft_id)
    if version_id is not None:
        version = get_version(process_id, draft, version_id)
        if version is None:
            raise LookupError(version_id)
        state = bytes(version.state)
        name = version.name
    else:
        db.session.commit()
        state = rooms.current_state(process_id, draft_id)
        name = None
    info = {
        "draft_id": draft.id,
        "title": draft.title,
        "version_id": version_id,
        "version_name": name,
        "state_sha256": hashlib.sha256(state).hexdigest(),
        "_state": state,
    }
    return prosemirror.tree_from_update(state), info


def record_export(
    process_id: int,
    version_info: dict,
    user: User | None,
    file_format: str = "docx",
    save_version: bool = True,
) -> DraftExport:
    """Record an export. With ``save_version``, an export of the live text first becomes a
    named version, so the exact text of the exported file can be opened again; without it
    the record keeps no version (the export's audit entry keeps the state's fingerprint)."""
    draft = get_draft(process_id, version_info["draft_id"])
    if draft is None:
        raise LookupError(version_info["draft_id"])
    version_id = version_info.get("version_id")
    if version_id is None and save_version:
        version = DraftVersion(
            process_id=process_id,
            draft=draft,
            name=_("Exported (%(format)s)", format=file_format.upper()),
            state=version_info["_state"],
            created_by_id=user.id if user else None,
        )
        db.session.add(version)
        db.session.flush()
        version_id = version.id
    export = DraftExport(
        process_id=process_id,
        draft_id=draft.id,
        version_id=version_id,
        file_format=file_format,
        user_id=user.id if user else None,
    )
    db.session.add(export)
    db.session.flush()
    return export
