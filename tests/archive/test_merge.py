"""Merge back (issue 16 point 3): a laptop copy and a server copy of one process, both
changed after the archive was taken, merged into the server's process.

One database plays both installations: the site's installation id is switched while the
"laptop" imports, works and exports (so the laptop's rows have origins of their own), and
switched back before the merge."""

from __future__ import annotations

import pytest
from pycrdt import Doc
from sqlalchemy import select, update

from archive import loader, merge, merge_apply, reader, writer
from archive.models import SiteInstallation
from facilitation.extensions import db
from facilitation.models import AuditEvent, Organisation, User

from .helpers import files_of, json_of, rezip, with_json

SERVER, LAPTOP = "server-installation", "laptop-installation"


def _be(installation: str) -> None:
    from archive import lineage

    lineage.installation_id()  # made if a test database was emptied rather than rebuilt
    db.session.execute(update(SiteInstallation).values(installation_id=installation))
    db.session.commit()


def _org(process_id: int, name: str) -> Organisation | None:
    return db.session.scalar(
        select(Organisation).where(Organisation.process_id == process_id, Organisation.name == name)
    )


def _draft_doc(draft_id: int) -> Doc:
    from drafting.models import DraftSnapshot, DraftUpdate

    doc = Doc()
    snapshot = db.session.scalar(
        select(DraftSnapshot.data).where(DraftSnapshot.draft_id == draft_id)
    )
    if snapshot:
        doc.apply_update(snapshot)
    for data in db.session.scalars(
        select(DraftUpdate.data).where(DraftUpdate.draft_id == draft_id).order_by(DraftUpdate.id)
    ):
        doc.apply_update(data)
    return doc


def _paragraph(text: str):
    from drafting import prosemirror

    def edit(doc):
        prosemirror.append_blocks(
            prosemirror.fragment_of(doc),
            [{"type": "paragraph", "runs": [prosemirror.plain_run(text)]}],
        )

    return edit


def _text(doc: Doc) -> str:
    from drafting import prosemirror

    return str(prosemirror.fragment_of(doc))


def _comment_ids(doc: Doc) -> set[int]:
    from archive import comment_marks
    from drafting import prosemirror

    texts: list = []
    comment_marks._texts(prosemirror.fragment_of(doc), texts)
    return {
        int(attrs["comment"]["commentId"])
        for text in texts
        for _chunk, attrs in text.diff()
        if attrs and isinstance(attrs.get("comment"), dict)
    }


def _draft_of(process_id: int):
    from drafting.models import Draft

    return db.session.scalars(select(Draft).where(Draft.process_id == process_id)).one()


@pytest.fixture
def story(app, rich_process, make_user):
    """The server's process exported, imported on the "laptop", both changed since."""
    from drafting import rooms
    from drafting.models import DraftComment, DraftUpdate

    server = rich_process
    for name in ("Old Agency", "Server Gone", "Statistics Office"):
        db.session.add(Organisation(process_id=server.id, name=name))
    db.session.commit()
    _be(SERVER)
    taken = writer.build(server.id)
    db.session.commit()

    # On the laptop: imported (new ids), then a week of offline work.
    _be(LAPTOP)
    owner = db.session.scalar(select(User).where(User.email == "owner@archive.test"))
    laptop_id = loader.load(reader.read(taken, app.config), owner).process_id
    db.session.commit()
    _org(laptop_id, "Labour Inspectorate").acronym = "LI-laptop"  # laptop only
    _org(laptop_id, "Ministry of Labour").mandate = "Laptop mandate"  # both: conflict
    db.session.delete(_org(laptop_id, "Old Agency"))  # deleted on the laptop
    department = Organisation(process_id=laptop_id, name="Diaspora Department")
    db.session.add(department)
    db.session.flush()
    # new rows referring to each other
    db.session.add(
        Organisation(process_id=laptop_id, name="Diaspora Desk", parent_id=department.id)
    )
    laptop_draft = _draft_of(laptop_id)
    db.session.add(
        DraftComment(process_id=laptop_id, draft_id=laptop_draft.id, body="Laptop question")
    )
    db.session.commit()
    doc = _draft_doc(laptop_draft.id)
    before = doc.get_state()
    _paragraph("Typed on the laptop.")(doc)
    db.session.add(
        DraftUpdate(process_id=laptop_id, draft_id=laptop_draft.id, data=doc.get_update(before))
    )
    db.session.commit()
    back = writer.build(laptop_id)
    db.session.commit()

    # Meanwhile on the server.
    _be(SERVER)
    _org(server.id, "Ministry of Labour").mandate = "Server mandate"  # both: conflict
    _org(server.id, "Statistics Office").acronym = "STAT"  # server only
    db.session.delete(_org(server.id, "Server Gone"))  # deleted on the server
    db.session.commit()
    server_draft = _draft_of(server.id)
    rooms.change(server.id, server_draft.id, _paragraph("Typed on the server."))
    db.session.commit()
    return {"server": server, "laptop_id": laptop_id, "archive": back}


