"""Styles and safe text shared by the Word helpers (see ``docx_base`` for the API):
the reference template, the styles every builder names, merging the missing ones into a
ministry's template, a cached style-name table, and text fit for XML."""

from __future__ import annotations

import copy
import io
import os
import re

from docx import Document

from facilitation import uploads
from facilitation.plaintext import strip_illegal

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
REFERENCE_TEMPLATE = os.path.join(ROOT, "templates", "docx", "reference.docx")

# The styles every builder names; a template lacking one gets it from the reference.
REQUIRED_STYLES = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Caption",
    "List Paragraph",
    "Header",
    "Footer",
    "TOC Heading",
    "Policy Table",
    "Table Text",
    "Table Heading",
    "Cover Meta",
    "Draft Mark",
)
TABLE_STYLE = "Policy Table"
KEEP_ROW_CHARS = 1200  # a row whose longest cell is shorter never splits across pages

# A template holds styles, page set-up and perhaps a logo: tens of MB inflated is plenty.
MAX_TEMPLATE_INFLATED = 40 * 1024 * 1024
_SAFE_URL = re.compile(r"^(https?://|mailto:)[^\s\"<>]+$", re.IGNORECASE)


def safe_text(value) -> str:
    """Text fit for a Word file: ``None`` -> "", XML-illegal characters removed."""
    return strip_illegal(value)


def safe_url(value) -> str | None:
    """An http(s)/mailto URL, or None if the value is anything else."""
    url = safe_text(value).strip()
    return url if _SAFE_URL.match(url) else None


def reference_document():
    return Document(REFERENCE_TEMPLATE)


def inflates_too_much(data: bytes) -> bool:
    """True when the package is not a zip or would inflate beyond the limit."""
    try:
        uploads.check_zip(data, max_total=MAX_TEMPLATE_INFLATED, max_ratio=100)
    except uploads.PackageRefused:
        return True
    return False


def template_problems(data: bytes) -> tuple[list[str], list[str]]:
    """Check an uploaded template: ``(errors, missing_styles)``.

    ``errors`` non-empty means the file cannot be used at all ("not-docx", or
    "too-big" when the package inflates beyond ``MAX_TEMPLATE_INFLATED``); missing
    styles are merged from the reference template at export time.
    """
    try:
        uploads.check_zip(data, max_total=MAX_TEMPLATE_INFLATED, max_ratio=100)
    except uploads.PackageRefused as refused:
        return (["not-docx" if refused.reason == "not-zip" else "too-big"], [])
    try:
        doc = Document(io.BytesIO(data))
    except Exception:  # python-docx raises several kinds for a bad package
        return (["not-docx"], [])
    names = {s.name for s in doc.styles}
    return ([], [name for name in REQUIRED_STYLES if name not in names])


def merge_missing_styles(doc) -> None:
    present = {s.name for s in doc.styles}
    missing = [n for n in REQUIRED_STYLES if n not in present]
    if not missing:
        return
    ref = reference_document()
    ref_styles = {s.name: s for s in ref.styles}
    target = doc.styles.element
    present_ids = {s.style_id for s in doc.styles}
    for name in missing:
        chain, style = [], ref_styles.get(name)
        while style is not None and style.style_id not in present_ids:
            chain.append(style)
            style = style.base_style
        for item in reversed(chain):
            target.append(copy.deepcopy(item.element))
            present_ids.add(item.style_id)


def style_ids(doc) -> dict[str, str]:
    """Style name -> style id, read once per document (styles are not added later)."""
    part = doc.part
    cached = getattr(part, "_export_style_ids", None)
    if cached is None:
        cached = {s.name: s.style_id for s in doc.styles}
        part._export_style_ids = cached
    return cached


def style_or(doc, name: str, fallback: str = "Normal") -> str:
    return name if name in style_ids(doc) else fallback


def styled_paragraph(container, style: str | None = None, doc=None):
    """``container.add_paragraph()`` with the style set by id from the cached table
    (python-docx's own lookup scans every style on each call). An unknown style name
    falls back to Normal."""
    paragraph = container.add_paragraph()
    if style:
        ids = style_ids(doc or paragraph.part.document)
        style_id = ids.get(style)
        if style_id and style_id != ids.get("Normal"):
            paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = style_id
    return paragraph
