"""Forms of the analysis stages. Choices that depend on the process (institutions,
parents, SWOT items) are filled in by the views; services re-check them."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FloatField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput

from facilitation.checkbox_list import QuickCheckboxList
from facilitation.date_field import DayField
from facilitation.shared_select import SharedOptionsSelect
from policycycle.models import (
    AgendaStatus,
    DriverKind,
    FrameworkKind,
    GapRating,
    NodeKind,
    ObjectiveLevel,
    Quadrant,
    TowsKind,
)

from .prioritisation import DOTS_PER_MEMBER

TEXT_MAX = 5000


def _long(label, required=None, description=None):
    validators = [DataRequired(required)] if required else [Optional()]
    validators.append(Length(max=TEXT_MAX, message=_l("Keep it under 5,000 characters.")))
    return TextAreaField(label, validators=validators, description=description)


def _coerce_int_or_none(value):
    if value in (None, "", "0", 0, "None"):
        return None
    return int(value)


class IssueForm(FlaskForm):
    title = StringField(
        _l("Issue"),
        validators=[
            DataRequired(_l("Give the issue a title.")),
            Length(max=200, message=_l("Keep the title under 200 characters.")),
        ],
    )
    description = _long(_l("Description"))
    evidence = _long(
        _l("Evidence"), description=_l("Figures, reports or sources that show the issue.")
    )
    # Every institution of the registry (2,000 in the large network): options escaped once.
    raised_by_id = SelectField(
        _l("Raised by"),
        coerce=_coerce_int_or_none,
        validate_choice=False,
        widget=SharedOptionsSelect(),
    )
    submit = SubmitField(_l("Save the issue"))


class DriverForm(FlaskForm):
    kind = SelectField(_l("Kind of driver"), choices=DriverKind.choices)
    description = StringField(
        _l("Factor or driver"),
        validators=[
            DataRequired(_l("Describe the factor or driver.")),
            Length(max=TEXT_MAX, message=_l("Keep it under 5,000 characters.")),
        ],
    )
    submit = SubmitField(_l("Add driver"))


class DecisionForm(FlaskForm):
    status = SelectField(_l("Decision"), choices=AgendaStatus.choices)
    reason = _long(_l("Why"), description=_l("The reason is kept with the decision."))
    submit = SubmitField(_l("Record the decision"))


class CriterionForm(FlaskForm):
    name = StringField(
        _l("Criterion"),
        validators=[
            DataRequired(_l("Name the criterion.")),
            Length(max=120, message=_l("Keep the name under 120 characters.")),
        ],
    )
    description = StringField(_l("What it means"), validators=[Optional(), Length(max=TEXT_MAX)])
    weight = FloatField(
        _l("Weight"),
        default=1.0,
        validators=[
            InputRequired(_l("Give the weight as a number.")),
            NumberRange(min=0.1, max=10, message=_l("Give a weight from 0.1 to 10.")),
        ],
    )
    submit = SubmitField(_l("Add criterion"))


class DotsForm(FlaskForm):
    dots = IntegerField(
        _l("My dots on this issue"),
        validators=[
            InputRequired(_l("Give a whole number of dots.")),
            NumberRange(
                min=0, max=DOTS_PER_MEMBER, message=_l("From 0 to %(n)d dots.", n=DOTS_PER_MEMBER)
            ),
        ],
    )
    submit = SubmitField(_l("Save my dots"))


class DotStepForm(FlaskForm):
    """One dot more or less (the register's −/+ buttons); safe to click twice quickly."""

    step = IntegerField(
        validators=[InputRequired(), NumberRange(min=-1, max=1, message=_l("One dot at a time."))]
    )


class RatingForm(FlaskForm):
    """Fields ``c<criterion id>`` are read from the request by the view."""

    submit = SubmitField(_l("Save my ratings"))


class SwotForm(FlaskForm):
    quadrant = SelectField(_l("Quadrant"), choices=Quadrant.choices)
    statement = _long(_l("Statement"), required=_l("Write the statement."))
    evidence = _long(_l("Evidence reference"))
    # Every institution of the registry, as the agenda's "Raised by": options escaped once.
    organisation_id = SelectField(
        _l("From institution"),
        coerce=_coerce_int_or_none,
        validate_choice=False,
        widget=SharedOptionsSelect(),
    )
    submit = SubmitField(_l("Save"))


class MergeForm(FlaskForm):
    duplicate_id = SelectField(
        _l("Duplicate to fold into this item"),
        coerce=_coerce_int_or_none,
        validate_choice=False,
        validators=[DataRequired(_l("Choose the duplicate."))],
    )
    submit = SubmitField(_l("Merge"))


class TowsForm(FlaskForm):
    kind = SelectField(_l("Kind of strategy"), choices=TowsKind.choices)
    text = _long(_l("Strategy"), required=_l("Describe the strategy."))
    swot_item_ids = SelectMultipleField(
        _l("Drawing on"),
        coerce=int,
        validate_choice=False,
        description=_l(
            "Tick the SWOT items the strategy draws on: an SO strategy on "
            "strengths and opportunities, and so on."
        ),
        widget=QuickCheckboxList(),
        option_widget=CheckboxInput(),
    )
    submit = SubmitField(_l("Save"))


class OptionFromTowsForm(FlaskForm):
    objective_id = SelectField(
        _l("Specific objective it serves"),
        coerce=_coerce_int_or_none,
        validate_choice=False,
        validators=[DataRequired(_l("Choose the specific objective."))],
    )
    title = StringField(_l("Title of the option"), validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Make a candidate option"))


class FrameworkItemForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=FrameworkKind.choices)
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Give the title.")),
            Length(max=300, message=_l("Keep it under 300 characters.")),
        ],
    )
    reference = StringField(_l("Reference"), validators=[Optional(), Length(max=300)])
    area = StringField(_l("Area"), validators=[Optional(), Length(max=120)])
    description = _long(_l("Description"))
    submit = SubmitField(_l("Save"))


