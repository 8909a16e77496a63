"""Crafted input is refused as a 400 or 404, never a 500.

- ``<int:...>`` in every URL is bounded to a 32-bit signed integer (PostgreSQL's
  ``integer``; SQLite overflows past 64 bits): a larger id cannot exist, so it does not
  match the route and the app answers 404.
- JSON nested deeper than Python's recursion limit is a malformed body (400), like any
  other JSON that does not parse.
- ``bounded_int`` (a ``type=`` for ``request.args.get``) reads a whole-number query or
  form value within the same range.
"""

from __future__ import annotations

from flask import abort, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


class BoundedJSONProvider(DefaultJSONProvider):
    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError as exc:  # werkzeug turns ValueError into a 400
            raise ValueError("JSON nested too deeply") from exc


def bounded_int(value) -> int:
    """``int(value)`` for a whole number a database id can hold, else ``ValueError``
    (so ``request.args.get(key, default, type=bounded_int)`` falls back to the default)."""
    number = int(value)
    if not -MAX_ID - 1 <= number <= MAX_ID:
        raise ValueError("out of range")
    return number


def _json_body_is_an_object() -> None:
    """Every JSON body the app accepts is an object (the comment API; Flask-WTF reads a
    JSON body as form data): an array, a string or malformed JSON is a 400 here."""
    writes = request.method in ("POST", "PUT", "PATCH", "DELETE")
    if writes and request.is_json and not isinstance(request.get_json(silent=True), dict):
        abort(400)


def init_app(app) -> None:
    """Call before any blueprint is registered: rules pick their converters when added."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.json_provider_class = BoundedJSONProvider
    app.json = BoundedJSONProvider(app)
    app.before_request(_json_body_is_an_object)
