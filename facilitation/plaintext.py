"""Text fit for every file format we write: XML 1.0 forbids most control characters, so a
pasted form feed or NUL would break a Word, Excel, GraphML or GEXF file.

``strip_illegal`` removes them (tab, line feed and carriage return stay). ``install``
cleans every string attribute of the ORM objects a session is about to write, so text
reaching the database from forms, JSON, sockets or imports is clean once; every file
writer cleans again on output for rows stored before this rule existed.
"""

from __future__ import annotations

import re

from sqlalchemy import String, Text, event, inspect
from sqlalchemy.orm import Session

ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def strip_illegal(value) -> str:
    """``None`` -> "", anything else as text without XML-illegal characters."""
    if value is None:
        return ""
    return ILLEGAL_XML.sub("", str(value))


def _text_attributes(mapper) -> list[str]:
    names = getattr(mapper, "_plaintext_columns", None)
    if names is None:
        names = [
            attr.key
            for attr in mapper.column_attrs
            if len(attr.columns) == 1 and isinstance(attr.columns[0].type, String | Text)
        ]
        mapper._plaintext_columns = names
    return names


def _clean_pending(session, _flush_context, _instances) -> None:
    for obj in (*session.new, *session.dirty):
        for key in _text_attributes(inspect(obj).mapper):
            value = obj.__dict__.get(key)
            if isinstance(value, str) and ILLEGAL_XML.search(value):
                setattr(obj, key, ILLEGAL_XML.sub("", value))


def install() -> None:
    if not event.contains(Session, "before_flush", _clean_pending):
        event.listen(Session, "before_flush", _clean_pending)
