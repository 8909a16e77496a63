"""Search across a process on the database's own full-text engine.

``init_app`` installs the index upkeep (a session hook) and the results page."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


def init_app(app) -> None:
    from ..extensions import db
    from . import indexing, views

    indexing.install(db.metadata)
    app.register_blueprint(views.bp)
    app.cli.add_command(reindex_command)


@click.command("search-reindex")
@click.option("--process", "process_id", type=int, default=None, help="Only this process.")
@with_appcontext
def reindex_command(process_id: int | None) -> None:
    """Rebuild the search index (after restoring a database or loading rows in bulk)."""
    from ..extensions import db
    from . import indexing

    written = indexing.reindex_process(db.session.connection(), process_id)
    db.session.commit()
    click.echo(f"{written} entries indexed.")
