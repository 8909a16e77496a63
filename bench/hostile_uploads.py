"""Hostile uploads benchmark: time and peak Python memory (tracemalloc) to refuse crafted
files; prints one JSON object.

    python bench/hostile_uploads.py

- a ~1 KB .xlsx declaring A1:XFD1048576 with one cell in the last row (stakeholder import),
- an .xlsx whose sheet inflates past the limit,
- a Word template of <1 MB inflating to 1 GiB (template upload check),
- a legitimate 5,000-row CSV, for comparison.
"""

from __future__ import annotations

import json
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def measure(action) -> dict:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        action()
        outcome = "accepted"
    except Exception as exc:  # the refusal is the expected outcome
        outcome = f"refused: {exc}"[:120]
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"seconds": round(seconds, 3), "peak_mib": round(peak / 2**20, 2), "outcome": outcome}


def main() -> None:
    from drafting.export import docx_styles
    from facilitation.app import create_app
    from stakeholders import importing
    from tests.export.test_template_bomb import inflating_template
    from tests.stakeholders.test_bounded_import import huge_sheet_xlsx, inflating_xlsx

    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    bomb = huge_sheet_xlsx()
    big_sheet = inflating_xlsx(importing.MAX_XLSX_INFLATED + 2**20)
    template = inflating_template(2**30)
    rows = "\n".join(f"Organisation {i},ministry" for i in range(5000))
    legit = ("Name,Category\n" + rows + "\n").encode()
    with app.test_request_context():
        result = {
            "huge_declared_sheet": {
                "bytes": len(bomb),
                **measure(lambda: importing.read_table("a.xlsx", bomb)),
            },
            "inflating_sheet": {
                "bytes": len(big_sheet),
                **measure(lambda: importing.read_table("a.xlsx", big_sheet)),
            },
            "template_inflating_to_1_GiB": {
                "bytes": len(template),
                **measure(lambda: _refuse(docx_styles.template_problems(template))),
            },
            "legit_5000_row_csv": {
                "bytes": len(legit),
                **measure(lambda: importing.read_table("a.csv", legit)),
            },
        }
    print(json.dumps(result))


def _refuse(problems) -> None:
    errors, _missing = problems
    if errors:
        raise ValueError(", ".join(errors))


if __name__ == "__main__":
    main()
