"""The `policycycle` console script: serve, demo, create-user, init-db, and Flask's own
commands (db upgrade, routes, shell). Packages add their commands from init_app."""

from __future__ import annotations

import os
import sys

import click
from flask.cli import FlaskGroup, with_appcontext

from .extensions import db


def _create_app():
    from .app import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, help="The policy cycle toolkit.")
def cli() -> None:
    pass


@cli.command("serve", help="Serve the app with the Socket.IO server (HOST, PORT).")
@click.option(
    "--host", default=lambda: os.environ.get("HOST", "127.0.0.1"), show_default="HOST or 127.0.0.1"
)
@click.option(
    "--port",
    default=lambda: int(os.environ.get("PORT", "5000")),
    type=int,
    show_default="PORT or 5000",
)
def serve(host: str, port: int) -> None:
    # gevent must patch the interpreter before the app is imported: start afresh.
    env = {**os.environ, "HOST": host, "PORT": str(port)}
    os.execve(sys.executable, [sys.executable, "-m", "facilitation"], env)


@cli.command("init-db", help="Create or upgrade the database schema (flask db upgrade).")
@with_appcontext
def init_db() -> None:
    from flask_migrate import upgrade

    upgrade()
    click.echo("Database schema is up to date.")


@cli.command("create-user", help="Create an account (the first one administers the site).")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--admin/--no-admin", default=None, help="Default: admin if it is the first account.")
@with_appcontext
def create_user(email: str, name: str, password: str, admin: bool | None) -> None:
    from . import services
    from .forms import MIN_PASSWORD
    from .validation import ValidationFailed

    if len(password) < MIN_PASSWORD:
        raise click.UsageError(f"Use a password of at least {MIN_PASSWORD} characters.")
    try:
        user = services.create_user(email, name, password, is_admin=admin)
    except ValidationFailed as failed:
        raise click.UsageError(str(failed)) from None
    db.session.commit()
    click.echo(f"Created {user.email}{' (administrator)' if user.is_admin else ''}.")
