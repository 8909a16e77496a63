"""Convert between a draft's Yjs document and a simple, neutral tree.

Tiptap (through y-prosemirror) stores the document in ``doc.get("default",
type=XmlFragment)``: elements named after ProseMirror nodes (``heading``, ``paragraph``,
``bulletList``, ``orderedList``, ``listItem``, ``table``, ``tableRow``, ``tableHeader``,
``tableCell``, ``blockquote``, ``codeBlock``, ``horizontalRule``, ``hardBreak``) and
``XmlText`` runs whose attributes are the marks (``{"bold": {}}``, ``{"link": {"href":
...}}``).

The neutral tree is plain data (dicts, lists, strings), used by the Word export, version
comparison, restore, and the cycle blocks::

    tree   = {"type": "doc", "blocks": [block, ...]}
    block  = {"type": "heading", "level": 1..6, "runs": [run, ...]}
           | {"type": "paragraph", "runs": [run, ...]}
           | {"type": "list", "ordered": bool, "start": int,
              "items": [[block, ...], ...]}           # an item holds paragraphs and
                                                      # nested lists
           | {"type": "table", "rows": [[cell, ...], ...], "cycle_block"?: str}
           | {"type": "quote", "blocks": [block, ...]}
           | {"type": "code", "text": str}
           | {"type": "rule"}
    cell   = {"header": bool, "colspan": int, "rowspan": int, "blocks": [block, ...]}
    run    = {"text": str, "bold": bool, "italic": bool, "underline": bool,
              "strike": bool, "code": bool, "link": str | None}

A line break inside a paragraph is a run whose text is ``"\\n"``. Unknown nodes are
walked for their text so nothing typed is silently dropped. This module does not import
Flask.
"""

from __future__ import annotations

from typing import Any

from pycrdt import Doc, XmlElement, XmlFragment, XmlText

FIELD = "default"
MARKS = ("bold", "italic", "underline", "strike", "code")
_LIST_TAGS = {"bulletList": False, "orderedList": True}


def fragment_of(doc: Doc) -> XmlFragment:
    return doc.get(FIELD, type=XmlFragment)


def _int(value: Any, default: int) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return default


def _runs_of_text(text: XmlText) -> list[dict]:
    runs = []
    for chunk, attrs in text.diff():
        if not isinstance(chunk, str):
            continue
        attrs = attrs or {}
        link = attrs.get("link")
        runs.append(
            {
                "text": chunk,
                **{mark: mark in attrs for mark in MARKS},
                "link": link.get("href") if isinstance(link, dict) else None,
            }
        )
    return runs


def _inline_runs(element: XmlElement) -> list[dict]:
    runs: list[dict] = []
    for child in element.children:
        if isinstance(child, XmlText):
            runs.extend(_runs_of_text(child))
        elif isinstance(child, XmlElement):
            if child.tag == "hardBreak":
                runs.append(plain_run("\n"))
            else:
                runs.extend(_inline_runs(child))
    return runs


def plain_run(text: str, **marks: Any) -> dict:
    run = {"text": text, **{mark: bool(marks.get(mark)) for mark in MARKS}}
    run["link"] = marks.get("link")
    return run


def _blocks(parent) -> list[dict]:
    blocks: list[dict] = []
    for child in parent.children:
        if isinstance(child, XmlText):
            runs = _runs_of_text(child)
            if runs:
                blocks.append({"type": "paragraph", "runs": runs})
        elif isinstance(child, XmlElement):
            blocks.extend(_block(child))
    return blocks


def _block(element: XmlElement) -> list[dict]:
    tag = element.tag
    attrs = dict(element.attributes)
    if tag == "heading":
        level = min(max(_int(attrs.get("level"), 1), 1), 6)
        return [{"type": "heading", "level": level, "runs": _inline_runs(element)}]
    if tag == "paragraph":
        return [{"type": "paragraph", "runs": _inline_runs(element)}]
    if tag in _LIST_TAGS:
        items = [_blocks(item) for item in element.children if isinstance(item, XmlElement)]
        return [
            {
                "type": "list",
                "ordered": _LIST_TAGS[tag],
                "start": _int(attrs.get("start"), 1),
                "items": items,
            }
        ]
    if tag == "table":
        rows = []
        for row in element.children:
            if not isinstance(row, XmlElement):
                continue
            cells = []
            for cell in row.children:
                if not isinstance(cell, XmlElement):
                    continue
                cell_attrs = dict(cell.attributes)
                cells.append(
                    {
                        "header": cell.tag == "tableHeader",
                        "colspan": max(_int(cell_attrs.get("colspan"), 1), 1),
                        "rowspan": max(_int(cell_attrs.get("rowspan"), 1), 1),
                        "blocks": _blocks(cell),
                    }
                )
            rows.append(cells)
        table = {"type": "table", "rows": rows}
        if attrs.get("cycleBlock"):
            table["cycle_block"] = str(attrs["cycleBlock"])
        return [table]
    if tag == "blockquote":
        return [{"type": "quote", "blocks": _blocks(element)}]
    if tag == "codeBlock":
        return [{"type": "code", "text": "".join(r["text"] for r in _inline_runs(element))}]
    if tag == "horizontalRule":
        return [{"type": "rule"}]
    # Unknown container: keep its content.
    inner = _blocks(element)
    if inner:
        return inner
    runs = _inline_runs(element)
    return [{"type": "paragraph", "runs": runs}] if runs else []