def test_import_keeps_where_the_process_came_from(app, story):
    lineage = json_of(story["archive"], "lineage.json")
    assert lineage["installation"] == LAPTOP
    assert lineage["source"]["installation"] == SERVER
    assert lineage["source"]["process_id"] == story["server"].id
    # every imported row names the server row it stems from, with its base
    origins = lineage["origins"]["organisation"]
    labour = _org(story["server"].id, "Labour Inspectorate")
    laptop_labour = _org(story["laptop_id"], "Labour Inspectorate")
    assert origins[str(laptop_labour.id)] == f"{SERVER}:{labour.id}"
    new = _org(story["laptop_id"], "Diaspora Desk")
    assert origins[str(new.id)] == f"{LAPTOP}:{new.id}"  # the laptop's new rows
    assert lineage["base"]["organisation"]
    assert [d["origin"].startswith(SERVER) for d in lineage["deleted"]["organisation"]] == [True]
    # the laptop's Yjs history is the server's, kept byte for byte (same client ids)
    from drafting.models import DraftUpdate

    def log(process_id):
        draft = _draft_of(process_id)
        return db.session.scalars(
            select(DraftUpdate.data)
            .where(DraftUpdate.draft_id == draft.id)
            .order_by(DraftUpdate.id)
        ).all()

    server_log, laptop_log = log(story["server"].id), log(story["laptop_id"])
    assert laptop_log[:1] == server_log[:1]


def test_preview_lists_one_side_changes_new_rows_deletions_and_the_conflict(app, story):
    plan = merge.plan(reader.read(story["archive"], app.config), story["server"].id)
    counts = plan.counts()["organisation"]
    assert counts == {"applied": 1, "new": 2, "deleted": 1, "conflicts": 1}
    (conflict,) = plan.conflicts
    assert conflict.kind == merge.CHANGED and conflict.label == "Ministry of Labour"
    assert conflict.fields == ["mandate"]
    # a dry run writes nothing
    assert _org(story["server"].id, "Labour Inspectorate").acronym == ""


@pytest.mark.parametrize("take", ["laptop", "server"])
def test_merge_applies_both_sides_and_settles_the_conflict(app, story, take):
    from drafting import rooms

    server = story["server"]
    archive = reader.read(story["archive"], app.config)
    result = merge_apply.apply(archive, server.id, take=take)
    db.session.commit()
    merge_apply.push_to_rooms(server.id, result.pushes)
    db.session.expire_all()
    # changed on one side only: the laptop's change applied, the server's kept
    assert _org(server.id, "Labour Inspectorate").acronym == "LI-laptop"
    assert _org(server.id, "Statistics Office").acronym == "STAT"
    # changed on both: the coordinator's choice
    expected = "Laptop mandate" if take == "laptop" else "Server mandate"
    assert _org(server.id, "Ministry of Labour").mandate == expected
    # new on the laptop, with the reference between the new rows resolved
    desk = _org(server.id, "Diaspora Desk")
    assert desk is not None and desk.parent_id == _org(server.id, "Diaspora Department").id
    # deleted on one side, unchanged on the other: gone
    assert _org(server.id, "Old Agency") is None
    assert _org(server.id, "Server Gone") is None
    # the draft: text typed on both sides is there, in the database and the open room
    draft = _draft_of(server.id)
    for text in (_text(_draft_doc(draft.id)), _text(rooms.get_room(server.id, draft.id).doc)):
        assert "Typed on the laptop." in text and "Typed on the server." in text
        assert "Kestria welcomes" in text
    # the comment mark still names the server's thread, and the laptop's new thread came
    from drafting.models import DraftComment

    bodies = set(
        db.session.scalars(select(DraftComment.body).where(DraftComment.draft_id == draft.id))
    )
    assert {"Why?", "Because.", "Laptop question"} <= bodies
    thread = db.session.scalar(
        select(DraftComment.id).where(
            DraftComment.body == "Why?", DraftComment.draft_id == draft.id
        )
    )
    assert _comment_ids(_draft_doc(draft.id)) == {thread}
    # the audit trail: the laptop's events appended, and the merge recorded
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.process_id == server.id).order_by(AuditEvent.id)
    ).all()
    assert any(e.action == "import" for e in events)  # the laptop's own history
    merged = [e for e in events if e.action == "merge"]
    assert len(merged) == 1
    assert merged[0].params["conflicts"] == 1 and merged[0].params["new"] >= 2
    assert merged[0].changes["choices"][0]["kept"] == take
    assert merged[0].changes["choices"][0]["label"] == "Ministry of Labour"


