"""`policycycle export KIND --process ID --out FILE`."""

from __future__ import annotations

import sys
from contextlib import contextmanager

import click
from flask.cli import with_appcontext

from facilitation.extensions import db
from facilitation.jobs.messages import step_label
from facilitation.models import Process

from . import pdf, services


@contextmanager
def _progress_bar(quiet: bool):
    """A progress bar on the terminal (stderr, so ``--out -`` style pipes stay clean);
    the same steps the web page shows."""
    if quiet:
        yield lambda percent, step: None
        return
    with click.progressbar(
        length=100, label=step_label("start"), file=sys.stderr, width=30, show_percent=True
    ) as bar:
        done = 0

        def report(percent: int, step: str) -> None:
            nonlocal done
            bar.label = f"{step_label(step):40}"
            bar.update(max(0, percent - done))
            done = max(done, percent)

        yield report
        bar.label = f"{step_label('done'):40}"
        bar.update(100 - done)


@click.command(
    "export",
    help="Export a process: policy, action-plan, consultation-report, "
    "action-plan-xlsx, mca-xlsx, or review (a draft's review copy for Word, with --draft).",
)
@click.argument("kind", type=click.Choice((*services.KINDS, "review")))
@click.option("--process", "process_id", type=int, required=True, help="Process id.")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, writable=True),
    required=True,
    help="File to write.",
)
@click.option(
    "--draft",
    "draft_id",
    type=int,
    default=None,
    help="Draft to use for the policy document (default: the first policy draft); "
    "required for the review copy.",
)
@click.option(
    "--include-personal",
    is_flag=True,
    default=False,
    help="Name the scorers in the MCA workbook (default: Scorer 1, Scorer 2...).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("docx", "pdf")),
    default="docx",
    help="pdf: the Word export converted by LibreOffice (policy, action-plan, "
    "consultation-report).",
)
@click.option(
    "--record-version",
    is_flag=True,
    default=False,
    help="Keep the exported draft text as a named version of the draft.",
)
@click.option("--quiet", is_flag=True, default=False, help="No progress bar.")
@with_appcontext
def export_command(
    kind: str,
    process_id: int,
    out: str,
    draft_id: int | None,
    include_personal: bool,
    fmt: str = "docx",
    record_version: bool = False,
    quiet: bool = False,
) -> None:
    if kind == "review":
        from drafting.review.cli import write_review_copy

        write_review_copy(process_id, draft_id, out)
        return
    process = db.session.get(Process, process_id)
    if process is None:
        raise click.ClickException(f"No process with id {process_id}.")
    if not services.available(process_id).get(kind):
        raise click.ClickException(f"The process has no data for the {kind} export yet.")
    if fmt == "pdf" and kind not in services.WORD_KINDS:
        raise click.ClickException(f"The {kind} export has no PDF form; use --format docx.")
    try:
        with _progress_bar(quiet) as progress:
            file = services.export(
                process,
                kind,
                None,
                draft_id=draft_id,
                include_personal=include_personal,
                fmt=fmt,
                record_version=record_version,
                progress=progress,
            )
    except LookupError as exc:
        raise click.ClickException(f"Nothing to export: {exc}") from None
    except (pdf.PdfUnavailable, pdf.PdfFailed) as exc:
        raise click.ClickException(
            f"No PDF written: {exc} Install LibreOffice (soffice), or set SOFFICE_PATH."
        ) from None
    db.session.commit()
    with open(out, "wb") as handle:
        handle.write(file.data)
    click.echo(f"Wrote {out} ({len(file.data):,} bytes).")
