"""Builds ``templates/docx/reference.docx``, the default look of every Word export.

Run ``python -m drafting.export.reference_template`` to regenerate it (the committed file
is this script's output). The look is a government paper: A4, serif body text, sans-serif
numbered headings in dark blue, a light table style whose header row repeats, discreet
captions, running header and page-numbered footer. A ministry's own template replaces it
per process; any style named here that the ministry's file lacks is taken from this one.
"""

from __future__ import annotations

import sys

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from . import docx_package
from .docx_base import REFERENCE_TEMPLATE

BODY_FONT = "Times New Roman"
HEAD_FONT = "Arial"
NAVY = RGBColor(0x1F, 0x38, 0x64)
GREY = RGBColor(0x59, 0x59, 0x59)
RULE = "8EAADB"
HEADER_FILL = "DCE6F2"
HEADING_NSID = "5A1B0C10"


def _font(style, name, size, bold=None, italic=None, color=None):
    font = style.font
    font.name = name
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)
    # A theme font on the same style wins over the named one in Word: drop it.
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if color is not None:
        font.color.rgb = color


def _paragraph_style(doc, name, base="Normal"):
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
    style.hidden = False
    style.quick_style = True
    return style


def _spacing(style, before=0, after=6, line=None, keep_next=False):
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if line:
        fmt.line_spacing = line
    fmt.keep_with_next = keep_next


def _heading_numbering(doc) -> None:
    numbering = doc.part.numbering_part.element
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(ids, default=0) + 1
    levels = ""
    texts = ("%1.", "%1.%2", "%1.%2.%3")
    for lvl, text in enumerate(texts):
        levels += (
            f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            f'<w:pStyle w:val="Heading{lvl + 1}"/><w:lvlText w:val="{text}"/>'
            '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr>'
            "<w:rPr></w:rPr></w:lvl>"
        )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:nsid w:val="{HEADING_NSID}"/><w:multiLevelType w:val="multilevel"/>'
        f"{levels}</w:abstractNum>"
    )
    numbering.find(qn("w:num")).addprevious(abstract)
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    num_id = max(num_ids, default=0) + 1
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            "</w:num>"
        )
    )
    for lvl in range(3):
        style = doc.styles[f"Heading {lvl + 1}"]
        ppr = style.element.get_or_add_pPr()
        old = ppr.find(qn("w:numPr"))
        if old is not None:
            ppr.remove(old)
        ppr.insert(
            0,
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{lvl}"/><w:numId w:val="{num_id}"/>'
                "</w:numPr>"
            ),
        )
        # the number sits in front of the text, separated by a tab at 1.25 cm
        style.paragraph_format.tab_stops.add_tab_stop(Cm(1.25))


def _table_style(doc) -> None:
    border = f'w:val="single" w:sz="4" w:space="0" w:color="{RULE}"'
    xml = (
        f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="PolicyTable">'
        '<w:name w:val="Policy Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        '<w:qFormat/><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        "</w:pPr>"
        f'<w:rPr><w:rFonts w:ascii="{HEAD_FONT}" w:hAnsi="{HEAD_FONT}" w:cs="{HEAD_FONT}"/>'
        '<w:sz w:val="17"/></w:rPr>'
        "<w:tblPr><w:tblBorders>"
        f"<w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/>"
        f"<w:insideH {border}/><w:insideV {border}/></w:tblBorders>"
        '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr>"
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="1F3864"/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr>'
        "</w:tblStylePr></w:style>"
    )
    doc.styles.element.append(parse_xml(xml))


def _toc_styles(doc, text_width_cm: float) -> None:
    for level in (1, 2, 3):
        style = _paragraph_style(doc, f"toc {level}")
        _font(style, BODY_FONT, 11, bold=(level == 1))
        # Single-spaced and tight: the demo policy's 37 entries ran two lines onto a page
        # of their own (6 pt before each chapter, 1.15 lines); now they fit one A4 page.
        _spacing(style, before=3 if level == 1 else 0, after=1, line=1.0)
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.tab_stops.add_tab_stop(
            Cm(text_width_cm), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )


