"""Server-side sign-in sessions, so that every session can be ended.

Flask-Login keeps ``User.get_id()`` in the signed session cookie and in the remember-me
cookie. That id is ``"<user id>:<token>"`` with a fresh random token per sign-in, whose
hash is a ``UserSession`` row: a cookie is worth something only while its row is open.
Sign-out ends the row; a password change ends the account's other rows; an
administrator or a deactivation ends them all. Services flush; callers commit (and
then disconnect the ended sessions' sockets, see :mod:`facilitation.live_access`).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import has_request_context, request
from flask_login import login_user, logout_user
from sqlalchemy.orm import joinedload

from .extensions import db
from .mixins import utcnow
from .models import User, UserSession


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _attach(user: User, row: UserSession, token: str) -> User:
    user.session_key = f"{user.id}:{token}"
    user.session_id = row.id
    return user


#: Ended sessions are kept this long (for the record), then deleted at the next sign-in.
KEEP_ENDED = timedelta(days=30)


def start(user: User) -> UserSession:
    """Open a session for ``user`` and bind it to the object (flushes)."""
    db.session.execute(
        db.delete(UserSession).where(
            UserSession.user_id == user.id, UserSession.ended_at < utcnow() - KEEP_ENDED
        )
    )
    token = secrets.token_urlsafe(32)
    agent = (request.user_agent.string if has_request_context() else "")[:200]
    row = UserSession(user_id=user.id, token_hash=_hash(token), user_agent=agent)
    db.session.add(row)
    db.session.flush()
    _attach(user, row, token)
    return row


def sign_in(user: User, remember: bool = False) -> None:
    """Open a session and put it in the browser's cookies (commits the new row)."""
    start(user)
    db.session.commit()
    login_user(user, remember=remember)


def sign_out(user) -> int | None:
    """End the current session and clear its cookies; returns the ended session's id."""
    session_id = getattr(user, "session_id", None)
    if session_id is not None:
        row = db.session.get(UserSession, session_id)
        if row is not None and row.ended_at is None:
            row.ended_at = utcnow()
        db.session.commit()
    logout_user()
    return session_id


def load(session_key: str) -> User | None:
    """The Flask-Login user loader: the account of an open session, or nobody."""
    user_id, _sep, token = (session_key or "").partition(":")
    if not token or not user_id.isdigit():
        return None
    row = db.session.execute(
        db.select(UserSession)
        .options(joinedload(UserSession.user))  # one query: every page and socket asks
        .where(
            UserSession.token_hash == _hash(token),
            UserSession.user_id == int(user_id),
            UserSession.ended_at.is_(None),
        )
    ).scalar_one_or_none()
    if row is None or not row.user.active:
        return None
    return _attach(row.user, row, token)


def end_all(user: User, keep: int | None = None) -> list[int]:
    """End every open session of ``user`` but ``keep``; returns the ended ids (flushes)."""
    rows = (
        db.session.execute(
            db.select(UserSession).where(
                UserSession.user_id == user.id,
                UserSession.ended_at.is_(None),
                UserSession.id != (keep if keep is not None else -1),
            )
        )
        .scalars()
        .all()
    )
    now = utcnow()
    for row in rows:
        row.ended_at = now
    db.session.flush()
    return [row.id for row in rows]


def open_counts() -> dict[int, int]:
    """Open sessions per user id (for the administrator's list)."""
    return dict(
        db.session.execute(
            db.select(UserSession.user_id, db.func.count(UserSession.id))
            .where(UserSession.ended_at.is_(None))
            .group_by(UserSession.user_id)
        ).all()
    )
