"""Archive import: a new process, ids remapped, members matched by e-mail, all or nothing."""

import io

from archive import loader, reader, writer
from facilitation.extensions import db
from facilitation.models import AuditEvent, Invitation, Membership, Organisation, Process, Role

from .helpers import with_json


def _import(app, data, importer=None):
    result = loader.load(reader.read(data, app.config), importer)
    db.session.commit()
    return result


def test_import_creates_a_new_process_with_every_reference_rewritten(app, rich_process, make_user):
    from drafting.export.models import ExportTemplate
    from drafting.models import Draft, DraftComment, DraftUpdate, DraftVersion

    importer = make_user(email="importer@archive.test")
    result = _import(app, writer.build(rich_process.id), importer)
    new = db.session.get(Process, result.process_id)
    assert new.id != rich_process.id and new.title == rich_process.title
    organisations = db.session.scalars(
        db.select(Organisation).where(Organisation.process_id == new.id)
    ).all()
    by_name = {o.name: o for o in organisations}
    assert by_name["Labour Inspectorate"].parent_id == by_name["Ministry of Labour"].id
    # the lead organisation: a reference from the process to one of its own rows
    assert new.lead_organisation.process_id == new.id
    assert new.lead_organisation.name == rich_process.lead_organisation.name
    draft = db.session.scalars(db.select(Draft).where(Draft.process_id == new.id)).one()
    old_draft = db.session.scalars(
        db.select(Draft).where(Draft.process_id == rich_process.id)
    ).one()
    new_log = db.session.scalars(
        db.select(DraftUpdate.data).where(DraftUpdate.draft_id == draft.id)
    ).all()
    old_log = db.session.scalars(
        db.select(DraftUpdate.data).where(DraftUpdate.draft_id == old_draft.id)
    ).all()
    # the same updates, then the one that re-points the comment mark at the new thread id
    assert new_log[: len(old_log)] == old_log and len(new_log) == len(old_log) + 1
    assert (
        db.session.scalars(db.select(DraftVersion).where(DraftVersion.draft_id == draft.id))
        .one()
        .name
        == "v0.1"
    )
    comments = db.session.scalars(
        db.select(DraftComment).where(DraftComment.draft_id == draft.id).order_by(DraftComment.id)
    ).all()
    assert (
        comments[1].parent_id == comments[0].id
        and comments[0].author.email == "writer@archive.test"
    )
    template = db.session.scalars(
        db.select(ExportTemplate).where(ExportTemplate.process_id == new.id)
    ).one()
    assert template.data == b"PK\x03\x04 not really"
    # members with an account here are members again; the importer coordinates
    roles = {
        m.user.email: m.role
        for m in db.session.scalars(db.select(Membership).where(Membership.process_id == new.id))
    }
    assert roles["owner@archive.test"] == Role.FACILITATOR
    assert roles["writer@archive.test"] == Role.MEMBER
    assert roles["importer@archive.test"] == Role.COORDINATOR
    # the original is untouched
    assert (
        db.session.scalar(
            db.select(db.func.count(Organisation.id)).where(
                Organisation.process_id == rich_process.id
            )
        )
        == 3
    )


def test_the_audit_trail_travels_and_records_the_import(app, rich_process):
    data = writer.build(rich_process.id)
    old_count = db.session.scalar(
        db.select(db.func.count(AuditEvent.id)).where(AuditEvent.process_id == rich_process.id)
    )
    result = _import(app, data)
    events = db.session.scalars(
        db.select(AuditEvent)
        .where(AuditEvent.process_id == result.process_id)
        .order_by(AuditEvent.id)
    ).all()
    assert len(events) == old_count + 1
    assert events[-1].action == "import"
    # an event about an archived row points at its new copy
    organisation_events = [e for e in events if e.object_type == "Organisation" and e.object_id]
    assert organisation_events
    for event in organisation_events:
        assert db.session.get(Organisation, event.object_id).process_id == result.process_id


