"""Shared python-docx helpers for every Word export (policy document, action plan,
consultation report, workshop session report). No Flask import: builders take plain data.

How to use (the workshops session report does the same)::

    from drafting.export import docx_base as dx

    doc = dx.new_document(template_bytes)      # None = templates/docx/reference.docx
    dx.set_properties(doc, title="...", subject="...")
    section = doc.sections[0]                  # dx.set_landscape(section) for wide tables
    dx.set_header_footer(section, "Title", _("Page"), _("of"), mark=_("DRAFT"),
                         first_page_blank=False)
    counters = dx.Counters()                   # numbers of tables and figures
    dx.add_heading(doc, _("Introduction"), 1)  # numbered=False for annexes
    dx.add_paragraph(doc, user_text)           # user text: always plain text, never a field
    dx.add_labelled(doc, _("Venue"), venue)    # "Venue: ..." (skipped when empty)
    dx.add_bullets(doc, ["first", "second"])   # or new_list()/add_list_paragraph() to nest
    dx.add_table(doc, [_("Name"), _("Votes")], [["A", dx.Cell("3", align="right")]],
                 caption=_("Participants"), counters=counters, label=_("Table"))
                                               # caption above; columns sized from the
                                               # words (table_fit); header row repeats
    dx.add_figure(doc, png, 16, _("Results"), counters, label=_("Figure"))
    dx.add_section(doc, landscape=True)        # a landscape part from the next page
    dx.add_toc(doc, _("Contents"), entries)    # a TOC field Word refreshes on opening
    data = dx.to_bytes(doc)

``drafting.export.figures`` draws charts as PNG at print resolution (matplotlib Agg).
``text_width_cm(section)`` gives the width available for tables and figures.

Rules the helpers keep:

* Every string goes through :func:`safe_text`: characters that XML 1.0 forbids are
  removed, so a pasted control character never breaks the file.
* User text is only ever written as ``w:t`` text (tabs and line breaks become
  ``w:tab``/``w:br``). Fields (PAGE, NUMPAGES, TOC, SEQ) are built by our code alone,
  so a user typing ``{ PAGE }`` or ``<w:fldSimple>`` gets exactly those characters.
  Links only ever point to http(s) or mailto addresses.
* Styles come from the template: the helpers name styles (``Heading 1``, ``Caption``,
  ``Policy Table``, ``Table Text``... see ``docx_styles.REQUIRED_STYLES``) and never
  hard-code fonts, so a ministry's template restyles the whole document.
  :func:`new_document` merges any style the template lacks from the reference template.
* Tables are written as one XML fragment per table (fast for 500-row action plans), with
  columns wide enough for their longest word (``table_fit``, real font metrics), the
  header row repeated on every page and short rows kept whole on a page.
* :func:`to_bytes` finishes every file the same way (``captions.finish``: a caption above
  every table, numbers in order; ``docx_package.clean``: our producer, no thumbnail).
  Numbers and dates go through ``doc_locale`` (Babel, the process language).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Cm, Emu

from . import doc_locale, docx_package
from .docx_styles import (  # noqa: F401 - part of this module's documented API
    KEEP_ROW_CHARS,
    MAX_TEMPLATE_INFLATED,
    REFERENCE_TEMPLATE,
    REQUIRED_STYLES,
    TABLE_STYLE,
    inflates_too_much,
    merge_missing_styles,
    pin_fonts,
    reference_document,
    safe_text,
    safe_url,
    set_language,
    style_ids,
    style_or,
    styled_paragraph,
    template_problems,
)

# --- documents and styles ----------------------------------------------------------------


def _clear_body(doc) -> None:
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def new_document(template: bytes | None = None, language: str | None = None):
    """A new empty document carrying the styles, page set-up and numbering of the
    template (the reference template when ``template`` is None, or when a template
    stored before uploads were checked inflates beyond the limit), its fonts written out
    by name and its text tagged with ``language`` (default: the locale being exported in)."""
    if template and inflates_too_much(template):
        template = None
    doc = Document(io.BytesIO(template)) if template else reference_document()
    _clear_body(doc)
    if template:
        merge_missing_styles(doc)
    pin_fonts(doc)
    set_language(doc, doc_locale.language_tag(language))
    _ensure_list_definitions(doc)
    set_properties(doc, title="")
    return doc


def set_properties(
    doc,
    title: str,
    subject: str = "",
    author: str = "",
    keywords: str = "",
    *,
    version: str = "",
    status: str = "",
):
    """Core properties of a new file: created and modified now, by ``author`` (the lead
    institution), in the document language set by :func:`new_document`."""
    props = doc.core_properties
    props.title = safe_text(title)[:255]
    props.subject = safe_text(subject)[:255]
    props.author = safe_text(author)[:255]
    props.last_modified_by = safe_text(author)[:255]
    props.keywords = safe_text(keywords)[:255]
    props.comments = ""
    props.version = safe_text(version)[:255]
    props.content_status = safe_text(status)[:255]
    props.category = ""
    props.revision = 1
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now


def update_fields_on_open(doc) -> None:
    """Ask Word to refresh fields (the table of contents) when the file opens."""
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        el = OxmlElement("w:updateFields")
        el.set(qn("w:val"), "true")
        settings.append(el)


def to_bytes(doc) -> bytes:
    """The saved file: every table captioned, captions numbered in order, this toolkit as
    the producer and no template thumbnail."""
    from .captions import finish

    finish(doc)
    out = io.BytesIO()
    doc.save(out)
    return docx_package.clean(out.getvalue(), company=doc.core_properties.author)


# --- paragraphs and runs -----------------------------------------------------------------


def add_run(paragraph, text, bold=False, italic=False, underline=False, style=None):
    """A run of plain text; tabs and newlines become Word tabs and line breaks."""
    run = paragraph.add_run(safe_text(text), style=style)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if underline:
        run.underline = True
    return run


def add_hyperlink(paragraph, text: str, url: str, bold=False, italic=False, underline=True):
    """An external link; a URL that is not http(s)/mailto becomes plain text."""
    target = safe_url(url)
    if target is None:
        return add_run(paragraph, text, bold=bold, italic=italic, underline=underline)
    r_id = paragraph.part.relate_to(target, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    if "Hyperlink" in style_ids(paragraph.part.document).values():
        rstyle = OxmlElement("w:rStyle")
        rstyle.set(qn("w:val"), "Hyperlink")
        rpr.append(rstyle)
    else:
        color = OxmlElement("w:color")
        color.set(qn("w:val"), "1F4E79")
        rpr.append(color)
    for flag, tag in ((bold, "w:b"), (italic, "w:i")):
        if flag:
            rpr.append(OxmlElement(tag))
    if underline:
        u = OxmlElement("w:u")
        u.set(qn("w:val"), "single")
        rpr.append(u)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = safe_text(text) or target
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)
    return link


def add_paragraph(container, text="", style: str | None = None, bold=False, italic=False):
    paragraph = styled_paragraph(container, style)
    if text:
        add_run(paragraph, text, bold=bold, italic=italic)
    return paragraph


def add_labelled(container, label: str, text: str, style: str | None = None):
    """ "Label: text" with the label in bold; nothing when the text is empty."""
    text = safe_text(text).strip()
    if not text:
        return None
    paragraph = styled_paragraph(container, style)
    add_run(paragraph, f"{label}{doc_locale.colon()}", bold=True)
    add_run(paragraph, text)
    return paragraph


def add_heading(doc, text: str, level: int, numbered: bool = True):
    level = max(1, min(level, 9))
    name = f"Heading {level}"
    paragraph = styled_paragraph(doc, name)
    add_run(paragraph, text)
    if not numbered:
        ppr = paragraph._p.get_or_add_pPr()
        ppr.insert(
            0,
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'),
        )
        # pStyle must stay first in pPr
        pstyle = ppr.find(qn("w:pStyle"))
        if pstyle is not None:
            ppr.remove(pstyle)
            ppr.insert(0, pstyle)
    return paragraph


def page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# --- fields (built by us only) -----------------------------------------------------------


def _field_runs(instruction: str, cached: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r><w:t xml:space="preserve">{escape(cached)}</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _append_field(paragraph, instruction: str, cached: str) -> None:
    fragment = parse_xml(f"<w:p {nsdecls('w')}>{_field_runs(instruction, cached)}</w:p>")
    for run in list(fragment):
        paragraph._p.append(run)


def add_toc(doc, heading: str, entries: Sequence[tuple[int, str]] = (), levels: int = 3):
    """A table-of-contents field that Word refreshes on opening.

    ``entries`` (level, text) pre-fill the field's result so that viewers that do not
    recompute fields (a PDF converter) still show the outline; Word replaces them with
    the real entries and page numbers.
    """
    title = styled_paragraph(doc, "TOC Heading")
    title.paragraph_format.page_break_before = True  # whatever the template's style says
    add_run(title, heading)
    first = doc.add_paragraph()
    instruction = f'TOC \\o "1-{levels}" \\h \\z \\u'
    first._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
    first._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {escape(instruction)} '
            "</w:instrText></w:r>"
        )
    )
    first._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
    names = style_ids(doc)
    last = first
    for index, (level, text) in enumerate(e for e in entries if e[0] <= levels):
        paragraph = first if index == 0 else doc.add_paragraph()
        style = f"toc {level}"
        if style in names:
            paragraph.style = doc.styles[style]
        add_run(paragraph, text)
        last = paragraph
    last._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))
    update_fields_on_open(doc)


@dataclass
class Counters:
    """Running numbers of figures and tables, for captions."""

    counts: dict[str, int] = field(default_factory=dict)

    def next(self, kind: str) -> int:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return self.counts[kind]


def add_caption(doc, label: str, text: str, counters: Counters, kind: str = "Figure"):
    """ "Figure 3: text" in the Caption style, the number a SEQ field (cached value set)."""
    number = counters.next(kind)
    paragraph = styled_paragraph(doc, "Caption")
    if kind == "Table":  # a table's caption stays on the page of its table
        paragraph.paragraph_format.keep_with_next = True
    add_run(paragraph, f"{label} ")
    _append_field(paragraph, f"SEQ {kind} \\* ARABIC", str(number))
    add_run(paragraph, f"{doc_locale.colon()}{text}" if text else "")
    return paragraph


def png_size(png: bytes) -> tuple[int, int]:
    """Pixel width and height from a PNG header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def add_figure(
    doc,
    png: bytes,
    width_cm: float,
    caption: str,
    counters: Counters,
    label: str = "Figure",
    max_height_cm: float = 20.0,
    *,
    alt_text: str = "",
):
    """A picture centred on its own line with a caption under it, never taller than
    ``max_height_cm`` (so that it fits a page with its caption). The caption (or
    ``alt_text``) is the picture's alternative text for screen readers."""
    pixels_w, pixels_h = png_size(png)
    if pixels_w and pixels_h * width_cm / pixels_w > max_height_cm:
        width_cm = max_height_cm * pixels_w / pixels_h
    paragraph = styled_paragraph(doc, "Figure")
    paragraph.alignment = 1
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
    for doc_pr in paragraph._p.iter(qn("wp:docPr")):
        doc_pr.set("title", safe_text(caption)[:255])
        doc_pr.set("descr", safe_text(alt_text or caption)[:2000])
    return add_caption(doc, label, caption, counters, kind="Figure")


