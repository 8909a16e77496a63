"""The update log, snapshots and compaction on PostgreSQL (bytea, 64-bit log ids)."""

from __future__ import annotations

import os
import uuid

import pytest
from pycrdt import Doc, Text

from drafting import store
from drafting.crdt import Room

from ..conftest import make_test_app

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_app(tmp_path):
    base_url = os.environ.get("TEST_POSTGRES_URL")
    if not base_url:
        pytest.skip("TEST_POSTGRES_URL is not set (.ci/run starts PostgreSQL and sets it)")
    import sqlalchemy as sa

    from facilitation.extensions import db

    name = f"policycycle_drafting_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(base_url).set(database=name).render_as_string(hide_password=False)
    os.environ.setdefault("INSTANCE_PATH", str(tmp_path / "instance"))
    app = make_test_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    try:
        with app.app_context():
            db.create_all()
            yield app
            db.session.remove()
            db.engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_log_and_compaction_round_trip(pg_app):
    from drafting.models import Draft
    from facilitation import services
    from facilitation.extensions import db

    owner = services.create_user("owner@pg.test", "Owner", "correct horse battery")
    process = services.create_process(
        owner, title="Policy", country="Kestria", lead_organisation="Ministry of Interior"
    )
    assert db.engine.dialect.name == "postgresql"
    draft = Draft(process_id=process.id, title="Policy")
    db.session.add(draft)
    db.session.commit()
    writer = Doc()
    text = writer.get("plain", type=Text)
    room = Room((process.id, draft.id))
    for i in range(30):
        before = writer.get_state()
        text.insert(len(text), f"{i} ")
        room.apply(writer.get_update(before), lambda u: store.append(process.id, draft.id, u))
    room.compact(lambda snapshot: store.compact(process.id, draft.id, snapshot))
    before = writer.get_state()
    text.insert(0, "after ")
    room.apply(writer.get_update(before), lambda u: store.append(process.id, draft.id, u))
    snapshot, updates = store.load(draft.id)
    assert snapshot is not None and len(updates) == 1
    reloaded = Room("reloaded")
    reloaded.load(snapshot, updates)
    assert str(reloaded.doc.get("plain", type=Text)) == str(text)


def test_compaction_keeps_rows_that_another_process_wrote(pg_app):
    """Two server processes hold the same draft: one compacts while the other's newest
    update has not reached it. The compaction must keep that update (issue 14: with a
    shared message queue one process's compaction deleted another's log rows)."""
    from drafting.models import Draft
    from facilitation import services
    from facilitation.extensions import db

    owner = services.create_user("two@pg.test", "Owner", "correct horse battery")
    process = services.create_process(
        owner, title="Policy", country="Kestria", lead_organisation="Ministry of Interior"
    )
    draft = Draft(process_id=process.id, title="Policy")
    db.session.add(draft)
    db.session.commit()

    def save(update):
        store.append(process.id, draft.id, update)

    first, second = Room("process A"), Room("process B")
    alice, bob = Doc(), Doc()
    alice.get("plain", type=Text).insert(0, "Alice ")
    first.apply(alice.get_update(), save)
    second.apply(alice.get_update(), lambda update: None)  # relayed to B, saved by A
    bob.apply_update(alice.get_update())
    before = bob.get_state()
    bob.get("plain", type=Text).insert(6, "and Bob")
    second.apply(bob.get_update(before), save)  # B saves it; A has not heard of it yet

    first.compact(lambda snapshot: store.compact(process.id, draft.id, snapshot))

    snapshot, updates = store.load(draft.id)
    reloaded = Room("reloaded")
    reloaded.load(snapshot, updates)
    assert str(reloaded.doc.get("plain", type=Text)) == "Alice and Bob"


def test_only_one_process_compacts_a_draft_at_a_time(pg_app):
    """The advisory lock: while one process compacts a draft, another skips it."""
    import sqlalchemy as sa

    from drafting.models import Draft
    from facilitation import services
    from facilitation.extensions import db

    owner = services.create_user("lock@pg.test", "Owner", "correct horse battery")
    process = services.create_process(
        owner, title="Policy", country="Kestria", lead_organisation="Ministry of Interior"
    )
    draft = Draft(process_id=process.id, title="Policy")
    db.session.add(draft)
    db.session.commit()
    writer = Doc()
    writer.get("plain", type=Text).insert(0, "kept")
    store.append(process.id, draft.id, writer.get_update())
    with db.engine.connect() as other, other.begin():  # another process is compacting
        other.execute(sa.select(sa.func.pg_advisory_xact_lock(store.LOCK_CLASS, draft.id)))
        assert store.compact(process.id, draft.id) is False
    assert store.log_length(draft.id) == 1
    assert store.compact(process.id, draft.id) is True
    snapshot, updates = store.load(draft.id)
    assert updates == [] and snapshot is not None
