"""A select whose long option list is rendered once per request and shared by every field
that uses the same choices (a row of members, the two ends of a tie).

WTForms renders each option through ``html_params`` and escaping; 2,000 institutions in
nine member rows made 18,000 options and 1.7 s of a page. Here the options are escaped
once, and each field only marks its own value as selected.
"""

from __future__ import annotations

from flask import g
from markupsafe import Markup, escape
from wtforms.widgets import html_params


def _options_html(choices: list) -> str:
    cache = g.setdefault("_shared_select_options", {})
    # Keyed by the list's identity, holding the list so the id is not reused.
    cached = cache.get(id(choices))
    if cached is None or cached[0] is not choices:
        html = "".join(
            f'<option value="{escape(value)}">{escape(label)}</option>'
            for value, label in choices
        )
        cached = cache[id(choices)] = (choices, html)
    return cached[1]


class SharedOptionsSelect:
    """Drop-in widget for a ``SelectField`` whose ``choices`` is a list of (value, label)."""

    def __call__(self, field, **kwargs) -> Markup:
        kwargs.setdefault("id", field.id)
        if field.flags.required:
            kwargs.setdefault("required", True)
        options = _options_html(field.choices)
        if field.data is not None:
            plain = f'<option value="{escape(field.data)}">'
            options = options.replace(plain, f'<option selected value="{escape(field.data)}">', 1)
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")
