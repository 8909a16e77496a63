"""Fixtures of the stakeholders tests: the demo process, imported from its archive."""

import pytest

from ..demo_process import import_demo_process


@pytest.fixture
def demo_context(app):
    return import_demo_process(app)


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
