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


def printed_text_sizes(doc) -> list[tuple[str, float]]:
    """(alt text, smallest text size in points as printed) of every picture: the size
    recorded in the PNG by the drawing code, times printed width over drawn width."""
    import io

    from PIL import Image

    sizes = []
    for inline in doc.element.body.iter(qn("wp:inline"), qn("wp:anchor")):
        extent = inline.find(qn("wp:extent"))
        printed_in = int(extent.get("cx")) / 914400
        blip = next(inline.iter(qn("a:blip")))
        part = doc.part.related_parts[blip.get(qn("r:embed"))]
        image = Image.open(io.BytesIO(part.blob))
        smallest = float(image.text.get("smallest-text-pt", "0"))
        dpi = image.info.get("dpi", (72, 72))[0]
        drawn_in = image.width / dpi
        alt = inline.find(qn("wp:docPr")).get("descr", "")
        sizes.append((alt, smallest * printed_in / drawn_in))
    return sizes
