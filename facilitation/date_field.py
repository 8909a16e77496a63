"""The one date field of every form: a browser date input (which always sends
year-month-day) whose error says that format in the reader's language, instead of
WTForms' English "Not a valid date value"."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField
from wtforms.validators import StopValidation

# Also what a half-typed date in the browser's date picker gets: page.js sends it as
# "unreadable" instead of the empty value the browser would send.
DATE_MESSAGE = _l("Enter the date as year-month-day.")


class DayField(DateField):
    """A day, entered with the browser's date picker or typed as 2027-03-15."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist):
        text = " ".join(valuelist or []).strip()
        if not text:
            self.data = None
            return
        try:
            self.data = date.fromisoformat(text)
        except ValueError:
            self.data = None
            raise ValueError(str(DATE_MESSAGE)) from None

    def pre_validate(self, form):
        # A date that cannot be read gets its one message, not also "give the date".
        if self.process_errors:
            raise StopValidation()
