"""Forms of the evidence pages. Choices that point at process objects are checked by the
services (``in_process``), so a foreign id gets a plain message instead of a generic one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput

from facilitation.checkbox_list import QuickCheckboxList
from facilitation.date_field import DayField
from facilitation.shared_select import SharedOptionsSelect

from .catalogue import (
    SCORE_LABELS,
    STANDARD_VARIABLES,
    Access,
    Dimension,
    DocumentKind,
    Periodicity,
    SharingAgreement,
    SourceType,
)


def _coerce_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class CheckboxesField(SelectMultipleField):
    widget = QuickCheckboxList()
    option_widget = CheckboxInput()


class SourceForm(FlaskForm):
    name = StringField(
        _l("Name of the source"),
        validators=[
            DataRequired(_l("Give the source a name.")),
            Length(max=200, message=_l("Keep the name under 200 characters.")),
        ],
    )
    source_type = SelectField(_l("Type of source"), choices=SourceType.choices)
    owner_id = SelectField(
        _l("Owner institution"),
        coerce=_coerce_int,
        validate_choice=False,
        description=_l("The institution that holds the data, from the stakeholder registry."),
    )
    variables = CheckboxesField(
        _l("Variables available"),
        choices=lambda: [(key, label) for key, label in STANDARD_VARIABLES],
        validate_choice=False,
    )
    other_variables = StringField(
        _l("Other variables"),
        description=_l("Separate them with commas, e.g. remittances, visa type."),
        validators=[Optional(), Length(max=500)],
    )
    migrant_definition = TextAreaField(
        _l("Definition of migrant used"),
        description=_l("E.g. born abroad and resident for at least 12 months."),
    )
    periodicity = SelectField(
        _l("Periodicity"), choices=Periodicity.choices, default=Periodicity.ANNUAL.value
    )
    latest_period = StringField(
        _l("Latest reference period"),
        description=_l("E.g. 2023, or Q2 2025."),
        validators=[Optional(), Length(max=60, message=_l("Keep it under 60 characters."))],
    )
    access = SelectField(
        _l("Access for the lead institution"),
        choices=Access.choices,
        default=Access.ON_REQUEST.value,
    )
    access_conditions = TextAreaField(_l("Access conditions"))
    sharing_agreement = SelectField(
        _l("Data-sharing agreement with the lead institution"),
        choices=SharingAgreement.choices,
        default=SharingAgreement.NONE.value,
    )
    notes = TextAreaField(_l("Notes"))
    submit = SubmitField(_l("Save the source"))

    def service_data(self) -> dict:
        variables = list(self.variables.data or [])
        variables += (self.other_variables.data or "").split(",")
        return {
            "name": self.name.data,
            "source_type": self.source_type.data,
            "owner_id": self.owner_id.data,
            "variables": variables,
            "migrant_definition": self.migrant_definition.data,
            "periodicity": self.periodicity.data,
            "latest_period": self.latest_period.data,
            "access": self.access.data,
            "access_conditions": self.access_conditions.data,
            "sharing_agreement": self.sharing_agreement.data,
            "notes": self.notes.data,
        }


class RatingForm(FlaskForm):
    dimension = SelectField(_l("Quality dimension"), choices=Dimension.choices)
    # Range and presence are checked by the service, which says it plainly.
    score = RadioField(
        _l("Rating"),
        choices=lambda: [(str(k), v) for k, v in SCORE_LABELS.items()],
        validate_choice=False,
    )
    note = TextAreaField(
        _l("Evidence for the rating"),
        description=_l("What the rating rests on: a document, a check, a discussion."),
    )
    rated_on = DayField(_l("Date of the rating"), validators=[Optional()])
    submit = SubmitField(_l("Add the rating"))


class RateAllForm(FlaskForm):
    """The six dimensions on one form; its score and note fields are read by name
    (``score-<dimension>``, ``note-<dimension>``) and checked by the service."""

    rated_on = DayField(_l("Date of the ratings"), validators=[Optional()])


class MappingForm(FlaskForm):
    source_id = SelectField(
        _l("Data source"), coerce=_coerce_int, validate_choice=False, widget=SharedOptionsSelect()
    )
    can_feed = BooleanField(_l("This source can feed the indicator"), default=True)
    notes = StringField(_l("Notes"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Map the source"))


class GapActionForm(FlaskForm):
    title = TextAreaField(
        _l("Title of the data-development activity"),
        validators=[DataRequired(_l("Give the activity a title."))],
    )
    output = TextAreaField(_l("Expected output"))
    objective_id = SelectField(
        _l("Operational objective"), coerce=_coerce_int, validate_choice=False
    )
    lead_id = SelectField(
        _l("Accountable institution"),
        coerce=_coerce_int,
        validate_choice=False,
        description=_l("By default the owner of a mapped source, or the statistics office."),
    )
    responsible_id = SelectField(
        _l("Responsible institution"),
        coerce=_coerce_int,
        validate_choice=False,
        description=_l("The institution that does the work (not the accountable one)."),
    )
    submit = SubmitField(_l("Add the activity to the action plan"))


class DocumentForm(FlaskForm):
    kind = SelectField(_l("Kind of document"), choices=DocumentKind.choices)
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Give the document's title.")),
            Length(max=300, message=_l("Keep the title under 300 characters.")),
        ],
    )
    author = StringField(_l("Author or publisher"), validators=[Optional(), Length(max=200)])
    year = IntegerField(
        _l("Year"),
        validators=[
            Optional(),
            NumberRange(min=1900, max=2100, message=_l("Give the year as four digits.")),
        ],
    )
    reference = StringField(
        _l("Reference or web address"), validators=[Optional(), Length(max=500)]
    )
    notes = TextAreaField(_l("Notes"))
    submit = SubmitField(_l("Save the document"))


class LinkForm(FlaskForm):
    claim = SelectField(_l("Claim"), validate_choice=False)
    cited = SelectField(_l("Cites"), validate_choice=False)
    note = StringField(
        _l("What it shows"),
        description=_l("E.g. table 4, page 12."),
        validators=[Optional(), Length(max=500)],
    )
    submit = SubmitField(_l("Add the evidence"))
