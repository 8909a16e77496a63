"""Forms of the stakeholders pages. Choices that depend on the process are filled by the
views (``organisation_choices``); messages speak to officials."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from facilitation.date_field import DayField
from facilitation.forms import NotBefore
from facilitation.models import CATEGORY_LABELS, LEVEL_LABELS
from facilitation.shared_select import SharedOptionsSelect
from facilitation.stages import STAGES

from .assessment import ENGAGEMENT_LABELS
from .models import COMMITMENT_LABELS, DISPOSITION_LABELS, METHOD_LABELS, TIE_LABELS


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(key.value, label) for key, label in labels.items()]


def _score(label, low=1, high=5):
    return IntegerField(
        label,
        validators=[
            DataRequired(_l("Give a score from %(low)d to %(high)d.", low=low, high=high)),
            NumberRange(
                low, high, _l("The score must be from %(low)d to %(high)d.", low=low, high=high)
            ),
        ],
    )


def _optional_score(label):
    """A 1-5 score that may be left empty: "not assessed"."""
    return IntegerField(
        label,
        validators=[
            Optional(),
            NumberRange(1, 5, _l("The score must be from %(low)d to %(high)d.", low=1, high=5)),
        ],
        description=_l("Leave empty if not assessed."),
    )


class OrganisationForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Enter the organisation's name.")),
            Length(max=200, message=_l("Keep the name under 200 characters.")),
        ],
    )
    acronym = StringField(_l("Acronym"), validators=[Length(max=30)])
    category = SelectField(_l("Category"), choices=_choices(CATEGORY_LABELS))
    level = SelectField(_l("Level"), choices=_choices(LEVEL_LABELS))
    parent_id = SelectField(_l("Part of"), coerce=int, default=0)
    mandate = TextAreaField(_l("Mandate"))
    policy_tags = StringField(
        _l("Policy areas"),
        description=_l("Separate with commas, e.g. labour migration, diaspora, asylum."),
        validators=[Length(max=500)],
    )
    in_core_group = BooleanField(_l("Member of the core group"))
    submit = SubmitField(_l("Save"))


class FocalPointForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter the person's name.")), Length(max=120)]
    )
    role = StringField(_l("Role or title"), validators=[Length(max=120)])
    email = StringField(_l("E-mail"), validators=[Length(max=254)])
    phone = StringField(_l("Phone"), validators=[Length(max=40)])
    started_on = DayField(_l("Focal point since"), validators=[Optional()])
    replaces = SelectField(_l("Replaces"), coerce=int, default=0)
    end_reason = StringField(
        _l("Why the change (e.g. transfer, retirement)"), validators=[Length(max=200)]
    )
    submit = SubmitField(_l("Save focal point"))


class AssessmentForm(FlaskForm):
    assessed_on = DayField(_l("Date of the assessment"), validators=[Optional()])
    power = _score(_l("Power (1-5)"))
    interest = _score(_l("Interest (1-5)"))
    impact = _optional_score(_l("Impact of the policy on them (1-5)"))
    position = IntegerField(
        _l("Position (-2 strongly against … +2 strongly for)"),
        validators=[
            NumberRange(-2, 2, _l("The position must be from -2 to +2.")),
        ],
        default=0,
    )
    legitimacy = _optional_score(_l("Legitimacy of their claim (1-5)"))
    urgency = _optional_score(_l("Urgency of their claim (1-5)"))
    current_engagement = SelectField(
        _l("Current engagement"),
        choices=[SelectChoice("", _l("Not engaged yet")), *_choices(ENGAGEMENT_LABELS)],
    )
    target_engagement = SelectField(_l("Target engagement"), choices=_choices(ENGAGEMENT_LABELS))
    note = TextAreaField(_l("Reasoning"))
    submit = SubmitField(_l("Record assessment"))


class TieForm(FlaskForm):
    source_id = SelectField(_l("From"), coerce=int, widget=SharedOptionsSelect())
    type = SelectField(_l("Type of tie"), choices=_choices(TIE_LABELS))
    target_id = SelectField(_l("To"), coerce=int, widget=SharedOptionsSelect())
    mutual = BooleanField(_l("Both ways (mutual)"))
    strength = SelectField(
        _l("Strength"),
        coerce=int,
        default=2,
        choices=[
            SelectChoice(1, _l("1 - weak")),
            SelectChoice(2, _l("2 - medium")),
            SelectChoice(3, _l("3 - strong")),
        ],
    )
    note = StringField(_l("Note"), validators=[Length(max=300)])
    submit = SubmitField(_l("Add tie"))


class ConsultationForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Give the consultation a title.")), Length(max=200)],
    )
    stage = SelectField(_l("Stage"), choices=[SelectChoice(s.key, s.label) for s in STAGES])
    method = SelectField(_l("Method"), choices=_choices(METHOD_LABELS))
    participation_level = SelectField(
        _l("Participation level"), choices=_choices(ENGAGEMENT_LABELS), default="consult"
    )
    purpose = TextAreaField(_l("Purpose"))
    questions = TextAreaField(_l("Questions asked"))
    target_groups = StringField(_l("Target groups"), validators=[Length(max=500)])
    starts_on = DayField(_l("From"), validators=[Optional()])
    ends_on = DayField(
        _l("To"),
        validators=[
            Optional(),
            NotBefore("starts_on", _l("The end date is before the start date.")),
        ],
    )
    responsible = StringField(_l("Responsible"), validators=[Length(max=200)])
    held = BooleanField(_l("Held (not only planned)"))
    topics = TextAreaField(_l("Topics discussed"))
    sections = TextAreaField(_l("Artefacts or draft sections discussed"))
    minutes = TextAreaField(lazy_pgettext("meeting notes", "Minutes"))
    attendance_women = IntegerField(
        _l("Women (whole event)"),
        validators=[
            Optional(),
            NumberRange(0, 100000, _l("Write a number of people (0 or more).")),
        ],
    )
    attendance_men = IntegerField(
        _l("Men (whole event)"),
        validators=[
            Optional(),
            NumberRange(0, 100000, _l("Write a number of people (0 or more).")),
        ],
    )
    attendance_other = IntegerField(
        _l("Other or not stated (whole event)"),
        validators=[
            Optional(),
            NumberRange(0, 100000, _l("Write a number of people (0 or more).")),
        ],
    )
    submit = SubmitField(_l("Save consultation"))


class ParticipantForm(FlaskForm):
    organisation_id = SelectField(_l("Organisation"), coerce=int)
    women = IntegerField(
        _l("Women"),
        default=0,
        validators=[Optional(), NumberRange(0, 10000, _l("Write a number of people (0 or more)."))],
    )
    men = IntegerField(
        _l("Men"),
        default=0,
        validators=[Optional(), NumberRange(0, 10000, _l("Write a number of people (0 or more)."))],
    )
    other = IntegerField(
        _l("Other or not stated"),
        default=0,
        validators=[Optional(), NumberRange(0, 10000, _l("Write a number of people (0 or more)."))],
    )
    submit = SubmitField(_l("Add or update"))


class InputForm(FlaskForm):
    organisation_id = SelectField(_l("From organisation"), coerce=int)
    consultation_id = SelectField(_l("Received at"), coerce=int, default=0)
    text = TextAreaField(
        _l("What they said"), validators=[DataRequired(_l("Write what the stakeholder said."))]
    )
    concerns = StringField(_l("Artefact or draft section concerned"), validators=[Length(max=200)])
    disposition = SelectField(
        _l("Decision"),
        choices=[SelectChoice("", _l("Not decided yet")), *_choices(DISPOSITION_LABELS)],
    )
    justification = TextAreaField(_l("What we did and why"))
    feedback_sent_on = DayField(_l("Feedback sent on"), validators=[Optional()])
    submit = SubmitField(_l("Save input"))


class CommitmentForm(FlaskForm):
    text = TextAreaField(
        _l("What was promised"), validators=[DataRequired(_l("Write what was promised."))]
    )
    organisation_id = SelectField(_l("To organisation"), coerce=int, default=0)
    consultation_id = SelectField(_l("Made at"), coerce=int, default=0)
    responsible = StringField(_l("Responsible"), validators=[Length(max=200)])
    status = SelectField(_l("Status"), choices=_choices(COMMITMENT_LABELS))
    due_on = DayField(_l("Due on"), validators=[Optional()])
    submit = SubmitField(_l("Save commitment"))


class ImportForm(FlaskForm):
    kind = SelectField(
        _l("The file lists"),
        choices=[
            SelectChoice("organisations", _l("Organisations")),
            SelectChoice("ties", _l("Ties between organisations")),
        ],
    )
    file = FileField(
        _l("CSV or Excel file"),
        validators=[
            FileRequired(_l("Choose a file.")),
            FileAllowed(["csv", "xlsx", "txt"], _l("Upload a .csv or .xlsx file.")),
        ],
    )
    submit = SubmitField(_l("Read the file"))


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Confirm"))
