"""The co-edited draft converted faithfully, and the version it came from recorded."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn

from drafting import prosemirror, rooms
from drafting import services as drafting_services
from drafting.export import services
from drafting.models import DraftExport, DraftVersion
from facilitation.extensions import db
from facilitation.models import AuditEvent


def _run(text, **marks):
    return prosemirror.plain_run(text, **marks)


BLOCKS = [
    {"type": "heading", "level": 2, "runs": [_run("Scope of the policy")]},
    {
        "type": "paragraph",
        "runs": [
            _run("It covers "),
            _run("labour", bold=True),
            _run(" and "),
            _run("family", italic=True),
            _run(" migration, "),
            _run("all", underline=True),
            _run(" of it, see "),
            _run("the law", link="https://example.org/law"),
            _run("."),
        ],
    },
    {
        "type": "list",
        "ordered": True,
        "start": 1,
        "items": [
            [
                {"type": "paragraph", "runs": [_run("First measure")]},
                {
                    "type": "list",
                    "ordered": False,
                    "start": 1,
                    "items": [[{"type": "paragraph", "runs": [_run("Nested point")]}]],
                },
            ],
            [{"type": "paragraph", "runs": [_run("Second measure")]}],
        ],
    },
    {
        "type": "table",
        "rows": [
            [
                {
                    "header": True,
                    "colspan": 1,
                    "rowspan": 1,
                    "blocks": [{"type": "paragraph", "runs": [_run("Body")]}],
                },
                {
                    "header": True,
                    "colspan": 1,
                    "rowspan": 1,
                    "blocks": [{"type": "paragraph", "runs": [_run("Role")]}],
                },
            ],
            [
                {
                    "header": False,
                    "colspan": 1,
                    "rowspan": 1,
                    "blocks": [{"type": "paragraph", "runs": [_run("MoI")]}],
                },
                {
                    "header": False,
                    "colspan": 1,
                    "rowspan": 1,
                    "blocks": [{"type": "paragraph", "runs": [_run("Lead")]}],
                },
            ],
        ],
    },
]


def _draft(process):
    draft = drafting_services.create_draft(
        process.id, process.owner, "National policy text", "policy", ["Introduction"]
    )
    db.session.commit()
    rooms.change(
        process.id,
        draft.id,
        lambda doc: prosemirror.append_blocks(prosemirror.fragment_of(doc), BLOCKS),
    )
    db.session.commit()
    return draft


def test_draft_is_converted_with_its_formatting(full_process):
    _draft(full_process)
    doc = Document(io.BytesIO(services.export(full_process, "policy", full_process.owner).data))
    headings = [
        (p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")
    ]
    # the draft's title heading is on the title page; its chapters become chapters
    assert ("Heading 1", "National policy text") not in headings
    start = headings.index(("Heading 1", "Introduction"))
    assert headings[start + 1] == ("Heading 1", "Scope of the policy")
    paragraph = next(p for p in doc.paragraphs if p.text.startswith("It covers"))
    runs = {r.text: r for r in paragraph.runs}
    assert runs["labour"].bold and runs["family"].italic and runs["all"].underline
    assert "the law" in paragraph.text
    links = paragraph._p.findall(qn("w:hyperlink"))
    assert len(links) == 1
    assert paragraph.part.rels[links[0].get(qn("r:id"))].target_ref == "https://example.org/law"
    items = [
        p for p in doc.paragraphs if p.text in ("First measure", "Nested point", "Second measure")
    ]
    levels = [int(p._p.pPr.numPr.ilvl.val) for p in items]
    assert levels == [0, 1, 0]
    assert items[0]._p.pPr.numPr.numId.val == items[2]._p.pPr.numPr.numId.val
    assert items[1]._p.pPr.numPr.numId.val != items[0]._p.pPr.numPr.numId.val
    table = next(t for t in doc.tables if t.cell(0, 0).text == "Body")
    assert [[c.text for c in r.cells] for r in table.rows] == [["Body", "Role"], ["MoI", "Lead"]]


def test_export_records_the_draft_state_and_a_version_only_when_asked(full_process):
    draft = _draft(full_process)
    steps = []
    services.export(
        full_process, "policy", full_process.owner, progress=lambda p, step: steps.append(step)
    )
    db.session.commit()
    # The progress the job page shows, in order; nothing added to the draft's history.
    assert steps == ["collect", "draft", "figures", "build", "save"]
    assert db.session.scalar(db.select(db.func.count()).select_from(DraftVersion)) == 0
    export = db.session.scalar(db.select(DraftExport))
    assert export.draft_id == draft.id and export.version_id is None
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "export"))
    assert event.changes["draft_id"] == draft.id and len(event.changes["state_sha256"]) == 64

    services.export(full_process, "policy", full_process.owner, record_version=True)
    db.session.commit()
    version = db.session.scalar(db.select(DraftVersion))
    assert version.draft_id == draft.id and version.name == "Exported (DOCX)"
    latest = db.session.scalars(db.select(DraftExport).order_by(DraftExport.id)).all()[-1]
    assert latest.version_id == version.id
