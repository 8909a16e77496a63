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


# --- fonts and language ----------------------------------------------------------------

_THEME_ATTRS = (
    ("w:asciiTheme", "w:ascii"),
    ("w:hAnsiTheme", "w:hAnsi"),
    ("w:eastAsiaTheme", "w:eastAsia"),
    ("w:cstheme", "w:cs"),
)
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def theme_fonts(doc) -> dict[str, str]:
    """``majorHAnsi`` / ``minorHAnsi``... -> the typeface the template's theme names."""
    fonts: dict[str, str] = {}
    for part in doc.part.package.iter_parts():
        if not str(part.partname).startswith("/word/theme/"):
            continue
        from lxml import etree

        root = etree.fromstring(part.blob)
        for kind in ("major", "minor"):
            group = root.find(f".//{_A}{kind}Font")
            if group is None:
                continue
            latin = group.find(f"{_A}latin")
            name = latin.get("typeface") if latin is not None else ""
            ea = group.find(f"{_A}ea")
            cs = group.find(f"{_A}cs")
            fonts[f"{kind}HAnsi"] = fonts[f"{kind}Ascii"] = name
            fonts[f"{kind}EastAsia"] = (ea.get("typeface") if ea is not None else "") or name
            fonts[f"{kind}Bidi"] = (cs.get("typeface") if cs is not None else "") or name
        break
    return fonts


def pin_fonts(doc) -> None:
    """Write every style's fonts out by name: a theme font (which Word prefers over a
    named font on the same style) becomes the typeface the theme gives, then the theme
    reference is dropped; a style naming only its Latin font gets it for all scripts.
    Headings and body then print in the template's fonts in Word and LibreOffice alike."""
    from docx.oxml.ns import qn

    themes = theme_fonts(doc)
    for fonts in doc.styles.element.iter(qn("w:rFonts")):
        for theme_attr, attr in _THEME_ATTRS:
            ref = fonts.get(qn(theme_attr))
            if ref is None:
                continue
            del fonts.attrib[qn(theme_attr)]
            if themes.get(ref):
                fonts.set(qn(attr), themes[ref])
        latin = fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi"))
        if latin:
            for _theme, attr in _THEME_ATTRS:
                if not fonts.get(qn(attr)):
                    fonts.set(qn(attr), latin)


def set_language(doc, tag: str) -> None:
    """Tag the text with the process language (spelling, hyphenation, quotes)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = parse_xml(
            f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr/></w:rPrDefault></w:docDefaults>"
        )
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = parse_xml(f"<w:rPrDefault {nsdecls('w')}><w:rPr/></w:rPrDefault>")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = parse_xml(f"<w:rPr {nsdecls('w')}/>")
        rpr_default.append(rpr)
    for lang in list(styles.iter(qn("w:lang"))):
        lang.set(qn("w:val"), tag)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f'<w:lang {nsdecls("w")} w:val="{tag}"/>')
        rpr.append(lang)
    lang.set(qn("w:val"), tag)
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is None:
        theme_lang = parse_xml(f"<w:themeFontLang {nsdecls('w')}/>")
        settings.append(theme_lang)
    theme_lang.set(qn("w:val"), tag)
    doc.core_properties.language = tag
