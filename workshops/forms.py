"""Forms for planning a session, joining it and evaluating it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from facilitation.date_field import DayField

from . import rules
from .models import ActivityKind, CycleTarget, Sex


class WorkshopForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Give the session a title.")),
            Length(max=200, message=_l("Keep the title under 200 characters.")),
        ],
    )
    session_date = DayField(
        _l("Date"), validators=[DataRequired(_l("Enter the date as year-month-day."))]
    )
    venue = StringField(
        _l("Venue"),
        validators=[Length(max=200, message=_l("Keep the venue under 200 characters."))],
    )
    purpose = TextAreaField(
        _l("Purpose"),
        validators=[Length(max=2000, message=_l("Keep the purpose short."))],
        description=_l("One or two sentences on what the session should produce."),
    )
    submit = SubmitField(_l("Save the session"))


def _coerce_optional_int(value):
    try:
        return int(value) if value not in (None, "", "0") else None
    except (TypeError, ValueError):
        return None


class AgendaItemForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Give the agenda item a title.")),
            Length(max=200, message=_l("Keep the title under 200 characters.")),
        ],
    )
    duration_minutes = IntegerField(
        _l("Duration (minutes)"),
        default=20,
        validators=[
            InputRequired(_l("Enter the duration in minutes.")),
            NumberRange(1, 480, message=_l("Between 1 and 480 minutes.")),
        ],
    )
    kind = SelectField(
        _l("Activity"), choices=ActivityKind.choices, default=ActivityKind.BRAINSTORM.value
    )
    feeds = SelectField(
        _l("Feeds this part of the cycle"),
        choices=CycleTarget.choices,
        default=CycleTarget.NONE.value,
    )
    anonymous = BooleanField(_l("Anonymous ideas (names are never shown)"))
    dots = IntegerField(
        _l("Dots per participant"),
        default=3,
        validators=[Optional(), NumberRange(1, 20, message=_l("Between 1 and 20 dots."))],
    )
    max_per_choice = IntegerField(
        _l("Most dots on one choice"),
        default=2,
        validators=[Optional(), NumberRange(1, 20, message=_l("Between 1 and 20 dots."))],
    )
    source_item_id = SelectField(
        _l("Vote on the ideas of"),
        coerce=_coerce_optional_int,
        validate_choice=False,
        description=_l(
            "Leave empty to vote on what the process already holds for this part "
            "of the cycle (for example its instruments or actions)."
        ),
    )
    objective_id = SelectField(
        _l("Specific objective"),
        coerce=_coerce_optional_int,
        validate_choice=False,
        description=_l("Scoring scores the options of this objective against the criteria."),
    )
    statement = TextAreaField(
        _l("Statement or draft clause to test"),
        validators=[Length(max=4000, message=_l("Keep the statement under 4000 characters."))],
    )
    submit = SubmitField(_l("Save the agenda item"))


class JoinForm(FlaskForm):
    name = StringField(
        _l("Your name"),
        validators=[
            DataRequired(_l("Enter your name.")),
            Length(max=rules.MAX_NAME, message=_l("Keep the name under 120 characters.")),
        ],
    )
    institution = StringField(
        _l("Your institution"),
        validators=[
            Length(
                max=rules.MAX_INSTITUTION, message=_l("Keep the institution under 200 characters.")
            )
        ],
        description=_l("Pick it from the list or type it."),
    )
    sex = RadioField(
        _l("Sex (optional, for the attendance record)"),
        choices=Sex.choices,
        default=Sex.NOT_STATED.value,
        validators=[Optional()],
    )
    submit = SubmitField(_l("Join the session"))


class CodeForm(FlaskForm):
    code = StringField(
        _l("Session code"), validators=[DataRequired(_l("Enter the code shown on the screen."))]
    )
    submit = SubmitField(_l("Continue"))


class ResumeForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])


def _rating_field(label):
    return RadioField(
        label,
        choices=[
            SelectChoice(str(n), str(n)) for n in range(rules.RATING_MIN, rules.RATING_MAX + 1)
        ],
        validators=[DataRequired(_l("Choose a rating from 1 (poor) to 5 (excellent)."))],
    )


class EvaluationForm(FlaskForm):
    relevance = _rating_field(_l("Relevance of the session to your work"))
    usefulness = _rating_field(_l("Usefulness of what was produced"))
    expertise = _rating_field(_l("Quality of the expertise shared"))
    organisation = _rating_field(_l("Organisation of the session"))
    comments = TextAreaField(
        _l("Comments"),
        validators=[
            Length(max=rules.MAX_COMMENT, message=_l("Keep the comments under 2000 characters."))
        ],
    )
    submit = SubmitField(_l("Send my evaluation"))


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Confirm"))


class PhoneLanguageForm(FlaskForm):
    """The language switch on a participant's phone (names in their own language)."""

    language = SelectField(
        _l("Language"),
        choices=[
            SelectChoice(code, name)
            for code, name in (
                ("en", "English"),
                ("fr", "Français"),
                ("es", "Español"),
                ("pt", "Português"),
            )
        ],
    )
    back = HiddenField(default="/w/")
    submit = SubmitField(_l("Change"))
