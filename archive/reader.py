"""Opening an archive someone uploaded, defensively: nothing is trusted.

The zip is refused before anything is written when it is too large, inflates past the
limit (a zip bomb), names a file outside its own folders (path traversal), is of an
unknown or newer format version, or holds JSON that is malformed or of the wrong shape.
Every refusal is a :class:`ArchiveRefused` with the list of problems in plain words."""

from __future__ import annotations

import io
import json
import re
import stat
import zipfile
from dataclasses import dataclass, field

from flask_babel import gettext as _

from .writer import FORMAT, FORMAT_VERSION

#: Limits, overridable in the config (ARCHIVE_MAX_BYTES, ARCHIVE_MAX_INFLATED, ...).
DEFAULT_LIMITS = {
    "ARCHIVE_MAX_BYTES": 100 * 1024 * 1024,
    "ARCHIVE_MAX_INFLATED": 500 * 1024 * 1024,
    "ARCHIVE_MAX_FILES": 20000,
    # Only for big members: small JSON of repeated text legitimately packs 1000:1; the
    # inflated-size budget, counted while reading, is what really bounds memory.
    "ARCHIVE_MAX_RATIO": 1000,
}
MAX_PROBLEMS = 30
_NAME = re.compile(
    r"^(manifest\.json|users\.json|lineage\.json|tables/[a-z_]+\.json|parts/[a-z_]+/\d+\.[a-z_]+\.bin)$"
)


class ArchiveRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems[:MAX_PROBLEMS]


@dataclass
class Archive:
    manifest: dict
    users: list
    tables: dict[str, list] = field(default_factory=dict)
    parts: dict[str, bytes] = field(default_factory=dict)
    #: ``lineage.json`` (format 2 and later; see archive/lineage.py), or None.
    lineage: dict | None = None


def limits(config) -> dict:
    return {key: config.get(key, value) for key, value in DEFAULT_LIMITS.items()}


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> bytes:
    """The member's bytes, counting what it really inflates to (a header can lie)."""
    chunks = []
    with archive.open(info) as member:
        while True:
            chunk = member.read(64 * 1024)
            if not chunk:
                break
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise ArchiveRefused(
                    [_("The archive unpacks to more than the allowed size (a zip bomb?).")]
                )
            chunks.append(chunk)
    return b"".join(chunks)


def _json(name: str, data: bytes):
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ArchiveRefused([_("%(name)s in the archive is not valid JSON.", name=name)]) from None


def read(data: bytes, config) -> Archive:
    limit = limits(config)
    if len(data) > limit["ARCHIVE_MAX_BYTES"]:
        raise ArchiveRefused(
            [
                _(
                    "The archive is larger than %(mb)d MB, the most this site accepts.",
                    mb=limit["ARCHIVE_MAX_BYTES"] // (1024 * 1024),
                )
            ]
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise ArchiveRefused([_("This file is not a process archive (not a zip file).")]) from None
    with archive:
        return _read_open(archive, infos, limit)


def _read_open(archive: zipfile.ZipFile, infos, limit: dict) -> Archive:
    problems = []
    if len(infos) > limit["ARCHIVE_MAX_FILES"]:
        raise ArchiveRefused([_("The archive holds too many files.")])
    seen = set()
    declared = 0
    for info in infos:
        name = info.filename
        if not _NAME.match(name) or ".." in name or "\\" in name:
            problems.append(
                _(
                    "The archive holds a file with a name that is not allowed: %(name)s",
                    name=name[:80],
                )
            )
        elif name in seen:
            problems.append(_("The archive holds %(name)s twice.", name=name))
        elif stat.S_ISLNK(info.external_attr >> 16):
            problems.append(
                _("The archive holds a link (%(name)s), which is not allowed.", name=name)
            )
        seen.add(name)
        declared += info.file_size
        if (
            info.compress_size
            and info.file_size / info.compress_size > limit["ARCHIVE_MAX_RATIO"]
            and info.file_size > 64 * 1024 * 1024
        ):
            problems.append(
                _("A file in the archive unpacks to far more than its size (a zip bomb?).")
            )
    if declared > limit["ARCHIVE_MAX_INFLATED"]:
        problems.append(_("The archive unpacks to more than the allowed size (a zip bomb?)."))
    if "manifest.json" not in seen:
        problems.append(_("The archive has no manifest.json: it is not a process archive."))
    if problems:
        raise ArchiveRefused(problems)

    budget = [limit["ARCHIVE_MAX_INFLATED"]]
    by_name = {info.filename: info for info in infos}
    manifest = _json("manifest.json", _read_member(archive, by_name["manifest.json"], budget))
    _check_manifest(manifest)
    users = []
    if "users.json" in by_name:
        users = _json("users.json", _read_member(archive, by_name["users.json"], budget))
    result = Archive(manifest=manifest, users=users)
    if "lineage.json" in by_name:
        result.lineage = _json(
            "lineage.json", _read_member(archive, by_name["lineage.json"], budget)
        )
        if not isinstance(result.lineage, dict):
            problems.append(_("lineage.json must hold an object."))
            result.lineage = None
    for table, entry in manifest["tables"].items():
        name = entry.get("file") if isinstance(entry, dict) else None
        if name != f"tables/{table}.json" or name not in by_name:
            problems.append(
                _("The manifest names table %(table)s, but its file is missing.", table=table[:60])
            )
            continue
        rows = _json(name, _read_member(archive, by_name[name], budget))
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            problems.append(_("%(name)s must hold a list of rows.", name=name))
            continue
        result.tables[table] = rows
    for name, info in by_name.items():
        if name.startswith("parts/"):
            result.parts[name] = _read_member(archive, info, budget)
    if problems:
        raise ArchiveRefused(problems)
    return result


def _check_manifest(manifest) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveRefused([_("This file is not a process archive (its manifest is not one).")])
    version = manifest.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ArchiveRefused([_("The archive's format version is missing or not valid.")])
    if version > FORMAT_VERSION:
        raise ArchiveRefused(
            [
                _(
                    "The archive was made by a newer version of the toolkit (format "
                    "%(found)d; this site reads format %(known)d). Update this site first.",
                    found=version,
                    known=FORMAT_VERSION,
                )
            ]
        )
    if not isinstance(manifest.get("tables"), dict):
        raise ArchiveRefused([_("The archive's manifest does not list its tables.")])
    if not isinstance(manifest.get("process"), dict):
        raise ArchiveRefused([_("The archive's manifest does not describe its process.")])
