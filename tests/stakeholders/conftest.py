"""Fixtures of the stakeholders tests: the demo process with only this package's data."""

import pytest

from facilitation import audit
from facilitation.extensions import db


@pytest.fixture
def demo_context(app):
    from facilitation import demo as host_demo
    from stakeholders.demo import load_demo

    users = host_demo._users()
    context = host_demo.build_process("Demo", users)
    with audit.acting_as(users["coordinator"].id):
        load_demo(context.process, context)
    db.session.commit()
    return context


@pytest.fixture
def coordinator_client(demo_context, login_as):
    return login_as(demo_context.users["coordinator"])


@pytest.fixture
def url(app):
    """url_for outside a request."""
    from flask import url_for

    def _url(endpoint, **values):
        with app.test_request_context():
            return url_for(endpoint, **values)

    return _url
