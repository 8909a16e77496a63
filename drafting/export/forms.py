"""The template upload form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField


class TemplateForm(FlaskForm):
    template = FileField(
        _l("Word template (.docx)"),
        validators=[FileRequired(_l("Choose a Word file (.docx) to upload."))],
        description=_l(
            "The ministry's own template: its headings, body text, tables and captions "
            "styles, page size and margins are used by the next export."
        ),
        render_kw={"accept": ".docx"},
    )
    submit = SubmitField(_l("Upload template"))
