from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from facilitation.date_field import DayField

from .models import Decision


class EndorsementForm(FlaskForm):
    body = StringField(
        _l("Endorsing body"),
        description=_l("For example: core working group, validation round table, cabinet"),
        validators=[
            DataRequired(_l("Name the body that took the decision.")),
            Length(max=200, message=_l("Keep it under 200 characters.")),
        ],
    )
    decision = SelectField(_l("Decision"), choices=lambda: [(d.value, d.label) for d in Decision])
    decided_on = DayField(
        _l("Date of the decision"), validators=[DataRequired(_l("Give the date of the decision."))]
    )
    reference = StringField(
        _l("Reference"),
        description=_l("Decision number, minutes or letter reference"),
        validators=[Optional(), Length(max=200, message=_l("Keep it under 200 characters."))],
    )
    version_label = StringField(
        _l("Version of the draft"),
        description=_l("The named version that was presented, e.g. v1.0 for cabinet"),
        validators=[Optional(), Length(max=120, message=_l("Keep it under 120 characters."))],
    )
    note = TextAreaField(
        _l("Conditions or requested changes"),
        validators=[Optional(), Length(max=5000, message=_l("Keep it under 5,000 characters."))],
    )
    submit = SubmitField(_l("Record the decision"))
