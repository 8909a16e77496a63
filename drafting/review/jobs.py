"""The import of a returned Word file as a job. In the request it took about 3 s of
database and anchoring work for a 200-comment, 200-suggestion file (bench/review_import.py),
holding the server's loop. The page checks the names and stores the file in the job; the
worker parses the file, stores the remarks, and anchors the comments in the draft's log
(``rooms.change`` in the worker's own room, loaded fresh from the log for each job).

The web process's open room then catches up from the log (``relay.catch_up``) when a
page sees the job done; with ``REDIS_URL`` the worker's update also reaches every
process's rooms at once over the cluster bus (``rooms.change`` publishes it)."""

from __future__ import annotations

import base64

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from facilitation.jobs import messages
from facilitation.jobs.registry import JobFailed, JobResult, register
from facilitation.models import User
from facilitation.scoped import get_in_process
from facilitation.validation import ValidationFailed

from .. import relay
from ..models import Draft
from . import services

KIND = "review-import"


def params(draft: Draft, data: bytes, filename: str, reviewer: str, organisation: str, category):
    """The job carries the file itself (several server processes share the database, not
    an instance folder); it is dropped from the job once imported."""
    return {
        "draft_id": draft.id,
        "filename": (filename or "")[:200],
        "reviewer": reviewer,
        "organisation": organisation,
        "category": category or "",
        "file": base64.b64encode(data).decode("ascii"),
    }


def run_import(job, user: User | None, report) -> JobResult:
    p = dict(job.params or {})
    draft = get_in_process(Draft, p.get("draft_id"), job.process_id)
    if draft is None or not p.get("file"):
        raise JobFailed("review-gone")
    try:
        result = services.import_review(
            job.process_id,
            draft,
            base64.b64decode(p["file"]),
            filename=p["filename"],
            reviewer=p["reviewer"],
            organisation=p["organisation"],
            category=p["category"],
            user=user,
            report=report,
        )
    except services.FileRefused as refused:
        raise JobFailed(refused.code) from None
    except ValidationFailed:  # the organisation's name clashes with the register's rules
        raise JobFailed("review-organisation") from None
    p.pop("file")
    job.params = p | {
        "review_id": result.review.id,
        "comments": result.comments,
        "suggestions": result.suggestions,
        "unmatched": len(result.unmatched),
    }
    summary = f"{result.comments} {result.suggestions} {len(result.unmatched)}"
    return JobResult("review.txt", "text/plain; charset=utf-8", summary.encode())


def catch_up(job) -> None:
    """The open room of the draft (in this web process) takes the anchors from the log."""
    relay.catch_up(current_app._get_current_object(), (job.process_id, job.params["draft_id"]))


def result_url(job) -> str | None:
    review_id = (job.params or {}).get("review_id")
    if not review_id:
        return None
    return url_for(
        "drafting_review.result",
        process_id=job.process_id,
        draft_id=job.params["draft_id"],
        review_id=review_id,
    )


WORDS = {
    "steps": {
        "review-read": _l("Reading the returned Word file"),
        "review-store": _l("Entering the remarks in the consultation register"),
        "review-place": _l("Finding each suggested change in the text"),
        "review-anchor": _l("Placing the comments in the co-edited text"),
    },
    "pages": {
        KIND: (
            _l("Your Word review import"),
            _l(
                "The returned file is read in the background: you can keep working in "
                "another tab and come back here."
            ),
        )
    },
    "errors": {
        "review-too-big": _l(
            "This file is too large to read (more than 20 MB, or far more once unpacked). "
            "Remove pictures or embedded files and upload it again."
        ),
        "review-not-docx": _l(
            "This is not a Word document (.docx). Open it in Word or LibreOffice, save it as "
            "“Word Document (.docx)” and upload it again."
        ),
        "review-damaged": _l(
            "This Word file is damaged and cannot be read. Ask the reviewer to save it again "
            "as .docx and send it once more."
        ),
        "review-other-draft": _l(
            "This file is the review copy of another draft. Upload it on the page of the "
            "draft it came from."
        ),
        "review-no-anchors": _l(
            "This file is not a review copy of this draft: its sections carry no anchors. "
            "Send the reviewer the review copy from the draft's review page and ask them "
            "to comment in it."
        ),
        "review-nothing": _l(
            "This file has no comments and no tracked changes, so there is nothing to "
            "import. If the reviewer edited the text without Track Changes, ask them to "
            "make their changes again with Track Changes on."
        ),
        "review-organisation": _l(
            "The organisation could not be added to the stakeholder register. Check its "
            "name on the review page and upload the file again."
        ),
        "review-gone": _l("The draft this file was for no longer exists. Nothing was imported."),
    },
}


def init_app(app) -> None:
    register(KIND, run_import, on_done=catch_up, done_url=result_url)
    messages.add_words(**WORDS)
