"""The financing chapter of the policy document says something its table's caption does
not: the lead sentence used to repeat the caption ("The estimated cost of the action plan
by specific objective" over "Table N: Estimated cost by specific objective")."""

from __future__ import annotations

import io
import re

from docx import Document

from drafting.export import services


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _chapter(doc, title: str) -> list[str]:
    """The texts of the paragraphs of a level-1 chapter, heading excluded."""
    texts, inside = [], False
    for paragraph in doc.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style == "Heading 1":
            inside = re.sub(r"^\d+\.\s*", "", paragraph.text).strip() == title
            continue
        if inside and paragraph.text.strip():
            texts.append(paragraph.text.strip())
    return texts


def test_the_financing_lead_does_not_repeat_the_caption(full_process):
    doc = Document(io.BytesIO(services.export(full_process, "policy").data))
    texts = _chapter(doc, "Financing")
    [caption] = [t for t in texts if "Estimated cost by specific objective" in t]
    lead = texts[texts.index(caption) - 1]
    caption_words = _words(caption.split(":", 1)[1])
    assert not caption_words <= _words(lead), (lead, caption)
    # It says what the table does not: the total, and where the funding is set out.
    table = next(
        t
        for t in doc.tables
        if [c.text for c in t.rows[0].cells][:2] == ["Specific objective", "Activities"]
    )
    total = table.rows[-1].cells[-1].text
    assert table.rows[-1].cells[0].text == "Total" and total
    assert re.sub(r"\D", "", total) in re.sub(r"\D", "", lead)
    assert "annex" in lead.lower()
