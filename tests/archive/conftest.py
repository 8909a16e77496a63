"""A small process touching the awkward parts of an archive: a tree of organisations, the
lead organisation (a reference back from ``process``), a co-edited draft with its Yjs log,
a version and a comment thread, an uploaded template, members, and the audit trail."""

from __future__ import annotations

import pytest
from pycrdt import Doc

from facilitation.extensions import db
from facilitation.models import Organisation, Role


@pytest.fixture
def rich_process(app, make_user, make_process, member):
    from drafting import prosemirror
    from drafting.export.models import ExportTemplate
    from drafting.models import Draft, DraftComment, DraftUpdate, DraftVersion

    owner = make_user(email="owner@archive.test", name="Olga Owner")
    process = make_process(owner=owner)
    writer = member(process, Role.MEMBER, user=make_user(email="writer@archive.test"))
    parent = Organisation(process_id=process.id, name="Ministry of Labour")
    db.session.add(parent)
    db.session.flush()
    db.session.add(
        Organisation(process_id=process.id, name="Labour Inspectorate", parent_id=parent.id)
    )
    draft = Draft(process_id=process.id, title="Policy draft", created_by_id=owner.id)
    db.session.add(draft)
    db.session.flush()
    thread = DraftComment(
        process_id=process.id, draft_id=draft.id, author_id=writer.id, body="Why?"
    )
    db.session.add(thread)
    db.session.flush()
    db.session.add(
        DraftComment(process_id=process.id, draft_id=draft.id, parent_id=thread.id, body="Because.")
    )
    # The passage the thread is about carries a comment mark naming the thread's id.
    doc = Doc()
    prosemirror.append_blocks(
        prosemirror.fragment_of(doc),
        [
            {"type": "paragraph", "runs": [prosemirror.plain_run("Kestria welcomes ")]},
            {
                "type": "paragraph",
                "runs": [{"text": "its diaspora.", "comment": thread.id}],
            },
        ],
    )
    state = doc.get_update()
    db.session.add(DraftUpdate(process_id=process.id, draft_id=draft.id, data=state))
    db.session.add(DraftVersion(process_id=process.id, draft_id=draft.id, name="v0.1", state=state))
    db.session.add(
        ExportTemplate(
            process_id=process.id,
            filename="ministry.docx",
            data=b"PK\x03\x04 not really",
            uploaded_by_id=owner.id,
        )
    )
    db.session.commit()
    return process
