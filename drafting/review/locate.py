"""Find a reviewer's passage in the co-edited document and change it there.

Works on the pycrdt document of a room, inside the room's transaction
(``rooms.change``): a comment is anchored by giving the passage the ``comment`` mark
the editor shows (``drafting/frontend/src/comment-mark.js``); an accepted suggestion
deletes and inserts text in the paragraph's ``XmlText``, so every connected editor
receives it as an ordinary update. No Flask import.
"""

from __future__ import annotations

from dataclasses import dataclass

from pycrdt import Doc, XmlElement, XmlText

from drafting import prosemirror

from . import anchors

EMBED = "\ufffc"


@dataclass
class Slot:
    """One run of text (a paragraph's or heading's ``XmlText``) and its section."""

    section: str | None
    text: XmlText
    string: str
    top_index: int | None  # index of the top-level block holding it


def _string(text: XmlText) -> str:
    return "".join(chunk if isinstance(chunk, str) else EMBED for chunk, _ in text.diff())


def _texts(element, out: list) -> None:
    for child in element.children:
        if isinstance(child, XmlText):
            out.append(child)
        elif isinstance(child, XmlElement):
            _texts(child, out)


def heading_title(element: XmlElement) -> str:
    found: list = []
    _texts(element, found)
    return "".join(_string(t) for t in found)


def slots(doc: Doc, outline: dict[str, int]) -> list[Slot]:
    fragment = prosemirror.fragment_of(doc)
    children = list(fragment.children)
    titles = [
        heading_title(c) for c in children if isinstance(c, XmlElement) and c.tag == "heading"
    ]
    keys = iter(anchors.section_keys(titles, outline))
    section = None
    result: list[Slot] = []
    for index, child in enumerate(children):
        if isinstance(child, XmlElement) and child.tag == "heading":
            section = next(keys)
        found: list = []
        if isinstance(child, XmlText):
            found.append(child)
        elif isinstance(child, XmlElement):
            _texts(child, found)
        for text in found:
            result.append(Slot(section, text, _string(text), index))
    return result


def sections_present(doc: Doc, outline: dict[str, int]) -> set[str]:
    return {s.section for s in slots(doc, outline) if s.section}


def _in_section(all_slots: list[Slot], section: str | None) -> tuple[list[Slot], bool]:
    """The slots to search and whether a hit must be unique there: the section's own
    slots; or, when its heading is gone (renamed or removed since the copy was made), the
    whole document, where only an unambiguous passage counts."""
    if section is None:
        return [], False
    own = [s for s in all_slots if s.section == section]
    return (own, False) if own else (all_slots, True)


def find_quote(all_slots: list[Slot], section: str | None, quote: str):
    """(slot, start, length) of the quote's first paragraph in the section, or None."""
    first = (quote or "").split("\n")[0].strip()
    if not first:
        return None
    candidates, unique = _in_section(all_slots, section)
    hits = [(s, s.string.find(first)) for s in candidates]
    hits = [(s, i) for s, i in hits if i >= 0]
    if not hits or (unique and (len(hits) > 1 or hits[0][0].string.count(first) > 1)):
        return None
    slot, index = hits[0]
    return slot, index, len(first)


def anchor_comment(all_slots: list[Slot], section, quote: str, comment_id: int) -> bool:
    found = find_quote(all_slots, section, quote)
    if found is None:
        return False
    slot, start, length = found
    slot.text.format(start, start + length, {"comment": {"commentId": str(comment_id)}})
    return True


def _find_change(candidates: list[Slot], before: str, old: str, after: str, unique: bool):
    """(slot, index of ``old``) using as much of the surrounding text as still matches."""
    for left, right in ((before, after), (before, ""), ("", after), ("", "")):
        needle = left + old + right
        if not needle:
            continue
        hits = [(s, s.string.find(needle)) for s in candidates]
        hits = [(s, i + len(left)) for s, i in hits if i >= 0]
        if len(hits) == 1 or (hits and (left or right) and not unique):
            return hits[0]
    return None


def can_apply(
    all_slots: list[Slot],
    section: str | None,
    *,
    before: str,
    old: str,
    after: str,
    new_paragraph: bool = False,
    **_ignored,
) -> bool:
    """Whether :func:`apply_change` would find the passage (the document is untouched)."""
    candidates, unique = _in_section(all_slots, section)
    if new_paragraph:
        return any(before and slot.string.endswith(before) for slot in candidates)
    return _find_change(candidates, before, old, after, unique) is not None


def _marks_at(text: XmlText, index: int) -> dict | None:
    """The marks of the character at ``index`` (links and comments excepted)."""
    position = 0
    for chunk, attrs in text.diff():
        size = len(chunk) if isinstance(chunk, str) else 1
        if position <= index < position + size or position + size == index:
            marks = {k: v for k, v in (attrs or {}).items() if k not in ("comment", "link")}
            return marks or None
        position += size
    return None


def apply_change(
    doc: Doc,
    all_slots: list[Slot],
    section: str | None,
    *,
    before: str,
    old: str,
    new: str,
    after: str,
    new_paragraph: bool = False,
) -> bool:
    """Apply one suggestion; False when its passage is no longer in the section."""
    candidates, unique = _in_section(all_slots, section)
    if new_paragraph:
        for slot in candidates:
            if before and slot.string.endswith(before):
                fragment = prosemirror.fragment_of(doc)
                element = fragment.children.insert(slot.top_index + 1, XmlElement("paragraph"))
                element.children.append(XmlText()).insert(0, new)
                return True
        return False
    found = _find_change(candidates, before, old, after, unique)
    if found is None:
        return False
    slot, index = found
    marks = _marks_at(slot.text, index if old else max(index - 1, 0))
    if old:
        del slot.text[index : index + len(old)]
    if new:
        slot.text.insert(index, new, marks)
    return True
