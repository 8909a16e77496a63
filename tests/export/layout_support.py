"""Helpers for the layout tests: tables with the text width of their section, figures
with their printed size, PDF text."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from docx.oxml.ns import qn


def section_text_widths(doc) -> list[int]:
    """Text width (twips) of each section, in order."""
    return [round((s.page_width - s.left_margin - s.right_margin) / 635) for s in doc.sections]


def body_tables(doc, widths: list[int]):
    """(table element, text width of its section) for each table of the body."""
    index = 0
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            yield child, widths[index]
        elif child.tag == qn("w:p") and child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            index += 1


def soffice_missing() -> bool:
    return shutil.which("soffice") is None or shutil.which("pdftotext") is None


def pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "file.pdf"
        path.write_bytes(data)
        out = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
        )
        return out.stdout
