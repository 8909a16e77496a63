"""Helpers shared by the stakeholders views."""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _

from facilitation.extensions import db
from facilitation.models import Organisation


def status(form) -> int:
    return 400 if form.is_submitted() and form.errors else 200


def organisation_choices(process_id: int, none_label: str | None = None):
    rows = db.session.execute(
        db.select(Organisation.id, Organisation.name)
        .where(Organisation.process_id == process_id)
        .order_by(Organisation.name)
    ).all()
    choices = [(row.id, row.name) for row in rows]
    if none_label is not None:
        choices.insert(0, (0, none_label))
    return choices


def choose_label() -> str:
    return _("— choose —")


def get_or_404(model, object_id: int, process_id: int):
    """The object if it belongs to the process; 404 otherwise (no existence leak)."""
    obj = db.session.get(model, object_id)
    if obj is None or obj.process_id != process_id:
        abort(404)
    return obj
