"""Stable section anchors shared by the review copy and the import of its return.

A section is a top-level heading of the draft. Its key is ``s<id>`` when the heading is
an entry of the draft's outline (a ``DraftSection``, which keeps its id when the text
around it changes), otherwise ``h<hash of its title>`` (with ``-2``, ``-3``... for a
repeated title). The Word bookmark of a section is ``_PC<draft id>_<key>``: the leading
underscore makes it a hidden bookmark in Word, and LibreOffice keeps it on saving.
No Flask import.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

BOOKMARK = re.compile(r"^_PC(\d{1,12})_([sh][0-9a-f]{1,16}(?:-\d{1,4})?)$")


def normalise(title: str) -> str:
    text = unicodedata.normalize("NFKC", title or "")
    return " ".join(text.split()).casefold()


def section_keys(titles: list[str], outline: dict[str, int]) -> list[str]:
    """One key per heading title, in order; ``outline`` maps normalised outline titles
    to their section ids."""
    keys: list[str] = []
    seen: dict[str, int] = {}
    for title in titles:
        norm = normalise(title)
        if norm in outline and f"s{outline[norm]}" not in keys:
            key = f"s{outline[norm]}"
        else:
            key = "h" + hashlib.sha1(norm.encode()).hexdigest()[:10]
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return keys


def bookmark_name(draft_id: int, key: str) -> str:
    return f"_PC{draft_id}_{key}"


def parse_bookmark(name: str) -> tuple[int, str] | None:
    match = BOOKMARK.match(name or "")
    return (int(match.group(1)), match.group(2)) if match else None
