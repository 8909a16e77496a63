"""`policycycle review import ...` and the review copy behind `policycycle export review`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from facilitation.extensions import db
from facilitation.jobs import services as jobs
from facilitation.models import Process
from facilitation.validation import ValidationFailed

from .. import services as drafting
from . import jobs as review_jobs
from . import services
from .wordfile import MAX_FILE_BYTES


def _process_and_draft(process_id: int, draft_id: int | None):
    process = db.session.get(Process, process_id)
    if process is None:
        raise click.ClickException(f"No process with id {process_id}.")
    if draft_id is None:
        raise click.ClickException("Name the draft with --draft ID.")
    draft = drafting.get_draft(process_id, draft_id)
    if draft is None:
        raise click.ClickException(f"No draft {draft_id} in process {process_id}.")
    return process, draft


def write_review_copy(process_id: int, draft_id: int | None, out: str) -> None:
    process, draft = _process_and_draft(process_id, draft_id)
    _name, data = services.review_copy(process, draft, None)
    db.session.commit()
    Path(out).write_bytes(data)
    click.echo(f"Wrote {out} ({len(data):,} bytes).")


@click.group("review", help="Word reviews of a draft.")
def review_group() -> None:
    pass


@review_group.command("import", help="Import a returned review copy; prints one JSON object.")
@click.option("--process", "process_id", type=int, required=True, help="Process id.")
@click.option("--draft", "draft_id", type=int, required=True, help="Draft id.")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False), required=True)
@click.option("--reviewer", required=True, help="Name of the person who reviewed the draft.")
@click.option("--organisation", required=True, help="Their organisation (added if new).")
@click.option("--category", default="", help="Kind of organisation if new (e.g. ministry).")
@with_appcontext
def import_command(process_id, draft_id, path, reviewer, organisation, category) -> None:
    _process, draft = _process_and_draft(process_id, draft_id)
    with open(path, "rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    try:
        result = services.import_review(
            process_id,
            draft,
            data,
            filename=Path(path).name,
            reviewer=reviewer,
            organisation=organisation,
            category=category,
        )
    except ValidationFailed as exc:
        db.session.rollback()
        raise click.ClickException(" ".join(str(m) for m in exc.errors.values())) from None
    # The anchors went into the draft's log: the web processes' open rooms catch up.
    jobs.record_done(process_id, None, review_jobs.KIND, {"draft_id": draft.id})
    db.session.commit()
    click.echo(json.dumps(result.as_dict(), ensure_ascii=False))
