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


class MergeForm(FlaskForm):
    archive = FileField(
        _l("Archive to merge back (.zip)"),
        validators=[FileRequired(_l("Choose the archive (.zip) to merge back."))],
        description=_l(
            "An archive taken from this process, imported elsewhere (a laptop) and "
            "downloaded again from there."
        ),
        render_kw={"accept": ".zip"},
    )
    submit = SubmitField(_l("Prepare the preview"))


class ApplyMergeForm(FlaskForm):
    """The choices are radio buttons named ``choice-<n>``, one per conflict."""

    submit = SubmitField(_l("Merge"))
