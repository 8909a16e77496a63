"""The body of the policy document: the co-edited draft, with each cycle block rendered
from the data of the day of export. No Flask import besides flask_babel.

- Guidance paragraphs of the outline (``drafting.outline.GUIDANCE_MARK``) are left out:
  they tell the group what to write, not the reader what the policy says.
- A chapter with nothing in it once guidance is left out keeps its heading and a short
  "to be drafted" note in a draft document (the gap stays visible to reviewers, and the
  readiness page lists it); in a validated document it is left out.
- A draft whose first block is its title as the only level-1 heading (the older outline)
  has that heading dropped and the rest promoted, so chapters are numbered 1, 2, 3.
"""

from __future__ import annotations

from flask_babel import gettext as _

from drafting.outline import is_guidance

from . import docx_base as dx
from . import draft_docx, tree_figures
from .collect import CycleData
from .cycle_content import Bullets, Figure, Lead, Para, Table, content
from .policy_data import PolicyExtras


def _text(block: dict) -> str:
    return draft_docx._plain_text(block).strip()


def _is_empty(block: dict) -> bool:
    if block.get("type") in ("paragraph", "heading"):
        return not _text(block)
    return False


def _title_heading(blocks: list[dict]) -> int:
    """-1 when the first block is a title heading over the whole draft, else 0."""
    level_one = [b for b in blocks if b.get("type") == "heading" and int(b.get("level") or 1) == 1]
    first = next((b for b in blocks if not _is_empty(b)), None)
    if first is not None and len(level_one) == 1 and first is level_one[0]:
        return -1
    return 0


def prepared(tree: dict, data: CycleData, extras: PolicyExtras) -> list[tuple[dict, list | None]]:
    """(block, parts) in reading order without guidance; ``parts`` is the content of a
    cycle block (None for written text). Empty chapters are marked with ``empty``."""
    blocks = list(tree.get("blocks", ()))
    offset = _title_heading(blocks)
    items: list[tuple[dict, list | None]] = []
    for block in blocks:
        if is_guidance(block):
            continue
        if block.get("type") == "heading":
            level = int(block.get("level") or 1) + offset
            if level < 1:
                continue
            items.append(({**block, "level": level}, None))
            continue
        if _is_empty(block):
            continue
        kind = block.get("cycle_block") if block.get("type") == "table" else None
        parts = content(kind, data, extras) if kind else None
        if kind and parts is not None and not parts:
            continue  # a block with nothing to say yet
        items.append((block, parts))
    return items


def empty_headings(items: list[tuple[dict, list | None]]) -> set[int]:
    """Indexes of headings with nothing under them before the next heading of the same
    or a higher level."""
    empty = set()
    for index, (block, _parts) in enumerate(items):
        if block.get("type") != "heading":
            continue
        level = int(block["level"])
        has_content = False
        for later, _p in items[index + 1 :]:
            if later.get("type") == "heading":
                if int(later["level"]) <= level:
                    break
                continue
            has_content = True
            break
        if not has_content:
            empty.add(index)
    return empty


def render(
    doc,
    tree: dict,
    data: CycleData,
    extras: PolicyExtras,
    counters: dx.Counters,
    width: float,
    *,
    heading_offset: int = 0,
    numbered: bool = True,
    figure_height_cm: float | None = None,
) -> None:
    """``heading_offset`` and ``numbered`` place the draft under a heading of the host
    document (the action plan's unnumbered "in brief" chapter); ``figure_height_cm``
    keeps trees within a shorter (landscape) page."""
    items = prepared(tree, data, extras)
    empty = empty_headings(items)
    for index, (block, parts) in enumerate(items):
        if block.get("type") == "heading":
            if index in empty and not data.is_draft:
                continue
            draft_docx._heading(doc, block, heading_offset, numbered=numbered)
            if index in empty:
                dx.add_paragraph(doc, _("[This chapter is still to be drafted.]"), italic=True)
        elif parts is not None:
            render_parts(doc, parts, data, counters, width, figure_height_cm)
        else:
            draft_docx._block(doc, block, 0)


def _cell(value) -> object:
    text = str(value or "")
    if text.startswith("**"):
        return dx.Cell(text[2:], bold=True, shade="DCE6F2")
    return text


def render_parts(
    doc,
    parts: list,
    data: CycleData,
    counters: dx.Counters,
    width: float,
    figure_height_cm: float | None = None,
) -> None:
    for part in parts:
        if isinstance(part, Para):
            if part.label:
                dx.add_labelled(doc, part.label, part.text)
            else:
                dx.add_paragraph(doc, part.text, italic=part.italic)
        elif isinstance(part, Lead):
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.keep_with_next = True
            dx.add_run(paragraph, part.text, bold=True)
        elif isinstance(part, Bullets):
            dx.add_bullets(doc, part.items)
        elif isinstance(part, Table):
            if part.caption:
                dx.add_caption(doc, _("Table"), part.caption, counters, kind="Table")
            fractions = part.fractions or [1 / len(part.header)] * len(part.header)
            dx.add_table(
                doc,
                part.header,
                [[_cell(c) for c in row] for row in part.rows],
                [width * f for f in fractions],
            )
        elif isinstance(part, Figure):
            _figure(doc, part, data, counters, width, figure_height_cm)


def _quoted(text: str, limit: int = 60) -> str:
    """A branch head in a caption: quoted and shortened."""
    text = " ".join((text or "").split())
    return "\u201c" + (text if len(text) <= limit else text[: limit - 1] + "\u2026") + "\u201d"


def _figure(
    doc,
    part: Figure,
    data: CycleData,
    counters: dx.Counters,
    width: float,
    height_cm: float | None = None,
) -> None:
    """The tree drawn top-down at print size, split into several figures when large;
    each caption says which part of the tree it shows."""
    from policycycle.models import NodeKind, ObjectiveLevel

    if part.name == "problem_tree":
        labels = {k.value: k.label for k in NodeKind}
        for tree in tree_figures.problem_tree_parts(
            data.problem_nodes, labels, width / 2.54, height_cm and height_cm / 2.54
        ):
            if tree.head:
                caption = _("Problem tree, continued: causes of %(head)s", head=_quoted(tree.head))
            elif tree.continued:
                caption = _("Problem tree, continued: further causes of the focal problem")
            else:
                caption = part.caption
            dx.add_figure(doc, tree.png, tree.width_cm, caption, counters, label=_("Figure"))
        return
    nodes = [
        (o.id, o.parent_id, str(o.level), f"{code} {o.title}".strip())
        for code, o, _ind in data.objectives
    ]
    labels = {k.value: k.label for k in ObjectiveLevel}
    for tree in tree_figures.objectives_tree_parts(
        nodes, labels, width / 2.54, height_cm and height_cm / 2.54
    ):
        caption = (
            _("Objectives tree, continued: under %(head)s", head=_quoted(tree.head))
            if tree.continued
            else part.caption
        )
        dx.add_figure(doc, tree.png, tree.width_cm, caption, counters, label=_("Figure"))
