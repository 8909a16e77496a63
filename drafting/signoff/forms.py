"""Forms of the sign-off pages. They refuse only malformed input; the services say what
a position needs (a reason for a reservation or an objection)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from ..forms import choices
from .models import STANCE_LABELS, STATUS_LABELS
from .services import RESOLUTIONS

_LONG = Length(max=5000, message=_l("Keep it under 5,000 characters."))


class SignoffForm(FlaskForm):
    section_key = SelectField(_l("Section"), validate_choice=False)
    organisation_id = SelectField(_l("Institution"), validate_choice=False)
    stance = RadioField(
        _l("Position"),
        choices=choices((k.value, label) for k, label in STANCE_LABELS.items()),
        validate_choice=False,
    )
    reason = TextAreaField(
        _l("Reason"),
        description=_l("Needed for a reservation or an objection."),
        validators=[Optional(), _LONG],
    )
    proposed_wording = TextAreaField(
        _l("Proposed wording (optional)"),
        description=_l("The text the institution would accept instead."),
        validators=[Optional(), _LONG],
    )
    submit = SubmitField(_l("Record the position"))


class ResolveForm(FlaskForm):
    status = SelectField(
        _l("Outcome"),
        choices=choices((s.value, STATUS_LABELS[s]) for s in RESOLUTIONS),
        validate_choice=False,
    )
    resolution = TextAreaField(
        _l("How it was resolved"),
        description=_l("For example: the text now reads …; the ministry withdrew it by letter."),
        validators=[Optional(), _LONG],
    )
    decision_reference = StringField(
        _l("Reference of the decision"),
        description=_l("Needed when a decision overrules it: minutes, letter or number."),
        validators=[Optional(), Length(max=200, message=_l("Keep it under 200 characters."))],
    )
    submit = SubmitField(_l("Record the outcome"))
