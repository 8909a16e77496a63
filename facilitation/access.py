"""The one authorization check, used by every view and every socket event.

Every view is declared with exactly one of ``public``, ``login_only``,
``admin_only`` or ``process_access``; ``verify_routes`` refuses to start an app
with an undeclared view, and the authorization matrix test walks the same
declarations. Socket handlers call ``check_process_access`` directly.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import abort, g, redirect, request, url_for
from flask_login import current_user
from werkzeug.exceptions import Forbidden, NotFound

from . import early_headers, page_validators, stage_lock
from .extensions import db
from .models import Membership, Process, Role

READ, WRITE, MANAGE = "read", "write", "manage"
NEEDS = (READ, WRITE, MANAGE)
_RANK = {Role.OBSERVER: 0, Role.MEMBER: 1, Role.COORDINATOR: 2, Role.FACILITATOR: 2}
_REQUIRED_RANK = {READ: 0, WRITE: 1, MANAGE: 2}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class AccessDenied(Exception):
    """Raised for socket events; ``status`` is 401, 403 or 404."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


def role_allows(role: Role | str, need: str) -> bool:
    return _RANK[Role(role)] >= _REQUIRED_RANK[need]


def membership_for(user, process_id: int) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.execute(
        db.select(Membership).where(
            Membership.process_id == process_id, Membership.user_id == user.id
        )
    ).scalar_one_or_none()


def check_process_access(user, process_id, need: str) -> Membership:
    """Return the user's membership if it grants ``need``; else raise AccessDenied.

    A non-member (or an unknown process) is 404 so the process's existence does not
    leak; a member without the right is 403.
    """
    if need not in NEEDS:
        raise ValueError(need)
    if not getattr(user, "is_authenticated", False):
        raise AccessDenied(401)
    try:
        process_id = int(process_id)
    except (TypeError, ValueError):
        raise AccessDenied(404) from None
    membership = membership_for(user, process_id)
    if membership is None:
        raise AccessDenied(404)
    if not role_allows(membership.role, need):
        raise AccessDenied(403)
    return membership


def _login_redirect():
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _declare(view: Callable, policy: str, need: str | None = None, safe_need: str | None = None):
    view.__access__ = policy
    view.__access_need__ = need
    view.__access_safe_need__ = safe_need
    return view


def public(view):
    return _declare(view, "public")


def login_only(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return _login_redirect()
        return view(*args, **kwargs)

    return _declare(wrapper, "login")


def admin_only(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return _login_redirect()
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return _declare(wrapper, "admin")


def process_access(need: str, safe_need: str | None = None):
    """Guard a view whose URL holds ``process_id``.

    ``need`` applies to every method; ``safe_need`` (if given) replaces it for
    GET/HEAD, e.g. a form page anyone can read but only members can submit.
    Sets ``g.process`` and ``g.membership``.
    """

    def decorator(view):
        early = early_headers.marked(view)

        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            wanted = safe_need if (safe_need and request.method in SAFE_METHODS) else need
            try:
                membership = check_process_access(current_user, kwargs.get("process_id"), wanted)
            except AccessDenied as denied:
                if denied.status == 401:
                    return _login_redirect()
                raise (NotFound() if denied.status == 404 else Forbidden()) from None
            g.membership = membership
            g.process = db.session.get(Process, membership.process_id)
            # An agreed stage is read-only for everyone until it is reopened.
            g.locked_stage = stage_lock.lock_of_request(membership.process_id)
            if g.locked_stage is not None and wanted != READ:
                return stage_lock.refuse(g.locked_stage)
            if early:  # access granted: unchanged since the browser's copy, or headers now
                unchanged = page_validators.not_modified_or_none()
                if unchanged is not None:
                    return unchanged
                early_headers.send_now()
            return view(*args, **kwargs)

        return _declare(wrapper, "process", need, safe_need)

    return decorator


def policy_of(view) -> tuple[str | None, str | None, str | None]:
    return (
        getattr(view, "__access__", None),
        getattr(view, "__access_need__", None),
        getattr(view, "__access_safe_need__", None),
    )


# Endpoints added by Flask itself or extensions, which serve no user data.
_FRAMEWORK_ENDPOINTS = {"static"}


def verify_routes(app) -> None:
    """Fail fast when a view was registered without an access declaration."""
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in _FRAMEWORK_ENDPOINTS or rule.endpoint.endswith(".static"):
            continue
        view = app.view_functions[rule.endpoint]
        policy, need, _ = policy_of(view)
        if policy is None:
            missing.append(rule.endpoint)
        elif policy == "process" and "process_id" not in rule.arguments:
            missing.append(f"{rule.endpoint} (process view without process_id)")
    if missing:
        raise RuntimeError("Views without an access declaration: " + ", ".join(sorted(missing)))


def can(need: str, even_if_agreed: bool = False) -> bool:
    """Template helper: may the current member do this in the current process, here?

    On a page of an agreed stage nobody may change anything, so pages render read-only
    for everyone exactly as they do for observers (``even_if_agreed`` for what stays
    open after agreement, such as monitoring)."""
    membership = getattr(g, "membership", None)
    if need != READ and not even_if_agreed and g.get("locked_stage") is not None:
        return False
    return bool(membership) and role_allows(membership.role, need)


#: Personal contact data (focal points' e-mails and phone numbers) is for the roles that
#: may also export it: members who may write. The one rule for pages and exports.
CONTACT_DATA_NEED = WRITE


def may_see_contact_data(membership: Membership | None = None) -> bool:
    """May this membership (default: the current one) see and export contact data?"""
    membership = membership if membership is not None else getattr(g, "membership", None)
    return bool(membership) and role_allows(membership.role, CONTACT_DATA_NEED)


def init_app(app) -> None:
    app.jinja_env.globals["can"] = can
    app.jinja_env.globals["may_see_contact_data"] = may_see_contact_data
    app.jinja_env.globals["locked_stage"] = stage_lock.locked_stage
