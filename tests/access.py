"""The authorization matrix's vocabulary, shared by every package's access_cases.py.

Each package lists one ``Case`` per (endpoint, method) it adds, with the need it expects,
and may define ``build(world)`` to create the objects its URLs point at (store their ids
in ``world.ids``). tests/test_access_matrix.py walks every route of the app and fails
when one has no case.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from itsdangerous import URLSafeTimedSerializer

ROLES = ("facilitator", "coordinator", "member", "observer")
NEEDS = ("public", "login", "admin", "read", "write", "manage")


@dataclass
class World:
    process_id: int
    users: dict  # role name (and "outsider", "admin") -> User
    ids: dict = field(default_factory=dict)


@dataclass
class Case:
    endpoint: str
    need: str
    method: str = "GET"
    # URL values other than process_id: a dict, or a callable(world) -> dict.
    values: dict | Callable = field(default_factory=dict)
    # Form data for POST: a dict, or a callable(world) -> dict.
    data: dict | Callable | None = None
    # Statuses that count as "allowed" besides 2xx/3xx (e.g. 400 for a bad form).
    allowed_statuses: tuple[int, ...] = (400, 409, 422)
    # True for a request whose success ends on the sign-in page (signing out).
    login_redirect_ok: bool = False

    def url_values(self, world: World) -> dict:
        values = self.values(world) if callable(self.values) else dict(self.values)
        return values

    def form_data(self, world: World) -> dict:
        if self.data is None:
            return {}
        return self.data(world) if callable(self.data) else dict(self.data)


def sign_in(client, user) -> None:
    """Open a real server-side session for ``user`` and put it in the client's cookie."""
    from facilitation import sessions
    from facilitation.extensions import db

    sessions.start(user)
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = user.session_key
        session["_fresh"] = True


def sign_out(client) -> None:
    with client.session_transaction() as session:
        session.clear()


def csrf_token_for(client, app) -> str:
    """A valid Flask-WTF token for this client's session (same format Flask-WTF makes)."""
    raw = hashlib.sha1(os.urandom(64)).hexdigest()
    with client.session_transaction() as session:
        session["csrf_token"] = raw
    serializer = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token")
    return serializer.dumps(raw)
