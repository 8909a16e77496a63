"""Drafting pages and services through the Flask test client (rooms run in-process)."""

from __future__ import annotations

import re

import pytest

from drafting import prosemirror, rooms, services
from drafting.models import Draft, DraftExport, DraftVersion
from facilitation.models import Role


@pytest.fixture
def setup(app, make_process, member, login_as):
    process = make_process()
    writer = member(process, Role.MEMBER)
    client = login_as(writer)
    return process, writer, client


def _create(client, process, title="National Migration Policy", outline="Introduction\nObjectives"):
    response = client.post(
        f"/p/{process.id}/drafts/new",
        data={"title": title, "kind": "policy", "outline": outline},
    )
    assert response.status_code == 302, response.data
    return Draft.query.filter_by(process_id=process.id, title=title).one()


def _text(process, draft) -> str:
    tree = prosemirror.tree_from_update(rooms.current_state(process.id, draft.id))
    return prosemirror.plain_text(tree["blocks"])


def test_create_draft_and_open_editor(setup, db):
    process, writer, client = setup
    draft = _create(client, process)
    assert [s.title for s in draft.sections] == ["Introduction", "Objectives"]
    page = client.get(f"/p/{process.id}/drafts/{draft.id}").get_data(as_text=True)
    assert "data-draft-editor" in page and f'data-draft-id="{draft.id}"' in page
    assert "/static/drafting-assets/drafting/editor.js" in page
    bundle = client.get("/static/drafting-assets/drafting/editor.js")
    assert bundle.status_code == 200
    bundle.close()
    # The outline is seeded once, on the server, as headings.
    assert _text(process, draft).split("\n") == [
        "National Migration Policy",
        "Introduction",
        "",
        "Objectives",
        "",
    ]
    listing = client.get(f"/p/{process.id}/drafts/").get_data(as_text=True)
    assert "National Migration Policy" in listing


def test_bad_input_is_refused_with_a_message(setup):
    process, writer, client = setup
    response = client.post(f"/p/{process.id}/drafts/new", data={"title": "  ", "kind": "policy"})
    assert response.status_code == 400
    assert "Give the draft a title." in response.get_data(as_text=True)
    draft = _create(client, process)
    response = client.post(
        f"/p/{process.id}/drafts/{draft.id}/outline",
        data={
            "title": "Annex",
            "status": "agreed",
            "organisation_id": "0",
            "drafter_id": "999",
            "reviewer_id": "0",
        },
    )
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)
    assert [s.title for s in draft.sections] == ["Introduction", "Objectives"]  # nothing saved
    from facilitation.validation import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:  # the service checks membership too
        services.save_section(
            process.id,
            draft,
            None,
            title="Annex",
            organisation_id=None,
            drafter_id=99999,
            reviewer_id=None,
            status="drafting",
        )
    assert "drafter_id" in refused.value.errors


def test_section_assignment(setup, db):
    process, writer, client = setup
    draft = _create(client, process)
    section = draft.sections[0]
    response = client.post(
        f"/p/{process.id}/drafts/{draft.id}/sections/{section.id}",
        data={
            "title": "Introduction",
            "status": "in_review",
            "organisation_id": "0",
            "drafter_id": str(writer.id),
            "reviewer_id": "0",
        },
    )
    assert response.status_code == 302
    db.session.refresh(section)
    assert section.drafter_id == writer.id and section.status.value == "in_review"


