"""What the search index's flush hook costs on the large demo.

Copies a database holding the large demo (``policycycle demo --size large``; give its
SQLite path, default ``$DATABASE_URL``), then times three kinds of flush on the large
process, each rolled back: a row the index does not hold (a milestone), a searchable row
whose searchable text is unchanged (an action's status and position), and a change of
searchable text (an action's risks). Reports the median milliseconds and the statements
sent to the index table for each.

Prints one JSON object. Usage: ``python bench/search_upkeep.py [sqlite-path]``.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = 30


def main() -> None:
    source = sys.argv[1] if len(sys.argv) > 1 else os.environ["DATABASE_URL"].split("///", 1)[1]
    work = tempfile.mkdtemp(prefix="search-upkeep-")
    copy = os.path.join(work, "bench.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(source + suffix):
            shutil.copy(source + suffix, copy + suffix)
    os.environ.update(INSTANCE_PATH=work, DATABASE_URL=f"sqlite:///{copy}", SECRET_KEY="bench")
    from sqlalchemy import event

    from facilitation.app import create_app
    from facilitation.extensions import db
    from facilitation.models import Milestone, Process
    from facilitation.search import engine
    from policycycle.models import Action

    app = create_app()
    index_statements = []

    def spy(conn, cursor, statement, parameters, context, executemany):
        if engine.TABLE in statement:
            index_statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", spy)
        pid = db.session.scalar(
            db.select(Process.id).where(Process.title == "Large benchmark process")
        )
        action_ids = db.session.scalars(
            db.select(Action.id).where(Action.process_id == pid).limit(RUNS)
        ).all()
        milestone_ids = db.session.scalars(
            db.select(Milestone.id).where(Milestone.process_id == pid)
        ).all()
        entries = db.session.execute(db.text(f"SELECT count(*) FROM {engine.TABLE}")).scalar()

        def measure(change) -> dict:
            times, sent = [], []
            for n in range(RUNS):
                change(n)
                index_statements.clear()
                start = time.perf_counter()
                db.session.flush()
                times.append((time.perf_counter() - start) * 1000)
                sent.append(len(index_statements))
                db.session.rollback()
            return {"median_ms": round(statistics.median(times), 3), "index_statements": max(sent)}

        def unrelated(n):
            db.session.get(Milestone, milestone_ids[n % len(milestone_ids)]).done ^= True

        def unsearched(n):
            action = db.session.get(Action, action_ids[n % len(action_ids)])
            action.position += 1

        def searched(n):
            action = db.session.get(Action, action_ids[n % len(action_ids)])
            action.risks = f"{action.risks} and one more risk"

        result = {
            "index_entries": entries,
            "unrelated_row": measure(unrelated),
            "searchable_row_unsearched_column": measure(unsearched),
            "searchable_text": measure(searched),
        }
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
