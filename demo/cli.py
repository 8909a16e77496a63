"""``policycycle demo [--if-empty] [--language en|fr|es|pt] [--size large]``."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from facilitation.extensions import db

from . import data


@click.command("demo", help="Load the demo process (a fictional national migration policy).")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has accounts.")
@click.option(
    "--language",
    type=click.Choice(data.LANGUAGES),
    default="en",
    show_default=True,
    help="The language of the demo process's content.",
)
@click.option(
    "--size",
    type=click.Choice(["normal", "large"]),
    default="normal",
    help="'large' also builds a process with hundreds of artefacts per stage.",
)
@with_appcontext
def demo_command(if_empty: bool, language: str, size: str) -> None:
    from facilitation.models import User

    from . import loader

    if if_empty and db.session.scalar(db.select(User.id).limit(1)) is not None:
        click.echo("The database already has data; demo not loaded.")
        return
    logins = loader.load(current_app, size=size, language=language)
    db.session.commit()
    click.echo(
        "Demo process loaded. Sign in with any of these (password for all: "
        f"{loader.DEMO_PASSWORD}):"
    )
    for email, role in logins:
        click.echo(f"  {email:<34} {role}")
