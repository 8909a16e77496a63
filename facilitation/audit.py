"""The audit trail: every create, update and delete of an ``Audited`` row is recorded.

A session ``after_flush`` hook writes the rows straight through the flush's
connection, so services never have to remember to log and the audit row commits
(or rolls back) with the change it describes.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
import enum
from contextlib import contextmanager

from flask import has_request_context
from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from .mixins import Audited, utcnow
from .models import AuditEvent

_actor_override: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "audit_actor", default=None
)
_SKIPPED_COLUMNS = {"updated_at", "created_at", "process_id"}
_MAX_VALUE = 200


@contextmanager
def acting_as(user_id: int | None):
    """Attribute changes made outside a request (CLI, sockets, demo loader) to a user."""
    token = _actor_override.set(user_id)
    try:
        yield
    finally:
        _actor_override.reset(token)


def current_actor_id() -> int | None:
    override = _actor_override.get()
    if override is not None:
        return override
    if has_request_context():
        from flask_login import current_user

        if current_user and current_user.is_authenticated:
            return current_user.id
    return None


def _plain(value):
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    text = str(value)
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"


def _label(obj: Audited) -> str:
    label = obj.__audit_label__ or type(obj).__name__
    return str(label)


def _params(obj: Audited) -> dict:
    """What the activity record needs to describe the row in any language."""
    params = obj.audit_params()
    return {key: _plain(value) for key, value in params.items()}


def _changes(obj: Audited) -> dict:
    changed = {}
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        if attr.key in _SKIPPED_COLUMNS:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changed[attr.key] = [_plain(old), _plain(new)]
    return changed


def _snapshot(obj: Audited) -> dict:
    state = inspect(obj)
    return {
        attr.key: _plain(getattr(obj, attr.key))
        for attr in state.mapper.column_attrs
        if attr.key not in _SKIPPED_COLUMNS
    }


def _after_flush(session: Session, flush_context) -> None:
    rows = []
    actor = current_actor_id()
    now = utcnow()
    for action, objects in (
        ("create", session.new),
        ("update", session.dirty),
        ("delete", session.deleted),
    ):
        for obj in objects:
            if not isinstance(obj, Audited):
                continue
            if action == "update":
                if not session.is_modified(obj, include_collections=False):
                    continue
                changes = _changes(obj)
                if not changes:
                    continue
            elif action == "create":
                changes = {"after": _snapshot(obj)}
            else:
                changes = {"before": _snapshot(obj)}
            rows.append(
                {
                    "process_id": obj.process_id,
                    "user_id": actor,
                    "at": now,
                    "action": action,
                    "object_type": type(obj).__name__,
                    "object_id": obj.id,
                    "summary": f"{_label(obj)}: {obj.audit_title()}"[:500],
                    "changes": changes,
                    "params": _params(obj),
                }
            )
    if rows:
        session.connection().execute(insert(AuditEvent.__table__), rows)


def record(
    session: Session,
    process_id: int,
    action: str,
    object_type: str,
    summary: str,
    object_id: int | None = None,
    changes: dict | None = None,
    params: dict | None = None,
) -> None:
    """Record a decision that is not a row change (a stage agreed, an export taken).

    ``params`` hold the event as data (codes, names, counts) so that
    ``facilitation.readable.describe_event`` writes it in the reader's language;
    ``summary`` is the author's wording, kept for the record."""
    session.add(
        AuditEvent(
            process_id=process_id,
            user_id=current_actor_id(),
            action=action,
            object_type=object_type,
            object_id=object_id,
            summary=summary[:500],
            changes=changes,
            params={k: _plain(v) for k, v in params.items()} if params else None,
        )
    )


def install() -> None:
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
