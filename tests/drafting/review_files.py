"""Build "returned" review copies as a reviewer would: real Word comments written by
python-docx (>= 1.2) and tracked changes written as w:ins / w:del with lxml; and the same
file saved again by LibreOffice."""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.run import Run

AUTHOR = "Ana Reviewer"
DATE = "2026-12-01T10:00:00Z"


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraph(document, contains: str):
    for paragraph in document.paragraphs:
        if contains in paragraph.text:
            return paragraph
    raise AssertionError(f"no paragraph with {contains!r}")


def _plain_runs(paragraph):
    """The paragraph's plain runs (direct children: not inside a tracked change)."""
    return [r for r in paragraph._p.findall(qn("w:r")) if r.find(qn("w:t")) is not None]


def _cut(paragraph, offset: int) -> None:
    """Split the plain run holding ``offset`` so that a run starts there."""
    position = 0
    for run in _plain_runs(paragraph):
        t = run.find(qn("w:t"))
        text = t.text or ""
        if position < offset < position + len(text):
            head, tail = text[: offset - position], text[offset - position :]
            twin = copy.deepcopy(run)
            t.text = head
            twin.find(qn("w:t")).text = tail
            for node in (t, twin.find(qn("w:t"))):
                node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.addnext(twin)
            return
        position += len(text)


def _runs_between(paragraph, start: int, end: int):
    _cut(paragraph, start)
    _cut(paragraph, end)
    found, position = [], 0
    for run in _plain_runs(paragraph):
        text = run.find(qn("w:t")).text or ""
        if start <= position and position + len(text) <= end and text:
            found.append(run)
        position += len(text)
    return found


def _plain_text(paragraph) -> str:
    return "".join(r.find(qn("w:t")).text or "" for r in _plain_runs(paragraph))


def comment(document, contains: str, quote: str, text: str, author: str = AUTHOR):
    """A Word comment on ``quote`` inside the paragraph holding ``contains``."""
    paragraph = _paragraph(document, contains)
    start = _plain_text(paragraph).index(quote)
    runs = [Run(r, paragraph) for r in _runs_between(paragraph, start, start + len(quote))]
    return document.add_comment(runs, text=text, author=author, initials="AR")


def _change(tag: str, change_id: int):
    element = OxmlElement(tag)
    element.set(qn("w:id"), str(change_id))
    element.set(qn("w:author"), AUTHOR)
    element.set(qn("w:date"), DATE)
    return element


def track_replace(document, contains: str, old: str, new: str, change_id: int = 901):
    """A tracked replacement (deletion of ``old`` then insertion of ``new``); ``new``
    empty is a plain deletion."""
    paragraph = _paragraph(document, contains)
    start = _plain_text(paragraph).index(old)
    runs = _runs_between(paragraph, start, start + len(old))
    deletion = _change("w:del", change_id)
    runs[0].addprevious(deletion)
    for run in runs:
        t = run.find(qn("w:t"))
        t.tag = qn("w:delText")
        deletion.append(run)
    if new:
        insertion = _change("w:ins", change_id + 1)
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = new
        run.append(t)
        insertion.append(run)
        deletion.addnext(insertion)


def track_new_paragraph(document, after: str, text: str, change_id: int = 951) -> None:
    """A tracked new paragraph after the paragraph holding ``after`` (as Word writes it:
    the paragraph mark and the new text are both insertions)."""
    paragraph = _paragraph(document, after)
    new = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    rpr = OxmlElement("w:rPr")
    rpr.append(_change("w:ins", change_id))
    ppr.append(rpr)
    new.append(ppr)
    insertion = _change("w:ins", change_id + 1)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    insertion.append(run)
    new.append(insertion)
    paragraph._p.addnext(new)


def through_libreoffice(data: bytes, workdir: Path) -> bytes:
    """The file opened and saved as .docx by LibreOffice."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    src = workdir / "returned.docx"
    out = workdir / "lo"
    src.write_bytes(data)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{workdir / 'profile'}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (out / "returned.docx").read_bytes()
