"""Benchmark of the exports on the large demo process.

Loads the large demo (``policycycle demo --size large``: ``policycycle/planning/large_demo``)
into a fresh SQLite database, then runs every export in its own subprocess and measures
the seconds of the export call and the peak resident memory of that process. Also
converts the same policy document content with pandoc (Markdown -> .docx) and reports our
time over pandoc's, and counts the policy document's pages with LibreOffice when present, and the pages of its
body (before the first annex; the target is under 60).

Prints one JSON object. Usage: ``python bench/export.py [--no-pages]``.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
KINDS = ("policy", "action-plan", "consultation-report", "action-plan-xlsx", "mca-xlsx")
MIN_ACTIONS = 500


def _app(instance: str):
    os.environ["INSTANCE_PATH"] = instance
    from facilitation.app import create_app

    app = create_app()
    if "exports" not in app.blueprints:
        import drafting.export

        drafting.export.init_app(app)
    return app


def _grow_actions(process_id: int, wanted: int) -> None:
    """Copy the process's activities (with their responsibilities and indicators) until
    the plan has ``wanted`` of them; used only when the large demo is not available."""
    from facilitation.extensions import db
    from policycycle.models import Action, ActionRaci, Indicator

    actions = db.session.scalars(db.select(Action).where(Action.process_id == process_id)).all()
    count, k = len(actions), 0
    while count < wanted and actions:
        source = actions[k % len(actions)]
        copy = Action(
            process_id=process_id,
            objective_id=source.objective_id,
            title=f"{source.title} (phase {k // len(actions) + 2})",
            output=source.output,
            start_date=source.start_date,
            end_date=source.end_date,
            cost=source.cost,
            funding_source=source.funding_source,
            assumptions=source.assumptions,
            position=source.position + 100 + k,
        )
        db.session.add(copy)
        db.session.flush()
        for raci in source.raci:
            db.session.add(
                ActionRaci(
                    process_id=process_id,
                    action_id=copy.id,
                    organisation_id=raci.organisation_id,
                    letter=raci.letter,
                )
            )
        for ind in source.indicators:
            db.session.add(
                Indicator(
                    process_id=process_id,
                    action_id=copy.id,
                    name=ind.name,
                    unit=ind.unit,
                    baseline_value=ind.baseline_value,
                    baseline_year=ind.baseline_year,
                    target_value=ind.target_value,
                    target_year=ind.target_year,
                    means_of_verification=ind.means_of_verification,
                )
            )
        count += 1
        k += 1


def prepare(instance: str) -> tuple[int, dict]:
    from demo import loader as demo
    from facilitation.extensions import db
    from facilitation.models import Process
    from policycycle.models import Action

    app = _app(instance)
    with app.app_context():
        db.create_all()
        demo.load(app, size="large")
        db.session.commit()
        processes = db.session.scalars(db.select(Process).order_by(Process.id)).all()
        large = next((p for p in processes if "Large" in p.title), None)
        facts_main = processes[0].id
        source = "large_demo"
        if large is None:
            large, source = processes[0], "demo grown to 500 activities"
            _grow_actions(large.id, MIN_ACTIONS)
            db.session.commit()
        actions = db.session.scalar(
            db.select(db.func.count()).select_from(Action).where(Action.process_id == large.id)
        )
        return large.id, {
            "process_source": source,
            "actions": actions,
            "demo_process_id": facts_main,
        }


def run_one(instance: str, process_id: int, kind: str, out: str) -> None:
    """In a subprocess: one export, its seconds and this process's peak memory."""
    from facilitation.extensions import db
    from facilitation.models import Process

    app = _app(instance)
    with app.app_context():
        from drafting.export import services

        process = db.session.get(Process, process_id)
        if not services.available(process_id).get(kind):
            print(json.dumps({"kind": kind, "skipped": "no data"}))
            return
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start, cpu_start = time.perf_counter(), time.process_time()
        file = services.export(process, kind)
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu_start
        db.session.rollback()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        Path(out).write_bytes(file.data)
        print(
            json.dumps(
                {
                    "kind": kind,
                    "seconds": round(seconds, 3),
                    "cpu_seconds": round(cpu_seconds, 3),
                    "peak_rss_mb": round(peak / 1024, 1),
                    "rss_before_mb": round(before / 1024, 1),
                    "bytes": len(file.data),
                }
            )
        )


