"""The review copy: a draft as a Word file for partners who comment in Word.

The draft is written by the ordinary draft renderer (``drafting/export/draft_docx``);
each top-level heading carries a hidden bookmark naming its section (``anchors``), a
cover page says how to comment, Track Changes is switched on, and the core properties
name the draft and the version the copy was taken from, so the returned file can be
checked and matched. No Flask application state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from flask_babel import gettext as _

from drafting.export import docx_base as dx
from drafting.export import draft_docx
from drafting.outline import GUIDANCE_MARK

from . import anchors

IDENTIFIER_PREFIX = "policycycle-review"


@dataclass
class CopyInfo:
    process_id: int
    draft_id: int
    version_id: int | None
    title: str
    process_title: str
    version_label: str
    today: date
    language: str = "en"
    coordinator: str = ""


def identifier(info: CopyInfo) -> str:
    return f"{IDENTIFIER_PREFIX}:{info.process_id}:{info.draft_id}:{info.version_id or 0}"


def parse_identifier(value: str) -> tuple[int, int, int | None] | None:
    parts = (value or "").split(":")
    if len(parts) != 4 or parts[0] != IDENTIFIER_PREFIX or not all(p.isdigit() for p in parts[1:]):
        return None
    return int(parts[1]), int(parts[2]), int(parts[3]) or None


def _is_guidance(block: dict) -> bool:
    runs = block.get("runs") or []
    return (
        block.get("type") == "paragraph"
        and bool(runs)
        and runs[0]["text"].startswith(GUIDANCE_MARK)
    )


def _cover(doc, info: CopyInfo) -> None:
    dx.add_paragraph(doc, info.process_title, style=dx.style_or(doc, "Cover Meta"))
    dx.add_paragraph(doc, info.title, style=dx.style_or(doc, "Title"))
    dx.add_paragraph(doc, _("Copy for review"), style=dx.style_or(doc, "Subtitle"))
    meta = dx.styled_paragraph(doc, "Cover Meta")
    dx.add_run(meta, info.version_label)
    # Not a heading: the cover stays on one page and out of the section anchors.
    how = dx.add_paragraph(doc, "", style=dx.style_or(doc, "Subtitle"))
    dx.add_run(how, _("How to comment on this draft"), bold=True)
    steps = [
        _(
            "Track Changes is switched on in this file: type your changes straight into "
            "the text (Review › Track Changes in Word, Edit › Track Changes in LibreOffice). "
            "Each insertion and deletion reaches the drafting group as a suggestion they "
            "accept or reject."
        ),
        _(
            "To comment, select the words you mean (within one paragraph) and add a comment "
            "(Review › New Comment). Quote as little as needed: the group sees your comment "
            "beside those very words."
        ),
        _(
            "Do not delete or rename the sections' hidden bookmarks, do not copy the text "
            "into a new document, and do not accept or reject changes yourself: the group "
            "uses them to place each remark in its section."
        ),
        _(
            "Save the file as a Word document (.docx) and send it back%(to)s. Say which "
            "organisation you write for.",
            to=_(" to %(name)s", name=info.coordinator) if info.coordinator else "",
        ),
    ]
    dx.add_bullets(doc, steps)
    dx.page_break(doc)


def _bookmark(paragraph, name: str, mark_id: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(mark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(mark_id))
    p = paragraph
    ppr = p.find(qn("w:pPr"))
    p.insert(1 if ppr is not None else 0, start)
    p.append(end)


def _track_changes(doc) -> None:
    settings = doc.settings.element
    if settings.find(qn("w:trackRevisions")) is None:
        settings.insert(0, OxmlElement("w:trackRevisions"))


def build(tree: dict, info: CopyInfo, outline: dict[str, int], template: bytes | None = None):
    """The review copy as bytes. ``outline`` maps normalised outline titles to ids."""
    doc = dx.new_document(template, language=info.language)
    dx.set_properties(
        doc, title=info.title, subject=_("Copy for review"), version=info.version_label
    )
    doc.core_properties.identifier = identifier(info)
    _track_changes(doc)
    _cover(doc, info)
    blocks = [b for b in tree.get("blocks", ()) if not _is_guidance(b)]
    titles = [draft_docx._plain_text(b) for b in blocks if b.get("type") == "heading"]
    keys = iter(anchors.section_keys(titles, outline))
    body = doc.element.body
    doc.part._draft_captions = {"counters": dx.Counters(), "heading": info.title}
    try:
        for mark_id, block in enumerate(blocks, start=90000):
            draft_docx._block(doc, block, 0)
            if block.get("type") == "heading":
                paragraph = body.findall(qn("w:p"))[-1]
                _bookmark(paragraph, anchors.bookmark_name(info.draft_id, next(keys)), mark_id)
    finally:
        del doc.part._draft_captions
    return dx.to_bytes(doc)
