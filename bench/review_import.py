"""Word review import benchmark: a long draft returned with many comments and tracked
changes; prints one JSON object.

    python bench/review_import.py --sections 40 --paragraphs 12 --remarks 400

Builds its own SQLite database and draft (sections x paragraphs of ~60 words), exports
the review copy, writes ``--remarks`` comments and as many tracked replacements into it
(python-docx comments, lxml w:ins/w:del), then times parsing the returned file alone and
the whole import (threads anchored and suggestions stored through the live document),
and one accept through the CRDT.

Since issue 14 the page runs the import as a job. ``--rounds N`` (default 3) then times,
interleaved on fresh drafts (A then B, N times, as the machine is shared), A: the import
as it ran in the request before, and B: what the web process does now (the upload
request: check, store the file in a job; then, when the job's page sees it done, the open
room catching up from the log) beside the worker's share (the job, run in-process as
the worker runs it). Wall-clock and CPU seconds, medians, and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = [
    "policy",
    "migration",
    "data",
    "ministry",
    "labour",
    "diaspora",
    "border",
    "return",
    "integration",
    "rights",
]


def _timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sections", type=int, default=40)
    parser.add_argument("--paragraphs", type=int, default=12)
    parser.add_argument("--remarks", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="review-bench-"))
    os.environ["INSTANCE_PATH"] = str(workdir / "instance")

    from drafting import prosemirror, relay, rooms
    from drafting.models import Draft, DraftSection
    from drafting.review import jobs as review_jobs
    from drafting.review import services, wordfile
    from drafting.review.models import DraftSuggestion
    from facilitation import services as core
    from facilitation.app import create_app
    from facilitation.extensions import db
    from facilitation.jobs import runner
    from facilitation.jobs import services as jobs
    from facilitation.models import Process, User
    from tests.drafting import review_files as rf

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "SECRET_KEY": "bench",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "JOBS_PER_USER": 1000,
        }
    )

    def fresh_draft(process, n: int):
        draft = Draft(process_id=process.id, title=f"Long draft {n}")
        db.session.add(draft)
        blocks, paragraphs = [], []
        for s in range(args.sections):
            title = f"Section {s + 1}"
            draft.sections.append(DraftSection(process_id=process.id, title=title, position=s))
            blocks.append({"type": "heading", "level": 2, "runs": [prosemirror.plain_run(title)]})
            for p in range(args.paragraphs):
                text = (
                    f"Paragraph {s}.{p}: "
                    + " ".join(WORDS[(s * 7 + p * 3 + i) % len(WORDS)] for i in range(60))
                    + "."
                )
                paragraphs.append(text)
                blocks.append({"type": "paragraph", "runs": [prosemirror.plain_run(text)]})
        db.session.commit()
        rooms.change(process.id, draft.id, lambda doc: prosemirror.replace_all(doc, blocks))
        return draft, paragraphs

    def returned_file(copy: bytes, paragraphs: list[str]) -> bytes:
        document = rf.open_docx(copy)
        step = max(len(paragraphs) // max(args.remarks, 1), 1)
        chosen = paragraphs[::step][: args.remarks]
        for i, text in enumerate(chosen):
            prefix = text.split(":")[0] + ":"
            rf.comment(document, prefix, text.split()[3], f"Remark {i}")
            rf.track_replace(
                document, prefix, text.split()[5], "REPLACED", change_id=10_000 + 2 * i
            )
        return rf.save(document)

    rounds = []
    with app.app_context():
        db.create_all()
        user = core.create_user("bench@example.org", "Bench", "correct horse battery")
        process = core.create_process(
            user, title="Bench", country="Kestria", lead_organisation="MoI"
        )
        process_id, user_id = process.id, user.id
        for n in range(args.rounds):
            row = {}
            # A: the import in the request, as before issue 14.
            process, user = db.session.get(Process, process_id), db.session.get(User, user_id)
            draft, paragraphs = fresh_draft(process, 2 * n)
            started = time.perf_counter()
            _name, copy = services.review_copy(process, draft, user)
            db.session.commit()
            copy_seconds = time.perf_counter() - started
            returned = returned_file(copy, paragraphs)
            parsed, parse_seconds, _cpu = _timed(lambda: wordfile.read(returned))  # noqa: B023

            def in_request():
                done = services.import_review(
                    process.id,  # noqa: B023
                    draft,  # noqa: B023
                    returned,  # noqa: B023
                    filename="returned.docx",
                    reviewer="Bench Reviewer",
                    organisation="EU Delegation",
                    user=user,  # noqa: B023
                )
                db.session.commit()
                return done

            result, row["in_request_seconds"], row["in_request_cpu_seconds"] = _timed(in_request)

            # B: the job. The web process's room of the new draft is open (someone edits).
            draft_b, paragraphs_b = fresh_draft(process, 2 * n + 1)
            _name, copy_b = services.review_copy(process, draft_b, user)
            db.session.commit()
            returned_b = returned_file(copy_b, paragraphs_b)
            web_rooms = app.extensions["drafting_rooms"]
            key = (process_id, draft_b.id)
            web_rooms.get(key)

            def upload():
                job = jobs.create(
                    process_id,
                    user,  # noqa: B023
                    review_jobs.KIND,
                    review_jobs.params(
                        draft_b,  # noqa: B023
                        returned_b,  # noqa: B023
                        "returned.docx",
                        "Bench Reviewer",
                        "EU Delegation",
                        "",
                    ),
                    need="write",
                )
                db.session.commit()
                return job.id

            job_id, row["upload_request_seconds"], row["upload_request_cpu_seconds"] = _timed(
                upload
            )
            _none, row["worker_seconds"], row["worker_cpu_seconds"] = _timed(
                lambda: runner.run(job_id)  # noqa: B023 - in-process, as the worker runs it
            )
            app.extensions["drafting_rooms"] = web_rooms  # back to the web process's rooms
            learned, row["catch_up_seconds"], row["catch_up_cpu_seconds"] = _timed(
                lambda: relay.catch_up(app, key)  # noqa: B023
            )
            assert learned, "the open room did not take the anchors"
            rounds.append(row)
        suggestion = db.session.scalars(db.select(DraftSuggestion).limit(1)).one()
        process = db.session.get(Process, process_id)
        draft = db.session.get(Draft, suggestion.draft_id)
        _none, accept_seconds, _cpu = _timed(
            lambda: (
                services.accept(process.id, draft, suggestion, db.session.get(User, user_id)),
                db.session.commit(),
            )
        )

    def median(name: str) -> float:
        return round(statistics.median(r[name] for r in rounds), 3)

    names = [k for k in rounds[0]]
    print(
        json.dumps(
            {
                "sections": args.sections,
                "paragraphs": len(paragraphs),
                "characters": sum(len(p) for p in paragraphs),
                "review_copy_bytes": len(copy),
                "returned_bytes": len(returned),
                "comments": result.comments,
                "suggestions": result.suggestions,
                "unmatched": len(result.unmatched),
                "parsed_remarks": len(parsed.comments) + len(parsed.changes),
                "review_copy_seconds": round(copy_seconds, 3),
                "parse_seconds": round(parse_seconds, 3),
                "import_seconds": median("in_request_seconds"),
                "accept_seconds": round(accept_seconds, 3),
                "rounds": args.rounds,
                "median": {name: median(name) for name in names},
                "on_the_web_process_seconds": round(
                    median("upload_request_seconds") + median("catch_up_seconds"), 3
                ),
                "load_average": [round(x, 2) for x in os.getloadavg()],
            }
        )
    )


if __name__ == "__main__":
    main()
