"""`flask db upgrade` is the only way the schema is created outside tests: it must build
exactly the schema the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from facilitation.extensions import db

from .conftest import make_test_app


def _outside_search_index(name, type_, parent_names) -> bool:
    """The search index is engine-specific DDL (an FTS5 table and its shadow tables on
    SQLite), kept out of the models' metadata on purpose."""
    return not (type_ == "table" and (name or "").startswith("search_entry"))


def _diff_after_upgrade(database_url: str, tmp_path) -> list:
    app = make_test_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "render_as_batch": True,
                    "include_name": _outside_search_index,
                },
            )
            diff = compare_metadata(context, db.metadata)
        downgrade(revision="base")
        with db.engine.connect() as connection:
            remaining = set(db.inspect(connection).get_table_names()) - {"alembic_version"}
        db.engine.dispose()
    return diff, remaining


def test_migrations_build_the_models_schema_on_sqlite(tmp_path):
    diff, remaining = _diff_after_upgrade(f"sqlite:///{tmp_path / 'migrated.sqlite3'}", tmp_path)
    assert diff == []
    assert remaining == set()  # and every migration can be undone


@pytest.mark.postgres
def test_migrations_build_the_models_schema_on_postgresql(tmp_path):
    base_url = os.environ.get("TEST_POSTGRES_URL")
    if not base_url:
        pytest.skip("TEST_POSTGRES_URL is not set (.ci/run starts PostgreSQL and sets it)")
    import sqlalchemy as sa

    name = f"policycycle_test_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        url = sa.engine.make_url(base_url).set(database=name).render_as_string(hide_password=False)
        diff, remaining = _diff_after_upgrade(url, tmp_path)
        assert diff == []
        assert remaining == set()
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
