"""Forms of the planning pages. Messages are for officials, not engineers."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    FloatField,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from facilitation import dates
from facilitation.date_field import DayField
from facilitation.forms import NotBefore
from policycycle.models import INSTRUMENT_CRITERIA, ActionStatus, CostKind, InstrumentKind


def as_choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices; a None value becomes the empty choice."""
    return [SelectChoice("" if value is None else str(value), label) for value, label in pairs]


def _int_or_none(value):
    if value in (None, "", "None"):
        return None
    return int(value)


FEASIBILITY_CHOICES = [
    ("", _l("not rated")),
    ("1", _l("1 – not feasible")),
    ("2", "2"),
    ("3", _l("3 – feasible with effort")),
    ("4", "4"),
    ("5", _l("5 – fully feasible")),
]
MONEY = [Optional(), NumberRange(min=0, message=_l("A cost cannot be negative."))]


class NumberField(FloatField):
    """A float field whose refusal reads plainly; accepts a comma as decimal mark, and
    shows whole numbers without ".0"."""

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if isinstance(self.data, float) and self.data.is_integer():
            return str(int(self.data))
        return super()._value()

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip():
            text = valuelist[0].strip().replace(" ", "").replace(",", ".")
            try:
                self.data = float(text)
            except ValueError:
                self.data = None
                raise ValueError(_l("Enter a number, e.g. 25000 or 12.5.")) from None
        else:
            self.data = None


class YearField(IntegerField):
    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip():
            try:
                self.data = int(valuelist[0].strip())
            except ValueError:
                self.data = None
                raise ValueError(_l("Give a year such as 2027.")) from None
        else:
            self.data = None


class MonthOrDateField(StringField):
    """A date or only a month (plans are often written by month): "2027-03-15",
    "2027-03" or "03/2027". ``data`` is a date, ``precision`` "day" or "month"."""

    def __init__(self, label=None, validators=None, *, end: bool = False, **kwargs):
        kwargs.setdefault(
            "render_kw", {"placeholder": _l("e.g. 2027-03 or 2027-03-15"), "inputmode": "numeric"}
        )
        super().__init__(label, validators, **kwargs)
        self.end = end
        self.precision = dates.DAY

    def process_data(self, value):
        self.data = value if isinstance(value, date) else None

    def process_formdata(self, valuelist):
        self.data, self.precision = None, dates.DAY
        if valuelist and valuelist[0].strip():
            try:
                self.data, self.precision = dates.parse(valuelist[0], end=self.end)
            except ValueError:
                raise ValueError(
                    _l("Give a date such as 2027-03-15, or a month such as 2027-03.")
                ) from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return dates.as_input(self.data, self.precision)


def _feasibility(label):
    return SelectField(
        label,
        choices=as_choices(FEASIBILITY_CHOICES),
        coerce=_int_or_none,
        validators=[Optional()],
        validate_choice=True,
    )


class OptionForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Give the option a short title.")),
            Length(max=300, message=_l("Keep the title under 300 characters.")),
        ],
    )
    description = TextAreaField(_l("What the option does"))
    cost_one_off = NumberField(_l("One-off cost"), validators=MONEY)
    cost_recurrent = NumberField(_l("Recurrent cost per year"), validators=MONEY)
    cost_bearers = TextAreaField(_l("Who bears the costs"))
    benefits = TextAreaField(_l("Benefits"))
    beneficiaries = TextAreaField(_l("Who gains"))
    feasibility_legal = _feasibility(_l("Legal"))
    feasibility_technical = _feasibility(_l("Technical"))
    feasibility_institutional = _feasibility(_l("Institutional"))
    feasibility_financial = _feasibility(_l("Financial"))
    feasibility_political = _feasibility(_l("Political"))
    feasibility_note = TextAreaField(_l("Notes on feasibility"))
    assumptions = TextAreaField(_l("Assumptions"))
    risks = TextAreaField(_l("Risks"))
    submit = SubmitField(_l("Save the option"))


