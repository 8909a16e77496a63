"""The one-pass checkbox list writes what WTForms' ListWidget writes (issue 18)."""

from __future__ import annotations

import pytest
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.validators import DataRequired
from wtforms.widgets import CheckboxInput, ListWidget

from facilitation.checkbox_list import QuickCheckboxList

CHOICES = [(1, 'S: <strong> & "quoted"'), (2, "W: plain"), (30, ""), (4, "O: l'été")]


def _pair(choices, data, **field_kwargs):
    class Quick(FlaskForm):
        items = SelectMultipleField(
            "Items",
            coerce=int,
            widget=QuickCheckboxList(),
            option_widget=CheckboxInput(),
            **field_kwargs,
        )

    class Reference(FlaskForm):
        items = SelectMultipleField(
            "Items",
            coerce=int,
            widget=ListWidget(prefix_label=False),
            option_widget=CheckboxInput(),
            **field_kwargs,
        )

    quick, reference = Quick(meta={"csrf": False}), Reference(meta={"csrf": False})
    for form in (quick, reference):
        form.items.choices = choices
        form.items.data = data
    return quick.items, reference.items


@pytest.mark.parametrize("data", [None, [], [2], [1, 30, 4]])
def test_renders_byte_for_byte_what_wtforms_renders(app, data):
    with app.test_request_context():
        quick, reference = _pair(CHOICES, data)
        attrs = {"aria-describedby": "items-hint", "aria-invalid": "false"}
        assert str(quick(**attrs)) == str(reference(**attrs))
        assert str(quick()) == str(reference())


def test_falls_back_to_wtforms_for_what_it_does_not_write(app):
    with app.test_request_context():
        quick, reference = _pair(CHOICES, [2], validators=[DataRequired()])
        assert "required" in str(quick())
        assert str(quick()) == str(reference())
        quick, reference = _pair(CHOICES, [2], render_kw={"class": "x"})
        assert str(quick()) == str(reference())
