"""A draft's sections as the sign-off sees them: cut at the headings, identified stably,
hashed, and compared with the text an institution signed. No Flask import.

A section runs from a level-1 or level-2 heading to the next one (the cut the version
comparison uses). Its identity is its heading text, normalised (case, spacing, a leading
"3.1" numbering ignored), with the occurrence number when two headings read the same.
So a section keeps its identity when others are inserted, moved or renumbered around it;
a renamed heading is found again by its body text (:func:`locate`).

The signed text is the section's plain text with the outline's guidance paragraphs left
out: they never reach the exported policy, so deleting them does not unsettle a sign-off.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass

from drafting import prosemirror
from drafting.outline import is_guidance

#: Sections start at headings of this level or higher (1 = chapter, 2 = sub-chapter).
SECTION_LEVEL = 2
#: The key of the text before the first heading (a preamble), when there is one.
OPENING_KEY = "~opening"
#: How alike a renamed section's body must be to the signed one to be taken as the same.
RENAMED_SIMILARITY = 0.6

_NUMBERING = re.compile(r"^\s*(\d+(\.\d+)*\.?|[ivxlc]+\.)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    level: int
    position: int  # 1-based reading order
    body: str  # plain text after the heading
    text: str  # heading and body: what is signed
    digest: str  # sha256 of ``text``


def normalise(title: str) -> str:
    title = _NUMBERING.sub("", title or "")
    return " ".join(title.split()).casefold()[:180]


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _heading_text(block: dict) -> str:
    return "".join(run.get("text", "") for run in block.get("runs", [])).strip()


def sections_of(tree: dict) -> list[Section]:
    """The sections of a neutral tree (see :mod:`drafting.prosemirror`), in reading order."""
    parts: list[tuple[str, int, list[dict]]] = [("", 0, [])]
    for block in tree.get("blocks", []):
        if block.get("type") == "heading" and int(block.get("level", 1)) <= SECTION_LEVEL:
            parts.append((_heading_text(block), int(block.get("level", 1)), []))
        elif not is_guidance(block):
            parts[-1][2].append(block)
    sections: list[Section] = []
    seen: dict[str, int] = {}
    for index, (title, level, blocks) in enumerate(parts):
        body = prosemirror.plain_text(blocks).strip("\n")
        if index == 0:
            if not body.strip():
                continue  # nothing before the first heading
            key = OPENING_KEY
        else:
            base = normalise(title) or "~untitled"
            seen[base] = seen.get(base, 0) + 1
            key = base if seen[base] == 1 else f"{base}~{seen[base]}"
        text = f"{title}\n{body}" if index else body
        sections.append(Section(key, title, level, len(sections) + 1, body, text, digest_of(text)))
    return sections


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def locate(
    sections: list[Section], key: str, signed_text: str, known_keys: set[str]
) -> Section | None:
    """The current section a sign-off given on ``key`` applies to.

    The same key first; else (a renamed heading) the section whose key no sign-off knows
    and whose text is most like the signed one, if alike enough; else None (removed).
    """
    for section in sections:
        if section.key == key:
            return section
    signed_body = signed_text.partition("\n")[2]
    best, best_score = None, RENAMED_SIMILARITY
    for section in sections:
        if section.key in known_keys:
            continue
        score = _similarity(section.body, signed_body)
        if score >= best_score:
            best, best_score = section, score
    return best


# --- a readable difference -----------------------------------------------------------------


@dataclass
class DiffLine:
    kind: str  # "same" | "added" | "removed" | "changed"
    old: list[tuple[str, str]]  # (" " | "-", words) pieces of the old line
    new: list[tuple[str, str]]  # (" " | "+", words) pieces of the new line


def _word_pieces(old: str, new: str) -> tuple[list, list]:
    a, b = old.split(" "), new.split(" ")
    old_pieces: list[tuple[str, str]] = []
    new_pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            old_pieces.append((" ", " ".join(a[i1:i2])))
            new_pieces.append((" ", " ".join(b[j1:j2])))
            continue
        if i2 > i1:
            old_pieces.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            new_pieces.append(("+", " ".join(b[j1:j2])))
    return old_pieces, new_pieces


def difference(old_text: str, new_text: str) -> list[DiffLine]:
    """Line by line, with the changed words of a rewritten line marked."""
    old_lines, new_lines = old_text.splitlines(), new_text.splitlines()
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            lines.extend(DiffLine("same", [(" ", t)], [(" ", t)]) for t in old_lines[i1:i2])
            continue
        olds, news = old_lines[i1:i2], new_lines[j1:j2]
        paired = min(len(olds), len(news)) if op == "replace" else 0
        for old, new in zip(olds[:paired], news[:paired], strict=True):
            old_pieces, new_pieces = _word_pieces(old, new)
            lines.append(DiffLine("changed", old_pieces, new_pieces))
        lines.extend(DiffLine("removed", [("-", t)], []) for t in olds[paired:])
        lines.extend(DiffLine("added", [], [("+", t)]) for t in news[paired:])
    return lines