class DiscardForm(FlaskForm):
    reason = TextAreaField(
        _l("Why is this option discarded?"),
        validators=[DataRequired(_l("Say why the option is discarded; the reason is kept."))],
    )
    submit = SubmitField(_l("Discard the option"))


class PreferForm(FlaskForm):
    rationale = TextAreaField(
        _l("Why is this the preferred option?"),
        validators=[DataRequired(_l("Explain why this option is preferred."))],
    )
    submit = SubmitField(_l("Make it the preferred option"))


class CriterionForm(FlaskForm):
    name = StringField(
        _l("Criterion"),
        validators=[
            DataRequired(_l("Give the criterion a name.")),
            Length(max=120, message=_l("Keep the name under 120 characters.")),
        ],
    )
    description = TextAreaField(_l("What it measures"))
    weight = NumberField(
        _l("Weight"),
        validators=[
            DataRequired(_l("The weight must be a number above zero.")),
            NumberRange(min=0.01, max=1000, message=_l("The weight must be a number above zero.")),
        ],
        description=_l(
            "Relative importance, e.g. 1 to 5. Totals use weights relative to their sum."
        ),
    )
    weight_note = StringField(_l("How the weight was agreed"), validators=[Length(max=2000)])
    submit = SubmitField(_l("Save the criterion"))


class InstrumentForm(FlaskForm):
    option_id = SelectField(
        _l("Preferred option it implements"),
        coerce=_int_or_none,
        validators=[Optional()],
    )
    objective_id = SelectField(
        _l("Or: the specific objective it serves directly"),
        coerce=_int_or_none,
        validators=[Optional()],
        description=_l("When no options were analysed for that objective."),
    )
    kind = SelectField(
        _l("Kind"),
        choices=as_choices(InstrumentKind.choices()),
        validators=[DataRequired(_l("Choose one of the four kinds of instrument."))],
    )
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Give the instrument a short title.")),
            Length(max=300, message=_l("Keep the title under 300 characters.")),
        ],
    )
    description = TextAreaField(_l("Description"))
    policy_area = StringField(
        _l("Policy area"),
        validators=[Length(max=200)],
        description=_l(
            "e.g. labour migration, diaspora engagement. "
            "Compared with the lead institution's mandate."
        ),
    )
    lead_organisation_id = SelectField(
        _l("Lead institution"), coerce=_int_or_none, validators=[Optional()]
    )
    legal_basis = TextAreaField(_l("Legal basis needed"))
    resources = TextAreaField(_l("Resources"))
    cost = NumberField(_l("Estimated cost"), validators=MONEY)
    time_to_effect = StringField(
        _l("Time to effect"),
        validators=[Length(max=120)],
        description=_l("e.g. 18 months after adoption"),
    )
    submit = SubmitField(_l("Save the instrument"))


class InstrumentScoresForm(FlaskForm):
    submit = SubmitField(_l("Save the scores"))


for _key, _label in INSTRUMENT_CRITERIA:
    setattr(
        InstrumentScoresForm,
        _key,
        SelectField(
            _label,
            choices=as_choices([("", _l("not scored"))] + [(str(i), str(i)) for i in range(1, 6)]),
            coerce=_int_or_none,
            validators=[Optional()],
        ),
    )
    setattr(
        InstrumentScoresForm, f"{_key}_note", StringField(_l("Note"), validators=[Length(max=1000)])
    )


class CostLineForm(Form):
    """One year of an activity's cost (a sub-form: the page's CSRF token covers it)."""

    # Checked in validate_year: a blank year is fine on a blank line only.
    year = YearField(_l("Year"))
    kind = SelectField(_l("Kind of cost"), choices=as_choices(CostKind.choices()))
    amount = NumberField(_l("Cost"), validators=MONEY)
    secured = NumberField(
        _l("Secured"),
        validators=[
            Optional(),
            NumberRange(min=0, message=_l("Secured funding cannot be negative.")),
        ],
    )

    def validate_secured(self, field):
        if field.data and (self.amount.data or 0) < field.data:
            raise ValidationError(_l("The secured funding is larger than the cost of that year."))

    def validate_year(self, field):
        if field.data is None:
            if self.amount.data or self.secured.data:
                raise ValidationError(_l("Give the year of this cost."))
        elif not 1990 <= field.data <= 2100:
            raise ValidationError(_l("Give a year such as 2027."))