def test_versions_compare_and_restore(setup, db):
    process, writer, client = setup
    draft = _create(client, process)
    response = client.post(f"/p/{process.id}/drafts/{draft.id}/versions", data={"name": "v0.1"})
    assert response.status_code == 302
    v1 = DraftVersion.query.filter_by(draft_id=draft.id, name="v0.1").one()

    def write(doc):
        fragment = prosemirror.fragment_of(doc)
        prosemirror.insert_block(
            fragment, 2, {"type": "paragraph", "runs": [prosemirror.plain_run("New sentence.")]}
        )

    rooms.change(process.id, draft.id, write)
    assert "New sentence." in _text(process, draft)

    page = client.get(
        f"/p/{process.id}/drafts/{draft.id}/compare?old={v1.id}&new=current"
    ).get_data(as_text=True)
    assert "<ins>New sentence.</ins>" in page
    assert "Changed" in page and "Unchanged" in page

    view = client.get(f"/p/{process.id}/drafts/{draft.id}/versions/{v1.id}")
    assert "<h2>Introduction</h2>" in view.get_data(as_text=True)

    response = client.post(f"/p/{process.id}/drafts/{draft.id}/versions/{v1.id}/restore")
    assert response.status_code == 302
    assert "New sentence." not in _text(process, draft)
    names = [v.name for v in DraftVersion.query.filter_by(draft_id=draft.id)]
    assert "v0.1" in names
    assert any(n.startswith("Before restoring") for n in names)  # nothing is lost
    before = next(
        v
        for v in DraftVersion.query.filter_by(draft_id=draft.id)
        if v.name.startswith("Before restoring")
    )
    assert "New sentence." in prosemirror.plain_text(services.version_tree(before)["blocks"])


def test_comments_threads_and_escaping(setup):
    process, writer, client = setup
    draft = _create(client, process)
    response = client.post(
        f"/p/{process.id}/drafts/{draft.id}/comments",
        json={"body": "<script>alert(1)</script> source?", "quote": "one household in five"},
    )
    assert response.status_code == 201
    comment_id = response.get_json()["id"]
    assert (
        client.post(f"/p/{process.id}/drafts/{draft.id}/comments", json={"body": " "}).status_code
        == 400
    )
    client.post(
        f"/p/{process.id}/drafts/{draft.id}/comments/{comment_id}/reply",
        data={"body": "The labour force survey."},
    )
    html = client.get(f"/p/{process.id}/drafts/{draft.id}/comments").get_data(as_text=True)
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert "The labour force survey." in html
    client.post(
        f"/p/{process.id}/drafts/{draft.id}/comments/{comment_id}/resolve",
        headers={"HX-Request": "true"},
    )
    html = client.get(f"/p/{process.id}/drafts/{draft.id}/comments").get_data(as_text=True)
    assert "Resolved" in html and "Reopen" in html


def test_version_html_is_sanitised(setup, db):
    process, writer, client = setup
    draft = _create(client, process)

    def write(doc):
        prosemirror.append_blocks(
            prosemirror.fragment_of(doc),
            [
                {
                    "type": "paragraph",
                    "runs": [
                        prosemirror.plain_run("<img src=x onerror=alert(1)>"),
                        prosemirror.plain_run("click", link="javascript:alert(1)"),
                    ],
                }
            ],
        )

    rooms.change(process.id, draft.id, write)
    version = services.create_version(process.id, draft, "v-xss", "", writer)
    db.session.commit()
    html = client.get(f"/p/{process.id}/drafts/{draft.id}/versions/{version.id}").get_data(
        as_text=True
    )
    assert "<img" not in html and "&lt;img" in html
    assert "javascript:" not in html


def test_cycle_block_is_inserted_then_refreshed(setup, db):
    from policycycle.models import Quadrant, SwotItem

    process, writer, client = setup
    draft = _create(client, process)
    db.session.add(
        SwotItem(
            process_id=process.id,
            quadrant=Quadrant.STRENGTH,
            statement="Active diaspora associations",
        )
    )
    db.session.commit()
    url = f"/p/{process.id}/drafts/{draft.id}/blocks"
    assert client.post(url, data={"kind": "swot"}).status_code == 302
    db.session.add(
        SwotItem(
            process_id=process.id,
            quadrant=Quadrant.THREAT,
            statement="Brain drain of health workers",
        )
    )
    db.session.commit()
    assert client.post(url, data={"kind": "swot"}).status_code == 302
    tree = prosemirror.tree_from_update(rooms.current_state(process.id, draft.id))
    tables = [b for b in tree["blocks"] if b["type"] == "table"]
    assert len(tables) == 1 and tables[0]["cycle_block"] == "swot"
    text = prosemirror.plain_text(tables)
    assert "Active diaspora associations" in text and "Brain drain of health workers" in text
    assert client.post(url, data={"kind": "nonsense"}).status_code == 302  # refused, flashed