class GapForm(FlaskForm):
    area = StringField(
        _l("Area"),
        validators=[
            DataRequired(_l("Name the area (for example: labour migration).")),
            Length(max=120),
        ],
    )
    statement = _long(_l("Gap"), required=_l("State the gap."))
    rating = SelectField(_l("Existing framework"), choices=GapRating.choices)
    framework_item_id = SelectField(
        _l("Related law, policy, institution or agreement"),
        coerce=_coerce_int_or_none,
        validate_choice=False,
    )
    submit = SubmitField(_l("Save"))


class CauseFromGapForm(FlaskForm):
    parent_id = SelectField(
        _l("Cause of"),
        coerce=_coerce_int_or_none,
        validate_choice=False,
        validators=[DataRequired(_l("Choose the problem it causes."))],
    )
    submit = SubmitField(_l("Make a cause"))


class NodeForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=NodeKind.choices)
    text = _long(
        _l("Problem"),
        required=_l("Describe the problem."),
        description=_l("Describe an existing negative situation, not a missing solution."),
    )
    parent_id = SelectField(
        _l("Causes or results from"),
        coerce=_coerce_int_or_none,
        validate_choice=False,
        widget=SharedOptionsSelect(),
    )
    evidence = _long(_l("Evidence"))
    submit = SubmitField(_l("Save"))


class StatementForm(FlaskForm):
    nature = _long(_l("Nature of the problem"))
    scale = _long(_l("Scale"), description=_l("How big: figures, trends, geography."))
    affected = _long(_l("Who is affected"))
    drivers = _long(_l("Drivers"))
    baseline = _long(
        _l("Without action (baseline)"),
        description=_l("How the problem evolves if government does nothing."),
    )
    assumptions = _long(_l("Assumptions"))
    why_government = _long(_l("Why government must act"))
    rationale = _long(_l("Rationale of the policy"))
    vision = _long(_l("Vision"))
    evidence = _long(_l("Evidence"))
    submit = SubmitField(_l("Save the problem statement"))


class ObjectiveForm(FlaskForm):
    level = SelectField(_l("Level"), choices=ObjectiveLevel.choices)
    title = _long(_l("Objective"), required=_l("State the objective as a desired situation."))
    description = _long(_l("Description"))
    # One option per objective or problem-tree node: written in one pass (issue 18).
    parent_id = SelectField(
        _l("Contributes to"),
        coerce=_coerce_int_or_none,
        validate_choice=False,
        widget=SharedOptionsSelect(),
    )
    problem_node_id = SelectField(
        _l("Restates the problem"),
        coerce=_coerce_int_or_none,
        validate_choice=False,
        widget=SharedOptionsSelect(),
        description=_l("The cause (or focal problem) of the problem tree this objective answers."),
    )
    code = StringField(
        _l("Code"),
        validators=[
            Optional(),
            Length(max=30, message=_l("Keep the code under 30 characters.")),
        ],
        description=_l("Leave empty for the code that follows the plan (e.g. SO1)."),
    )
    alignment = _long(
        _l("Alignment notes"),
        description=_l("Strategies not in the inventory, or how this objective serves them."),
    )
    submit = SubmitField(_l("Save"))


class AlignmentForm(FlaskForm):
    framework_item_id = SelectField(
        _l("Plan, strategy or agreement"),
        coerce=_coerce_int_or_none,
        validate_choice=False,
        validators=[DataRequired(_l("Choose the plan or strategy."))],
    )
    note = StringField(
        _l("How the objective serves it"),
        validators=[
            Optional(),
            Length(max=TEXT_MAX, message=_l("Keep it under 5,000 characters.")),
        ],
    )
    submit = SubmitField(_l("Add the alignment"))


class SmartForm(FlaskForm):
    specific_ok = BooleanField(_l("Specific: says precisely what is to change, for whom"))
    achievable_ok = BooleanField(_l("Achievable with the resources and mandates at hand"))
    realistic_ok = BooleanField(_l("Realistic given the context and risks"))
    smart_note = _long(_l("Note"))
    submit = SubmitField(_l("Save the SMART check"))


class IndicatorForm(FlaskForm):
    name = StringField(
        _l("Indicator"), validators=[DataRequired(_l("Name the indicator.")), Length(max=TEXT_MAX)]
    )
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=60)])
    baseline_value = FloatField(_l("Baseline value"), validators=[Optional()])
    baseline_year = IntegerField(
        _l("Baseline year"),
        validators=[
            Optional(),
            NumberRange(min=1900, max=2100, message=_l("Give a year such as 2024.")),
        ],
    )
    target_value = FloatField(_l("Target value"), validators=[Optional()])
    target_year = IntegerField(
        _l("Target year"),
        validators=[
            Optional(),
            NumberRange(min=1900, max=2100, message=_l("Give a year such as 2030.")),
        ],
    )
    target_date = DayField(_l("Target date"), validators=[Optional()])
    means_of_verification = _long(_l("Means of verification"))
    submit = SubmitField(_l("Save the indicator"))


class DeleteForm(FlaskForm):
    next = HiddenField()
    submit = SubmitField(_l("Delete"))
