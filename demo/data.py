"""The shipped demo archives: one folder per language under ``demo/data/`` holding an
archive exploded into its files (manifest.json, users.json, tables/*.json, parts/...), so a
change to the demo's story is a readable diff. ``archive_bytes`` zips a folder back into
the archive file the importer reads."""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
LANGUAGES = ["en", "fr", "es", "pt"]


def folder(language: str) -> Path:
    return DATA / language


@cache
def archive_bytes(language: str = "en") -> bytes:
    """The demo archive of ``language`` as the bytes of a zip (cached: it never changes
    while the program runs)."""
    root = folder(language)
    if not (root / "manifest.json").is_file():
        raise LookupError(f"No demo archive for language {language!r} in {root}.")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(root / "manifest.json", "manifest.json")
        for path in sorted(root.rglob("*")):
            name = path.relative_to(root).as_posix()
            if path.is_file() and name != "manifest.json":
                archive.write(path, name)
    return buffer.getvalue()


def explode(archive: bytes, language: str) -> Path:
    """Write an archive's files into the language's folder (replacing what was there)."""
    root = folder(language)
    if root.exists():
        for path in sorted(root.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        for name in source.namelist():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read(name))
    return root
