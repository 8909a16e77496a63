"""Forms of the drafting pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from .blocks import BLOCKS
from .models import DRAFT_KIND_LABELS, SECTION_STATUS_LABELS


def choices(pairs) -> list[SelectChoice]:
    """WTForms 3.3 deprecates (value, label) tuples."""
    return [SelectChoice(value, label) for value, label in pairs]


class DraftForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Give the draft a title.")), Length(max=200)],
    )
    kind = SelectField(
        _l("Kind of document"),
        choices=choices((k.value, label) for k, label in DRAFT_KIND_LABELS.items()),
    )
    outline = TextAreaField(
        _l("Outline"),
        description=_l(
            "One section title per line. Each becomes a heading of the draft. Leave it empty "
            "for a policy document: it starts from the national-policy outline."
        ),
        validators=[Optional(), Length(max=5000)],
    )
    submit = SubmitField(_l("Create the draft"))


class SectionForm(FlaskForm):
    title = StringField(
        _l("Section title"),
        validators=[DataRequired(_l("Give the section a title.")), Length(max=200)],
    )
    organisation_id = SelectField(_l("Drafting institution"), coerce=int, default=0)
    drafter_id = SelectField(_l("Drafting person"), coerce=int, default=0)
    reviewer_id = SelectField(_l("Reviewer"), coerce=int, default=0)
    status = SelectField(
        _l("Status"),
        choices=choices((s.value, label) for s, label in SECTION_STATUS_LABELS.items()),
    )
    submit = SubmitField(_l("Save the section"))


class VersionForm(FlaskForm):
    name = StringField(
        _l("Version name"),
        description=_l("For example: v0.3 for the round table."),
        validators=[DataRequired(_l("Name the version.")), Length(max=120)],
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Save this version"))


class CommentReplyForm(FlaskForm):
    body = TextAreaField(
        _l("Reply"), validators=[DataRequired(_l("Write the reply first.")), Length(max=5000)]
    )
    submit = SubmitField(_l("Reply"))


class BlockForm(FlaskForm):
    kind = SelectField(
        _l("Block"), choices=choices((key, label) for key, (label, _builder) in BLOCKS.items())
    )
    submit = SubmitField(_l("Insert or refresh"))
