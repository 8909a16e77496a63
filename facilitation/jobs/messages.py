"""The words for a job's steps and failures, in the reader's language (the job row keeps
codes, so each reader sees them in their own)."""

from flask_babel import lazy_gettext as _l

STEPS = {
    "": _l("Waiting for its turn"),
    "start": _l("Starting"),
    "collect": _l("Gathering the process's work"),
    "draft": _l("Reading the co-edited draft"),
    "figures": _l("Drawing the figures"),
    "import": _l("Importing the rows"),
    "build": _l("Writing the document"),
    "pdf": _l("Converting to PDF with LibreOffice"),
    "save": _l("Saving the file"),
    # merging an archive back (archive/merge_jobs.py)
    "read": _l("Reading the archive"),
    "compare": _l("Comparing it with this process"),
    "done": _l("Ready"),
}

#: The job page's heading and lead, by kind of job (an export when not listed).
PAGES = {
    "export": (
        _l("Your export"),
        _l(
            "The file is built in the background: you can keep working in another tab and come back here."
        ),
    ),
    "stakeholder-import": (
        _l("Your import"),
        _l("The rows are imported in the background: all of them, or none if something is wrong."),
    ),
    "figure": (
        _l("Your figure"),
        _l(
            "The image is drawn in the background: you can keep working in another tab and come back here."
        ),
    ),
}

ERRORS = {
    "pdf-unavailable": _l(
        "PDF export needs LibreOffice on the server, and it is not installed. Download the "
        "Word file instead, or ask the administrator to install LibreOffice."
    ),
    "pdf-failed": _l(
        "LibreOffice could not convert the document to PDF. Download the Word file instead."
    ),
    "nothing": _l("There is nothing to export for this document yet."),
    "no-organisations": _l(
        "There is nothing to draw yet: add organisations to the stakeholder register first."
    ),
    "import-changed": _l(
        "Nothing was imported: the register changed after the file was checked (an "
        "organisation with the same name was added, or one the file refers to was removed). "
        "Upload the file again to see what to correct."
    ),
    "interrupted": _l(
        "The job worker stopped while working on this. Start it again; if it keeps "
        "happening, ask the administrator to look at the worker's log."
    ),
    "internal": _l(
        "Something went wrong on the server while doing this. Nothing was changed. Try "
        "again; if it fails again, tell the administrator (the worker's log has the details)."
    ),
}


WORKER_NOT_RUNNING = _l(
    "The job worker is not running, so this job is waiting. It starts as soon as the worker "
    "runs: \u201cmake run\u201d starts it, or an administrator can start "
    "\u201cpolicycycle worker\u201d."
)
WORKER_SILENT = _l(
    "The job worker has not been heard from for a while: it may be very busy, or it has "
    "stopped. If it stopped, start it again (\u201cmake run\u201d or \u201cpolicycycle "
    "worker\u201d): this job is then marked as failed and you can start it again."
)


def add_words(steps=None, pages=None, errors=None) -> None:
    """A package's own steps, page words and failures (lazy strings), by code."""
    STEPS.update(steps or {})
    PAGES.update(pages or {})
    ERRORS.update(errors or {})


def worker_message(status: str) -> str:
    return str(WORKER_NOT_RUNNING if status == "queued" else WORKER_SILENT)


def page_words(kind: str) -> tuple[str, str]:
    title, lead = PAGES.get(kind, PAGES["export"])
    return str(title), str(lead)


def step_label(code: str) -> str:
    return str(STEPS.get(code, code))


def error_message(code: str) -> str:
    return str(ERRORS.get(code, ERRORS["internal"]))
