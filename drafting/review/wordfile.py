"""Read a returned review copy: its comments and tracked changes, each with its section.

The file is a zip package checked by ``facilitation.uploads.check_zip`` before anything
is inflated; its XML parts are parsed with entities and network access off. Word and
LibreOffice both write comments as ``w:commentRangeStart``/``w:commentRangeEnd`` around
the passage (text in ``word/comments.xml``) and tracked changes as ``w:ins``/``w:del``
(``w:moveTo``/``w:moveFrom`` for moved text). The section of each remark is the last
section bookmark (``anchors``) before it. Offsets are counted in the *original* text
(what the group wrote: plain and deleted text, without the reviewer's insertions), which
is the text the co-edited draft holds. No Flask import.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from facilitation import uploads

from . import anchors
from .copy_docx import parse_identifier

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
DC = "http://purl.org/dc/elements/1.1/"
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_INFLATED = 200 * 1024 * 1024
MAX_PART_BYTES = 60 * 1024 * 1024
MAX_REMARKS = 2000
CONTEXT = 40


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class ReturnedFileRefused(Exception):
    """``reason``: "too-big", "not-docx", "damaged"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Comment:
    word_id: str
    author: str
    text: str
    quote: str = ""
    section: str | None = None
    parent: str | None = None  # a reply: the word id of the comment it answers


@dataclass
class Change:
    kind: str  # "insert" | "delete" | "replace"
    section: str | None
    before: str
    old: str
    new: str
    after: str
    author: str = ""
    new_paragraph: bool = False


@dataclass
class ReturnedFile:
    identifier: tuple[int, int, int | None] | None = None
    draft_ids: set[int] = field(default_factory=set)
    comments: list[Comment] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False
    )


def _part(package: zipfile.ZipFile, name: str) -> etree._Element | None:
    try:
        info = package.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise ReturnedFileRefused("too-big")
    try:
        return etree.fromstring(package.read(info), _parser())
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReturnedFileRefused("damaged") from exc


def _text(element) -> str:
    lines = []
    for p in element.iter(w("p")):
        lines.append("".join(t.text or "" for t in p.iter(w("t"))))
    return "\n".join(lines).strip()


def _comments(package) -> dict[str, Comment]:
    root = _part(package, "word/comments.xml")
    if root is None:
        return {}
    found: dict[str, Comment] = {}
    para_of: dict[str, str] = {}  # w14:paraId of a comment's last paragraph -> comment id
    for el in root.iter(w("comment")):
        word_id = el.get(w("id"), "")
        found[word_id] = Comment(word_id, (el.get(w("author")) or "").strip(), _text(el))
        paras = list(el.iter(w("p")))
        if paras:
            pid = paras[-1].get("{http://schemas.microsoft.com/office/word/2010/wordml}paraId")
            if pid:
                para_of[pid] = word_id
    extended = _part(package, "word/commentsExtended.xml")
    if extended is not None:  # Word's replies: a comment whose paragraph has a parent
        for ex in extended.iter(f"{{{W15}}}commentEx"):
            child = para_of.get(ex.get(f"{{{W15}}}paraId") or "")
            parent = para_of.get(ex.get(f"{{{W15}}}paraIdParent") or "")
            if child and parent and child != parent:
                found[child].parent = parent
    return found


