"""A select whose long option list is rendered once per request and shared by every field
that uses the same choices (a row of members, the two ends of a tie).

WTForms renders each option through ``html_params`` and escaping; 2,000 institutions in
nine member rows made 18,000 options and 1.7 s of a page. Here the options are escaped
once, and each field only marks its own value as selected.
"""

from __future__ import annotations

from flask import g
from markupsafe import Markup, escape
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import Select, html_params


def _pairs(choices: list) -> list[tuple] | None:
    """(value, label) for plain choices; None when one has attributes or an optgroup."""
    pairs = []
    for choice in choices:
        if isinstance(choice, SelectChoice):
            if choice.render_kw or choice.optgroup:
                return None
            pairs.append((choice.value, choice.label))
        else:
            pairs.append((choice[0], choice[1]))
    return pairs


def _options(choices: list) -> tuple[str, list[tuple]] | None:
    """(the options' HTML, the (value, label) pairs), once per request and list."""
    cache = g.setdefault("_shared_select_options", {})
    # Keyed by the list's identity, holding the list so the id is not reused.
    cached = cache.get(id(choices))
    if cached is None or cached[0] is not choices:
        pairs = _pairs(choices)
        found = (
            None
            if pairs is None
            else (
                "".join(
                    f'<option value="{escape(value)}">{escape(label)}</option>'
                    for value, label in pairs
                ),
                pairs,
            )
        )
        cached = cache[id(choices)] = (choices, found)
    return cached[1]


def _is_selected(field, value) -> bool:
    """WTForms' own test: the choice's value, coerced, equals the field's data (so a
    "— none —" choice whose value coerces to None is selected when the data is None)."""
    try:
        return field.coerce(value) == field.data
    except (TypeError, ValueError):
        return False


class SharedOptionsSelect:
    """Drop-in widget for a ``SelectField`` whose ``choices`` is a list of (value, label)."""

    def __call__(self, field, **kwargs) -> Markup:
        kwargs.setdefault("id", field.id)
        if field.flags.required:
            kwargs.setdefault("required", True)
        found = _options(field.choices) if isinstance(field.choices, list) else None
        if found is None:
            return Select()(field, **kwargs)
        options, pairs = found
        for value, _label in pairs:
            if _is_selected(field, value):
                plain = f'<option value="{escape(value)}">'
                options = options.replace(plain, f'<option selected value="{escape(value)}">', 1)
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")