def test_a_conflict_without_a_choice_refuses_and_changes_nothing(app, story):
    server = story["server"]
    with pytest.raises(reader.ArchiveRefused) as refused:
        merge_apply.apply(reader.read(story["archive"], app.config), server.id)
    db.session.rollback()
    assert "both sides" in refused.value.problems[0]
    assert _org(server.id, "Labour Inspectorate").acronym == ""


def test_choices_are_taken_row_by_row(app, story):
    server = story["server"]
    archive = reader.read(story["archive"], app.config)
    (conflict,) = merge.plan(archive, server.id).conflicts
    merge_apply.apply(archive, server.id, choices={conflict.key: "laptop"})
    db.session.commit()
    assert _org(server.id, "Ministry of Labour").mandate == "Laptop mandate"


def _counts():
    return {
        name: db.session.scalar(db.select(db.func.count()).select_from(table))
        for name, table in db.metadata.tables.items()
    }


def test_an_unrelated_archive_is_refused(app, story, make_process):
    other = make_process(title="Another process")
    archive = reader.read(story["archive"], app.config)
    before = _counts()
    with pytest.raises(reader.ArchiveRefused) as refused:
        merge_apply.apply(archive, other.id, take="laptop")
    db.session.rollback()
    assert "not taken from this process" in refused.value.problems[0]
    # the server's own archive, merged into itself, is refused too
    own = reader.read(writer.build(story["server"].id), app.config)
    with pytest.raises(reader.ArchiveRefused) as refused:
        merge_apply.apply(own, story["server"].id, take="laptop")
    db.session.rollback()
    assert "this very process" in refused.value.problems[0]
    # an archive from before lineage existed (format 1)
    files = files_of(story["archive"])
    del files["lineage.json"]
    old = reader.read(rezip(files), app.config)
    with pytest.raises(reader.ArchiveRefused) as refused:
        merge_apply.apply(old, story["server"].id, take="laptop")
    db.session.rollback()
    assert "does not say where it came from" in refused.value.problems[0]
    assert _counts() == before


def test_a_database_rule_broken_midway_leaves_nothing_half_applied(app, story):
    """Two new organisations of the same name: the second insert breaks the unique
    rule after the first rows went in; everything is rolled back."""

    def duplicate(rows):
        desk = next(r for r in rows if r["name"] == "Diaspora Desk")
        return rows + [{**desk, "id": 99999}]

    server = story["server"]
    data = with_json(story["archive"], "tables/organisation.json", duplicate)
    before = _counts()
    with pytest.raises(reader.ArchiveRefused) as refused:
        merge_apply.apply(reader.read(data, app.config), server.id, take="laptop")
    db.session.rollback()
    assert "rule of the database" in refused.value.problems[0]
    assert _counts() == before
    assert _org(server.id, "Labour Inspectorate").acronym == ""


def test_a_hostile_merge_archive_is_refused(app, story):
    data = with_json(
        story["archive"],
        "tables/organisation.json",
        lambda rows: [{**rows[0], "parent_id": 123456}] + rows[1:],
    )
    before = _counts()
    with pytest.raises(reader.ArchiveRefused) as refused:
        merge_apply.apply(reader.read(data, app.config), story["server"].id, take="laptop")
    db.session.rollback()
    assert any("missing" in p for p in refused.value.problems)
    assert _counts() == before


def test_a_malformed_lineage_is_refused(app, story):
    data = with_json(
        story["archive"], "lineage.json", lambda v: {**v, "deleted": {"x": [{"origin": []}]}}
    )
    with pytest.raises(reader.ArchiveRefused) as refused:
        merge.plan(reader.read(data, app.config), story["server"].id)
    assert "lineage.json" in refused.value.problems[0]


