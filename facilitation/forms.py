"""Forms for accounts and the process workspace. Messages are for officials, not engineers."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from . import money
from .date_field import DayField
from .models import Role
from .shared_select import SharedOptionsSelect

MIN_PASSWORD = 10


def role_choices():
    return [(r.value, r.label) for r in Role]


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"), validators=[DataRequired(_l("Enter your e-mail address."))]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])
    remember = BooleanField(_l("Keep me signed in on this computer"))
    next = HiddenField()
    submit = SubmitField(_l("Sign in"))


class PasswordFields:
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Choose a password.")),
            Length(min=MIN_PASSWORD, message=_l("Use at least %(n)d characters.", n=MIN_PASSWORD)),
        ],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[EqualTo("password", message=_l("The two passwords are not the same."))],
    )


class RegisterForm(PasswordFields, FlaskForm):
    name = StringField(
        _l("Your name"),
        validators=[
            DataRequired(_l("Enter your name.")),
            Length(max=120, message=_l("Keep the name under 120 characters.")),
        ],
    )
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("This does not look like an e-mail address."), check_deliverability=False),
            Length(max=254),
        ],
    )
    submit = SubmitField(_l("Create account"))


class AcceptInvitationForm(PasswordFields, FlaskForm):
    name = StringField(
        _l("Your name"),
        validators=[
            DataRequired(_l("Enter your name.")),
            Length(max=120, message=_l("Keep the name under 120 characters.")),
        ],
    )
    submit = SubmitField(_l("Join the process"))


class JoinForm(FlaskForm):
    submit = SubmitField(_l("Join the process"))


class AccountForm(FlaskForm):
    name = StringField(
        _l("Your name"),
        validators=[
            DataRequired(_l("Enter your name.")),
            Length(max=120, message=_l("Keep the name under 120 characters.")),
        ],
    )
    locale = SelectField(_l("Language of the interface"), validators=[Optional()])
    current_password = PasswordField(_l("Current password (only to change it)"))
    new_password = PasswordField(
        _l("New password"),
        validators=[
            Optional(),
            Length(min=MIN_PASSWORD, message=_l("Use at least %(n)d characters.", n=MIN_PASSWORD)),
        ],
    )
    submit = SubmitField(_l("Save"))


class ProcessForm(FlaskForm):
    title = StringField(
        _l("Title of the policy"),
        description=_l("For example: National Migration and Citizenship Policy"),
        validators=[
            DataRequired(_l("Give the process a title.")),
            Length(max=200, message=_l("Keep the title under 200 characters.")),
        ],
    )
    country = StringField(
        _l("Country"),
        validators=[
            DataRequired(_l("Enter the country.")),
            Length(max=100, message=_l("Keep the country under 100 characters.")),
        ],
    )
    policy_domain = StringField(
        _l("Policy domain"),
        description=_l("For example: migration and development, labour migration, asylum"),
        validators=[
            Optional(),
            Length(max=120, message=_l("Keep the domain under 120 characters.")),
        ],
    )
    language = SelectField(_l("Working language"))
    currency = SelectField(
        _l("Currency"),
        description=_l("Every cost and funding amount of the process is in this currency."),
        validate_choice=False,  # checked below with a plain message
    )
    lead_organisation = StringField(
        _l("Lead institution"),
        description=_l("The institution that convenes the core group and holds the mandate."),
        validators=[
            DataRequired(_l("Name the lead institution.")),
            Length(max=200, message=_l("Keep the name under 200 characters.")),
        ],
    )
    mandate = TextAreaField(
        _l("Mandate"),
        description=_l("Who asked for this policy, by which decision, and by when."),
        validators=[
            Optional(),
            Length(max=5000, message=_l("Keep the mandate under 5,000 characters.")),
        ],
    )
    mission = TextAreaField(
        _l("Mission of the process"),
        description=_l("What the core group is to deliver and how it will work."),
        validators=[
            Optional(),
            Length(max=5000, message=_l("Keep the mission under 5,000 characters.")),
        ],
    )
    submit = SubmitField(_l("Save"))

    def validate_currency(self, field):
        if field.data and not money.is_valid_currency(field.data):
            raise ValidationError(_l("Choose a currency from the list."))


class CreateProcessForm(ProcessForm):
    """Starting a process: the creator chooses their own role (a coordinator need not
    become the facilitator and then step down)."""

    my_role = SelectField(
        _l("Your role in this process"),
        choices=[
            SelectChoice(Role.FACILITATOR.value, _l("Facilitator (visiting expert)")),
            SelectChoice(Role.COORDINATOR.value, _l("Coordinator (lead institution)")),
        ],
        default=Role.FACILITATOR.value,
        description=_l("Both can invite the core group and agree stages."),
    )


class MilestoneForm(FlaskForm):
    title = StringField(
        _l("Milestone"),
        validators=[
            DataRequired(_l("Describe the milestone.")),
            Length(max=200, message=_l("Keep it under 200 characters.")),
        ],
    )
    due_date = DayField(_l("Planned date"), validators=[Optional()])
    submit = SubmitField(_l("Add milestone"))


class InvitationForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter the e-mail address of the person to invite.")),
            Email(_l("This does not look like an e-mail address."), check_deliverability=False),
            Length(max=254),
        ],
    )
    role = SelectField(_l("Role"), choices=role_choices)
    organisation_id = SelectField(_l("Institution"), coerce=int, validators=[Optional()])
    new_organisation = StringField(
        _l("Or a new institution"),
        description=_l(
            "Not in the registry yet? Type its name: it is added as a national institution."
        ),
        validators=[Length(max=200, message=_l("Keep the name under 200 characters."))],
    )
    submit = SubmitField(_l("Create invitation link"))


class MembershipForm(FlaskForm):
    role = SelectField(_l("Role"), choices=role_choices)
    organisation_id = SelectField(
        _l("Institution"), coerce=int, validators=[Optional()], widget=SharedOptionsSelect()
    )
    submit = SubmitField(_l("Save"))


class StageDecisionForm(FlaskForm):
    confirm_breaks = BooleanField(
        _l("Agree all the same: the breaks still open are recorded with the agreement")
    )
    note = TextAreaField(
        _l("Note for the record"),
        validators=[
            Optional(),
            Length(max=2000, message=_l("Keep the note under 2,000 characters.")),
        ],
    )
    # Asked for when objections are still open (see stages.AgreementGate).
    decision_reference = StringField(
        _l("Reference of the decision"),
        description=_l("Minutes, letter or decision number"),
        validators=[Optional(), Length(max=200, message=_l("Keep it under 200 characters."))],
    )
    decision_text = TextAreaField(
        _l("What was decided about the open objections"),
        validators=[
            Optional(),
            Length(max=5000, message=_l("Keep it under 5,000 characters.")),
        ],
    )
    submit = SubmitField(lazy_pgettext("verb: write down a decision", "Record"))


class ConfirmForm(FlaskForm):
    """A button that only carries the CSRF token (delete, revoke, leave)."""

    submit = SubmitField(_l("Confirm"))


def validate_choice_in(ids, message):
    def _check(form, field):
        if field.data and field.data not in ids:
            raise ValidationError(message)

    return _check


class NotBefore:
    """A cross-field check that runs with the field checks, so a form shows every error at
    once (an end date before its start appears beside a missing title, not after it)."""

    def __init__(self, other: str, message):
        self.other, self.message = other, message

    def __call__(self, form, field):
        earlier = form[self.other].data
        if earlier is not None and field.data is not None and field.data < earlier:
            raise ValidationError(str(self.message))