def build(path: str = REFERENCE_TEMPLATE) -> None:
    doc = Document()
    for paragraph in list(doc.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.3)
    section.header_distance = section.footer_distance = Cm(1.2)
    text_width = 21.0 - 5.0

    styles = doc.styles
    normal = styles["Normal"]
    _font(normal, BODY_FONT, 11, color=RGBColor(0x1A, 0x1A, 0x1A))
    _spacing(normal, after=6, line=1.15)

    title = _paragraph_style(doc, "Title")
    _font(title, HEAD_FONT, 26, bold=True, color=NAVY)
    _spacing(title, before=0, after=12)
    title.element.get_or_add_pPr()
    tppr = title.element.pPr
    old = tppr.find(qn("w:pBdr"))
    if old is not None:
        tppr.remove(old)
    subtitle = _paragraph_style(doc, "Subtitle")
    _font(subtitle, HEAD_FONT, 14, italic=False, color=GREY)
    _spacing(subtitle, after=24)

    sizes = {1: 16, 2: 13, 3: 11.5}
    for level, size in sizes.items():
        style = _paragraph_style(doc, f"Heading {level}")
        _font(style, HEAD_FONT, size, bold=True, italic=(level == 3), color=NAVY)
        _spacing(style, before=18 if level == 1 else 12, after=6, keep_next=True)
        style.paragraph_format.page_break_before = level == 1
        style.paragraph_format.left_indent = Cm(0)
    _heading_numbering(doc)

    caption = _paragraph_style(doc, "Caption")
    _font(caption, HEAD_FONT, 9, bold=False, italic=True, color=GREY)
    _spacing(caption, before=4, after=12)

    figure = _paragraph_style(doc, "Figure")
    _spacing(figure, before=6, after=2, keep_next=True)
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    table_text = _paragraph_style(doc, "Table Text")
    _font(table_text, HEAD_FONT, 8.5)
    _spacing(table_text, before=0, after=0, line=1.0)
    table_head = _paragraph_style(doc, "Table Heading", base="Table Text")
    _font(table_head, HEAD_FONT, 8.5, bold=True, color=NAVY)
    table_head.paragraph_format.keep_with_next = True
    _table_style(doc)

    for name in ("Header", "Footer"):
        style = _paragraph_style(doc, name)
        _font(style, HEAD_FONT, 8.5, color=GREY)
        _spacing(style, after=0)
        tabs = style.element.get_or_add_pPr().find(qn("w:tabs"))
        if tabs is not None:
            tabs.getparent().remove(tabs)
        style.paragraph_format.tab_stops.add_tab_stop(Cm(text_width), WD_TAB_ALIGNMENT.RIGHT)

    toc_heading = _paragraph_style(doc, "TOC Heading")
    toc_heading.base_style = styles["Normal"]
    toc_heading.paragraph_format.page_break_before = True
    _font(toc_heading, HEAD_FONT, 16, bold=True, color=NAVY)
    _spacing(toc_heading, before=0, after=12)
    _toc_styles(doc, text_width)

    meta = _paragraph_style(doc, "Cover Meta")
    _font(meta, HEAD_FONT, 12, color=GREY)
    _spacing(meta, after=4)
    mark = _paragraph_style(doc, "Draft Mark")
    _font(mark, HEAD_FONT, 20, bold=True, color=RGBColor(0xC0, 0x00, 0x00))
    _spacing(mark, before=36, after=12)

    listp = _paragraph_style(doc, "List Paragraph")
    _spacing(listp, after=3)
    try:
        styles["Hyperlink"]
    except KeyError:
        link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
        link.font.underline = True

    _body_font_defaults(doc)
    doc.core_properties.title = "Reference template"
    doc.core_properties.author = "Policy-cycle toolkit"
    doc.core_properties.comments = ""
    doc.save(path)
    # Our producer in docProps/app.xml, and no thumbnail of an empty page.
    with open(path, "rb") as handle:
        data = docx_package.clean(handle.read())
    with open(path, "wb") as handle:
        handle.write(data)


def _body_font_defaults(doc) -> None:
    """Document defaults name the body font (not the theme's): table styles and
    character styles that inherit from them print in the template's fonts too."""
    rpr = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = rpr.find(qn("w:rFonts"))
    fonts.attrib.clear()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), BODY_FONT)


if __name__ == "__main__":
    build(sys.argv[1] if len(sys.argv) > 1 else REFERENCE_TEMPLATE)