def test_members_without_an_account_here_become_pending_invitations(app, rich_process):
    def stranger(users):
        for user in users:
            if user["email"] == "writer@archive.test":
                user["email"] = "Stranger@Elsewhere.test"
        return users

    data = with_json(writer.build(rich_process.id), "users.json", stranger)
    result = _import(app, data)
    assert [email for email, _token in result.invited] == ["Stranger@Elsewhere.test"]
    invitation = db.session.scalars(
        db.select(Invitation).where(Invitation.process_id == result.process_id)
    ).one()
    assert invitation.email == "stranger@elsewhere.test" and invitation.role == Role.MEMBER
    assert invitation.is_open
    members = db.session.scalars(
        db.select(Membership.user_id).where(Membership.process_id == result.process_id)
    ).all()
    assert len(members) == 1  # the owner only


def test_upload_page_imports_and_shows_the_invitation_links(app, rich_process, make_user, login_as):
    client = login_as(make_user(email="uploader@archive.test"))
    data = with_json(
        writer.build(rich_process.id),
        "users.json",
        lambda users: [{**u, "email": u["email"].replace("writer@", "new-writer@")} for u in users],
    )
    before = db.session.scalar(db.select(db.func.count(Process.id)))
    page = client.get("/archive/import")
    assert page.status_code == 200 and b'enctype="multipart/form-data"' in page.data
    response = client.post(
        "/archive/import",
        data={"archive": (io.BytesIO(data), "process.zip")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.data[:500]
    assert b"Process imported" in response.data
    assert b"new-writer@archive.test" in response.data and b"/invitation/" in response.data
    assert db.session.scalar(db.select(db.func.count(Process.id))) == before + 1


def test_upload_page_lists_the_problems_and_imports_nothing(app, rich_process, make_user, login_as):
    client = login_as(make_user())
    data = with_json(
        writer.build(rich_process.id), "manifest.json", lambda m: {**m, "format_version": 7}
    )
    before = db.session.scalar(db.select(db.func.count(Process.id)))
    response = client.post(
        "/archive/import",
        data={"archive": (io.BytesIO(data), "process.zip")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert b"nothing was imported" in response.data and b"newer version" in response.data
    assert db.session.scalar(db.select(db.func.count(Process.id))) == before
    empty = client.post("/archive/import", data={}, content_type="multipart/form-data")
    assert empty.status_code == 400 and b"Choose a process archive" in empty.data


def test_cli_imports_and_refuses(app, rich_process, tmp_path):
    good = tmp_path / "good.zip"
    good.write_bytes(writer.build(rich_process.id))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["archive", "import", str(good), "--as", "owner@archive.test"])
    assert result.exit_code == 0, result.output
    assert "Imported as process" in result.output
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip at all")
    refused = runner.invoke(args=["archive", "import", str(bad)])
    assert refused.exit_code == 1
    assert "not a zip file" in refused.output


def _comment_marks(state: bytes) -> set[str]:
    from pycrdt import Doc

    from drafting import prosemirror

    doc = Doc()
    doc.apply_update(state)
    marks = set()

    def walk(parent):
        for child in parent.children:
            if hasattr(child, "diff"):
                for _chunk, attrs in child.diff():
                    if attrs and "comment" in attrs:
                        marks.add(attrs["comment"]["commentId"])
            elif hasattr(child, "children"):
                walk(child)

    walk(prosemirror.fragment_of(doc))
    return marks


def test_comment_marks_in_drafts_point_at_the_new_comment_ids(app, rich_process):
    """Beside another process the comments get new ids: the anchors in the Yjs document
    (the live draft and its named versions) follow them."""
    from drafting import store
    from drafting.crdt import build_snapshot
    from drafting.models import Draft, DraftComment, DraftVersion

    result = _import(app, writer.build(rich_process.id))
    draft = db.session.scalars(db.select(Draft).where(Draft.process_id == result.process_id)).one()
    thread = db.session.scalars(
        db.select(DraftComment).where(
            DraftComment.draft_id == draft.id, DraftComment.parent_id.is_(None)
        )
    ).one()
    snapshot, updates = store.load(draft.id)
    assert _comment_marks(build_snapshot(snapshot, updates)) == {str(thread.id)}
    version = db.session.scalars(
        db.select(DraftVersion).where(DraftVersion.draft_id == draft.id)
    ).one()
    assert _comment_marks(version.state) == {str(thread.id)}