class _Walker:
    """Walks the body once, in document order, collecting text, ranges and changes."""

    def __init__(self, result: ReturnedFile, comments: dict[str, Comment]):
        self.result = result
        self.comments = comments
        self.section: str | None = None
        self.full: list[str] = []  # original text of the paragraphs seen, "\n"-joined
        self.length = 0
        self.open: dict[str, tuple[int, str | None]] = {}
        self.quotes: dict[str, tuple[str | None, int, int]] = {}

    def bookmark(self, el) -> None:
        parsed = anchors.parse_bookmark(el.get(w("name"), ""))
        if parsed:
            self.result.draft_ids.add(parsed[0])
            self.section = parsed[1]

    def paragraph(self, p) -> None:
        original = []  # original text of this paragraph
        pieces: list[tuple[str, int, str, str]] = []  # (kind, offset, text, author)
        base = self.length
        for el in p.iter():
            tag = el.tag
            if tag == w("bookmarkStart"):
                self.bookmark(el)
            elif tag == w("commentRangeStart"):
                self.open[el.get(w("id"), "")] = (base + len("".join(original)), self.section)
            elif tag == w("commentRangeEnd"):
                cid = el.get(w("id"), "")
                if cid in self.open:
                    start, section = self.open.pop(cid)
                    self.quotes[cid] = (section, start, base + len("".join(original)))
            elif tag == w("commentReference"):
                cid = el.get(w("id"), "")
                if cid not in self.quotes and cid not in self.open:
                    here = base + len("".join(original))
                    self.quotes[cid] = (self.section, here, here)
            elif tag in (w("t"), w("delText")):
                text = el.text or ""
                change = _change_of(el)
                offset = len("".join(original))
                if change is None:
                    original.append(text)
                elif change[0] == "insert":
                    pieces.append(("insert", offset, text, change[1]))
                else:
                    pieces.append(("delete", offset, text, change[1]))
                    original.append(text)
            elif tag in (w("tab"),) and _change_of(el) is None:
                original.append(" ")
        text = "".join(original)
        self._changes(text, pieces)
        self.full.append(text)
        self.length += len(text) + 1

    def _changes(self, text: str, pieces) -> None:
        merged: list[list] = []  # [kind, start, end, new, author]
        for kind, offset, piece, author in pieces:
            last = merged[-1] if merged else None
            if kind == "delete":
                if last and last[0] in ("delete", "replace") and last[2] == offset and not last[3]:
                    last[2] += len(piece)
                else:
                    merged.append(["delete", offset, offset + len(piece), "", author])
            else:
                if last and last[2] == offset and last[0] in ("delete", "replace", "insert"):
                    last[0] = "insert" if last[0] == "insert" else "replace"
                    last[3] += piece
                else:
                    merged.append(["insert", offset, offset, piece, author])
        previous = self.full[-1] if self.full else ""
        for kind, start, end, new, author in merged:
            if not new and start == end:
                continue
            new_paragraph = kind == "insert" and not text
            self.result.changes.append(
                Change(
                    kind=kind,
                    section=self.section,
                    before=_left(previous if new_paragraph else text[:start]),
                    old=text[start:end],
                    new=new,
                    after=_right(text[end:]),
                    author=author,
                    new_paragraph=new_paragraph,
                )
            )

    def finish(self) -> None:
        full = "\n".join(self.full)
        for cid, comment in self.comments.items():
            section, start, end = self.quotes.get(cid, (None, 0, 0))
            comment.section = section
            comment.quote = full[start:end].strip()
            self.result.comments.append(comment)


def _left(text: str) -> str:
    """The last ``CONTEXT`` characters, starting at a word."""
    if len(text) <= CONTEXT:
        return text
    tail = text[-CONTEXT:]
    return tail[tail.find(" ") + 1 :] if " " in tail else tail


def _right(text: str) -> str:
    """The first ``CONTEXT`` characters, ending at a word."""
    if len(text) <= CONTEXT:
        return text
    head = text[:CONTEXT]
    return head[: head.rfind(" ")] if " " in head else head


def _change_of(el) -> tuple[str, str] | None:
    """("insert" | "delete", author) when the text sits in a tracked change."""
    node = el.getparent()
    while node is not None and node.tag != w("p"):
        if node.tag in (w("ins"), w("moveTo")):
            return "insert", node.get(w("author"), "")
        if node.tag in (w("del"), w("moveFrom")):
            return "delete", node.get(w("author"), "")
        node = node.getparent()
    return None


def read(data: bytes) -> ReturnedFile:
    """Parse a returned .docx; raises :class:`ReturnedFileRefused`."""
    if len(data) > MAX_FILE_BYTES:
        raise ReturnedFileRefused("too-big")
    try:
        uploads.check_zip(data, max_total=MAX_INFLATED, max_ratio=200)
    except uploads.PackageRefused as refused:
        raise ReturnedFileRefused(
            "not-docx" if refused.reason == "not-zip" else "too-big"
        ) from None
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ReturnedFileRefused("not-docx") from None
    with package:
        document = _part(package, "word/document.xml")
        if document is None:
            raise ReturnedFileRefused("not-docx")
        result = ReturnedFile()
        core = _part(package, "docProps/core.xml")
        if core is not None:
            ident = core.find(f"{{{DC}}}identifier")
            result.identifier = parse_identifier(ident.text if ident is not None else "")
        walker = _Walker(result, _comments(package))
        body = document.find(w("body"))
        if body is None:
            raise ReturnedFileRefused("damaged")
        for el in body.iter(w("p"), w("bookmarkStart")):
            if el.tag == w("bookmarkStart"):
                walker.bookmark(el)  # a bookmark between paragraphs (LibreOffice)
                continue
            if any(a.tag == w("p") for a in el.iterancestors()):
                continue  # a text box inside a paragraph: read with that paragraph
            walker.paragraph(el)
            if len(result.changes) > MAX_REMARKS:
                raise ReturnedFileRefused("too-big")
        walker.finish()
    if len(result.comments) > MAX_REMARKS:
        raise ReturnedFileRefused("too-big")
    return result