# --- headers, footers, sections ----------------------------------------------------------


def _clear(part_container) -> None:
    for paragraph in list(part_container.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    for table in list(part_container.tables):
        table._tbl.getparent().remove(table._tbl)


def _right_tab(paragraph, section) -> None:
    """One right-aligned tab stop at the right margin of ``section`` (the style's own tab
    stops are cleared: a portrait stop would put the mark mid-page on a landscape page)."""
    from docx.enum.text import WD_TAB_ALIGNMENT

    tabs = paragraph.paragraph_format.tab_stops
    ppr = paragraph._p.get_or_add_pPr()
    old = ppr.find(qn("w:tabs"))
    if old is not None:
        ppr.remove(old)
    style = paragraph.style
    while style is not None:
        for stop in style.paragraph_format.tab_stops:
            tabs.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
        style = style.base_style
    tabs.add_tab_stop(Emu(_text_width(section)), WD_TAB_ALIGNMENT.RIGHT)


def _text_width(section) -> int:
    return section.page_width - section.left_margin - section.right_margin


def set_header_footer(
    section,
    title: str,
    page_label: str,
    of_label: str = "",
    mark: str = "",
    first_page_blank: bool = False,
) -> None:
    """Header: the document title (and a mark such as DRAFT at the right margin); footer:
    "Page N of M". Sections added later with :func:`add_section` get a copy fitted to
    their own page width."""
    section.different_first_page_header_footer = first_page_blank
    header = section.header
    header.is_linked_to_previous = False
    _clear(header)
    paragraph = styled_paragraph(header, "Header", section.part.document)
    _right_tab(paragraph, section)
    add_run(paragraph, title)
    if mark:
        add_run(paragraph, f"\t{mark}", bold=True)
    footer = section.footer
    footer.is_linked_to_previous = False
    _clear(footer)
    paragraph = styled_paragraph(footer, "Footer", section.part.document)
    paragraph.alignment = 1
    add_run(paragraph, f"{page_label} ")
    _append_field(paragraph, "PAGE", "1")
    if of_label:
        add_run(paragraph, f" {of_label} ")
        _append_field(paragraph, "NUMPAGES", "1")


def _copy_running_heads(previous, section) -> None:
    """Give ``section`` its own header and footer, copied from ``previous`` with the
    right-hand tab stop moved to this section's right margin."""
    import copy

    for name in ("header", "footer"):
        source = getattr(previous, name)
        if source.is_linked_to_previous:
            continue
        target = getattr(section, name)
        target.is_linked_to_previous = False
        _clear(target)
        for element in source._element:
            target._element.append(copy.deepcopy(element))
        for paragraph in target.paragraphs:
            if "\t" in paragraph.text:
                _right_tab(paragraph, section)


def _orient(section, landscape: bool) -> None:
    width, height = section.page_width, section.page_height
    if landscape != (width > height):
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


def set_landscape(section) -> None:
    _orient(section, True)


def add_section(doc, landscape: bool):
    """Start a new page in a new section, landscape or portrait; headers carry over."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _orient(section, landscape)
    section.different_first_page_header_footer = False
    # python-docx moved the previous section's properties into the paragraph it just added
    previous = Section(doc.element.body.findall(qn("w:p"))[-1].pPr.sectPr, doc.part)
    _copy_running_heads(previous, section)
    return section


def text_width_cm(section) -> float:
    return Emu(_text_width(section)).cm


def text_height_cm(section) -> float:
    return Emu(section.page_height - section.top_margin - section.bottom_margin).cm


# --- lists -----------------------------------------------------------------------------

_BULLETS = ("\u2022", "\u2013", "\u25e6")
_LIST_NSID = {"bullet": "5A1B0C01", "decimal": "5A1B0C02"}


def _abstract_xml(abstract_id: int, kind: str) -> str:
    levels = []
    for lvl in range(9):
        indent = 567 * (lvl + 1)
        if kind == "bullet":
            fmt, text = "bullet", _BULLETS[lvl % 3]
        else:
            fmt = ("decimal", "lowerLetter", "lowerRoman")[lvl % 3]
            text = f"%{lvl + 1}."
        levels.append(
            f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val={quoteattr(text)}/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{indent}" w:hanging="357"/></w:pPr></w:lvl>'
        )
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:nsid w:val="{_LIST_NSID[kind]}"/><w:multiLevelType w:val="hybridMultilevel"/>'
        + "".join(levels)
        + "</w:abstractNum>"
    )


def _ensure_list_definitions(doc) -> None:
    numbering = doc.part.numbering_part.element
    ids = {int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))}
    nsids = {
        a.find(qn("w:nsid")).get(qn("w:val"))
        for a in numbering.findall(qn("w:abstractNum"))
        if a.find(qn("w:nsid")) is not None
    }
    next_id = max(ids, default=0) + 1
    for kind in ("bullet", "decimal"):
        if _LIST_NSID[kind] in nsids:
            continue
        element = parse_xml(_abstract_xml(next_id, kind))
        # abstractNum elements must precede every num element
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(element)
        else:
            numbering.append(element)
        next_id += 1


def _abstract_id(doc, kind: str) -> int:
    numbering = doc.part.numbering_part.element
    for abstract in numbering.findall(qn("w:abstractNum")):
        nsid = abstract.find(qn("w:nsid"))
        if nsid is not None and nsid.get(qn("w:val")) == _LIST_NSID[kind]:
            return int(abstract.get(qn("w:abstractNumId")))
    raise LookupError(kind)


def new_list(doc, ordered: bool) -> int:
    """A fresh list instance (numbered lists restart at 1); returns its numId."""
    numbering = doc.part.numbering_part.element
    abstract = _abstract_id(doc, "decimal" if ordered else "bullet")
    num_id = max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0) + 1
    overrides = (
        "".join(
            f'<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="1"/></w:lvlOverride>'
            for lvl in range(9)
        )
        if ordered
        else ""
    )
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>'
            f"{overrides}</w:num>"
        )
    )
    return num_id


def add_list_paragraph(doc, num_id: int, level: int = 0):
    """An empty list item paragraph at ``level`` of the list ``num_id``."""
    paragraph = styled_paragraph(doc, "List Paragraph")
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{max(0, min(level, 8))}"/>'
            f'<w:numId w:val="{num_id}"/></w:numPr>'
        )
    )
    return paragraph


def add_bullets(doc, items: Iterable[str]) -> None:
    num_id = None
    for item in items:
        text = safe_text(item).strip()
        if not text:
            continue
        if num_id is None:
            num_id = new_list(doc, ordered=False)
        add_run(add_list_paragraph(doc, num_id), text)


# --- tables (in docx_tables, re-exported here) -------------------------------------------

from .docx_tables import (  # noqa: E402, F401 - after the helpers docx_tables uses
    Cell,
    add_table,
    current_section,
    fitted_widths,
)


def money(value: float | None, currency: str = "") -> str:
    """A cost with the process language's grouping and no decimals ("" when unknown),
    followed by its currency code when one is given ("45 000 EUR")."""
    if value is None:
        return ""
    text = doc_locale.number(value, 0)
    return f"{text}\u00a0{currency}" if currency else text
