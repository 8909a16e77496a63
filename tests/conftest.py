"""Shared fixtures: a fresh app and SQLite database per test, factories that return
callables, and helpers to sign in. Package fixtures live in tests/<package>/conftest.py."""

from __future__ import annotations

import itertools
import os

import pytest
from hypothesis import HealthCheck, settings

from facilitation.app import create_app
from facilitation.extensions import db as _db
from facilitation.models import Membership, Role

from .access import csrf_token_for, sign_in

# Tests assert behaviour, never time: no per-example deadline (a shared, busy machine
# made property tests fail on a slow example, not a wrong one).
settings.register_profile("behaviour", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("behaviour")

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _no_reconnecting_clients_left():
    """Stop the reconnect loops of Socket.IO clients a test left behind when its server
    stopped. Each loop draws its back-off from the global `random`, and Hypothesis then
    fails an unrelated property test later in the run ("Do not use the random module
    inside strategies", FlakyStrategyDefinition)."""
    yield
    from socketio import base_client

    for client in list(base_client.reconnecting_clients):
        client.reconnection = False
        if client._reconnect_abort is not None:
            client._reconnect_abort.set()


_counter = itertools.count(1)


@pytest.fixture
def app_config(tmp_path):
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": os.environ.get("TEST_DATABASE_URL")
        or f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "WTF_CSRF_ENABLED": False,
        # A cheap hash keeps the suite fast; production uses scrypt.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        # Each test's own job queue, shared with the worker it may start (job_worker).
        "JOBS_SQLITE_PATH": str(tmp_path / "jobs.sqlite3"),
    }


def _fresh_g_per_request() -> None:
    """The test's app context is reused by every request it makes (Flask pushes a new
    one only when none is active), so clear ``g`` as a real server would: otherwise the
    signed-in user or the current process would leak from one request to the next."""
    from flask import g

    g.__dict__.clear()


def make_test_app(app_config):
    application = create_app(app_config)
    application.before_request_funcs.setdefault(None, []).insert(0, _fresh_g_per_request)
    return application


_server_schema_ready: set[str] = set()


def _empty_server_tables() -> None:
    """On a database server, creating and dropping ~80 tables costs about a second per
    test; the schema is built once per run and emptied between tests instead."""
    # DELETE is several times faster than TRUNCATE on tables this small.
    with _db.engine.begin() as connection:
        for table in reversed(_db.metadata.sorted_tables):
            if table.name != "change_stamp":  # its one row is the app's, not a test's
                connection.execute(table.delete())
        sequences = connection.exec_driver_sql(
            "SELECT relname FROM pg_class WHERE relkind = 'S'"
        ).scalars()
        for name in list(sequences):
            connection.exec_driver_sql(f'ALTER SEQUENCE "{name}" RESTART')


@pytest.fixture
def app(app_config, tmp_path):
    os.environ.setdefault("INSTANCE_PATH", str(tmp_path / "instance"))
    application = make_test_app(app_config)
    uri = application.config["SQLALCHEMY_DATABASE_URI"]
    on_server = not uri.startswith("sqlite")
    with application.app_context():
        if on_server and uri not in _server_schema_ready:
            _db.drop_all()  # a schema left by an older run may lack new columns
            _server_schema_ready.add(uri)
        _db.create_all()  # only missing tables: another fixture may have dropped them
        if on_server:
            _empty_server_tables()
        yield application
        _db.session.remove()
        if not on_server:
            _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(app):
    from facilitation import services

    def _make(
        name: str | None = None,
        email: str | None = None,
        password: str = PASSWORD,
        is_admin: bool = False,
    ):
        n = next(_counter)
        user = services.create_user(
            email or f"user{n}@example.org", name or f"User {n}", password, is_admin=is_admin
        )
        _db.session.commit()
        return user

    return _make


@pytest.fixture
def make_process(app, make_user):
    from facilitation import services

    def _make(owner=None, **fields):
        owner = owner or make_user()
        defaults = {
            "title": "National Migration Policy",
            "country": "Republic of Kestria",
            "lead_organisation": "Ministry of Interior",
            "policy_domain": "migration",
        }
        defaults.update(fields)
        process = services.create_process(owner, **defaults)
        _db.session.commit()
        return process

    return _make


@pytest.fixture
def member(app, make_user):
    def _member(process, role: Role | str = Role.MEMBER, user=None, organisation_id=None):
        user = user or make_user()
        _db.session.add(
            Membership(
                process_id=process.id,
                user_id=user.id,
                role=Role(role),
                organisation_id=organisation_id,
            )
        )
        _db.session.commit()
        return user

    return _member


@pytest.fixture
def login_as(client):
    def _login(user):
        sign_in(client, user)
        return client

    return _login


@pytest.fixture
def csrf_token(client, app):
    def _token():
        return csrf_token_for(client, app)

    return _token


@pytest.fixture
def live_server(app, tmp_path):
    """Start the real server over this test's database (commit your setup data first).

    Only for file SQLite databases or TEST_DATABASE_URL; the server shares them.
    """
    from .live import LiveServer

    servers = []

    def _start(env: dict | None = None):
        _db.session.commit()
        server = LiveServer(
            app.config["SQLALCHEMY_DATABASE_URI"], str(tmp_path / "live-instance"), env
        )
        (tmp_path / "live-instance").mkdir(exist_ok=True)
        servers.append(server)
        return server.start()

    yield _start
    for server in servers:
        server.stop()


@pytest.fixture
def job_worker(app, tmp_path):
    """Start the real job worker over this test's database and queue (commit first);
    it is stopped gracefully (SIGTERM) at the end and must exit cleanly."""
    from facilitation.jobs import queue

    from .jobs.worker import WorkerProcess

    workers = []

    def _start(env: dict | None = None):
        _db.session.commit()
        worker = WorkerProcess(
            app.config["SQLALCHEMY_DATABASE_URI"],
            app.config["JOBS_SQLITE_PATH"],
            str(tmp_path / "worker-instance"),
            env,
        )
        workers.append(worker)
        return worker.start(lambda: queue.worker_alive(app))

    yield _start
    for worker in workers:
        code = worker.stop()
        if worker.started:  # graceful shutdown: SIGTERM lets it finish and exit cleanly
            assert code == 0, worker.log()[-3000:]
