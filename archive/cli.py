"""``policycycle archive export|import``: the same archive as the download and upload."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from facilitation.extensions import db

archive_cli = AppGroup("archive", help="Back up or move a whole process as one archive file.")


@archive_cli.command("export")
@click.option("--process", "process_id", type=int, required=True, help="The process's number.")
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True), required=True)
def export_command(process_id: int, out: str) -> None:
    """Write the whole process to one archive file (a zip, see docs/archive.md)."""
    from facilitation.models import Process

    from . import writer

    if db.session.get(Process, process_id) is None:
        raise click.UsageError(f"There is no process {process_id}.")
    data = writer.build(process_id)
    db.session.commit()  # this installation's id, made on the first export
    with open(out, "wb") as file:
        file.write(data)
    click.echo(f"Archive of process {process_id} written to {out} ({len(data)} bytes).")


@archive_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--as", "as_email", default=None, help="E-mail of the account that becomes coordinator."
)
def import_command(file: str, as_email: str | None) -> None:
    """Create a new process from an archive file."""
    from facilitation.models import User

    from . import loader, reader

    importer = None
    if as_email:
        importer = db.session.scalar(db.select(User).where(User.email == as_email.strip().lower()))
        if importer is None:
            raise click.UsageError(f"There is no account {as_email}.")
    with open(file, "rb") as handle:
        data = handle.read(reader.limits(current_app.config)["ARCHIVE_MAX_BYTES"] + 1)
    try:
        result = loader.load(reader.read(data, current_app.config), importer)
    except reader.ArchiveRefused as refused:
        db.session.rollback()
        click.echo("The archive was refused; nothing was imported:", err=True)
        for problem in refused.problems:
            click.echo(f"  - {problem}", err=True)
        raise SystemExit(1) from None
    db.session.commit()
    click.echo(f"Imported as process {result.process_id} ({result.rows} rows).")
    for email in result.matched:
        click.echo(f"  member with an account here: {email}")
    for email, _token in result.invited:
        click.echo(f"  invited (no account here yet): {email}")
    if result.left_out:
        click.echo(
            f"  {result.left_out} rows left out: they belong to people without an account here."
        )


@archive_cli.command("merge")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--process", "process_id", type=int, required=True, help="The process to update.")
@click.option("--dry-run", is_flag=True, help="Only show what the merge would do.")
@click.option(
    "--take",
    type=click.Choice(["laptop", "server"]),
    default=None,
    help="For every row changed on both sides: keep this side's version.",
)
@click.option("--as", "as_email", default=None, help="E-mail of the person merging (audit).")
def merge_command(
    file: str, process_id: int, dry_run: bool, take: str | None, as_email: str | None
) -> None:
    """Merge back an archive taken from this process and worked on elsewhere."""
    from facilitation import audit
    from facilitation.jobs import services as jobs
    from facilitation.models import Process, User

    from . import merge, merge_apply, merge_jobs, preview, reader

    if db.session.get(Process, process_id) is None:
        raise click.UsageError(f"There is no process {process_id}.")
    actor = None
    if as_email:
        actor = db.session.scalar(db.select(User).where(User.email == as_email.strip().lower()))
        if actor is None:
            raise click.UsageError(f"There is no account {as_email}.")
    with open(file, "rb") as handle:
        data = handle.read(reader.limits(current_app.config)["ARCHIVE_MAX_BYTES"] + 1)
    try:
        archive = reader.read(data, current_app.config)
        plan = merge.plan(archive, process_id)
        for line in preview.lines(plan):
            click.echo(line)
        if dry_run:
            db.session.rollback()
            return
        with audit.acting_as(actor.id if actor else None):
            result = merge_apply.apply(archive, process_id, take=take)
        if result.pushes:  # the web processes' open rooms catch up (jobs.follow_up)
            jobs.record_done(
                process_id,
                actor,
                merge_jobs.KIND,
                {"merged_drafts": [draft_id for draft_id, _update in result.pushes]},
            )
    except reader.ArchiveRefused as refused:
        db.session.rollback()
        click.echo("The archive was not merged; nothing was changed:", err=True)
        for problem in refused.problems:
            click.echo(f"  - {problem}", err=True)
        if not take and "both sides" in " ".join(refused.problems):
            click.echo("  Choose with --take laptop or --take server.", err=True)
        raise SystemExit(1) from None
    db.session.commit()
    merge_apply.push_to_rooms(process_id, result.pushes)
    click.echo(f"Merged into process {process_id} ({result.drafts_merged} drafts' text merged).")
