"""PDF beside each Word export, converted by LibreOffice with its table of contents
refreshed (so the PDF shows page numbers; the Word file keeps its TOC field).

The conversion runs ``lo_update_pdf.py`` under the Python that has LibreOffice's ``uno``
bridge (Debian: ``/usr/bin/python3`` with ``python3-uno``); that script starts a private
``soffice`` (its own profile in a temporary directory, so it never meets a user's office),
updates the indexes and fields, and exports the PDF. Without the bridge it falls back to
``soffice --convert-to pdf`` (the TOC then lists the headings without page numbers).

Settings (app config or environment): ``SOFFICE_PATH`` (default: ``soffice`` on PATH),
``SOFFICE_PYTHON`` (default ``/usr/bin/python3``), ``PDF_TIMEOUT`` seconds (default 240).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "lo_update_pdf.py"
DEFAULT_TIMEOUT = 240


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed (or not where the settings say)."""


class PdfFailed(RuntimeError):
    """LibreOffice ran but produced no PDF."""


def _setting(name: str, default=None):
    try:
        from flask import current_app

        value = current_app.config.get(name)
    except RuntimeError:  # outside an app context
        value = None
    return value if value not in (None, "") else os.environ.get(name, default)


def soffice_path() -> str | None:
    configured = _setting("SOFFICE_PATH")
    if configured:
        return configured if os.path.isfile(configured) and os.access(configured, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice_path() is not None


def _uno_python() -> str | None:
    python = _setting("SOFFICE_PYTHON", "/usr/bin/python3")
    if not python or not os.path.isfile(python):
        return None
    check = subprocess.run(
        [python, "-c", "import uno"], capture_output=True, timeout=30, check=False
    )
    return python if check.returncode == 0 else None


def convert(docx: bytes, stem: str = "document") -> bytes:
    """The PDF of a Word file. Raises :class:`PdfUnavailable` without LibreOffice and
    :class:`PdfFailed` when the conversion fails or times out."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable("LibreOffice (soffice) is not installed on the server.")
    timeout = int(_setting("PDF_TIMEOUT", DEFAULT_TIMEOUT))
    with tempfile.TemporaryDirectory(prefix="pc-pdf-") as work:
        source = Path(work) / f"{stem}.docx"
        target = Path(work) / f"{stem}.pdf"
        source.write_bytes(docx)
        profile = Path(work) / "profile"
        python = _uno_python()
        if python:
            command = [python, str(SCRIPT), soffice, str(profile), str(source), str(target)]
        else:
            command = [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                work,
                str(source),
            ]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfFailed("LibreOffice took too long to convert the document.") from exc
        if not target.exists() or target.stat().st_size == 0:
            raise PdfFailed("LibreOffice could not convert the document.")
        return target.read_bytes()
