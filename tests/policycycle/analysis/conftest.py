"""Fixtures of the analysis tests: a process with a writing member, signed in."""

import pytest

from facilitation.models import Role


@pytest.fixture
def setup(make_process, member, login_as, db):
    process = make_process()
    user = member(process, Role.MEMBER)
    client = login_as(user)
    return process, user, client
