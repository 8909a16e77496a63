"""User text is escaped on every page: every text column of every process artefact is
given markup, then every page of the authorization matrix is rendered and searched for
that markup unescaped."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import String, Text, inspect, update

from facilitation.extensions import db
from facilitation.mixins import ProcessScoped
from facilitation.models import Organisation, Process, User

from .access import sign_in
from .test_access_matrix import CASES, _build_world, _request, _rule_for

MARK = '<x-xss a="1">'
IDENTIFIER = re.compile(r"^[a-z0-9_:.\-]*$")


def _text_columns(model):
    for column in inspect(model).columns:
        if column.foreign_keys or column.primary_key:
            continue
        if isinstance(column.type, String | Text) and not getattr(column.type, "enums", None):
            yield column


def _poison_every_text(process_id: int) -> int:
    """Append the mark to every free-text value; values that look like identifiers
    (stage keys, codes, tokens) keep their meaning and are left alone."""
    poisoned = 0
    models = {m.class_ for m in db.Model.registry.mappers}
    for model in sorted(models, key=lambda m: m.__name__):
        if not issubclass(model, ProcessScoped) and model not in (Process, User, Organisation):
            continue
        table = model.__table__
        for column in _text_columns(model):
            if column.name.endswith(("_key", "_hash", "token", "email", "password_hash", "code")):
                continue
            where = table.c.process_id == process_id if "process_id" in table.c else None
            if model is Process:
                where = table.c.id == process_id
            if where is None:
                continue
            values = db.session.execute(db.select(column).where(where)).scalars().all()
            if not values or all(v is None or IDENTIFIER.match(v) for v in values):
                continue
            limit = getattr(column.type, "length", None) or 10_000
            db.session.execute(
                update(table)
                .where(where)
                .where(column.is_not(None))
                .where(column != "")
                .values({column.name: db.func.substr(column, 1, max(limit - len(MARK), 1)) + MARK})
            )
            poisoned += 1
    db.session.commit()
    return poisoned


@pytest.fixture
def poisoned_world(app):
    world = _build_world(app)
    db.session.execute(update(User).values(name=User.name + MARK))
    count = _poison_every_text(world.process_id)
    assert count > 20
    return world


def test_no_page_shows_user_text_unescaped(app, client, poisoned_world):
    world = poisoned_world
    pages = [
        c for c in CASES if c.method == "GET" and c.need in ("read", "write", "manage", "login")
    ]
    checked = shown_escaped = 0
    failures = []
    sign_in(client, db.session.get(User, world.users["facilitator"].id))
    for case in pages:
        rule = _rule_for(app, case.endpoint)
        response = _request(client, app, case, world, rule)
        if "text/html" not in response.content_type:
            continue
        checked += 1
        body = response.get_data(as_text=True)
        if MARK in body:
            failures.append(case.endpoint)
        if "&lt;x-xss" in body:
            shown_escaped += 1
    assert checked > 40
    assert shown_escaped > 30  # the poisoned text really reaches the pages
    assert not failures, f"unescaped user text on: {failures}"
