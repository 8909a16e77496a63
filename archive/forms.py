"""The archive upload form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField


class ImportForm(FlaskForm):
    archive = FileField(
        _l("Process archive (.zip)"),
        validators=[FileRequired(_l("Choose a process archive (.zip) to upload."))],
        description=_l(
            "A file downloaded from the Archive page of a process, on this site or another."
        ),
        render_kw={"accept": ".zip"},
    )
    submit = SubmitField(_l("Import as a new process"))
