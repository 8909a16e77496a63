"""Reading and rewriting archives in tests."""

from __future__ import annotations

import io
import json
import zipfile


def files_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def json_of(data: bytes, name: str):
    return json.loads(files_of(data)[name])


def rezip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def with_json(data: bytes, name: str, edit) -> bytes:
    """The archive with one JSON file changed by ``edit(value) -> value``."""
    files = files_of(data)
    files[name] = json.dumps(edit(json.loads(files[name]))).encode()
    return rezip(files)
