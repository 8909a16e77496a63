"""The one way to load a row of a process by its id.

Every package loads the objects named in a URL, a form or a socket message through
these two functions, so another process's row is always as absent as a missing one (a
404, never a 403: no existence leak) and no query forgets the process.
``tests/facilitation/test_foundation.py`` fails if a package checks ``.process_id`` of a
loaded row by hand again.
"""

from __future__ import annotations

from flask import abort

from .extensions import db


def get_in_process(model, object_id, process_id: int, **owners):
    """The row ``object_id`` of ``model`` if it belongs to the process, and to the
    ``owners`` given (``draft_id=draft.id``, ``workshop_id=...``); None otherwise,
    including for an id that is not a number."""
    try:
        object_id = int(object_id)
    except (TypeError, ValueError):
        return None
    obj = db.session.get(model, object_id)
    if obj is None or obj.process_id != process_id:
        return None
    if any(getattr(obj, name) != value for name, value in owners.items()):
        return None
    return obj


def get_in_process_or_404(model, object_id, process_id: int, **owners):
    """As ``get_in_process``, for a view: 404 when the row is not there for this process."""
    obj = get_in_process(model, object_id, process_id, **owners)
    if obj is None:
        abort(404)
    return obj