def test_export_hand_off_records_the_version(setup, db):
    process, writer, client = setup
    draft = _create(client, process)
    tree, info = services.export_tree(process.id, draft.id)
    assert tree["blocks"][0]["type"] == "heading"
    assert info["version_id"] is None and re.fullmatch(r"[0-9a-f]{64}", info["state_sha256"])
    export = services.record_export(process.id, info, writer)
    db.session.commit()
    assert export.version_id is not None
    assert DraftExport.query.filter_by(draft_id=draft.id).count() == 1
    tree_again, info_again = services.export_tree(process.id, draft.id, export.version_id)
    assert tree_again == tree and info_again["state_sha256"] == info["state_sha256"]
    with pytest.raises(LookupError):
        services.export_tree(process.id + 1, draft.id)


def test_demo_draft(app, db):
    from ..demo_process import import_demo_process

    process = import_demo_process(app).process
    draft = Draft.query.filter_by(process_id=process.id, kind="policy").one()
    from drafting.outline import flat

    assert len(draft.sections) == len(flat())  # the national-policy outline
    doc_text = _text(process, draft)
    assert "Alignment with international frameworks" in doc_text and "Kestria" in doc_text
    # The demo comment is anchored to its passage by a comment mark.
    from pycrdt import Doc

    doc = Doc()
    doc.apply_update(rooms.current_state(process.id, draft.id))
    assert 'comment="' in str(prosemirror.fragment_of(doc)) or "<comment" in str(
        prosemirror.fragment_of(doc)
    )


def test_readiness_findings(app, db, make_process):
    from drafting.readiness import drafting_rule

    from ..demo_process import import_demo_process

    process = make_process()
    with app.test_request_context():
        assert [f.endpoint for f in drafting_rule(process.id)] == ["drafting.index"]
        demo = import_demo_process(app).process
        findings = drafting_rule(demo.id)
    # every chapter of the demo has content: only the sections' agreement is open
    assert len(findings) == 1 and findings[0].endpoint == "drafting.outline"
    assert "15 sections are not agreed yet" in findings[0].message


def test_readiness_page_lists_the_drafting_finding(setup):
    process, writer, client = setup
    page = client.get(f"/p/{process.id}/readiness").get_data(as_text=True)
    assert "There is no policy draft yet" in page


def test_updates_after_a_compaction_survive_a_reload(app, db, make_process):
    """Compaction empties the log; the next update must still be loaded after it."""
    from pycrdt import Text

    from drafting import store
    from drafting.crdt import Room

    process = make_process()
    draft = services.create_draft(process.id, None, "Policy", "policy", [])
    db.session.commit()
    room = rooms.get_room(process.id, draft.id)
    saver = rooms.saver(process.id, draft.id)
    for word in ("one ", "two "):
        room.local_change(lambda doc, w=word: doc.get("plain", type=Text).insert(0, w), saver)
    rooms.maybe_compact(room, force=True)
    room.local_change(lambda doc: doc.get("plain", type=Text).insert(0, "three "), saver)
    snapshot, updates = store.load(draft.id)
    assert snapshot is not None and len(updates) == 1
    reloaded = Room("reloaded")
    reloaded.load(snapshot, updates)
    assert str(reloaded.doc.get("plain", type=Text)) == "three two one "


def test_a_new_section_gets_its_heading_in_the_text(setup):
    process, writer, client = setup
    draft = _create(client, process)
    response = client.post(
        f"/p/{process.id}/drafts/{draft.id}/outline",
        data={
            "title": "Annex: definitions",
            "status": "drafting",
            "organisation_id": "0",
            "drafter_id": "0",
            "reviewer_id": "0",
        },
    )
    assert response.status_code == 302
    tree = prosemirror.tree_from_update(rooms.current_state(process.id, draft.id))
    headings = [b for b in tree["blocks"] if b["type"] == "heading"]
    assert headings[-1]["runs"][0]["text"] == "Annex: definitions"
    assert [h["runs"][0]["text"] for h in headings].count("Annex: definitions") == 1