def test_cli_previews_and_merges(app, story, tmp_path):
    from facilitation.cli import cli

    path = tmp_path / "laptop.zip"
    path.write_bytes(story["archive"])
    runner = app.test_cli_runner()
    server_id = str(story["server"].id)
    dry = runner.invoke(cli, ["archive", "merge", str(path), "--process", server_id, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Organisation: 1 / 2 / 1 / 1" in dry.output
    assert "Ministry of Labour" in dry.output
    assert _org(story["server"].id, "Labour Inspectorate").acronym == ""
    refused = runner.invoke(cli, ["archive", "merge", str(path), "--process", server_id])
    assert refused.exit_code == 1 and "--take" in refused.output
    done = runner.invoke(
        cli, ["archive", "merge", str(path), "--process", server_id, "--take", "server"]
    )
    assert done.exit_code == 0, done.output
    db.session.expire_all()
    assert _org(story["server"].id, "Labour Inspectorate").acronym == "LI-laptop"
    assert _org(story["server"].id, "Ministry of Labour").mandate == "Server mandate"


def test_page_flow_upload_preview_job_choose_and_merge(
    app, story, member, make_user, login_as, client
):
    import io

    from facilitation.jobs import runner
    from facilitation.jobs.models import Job
    from facilitation.models import Role

    server = story["server"]
    pid = server.id
    coordinator = member(server, Role.COORDINATOR, user=make_user(email="coord@archive.test"))
    coordinator_id = coordinator.id
    login_as(coordinator)
    page = client.get(f"/p/{pid}/archive/")
    assert f"/p/{pid}/archive/merge/".encode() in page.data
    assert client.get(f"/p/{pid}/archive/merge/").status_code == 200
    # no file: a field-level message
    empty = client.post(f"/p/{pid}/archive/merge/", data={})
    assert empty.status_code == 400 and b"Choose the archive" in empty.data
    sent = client.post(
        f"/p/{pid}/archive/merge/",
        data={"archive": (io.BytesIO(story["archive"]), "laptop.zip")},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302
    job_id = db.session.scalars(db.select(Job.id).where(Job.kind == "archive-merge")).one()
    waiting = client.get(sent.headers["Location"])
    assert b"<progress" in waiting.data and b"Merge</button>" not in waiting.data
    runner.run(job_id)  # what the worker does
    shown = client.get(sent.headers["Location"])
    assert shown.status_code == 200
    text = shown.data.decode()
    assert "Ministry of Labour" in text and 'name="choice-0"' in text
    assert _org(pid, "Labour Inspectorate").acronym == ""  # a preview changes nothing
    # no choice made: refused, nothing changed
    unchosen = client.post(f"/p/{pid}/archive/merge/{job_id}/apply", data={})
    assert unchosen.status_code == 400 and b"Choose which version" in unchosen.data
    done = client.post(f"/p/{pid}/archive/merge/{job_id}/apply", data={"choice-0": "laptop"})
    assert done.status_code == 302
    # The merge itself is the job's second step: nothing changes before the worker runs it,
    # and the page shows its progress instead of the form.
    merging = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "<progress" in merging and "Merge</button>" not in merging
    db.session.expire_all()
    assert _org(pid, "Labour Inspectorate").acronym == ""
    runner.run(job_id)
    db.session.expire_all()
    assert _org(pid, "Ministry of Labour").mandate == "Laptop mandate"
    assert _org(pid, "Labour Inspectorate").acronym == "LI-laptop"
    merged = db.session.scalars(
        select(AuditEvent).where(AuditEvent.process_id == pid, AuditEvent.action == "merge")
    ).one()
    assert merged.user_id == coordinator_id
    after = client.get(done.headers["Location"])
    assert b"Merged." in after.data
    # applied once only
    again = client.post(f"/p/{pid}/archive/merge/{job_id}/apply", data={"choice-0": "laptop"})
    assert again.status_code == 400
    # a member cannot reach the page
    login_as(member(db.session.get(type(server), pid), Role.MEMBER, user=make_user()))
    assert client.get(f"/p/{pid}/archive/merge/").status_code == 403


def test_a_cli_merge_reaches_a_room_open_in_a_web_process_without_redis(app, story, tmp_path):
    """The command runs in a process of its own: no room of the web process is open there
    and, without Redis, nothing it publishes reaches one. It records a finished merge job,
    and the web process's follow-up (``jobs.follow_up``) brings the merged text into the
    open room."""
    from datetime import timedelta

    from archive import merge_jobs
    from drafting import rooms
    from facilitation.cli import cli
    from facilitation.jobs.follow_up import FollowUp
    from facilitation.jobs.models import DONE, Job
    from facilitation.mixins import utcnow

    server = story["server"]
    draft = _draft_of(server.id)
    room = rooms.get_room(server.id, draft.id)  # someone is editing in the web process
    watcher = FollowUp(utcnow() - timedelta(seconds=1))
    path = tmp_path / "laptop.zip"
    path.write_bytes(story["archive"])
    with pytest.MonkeyPatch.context() as elsewhere:
        elsewhere.setattr(rooms.registry(), "peek", lambda key: None)  # the CLI's process
        done = app.test_cli_runner().invoke(
            cli, ["archive", "merge", str(path), "--process", str(server.id), "--take", "server"]
        )
    assert done.exit_code == 0, done.output
    assert "Typed on the laptop." not in _text(room.doc)  # the room has not heard

    job = db.session.scalar(
        select(Job).where(Job.process_id == server.id, Job.kind == merge_jobs.KIND)
    )
    assert job.status == DONE and job.params["merged_drafts"] == [draft.id]
    assert watcher.run_once() == 1
    assert "Typed on the laptop." in _text(room.doc)
    assert "Typed on the server." in _text(room.doc)
