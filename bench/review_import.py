"""Word review import benchmark: a long draft returned with many comments and tracked
changes; prints one JSON object.

    python bench/review_import.py --sections 40 --paragraphs 12 --remarks 400

Builds its own SQLite database and draft (sections x paragraphs of ~60 words), exports
the review copy, writes ``--remarks`` comments and as many tracked replacements into it
(python-docx comments, lxml w:ins/w:del), then times parsing the returned file alone and
the whole import (threads anchored and suggestions stored through the live document),
and one accept through the CRDT.
"""

from __future__ import annotations

import argparse
import json
import os
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sections", type=int, default=40)
    parser.add_argument("--paragraphs", type=int, default=12)
    parser.add_argument("--remarks", type=int, default=400)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="review-bench-"))
    os.environ["INSTANCE_PATH"] = str(workdir / "instance")

    from drafting import prosemirror, rooms
    from drafting.models import Draft, DraftSection
    from drafting.review import services, wordfile
    from drafting.review.models import DraftSuggestion
    from facilitation import services as core
    from facilitation.app import create_app
    from facilitation.extensions import db
    from tests.drafting import review_files as rf

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "SECRET_KEY": "bench",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    with app.app_context():
        db.create_all()
        user = core.create_user("bench@example.org", "Bench", "correct horse battery")
        process = core.create_process(
            user, title="Bench", country="Kestria", lead_organisation="MoI"
        )
        draft = Draft(process_id=process.id, title="Long draft")
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
        started = time.perf_counter()
        _name, copy = services.review_copy(process, draft, user)
        db.session.commit()
        copy_seconds = time.perf_counter() - started
        document = rf.open_docx(copy)
        step = max(len(paragraphs) // max(args.remarks, 1), 1)
        chosen = paragraphs[::step][: args.remarks]
        for i, text in enumerate(chosen):
            prefix = text.split(":")[0] + ":"
            rf.comment(document, prefix, text.split()[3], f"Remark {i}")
            rf.track_replace(
                document, prefix, text.split()[5], "REPLACED", change_id=10_000 + 2 * i
            )
        returned = rf.save(document)
        started = time.perf_counter()
        parsed = wordfile.read(returned)
        parse_seconds = time.perf_counter() - started
        started = time.perf_counter()
        result = services.import_review(
            process.id,
            draft,
            returned,
            filename="returned.docx",
            reviewer="Bench Reviewer",
            organisation="EU Delegation",
            user=user,
        )
        db.session.commit()
        import_seconds = time.perf_counter() - started
        suggestion = db.session.scalars(db.select(DraftSuggestion).limit(1)).one()
        started = time.perf_counter()
        services.accept(process.id, draft, suggestion, user)
        db.session.commit()
        accept_seconds = time.perf_counter() - started
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
                "import_seconds": round(import_seconds, 3),
                "accept_seconds": round(accept_seconds, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
