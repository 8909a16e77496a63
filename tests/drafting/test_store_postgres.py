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
