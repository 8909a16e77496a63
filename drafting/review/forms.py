"""Forms of the Word review page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from facilitation.models import CATEGORY_LABELS

from ..forms import choices


class ReviewImportForm(FlaskForm):
    file = FileField(
        _l("Returned Word file (.docx)"),
        validators=[FileRequired(_l("Choose the returned Word file (.docx) to upload."))],
        description=_l("The review copy with the reviewer's comments and tracked changes."),
        render_kw={"accept": ".docx"},
    )
    reviewer = StringField(
        _l("Reviewer"),
        validators=[DataRequired(_l("Write the name of the person who reviewed the draft."))],
    )
    organisation = StringField(
        _l("Organisation"),
        validators=[DataRequired(_l("Write the organisation the reviewer writes for."))],
        description=_l("Added to the stakeholder registry if it is not listed yet."),
    )
    category = SelectField(
        _l("Kind of organisation (if new)"),
        choices=choices((key.value, label) for key, label in CATEGORY_LABELS.items()),
        default="ministry",
    )
    submit = SubmitField(_l("Import comments and changes"))


class RejectForm(FlaskForm):
    reason = TextAreaField(
        _l("Why the group rejects it"),
        validators=[
            DataRequired(_l("Say why the group rejects it: the reviewer is owed a reason.")),
            Length(max=2000),
        ],
    )
