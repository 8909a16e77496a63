"""Accent-aware sorting of names: "Câmara" before "Cruz", "Émigrés" among the Es.

A plain ``sorted()`` puts every accented capital after "Z". The key compares the
letters without their accents and case first, then with them, so the order is the one
a reader of en, fr, es or pt expects, with no locale installed on the machine.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")


def collation_key(text: str | None) -> tuple[str, str]:
    return _collation_key(str(text) if text else "")


@lru_cache(maxsize=16384)
def _collation_key(text: str) -> tuple[str, str]:
    # Remembered: a page of a 2,000-institution registry sorts every name (about 20 us
    # each, a character at a time); the key depends on the plain text alone (a lazy
    # label is turned into the reader's text first).
    folded = text.casefold()
    decomposed = unicodedata.normalize("NFKD", folded)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return (base, folded)


def sorted_by_name(items: Iterable[T], name: Callable[[T], str] = str) -> list[T]:
    """``items`` in accent-aware order of ``name(item)``."""
    return sorted(items, key=lambda item: collation_key(name(item)))
