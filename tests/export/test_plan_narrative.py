"""The stand-alone action plan renders its co-edited narrative as the policy document
renders its draft: cycle blocks drawn from the day's data (figures, not the editor's
placeholder), empty chapters marked, headings unnumbered under the plan's own chapter,
and one caption per table."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn

from drafting import blocks, prosemirror, rooms
from drafting import services as drafting_services
from drafting.export import services
from facilitation.extensions import db


def _narrative_with_blocks(process) -> None:
    draft = drafting_services.create_draft(
        process.id, process.owner, "Action plan narrative", "action_plan", []
    )
    db.session.commit()
    content = [
        {"type": "heading", "level": 2, "runs": [prosemirror.plain_run("Objectives")]},
        blocks.block(process.id, "objectives"),
        {"type": "heading", "level": 2, "runs": [prosemirror.plain_run("Financing")]},
        {"type": "paragraph", "runs": []},
    ]
    rooms.change(
        process.id,
        draft.id,
        lambda doc: prosemirror.append_blocks(prosemirror.fragment_of(doc), content),
    )
    db.session.commit()


def _captions_in_a_row(doc) -> int:
    """Caption paragraphs directly followed by another caption: a table captioned twice."""
    paragraphs = doc.paragraphs
    return sum(
        1
        for a, b in zip(paragraphs, paragraphs[1:], strict=False)
        if a.style.name == "Caption" and b.style.name == "Caption" and a._p.getnext() is b._p
    )


def _numbered(paragraph) -> bool:
    num = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    return num is None or num.get(qn("w:val")) != "0"


def test_the_narrative_blocks_are_drawn_from_the_data(full_process):
    _narrative_with_blocks(full_process)
    doc = Document(io.BytesIO(services.export(full_process, "action-plan").data))
    text = "\n".join(p.text for p in doc.paragraphs)

    assert "Figure in the Word document" not in text  # the editor's stand-in
    figure_captions = [
        p.text for p in doc.paragraphs if p.style.name == "Caption" and "Objectives tree" in p.text
    ]
    assert figure_captions  # the objectives tree, drawn
    assert len(doc.inline_shapes) >= 2  # the tree(s) and the Gantt chart

    headings = [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    names = [p.text for p in headings]
    # The draft's title heading: the plan's own chapter names it.
    assert "Action plan narrative" not in names
    brief = names.index("The action plan in brief")
    assert names[brief + 1 : brief + 3] == ["Objectives", "Financing"]
    assert all(p.style.name == "Heading 2" for p in headings[brief + 1 : brief + 3])
    assert not any(_numbered(p) for p in headings[brief : brief + 3])
    # A draft plan keeps its empty chapter visible, marked.
    assert "[This chapter is still to be drafted.]" in text


def test_each_table_of_the_plan_has_one_caption(full_process):
    doc = Document(io.BytesIO(services.export(full_process, "action-plan").data))
    assert _captions_in_a_row(doc) == 0
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert any(c.endswith("Action plan by specific objective") for c in captions)
    assert not any(c.endswith("Activities by specific objective") for c in captions)