END_BEFORE_START = _l("The end date comes before the start date.")
TARGET_BEFORE = _l("The target year comes before the baseline year.")


class ActionForm(FlaskForm):
    objective_id = SelectField(
        _l("Operational objective"),
        coerce=_int_or_none,
        validators=[DataRequired(_l("Choose the objective it serves."))],
    )
    instrument_id = SelectField(
        _l("Instrument it implements"), coerce=_int_or_none, validators=[Optional()]
    )
    title = TextAreaField(
        _l("Activity"), validators=[DataRequired(_l("Describe the activity in a few words."))]
    )
    output = TextAreaField(_l("Output"))
    code = StringField(
        _l("Code"),
        validators=[Length(max=30, message=_l("Keep the code under 30 characters."))],
        description=_l("Leave empty for the code that follows the plan (e.g. A1.1.1)."),
    )
    start_date = MonthOrDateField(_l("Start (month or date)"), validators=[Optional()])
    end_date = MonthOrDateField(
        _l("End (month or date)"),
        validators=[Optional(), NotBefore("start_date", END_BEFORE_START)],
        end=True,
    )
    milestones = TextAreaField(_l("Milestones"))
    depends_on = SelectMultipleField(_l("Depends on"), coerce=int, validators=[Optional()])
    indicator_name = StringField(_l("Indicator"))
    indicator_unit = StringField(_l("Unit"), validators=[Length(max=60)])
    indicator_baseline_value = NumberField(_l("Baseline value"), validators=[Optional()])
    indicator_baseline_year = YearField(_l("Baseline year"), validators=[Optional()])
    indicator_target_value = NumberField(_l("Target value"), validators=[Optional()])
    indicator_target_year = YearField(
        _l("Target year"),
        validators=[Optional(), NotBefore("indicator_baseline_year", TARGET_BEFORE)],
    )
    indicator_means_of_verification = TextAreaField(_l("Means of verification"))
    cost = NumberField(
        _l("Estimated cost"),
        validators=MONEY,
        description=_l("One figure for the whole activity; the cost lines replace it."),
    )
    costs = FieldList(FormField(CostLineForm), min_entries=0)
    funding_source = StringField(
        _l("Funding source"),
        validators=[Length(max=300)],
        description=_l("e.g. State budget (Ministry of Interior), EU Migration Partnership"),
    )
    assumptions = TextAreaField(_l("Assumptions"))
    risks = TextAreaField(_l("Risks"))
    status = SelectField(_l("Status"), choices=as_choices(ActionStatus.choices()))
    raci = HiddenField()  # carries the RACI grid's error message
    submit = SubmitField(_l("Save the activity"))

    def indicator_data(self) -> dict:
        return {
            key: getattr(self, f"indicator_{key}").data
            for key in (
                "name",
                "unit",
                "baseline_value",
                "baseline_year",
                "target_value",
                "target_year",
                "means_of_verification",
            )
        }

    def cost_lines(self) -> list[dict]:
        return [
            {
                "year": entry.form.year.data,
                "kind": entry.form.kind.data,
                "amount": entry.form.amount.data,
                "secured": entry.form.secured.data,
            }
            for entry in self.costs
        ]


class MonitoringForm(FlaskForm):
    reported_on = DayField(
        _l("Date"), validators=[DataRequired(_l("Give the date of the update."))]
    )
    status = SelectField(_l("Status"), choices=as_choices(ActionStatus.choices()))
    current_value = NumberField(_l("Current value of the indicator"), validators=[Optional()])
    comment = TextAreaField(_l("Comment"))
    submit = SubmitField(_l("Add the update"))


class ConfirmDeleteForm(FlaskForm):
    submit = SubmitField(_l("Delete"))