def to_tree(doc: Doc) -> dict:
    """Walk the draft's XML fragment into the neutral tree."""
    return {"type": "doc", "blocks": _blocks(fragment_of(doc))}


def tree_from_update(update: bytes) -> dict:
    doc = Doc()
    if update:
        doc.apply_update(update)
    return to_tree(doc)


# --- building Yjs content from the tree -------------------------------------------------


def _marks_of(run: dict) -> dict:
    marks: dict[str, Any] = {mark: {} for mark in MARKS if run.get(mark)}
    if run.get("link"):
        marks["link"] = {"href": run["link"]}
    if run.get("comment"):  # the anchor of a comment thread (see DraftComment)
        marks["comment"] = {"commentId": str(run["comment"])}
    return marks


def _fill_inline(element: XmlElement, runs: list[dict]) -> None:
    """Append runs to an integrated element (XmlText needs a document to format)."""
    text: XmlText | None = None
    for run in runs:
        if run["text"] == "\n":
            element.children.append(XmlElement("hardBreak"))
            text = None
            continue
        if not run["text"]:
            continue
        if text is None:
            text = element.children.append(XmlText())
        text.insert(len(text), run["text"], _marks_of(run) or None)


def _append_block(parent, block: dict, index: int | None = None) -> None:
    """Build ``block`` under ``parent`` (at ``index``, or at the end)."""
    children = parent.children

    def add(element: XmlElement) -> XmlElement:
        if index is None:
            return children.append(element)
        return children.insert(index, element)

    kind = block["type"]
    if kind in ("heading", "paragraph"):
        attrs = {"level": int(block.get("level", 1))} if kind == "heading" else {}
        element = add(XmlElement(kind, attrs))
        _fill_inline(element, block.get("runs", []))
    elif kind == "list":
        tag = "orderedList" if block.get("ordered") else "bulletList"
        attrs = {"start": int(block.get("start", 1))} if block.get("ordered") else {}
        element = add(XmlElement(tag, attrs))
        for item in block.get("items", []):
            item_element = element.children.append(XmlElement("listItem"))
            for inner in item or [{"type": "paragraph", "runs": []}]:
                _append_block(item_element, inner)
    elif kind == "table":
        attrs = {"cycleBlock": block["cycle_block"]} if block.get("cycle_block") else {}
        table = add(XmlElement("table", attrs))
        for row in block.get("rows", []):
            row_element = table.children.append(XmlElement("tableRow"))
            for cell in row:
                tag = "tableHeader" if cell.get("header") else "tableCell"
                attrs = {
                    "colspan": int(cell.get("colspan", 1)),
                    "rowspan": int(cell.get("rowspan", 1)),
                }
                cell_element = row_element.children.append(XmlElement(tag, attrs))
                for inner in cell.get("blocks") or [{"type": "paragraph", "runs": []}]:
                    _append_block(cell_element, inner)
    elif kind == "quote":
        element = add(XmlElement("blockquote"))
        for inner in block.get("blocks", []):
            _append_block(element, inner)
    elif kind == "code":
        element = add(XmlElement("codeBlock"))
        _fill_inline(element, [plain_run(block.get("text", ""))])
    elif kind == "rule":
        add(XmlElement("horizontalRule"))


def append_blocks(parent, blocks: list[dict]) -> None:
    for block in blocks:
        _append_block(parent, block)


def insert_block(fragment: XmlFragment, index: int, block: dict) -> None:
    _append_block(fragment, block, index)


def find_cycle_block(fragment: XmlFragment, kind: str) -> int | None:
    """Index of the top-level table inserted as cycle block ``kind``, if any."""
    for index, child in enumerate(fragment.children):
        is_table = isinstance(child, XmlElement) and child.tag == "table"
        if is_table and child.attributes.get("cycleBlock") == kind:
            return index
    return None


def replace_all(doc: Doc, blocks: list[dict]) -> None:
    """Make the document's content equal to ``blocks`` in one transaction."""
    fragment = fragment_of(doc)
    with doc.transaction():
        while len(fragment.children):
            del fragment.children[0]
        append_blocks(fragment, blocks)


def plain_text(blocks: list[dict]) -> str:
    """The text of blocks, one line per paragraph, for comparisons and search."""
    lines: list[str] = []
    for block in blocks:
        kind = block["type"]
        if kind in ("heading", "paragraph"):
            lines.append("".join(run["text"] for run in block.get("runs", [])))
        elif kind == "list":
            for item in block["items"]:
                for line in plain_text(item).splitlines() or [""]:
                    lines.append(f"- {line}")
        elif kind == "table":
            for row in block["rows"]:
                lines.append(" | ".join(plain_text(c["blocks"]).replace("\n", " ") for c in row))
        elif kind == "quote":
            lines.extend(plain_text(block["blocks"]).splitlines())
        elif kind == "code":
            lines.extend(block["text"].splitlines())
    return "\n".join(lines)
