"""Column values to JSON and back, by the column's SQL type (the archive is plain JSON
that other tools can read: dates as ISO 8601, enums as their stored value, binary data as
the name of a part of the zip)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import JSON, Boolean, Date, DateTime, Enum, Float, Integer, LargeBinary, String

from facilitation.plaintext import strip_illegal


class BadValue(ValueError):
    """A value of the wrong kind for its column; the message says what was expected."""


def to_json(column, value):
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def kind_of(column) -> str:
    """The JSON kind a column's values take, as the schema documents it."""
    sql_type = column.type
    for cls, kind in (
        (LargeBinary, "part"),
        (JSON, "json"),
        (Boolean, "boolean"),
        (DateTime, "datetime"),
        (Date, "date"),
        (Float, "number"),
        (Integer, "integer"),
        (Enum, "string"),
        (String, "string"),
    ):
        if isinstance(sql_type, cls):
            return kind
    return "string"


def from_json(column, value):
    """The database value for an archived one; raises :class:`BadValue`."""
    if value is None:
        if not column.nullable and not column.primary_key:
            raise BadValue(_("a value is required"))
        return None
    kind = kind_of(column)
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise BadValue(_("a whole number was expected"))
        if abs(value) >= 2**63:
            raise BadValue(_("the number is too large"))
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise BadValue(_("a number was expected"))
        return float(value)
    if kind == "boolean":
        if not isinstance(value, bool):
            raise BadValue(_("true or false was expected"))
        return value
    if kind in ("datetime", "date"):
        if not isinstance(value, str):
            raise BadValue(_("a date was expected"))
        try:
            return (datetime if kind == "datetime" else date).fromisoformat(value)
        except ValueError:
            raise BadValue(_("a date was expected")) from None
    if kind == "json":
        return value
    if kind == "part":
        if not isinstance(value, str):
            raise BadValue(_("the name of a file in the archive was expected"))
        return value
    if not isinstance(value, str):
        raise BadValue(_("text was expected"))
    text = strip_illegal(value)
    if isinstance(column.type, Enum):
        if text not in column.type.enums:
            raise BadValue(_("one of the known values was expected"))
    elif column.type.length is not None and len(text) > column.type.length:
        raise BadValue(_("text longer than %(num)d characters", num=column.type.length))
    return text