def _pages(docx: Path, workdir: Path) -> int | None:
    if not (shutil.which("soffice") and shutil.which("pdfinfo")):
        return None
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{workdir / 'lo'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(docx),
        ],
        capture_output=True,
        check=True,
        timeout=600,
    )
    info = subprocess.run(
        ["pdfinfo", str(workdir / (docx.stem + ".pdf"))], capture_output=True, text=True, check=True
    ).stdout
    return int(next(x for x in info.splitlines() if x.startswith("Pages:")).split()[1])


def _body_pages(pdf: Path) -> int | None:
    """Pages before the first annex: the page where "Annex 1:" starts a line for the last
    time (the table of contents lists it first), minus one."""
    if not (shutil.which("pdftotext") and pdf.exists()):
        return None
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    starts = [
        number
        for number, page in enumerate(pages, 1)
        if any(line.strip().startswith("Annex 1:") for line in page.splitlines())
    ]
    return starts[-1] - 1 if len(starts) > 1 else None


def _pandoc(docx: Path, workdir: Path) -> dict | None:
    """The same content through pandoc: docx -> Markdown (untimed), then the timed
    Markdown -> docx conversion."""
    if not shutil.which("pandoc"):
        return None
    markdown = workdir / "policy.md"
    subprocess.run(
        [
            "pandoc",
            str(docx),
            "-f",
            "docx",
            "-t",
            "markdown",
            "-o",
            str(markdown),
            "--extract-media",
            str(workdir / "media"),
        ],
        check=True,
        cwd=workdir,
    )
    start = time.perf_counter()
    subprocess.run(
        [
            "pandoc",
            str(markdown),
            "-f",
            "markdown",
            "-t",
            "docx",
            "-o",
            str(workdir / "pandoc.docx"),
            "--resource-path",
            str(workdir),
        ],
        check=True,
        cwd=workdir,
    )
    return {
        "seconds": round(time.perf_counter() - start, 3),
        "markdown_bytes": markdown.stat().st_size,
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        run_one(*sys.argv[2:4], sys.argv[4], sys.argv[5])
        return
    count_pages = "--no-pages" not in sys.argv
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        work = Path(tmp)
        instance = str(work / "instance")
        start = time.perf_counter()
        process_id, facts = prepare(instance)
        facts["prepare_seconds"] = round(time.perf_counter() - start, 1)
        results = {}
        for kind in KINDS:
            out = work / f"{kind}.{'xlsx' if kind.endswith('xlsx') else 'docx'}"
            # The large process holds no consultations: that report uses the demo process.
            for pid in (process_id, facts["demo_process_id"]):
                proc = subprocess.run(
                    [sys.executable, __file__, "--one", instance, str(pid), kind, str(out)],
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=ROOT,
                )
                results[kind] = json.loads(proc.stdout.strip().splitlines()[-1])
                results[kind]["process_id"] = pid
                if "skipped" not in results[kind]:
                    break
        policy = work / "policy.docx"
        pandoc = _pandoc(policy, work)
        if pandoc and results["policy"].get("seconds"):
            pandoc["ours_over_pandoc"] = round(results["policy"]["seconds"] / pandoc["seconds"], 2)
        if count_pages:
            facts["policy_pages"] = _pages(policy, work)
            facts["policy_body_pages"] = _body_pages(work / "policy.pdf")
            facts["action_plan_pages"] = _pages(work / "action-plan.docx", work)
        report = {
            "benchmark": "exports",
            "conditions": {
                **facts,
                "cpus": os.cpu_count(),
                "database": "sqlite file",
                # other work on the machine stretches the wall-clock seconds;
                # cpu_seconds are the export process's own
                "load_average_1min": round(os.getloadavg()[0], 2),
                "targets": {"seconds": 3, "peak_rss_mb": 300},
            },
            "exports": results,
            "pandoc_markdown_to_docx": pandoc,
            "within_targets": all(
                r.get("seconds", 0) < 3 and r.get("peak_rss_mb", 0) < 300 for r in results.values()
            ),
        }
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
