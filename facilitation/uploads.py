"""Checks on uploaded Office files (.xlsx, .docx) before any library opens them.

Both are zip packages. A few kilobytes can declare gigabytes once inflated (a "zip
bomb"); ``check_zip`` reads only the central directory and refuses a package whose
declared sizes or compression ratio are beyond what a real table or template needs.
Python's zipfile never inflates a member past its declared size (it stops and fails the
CRC check), so the declared sizes bound what opening the file can cost.
"""

from __future__ import annotations

import io
import zipfile


class PackageRefused(Exception):
    """The package cannot be used; ``reason`` is "not-zip", "too-big" or "too-many"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def check_zip(
    data: bytes,
    *,
    max_total: int,
    max_member: int | None = None,
    max_ratio: int = 100,
    max_members: int = 2000,
) -> None:
    """Raise ``PackageRefused`` unless ``data`` is a zip whose inflated size is bounded."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise PackageRefused("not-zip") from exc
    if len(members) > max_members:
        raise PackageRefused("too-many")
    total = sum(m.file_size for m in members)
    if total > max_total:
        raise PackageRefused("too-big")
    for member in members:
        if max_member is not None and member.file_size > max_member:
            raise PackageRefused("too-big")
        # small members compress well (XML headers); judge the ratio on sizeable ones
        if member.file_size > 1024 * 1024 and member.file_size > max_ratio * max(
            member.compress_size, 1
        ):
            raise PackageRefused("too-big")
