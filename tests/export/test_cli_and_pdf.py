"""The command line export, and every file converted by LibreOffice to PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from drafting.export import services

FILES = {
    "policy": "docx",
    "action-plan": "docx",
    "action-plan-xlsx": "xlsx",
    "mca-xlsx": "xlsx",
}


def test_cli_writes_every_export(app, full_process, tmp_path):
    runner = app.test_cli_runner()
    for kind, ext in FILES.items():
        out = tmp_path / f"{kind}.{ext}"
        result = runner.invoke(
            args=["export", kind, "--process", str(full_process.id), "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert f"Wrote {out}" in result.output
        if ext == "docx":
            assert Document(str(out)).paragraphs
        else:
            assert load_workbook(str(out)).sheetnames


def test_cli_refuses_unknown_process_and_missing_data(app, full_process, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["export", "policy", "--process", "999", "--out", str(tmp_path / "x.docx")]
    )
    assert result.exit_code != 0 and "No process with id 999" in result.output
    result = runner.invoke(
        args=[
            "export",
            "consultation-report",
            "--process",
            str(full_process.id),
            "--out",
            str(tmp_path / "c.docx"),
        ]
    )
    assert result.exit_code != 0 and "no data" in result.output
    assert not (tmp_path / "c.docx").exists()


def _has_calc() -> bool:
    """LibreOffice converts .xlsx only with Calc (Debian: libreoffice-calc-nogui)."""
    soffice = shutil.which("soffice")
    program = Path(soffice).resolve().parent if soffice else None
    return bool(program and list(program.glob("libsclo.so*")))


def _pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice (soffice) and poppler-utils are not installed",
)
def test_libreoffice_converts_every_export(full_process, tmp_path):
    expected_pages = {
        "policy": (8, 40),
        # front matter, matrix, four financing tables, the timeline on its own page
        "action-plan": (3, 10),
        "action-plan-xlsx": (1, 10),
        "mca-xlsx": (1, 10),
    }
    paths = []
    kinds = {k: e for k, e in FILES.items() if e == "docx" or _has_calc()}
    for kind, ext in kinds.items():
        path = tmp_path / f"{kind}.{ext}"
        path.write_bytes(services.build(full_process, kind).data)
        paths.append(path)
    profile = tmp_path / "lo-profile"
    outdir = tmp_path / "pdf"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    for kind, ext in kinds.items():
        pdf = outdir / f"{kind}.pdf"
        assert pdf.exists(), f"{kind}.{ext} was not converted"
        low, high = expected_pages[kind]
        assert low <= _pages(pdf) <= high, (kind, _pages(pdf))
