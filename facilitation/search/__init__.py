"""Search across a process on the database's own full-text engine.

``init_app`` installs the index upkeep (a session hook) and the results page."""

from __future__ import annotations


def init_app(app) -> None:
    from ..extensions import db
    from . import indexing, views

    indexing.install(db.metadata)
    app.register_blueprint(views.bp)
