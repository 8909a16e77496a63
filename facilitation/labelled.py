"""The one base of every enum the app shows with a translated label.

A member's value is what the database stores (``mixins.enum_type``) and never changes;
its label is what a reader sees, in their language. Each enum declares its labels once,
in ``labels()``, and gets ``label`` and ``choices()`` from here, so a status, a kind or a
category reads the same on a page, in a form, in the activity record and in an export.
``tests/facilitation/test_foundation.py`` fails if a package defines an enum of its own
outside this base.
"""

from __future__ import annotations

import enum

from .request_translations import locale_memo


class Labelled(enum.StrEnum):
    """A StrEnum whose members carry a translated label (declared in ``labels()``)."""

    @classmethod
    def labels(cls) -> dict:
        """Each member mapped to its lazy translated label (``lazy_gettext``): safe to
        build at import time, translated when shown. Subclasses override this."""
        return {}

    @property
    def label(self) -> str:
        # A long table shows the same few labels hundreds of times: each enum's labels
        # are translated once per request and locale (issue 18).
        cls = type(self)
        memo = locale_memo()
        if memo is None:
            return str(cls.labels().get(self, self.value))
        table = memo.get(cls)
        if table is None:
            table = memo[cls] = {m: str(text) for m, text in cls.labels().items()}
        return table.get(self, self.value)

    @classmethod
    def choices(cls) -> list[tuple[str, object]]:
        """(value, lazy label) pairs in declaration order, for select boxes."""
        labels = cls.labels()
        return [(m.value, labels.get(m, m.value)) for m in cls]


def labelled_enums() -> list[type[Labelled]]:
    """Every labelled enum of the packages imported so far, in the order defined.

    The foundation finds them through the base, so it needs no list of the packages
    that define them."""
    found: list[type[Labelled]] = []
    pending = list(Labelled.__subclasses__())
    while pending:
        cls = pending.pop(0)
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found
