"""Fixtures shared by the page tests of the foundation."""

from __future__ import annotations

import pytest

from demo import loader as demo
from facilitation.models import Process, User


@pytest.fixture
def demo_process(app, db, client, login_as):
    """The shipped demo process, with the client signed in as its coordinator."""
    demo.load(app)
    db.session.commit()
    process = db.session.scalar(db.select(Process).order_by(Process.id))
    login_as(db.session.scalar(db.select(User).where(User.email == "coordinator@demo.example")))
    return process
