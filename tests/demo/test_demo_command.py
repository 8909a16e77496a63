"""`policycycle demo` imports the shipped demo archive: accounts with the demo password,
the process with its story, and every date moved so the story reads the same any day."""

import json
from datetime import UTC, date, datetime, timedelta

from demo import data
from demo import loader as demo
from facilitation.cli import cli
from facilitation.models import AuditEvent, Membership, Milestone, Organisation, Process, User


def test_demo_loads_a_realistic_process_once(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(cli, ["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "coordinator@demo.example" in result.output and demo.DEMO_PASSWORD in result.output
    process = db.session.execute(db.select(Process)).scalar_one()
    orgs = (
        db.session.execute(db.select(Organisation).where(Organisation.process_id == process.id))
        .scalars()
        .all()
    )
    core = [o for o in orgs if o.in_core_group and o.parent_id is None]
    assert len(core) >= 8
    assert any(o.parent_id for o in orgs)  # institutions with departments
    assert db.session.scalar(db.select(db.func.count(Membership.id))) == 8
    expert = db.session.scalar(db.select(User).where(User.email == "expert@demo.example"))
    assert expert.is_admin and expert.check_password(demo.DEMO_PASSWORD)
    # The demo's audit trail is its story: no "imported from an archive" line.
    actions = db.session.scalars(
        db.select(AuditEvent.action).where(AuditEvent.process_id == process.id)
    ).all()
    assert "import" not in actions and "agree" in actions

    again = runner.invoke(cli, ["demo", "--if-empty"])
    assert again.exit_code == 0 and "already has data" in again.output
    assert db.session.scalar(db.select(db.func.count(Process.id))) == 1


def test_demo_dates_move_with_the_day_it_is_loaded(app, db):
    folder = data.folder("en")
    manifest = json.loads((folder / "manifest.json").read_text())
    shipped = json.loads((folder / "tables" / "milestone.json").read_text())
    exported_at = datetime.fromisoformat(manifest["exported_at"])

    process_id = demo.import_demo(app, "en", now=exported_at + timedelta(days=100))
    db.session.commit()

    due = {
        m.title: m.due_date
        for m in db.session.scalars(db.select(Milestone).where(Milestone.process_id == process_id))
    }
    for row in shipped:
        expected = date.fromisoformat(row["due_date"]) + timedelta(days=100)
        assert due[row["title"]] == expected
    # Times move too: the process was created 100 days after the archive says.
    process = db.session.get(Process, process_id)
    created = datetime.fromisoformat(
        json.loads((folder / "tables" / "process.json").read_text())[0]["created_at"]
    )
    assert process.created_at.replace(tzinfo=None) == created + timedelta(days=100)


def test_the_shipped_archive_zips_back_to_a_readable_archive(app):
    from archive import reader

    archive = reader.read(data.archive_bytes("en"), app.config)
    assert archive.manifest["process"]["language"] == "en"
    assert len(archive.tables["organisation"]) >= 12


def test_the_demo_loads_beside_accounts_that_already_exist(app, db, make_user):
    """On a site with accounts of its own the demo people get other ids; the importer
    rewrites ``user:<id>`` keys one row at a time, and a row must never collide with one
    not rewritten yet (option scores are unique per option, criterion and scorer)."""
    make_user(email="someone@site.example")
    make_user(email="another@site.example")
    result = app.test_cli_runner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    process = db.session.execute(db.select(Process)).scalars().all()[-1]
    assert process.title.startswith("National Migration and Citizenship Policy")


def test_demo_times_are_never_ahead_of_the_clock(app, db):
    """Loaded early in the morning after an afternoon export, a whole-day shift stamped the
    demo's rows hours ahead of the clock: "updated in 11 hours", and a change made right
    after loading looked older than the demo's own rows (the network's cache missed a
    rename). Times move by the exact time since the export; dates by whole days."""
    from policycycle.models import Action

    folder = data.folder("en")
    manifest = json.loads((folder / "manifest.json").read_text())
    exported_at = datetime.fromisoformat(manifest["exported_at"])
    # 02:00 tomorrow: later than every row the importer itself stamps with the clock, and
    # earlier in the day than the archive's afternoon export.
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    now = datetime.combine(tomorrow, datetime.min.time()) + timedelta(hours=2)
    assert exported_at.time() > now.time()

    process_id = demo.import_demo(app, "en", now=now)
    db.session.commit()

    stamps = [
        *db.session.scalars(
            db.select(Organisation.updated_at).where(Organisation.process_id == process_id)
        ),
        *db.session.scalars(db.select(Action.created_at).where(Action.process_id == process_id)),
        db.session.get(Process, process_id).created_at,
    ]
    assert stamps and all(stamp.replace(tzinfo=None) <= now for stamp in stamps)
    newest = max(stamp.replace(tzinfo=None) for stamp in stamps)
    assert now - newest < timedelta(minutes=5)  # still "just now", not a day ago
    shipped = json.loads((folder / "tables" / "milestone.json").read_text())
    due = {
        m.title: m.due_date
        for m in db.session.scalars(db.select(Milestone).where(Milestone.process_id == process_id))
    }
    for row in shipped:  # a milestone "in 30 days" is still in 30 days
        moved = date.fromisoformat(row["due_date"]) + (tomorrow - exported_at.date())
        assert due[row["title"]] == moved
