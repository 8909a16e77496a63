"""The app with the exports wired in (until the lead adds it to DOMAINS, it is added
here), and a process full of cycle data."""

from __future__ import annotations

import os

import pytest

from facilitation.extensions import db as _db
from facilitation.models import Role

from ..conftest import make_test_app
from . import factory


@pytest.fixture
def app(app_config, tmp_path):
    os.environ.setdefault("INSTANCE_PATH", str(tmp_path / "instance"))
    application = make_test_app(app_config)
    if "exports" not in application.blueprints:
        import drafting.export

        drafting.export.init_app(application)
    with application.app_context():
        _db.create_all()
        yield application
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def full_process(make_process, make_user, member):
    owner = make_user(name="Facilitator")
    process = make_process(
        owner=owner, title="National Migration Policy 2026–2030", country="Republic of Moravia"
    )
    factory.build(process)
    _db.session.commit()
    process.owner = owner
    process.observer = member(process, Role.OBSERVER)
    process.coordinator = member(process, Role.COORDINATOR)
    return process
