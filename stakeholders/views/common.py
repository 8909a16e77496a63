"""Helpers shared by the stakeholders views."""

from __future__ import annotations

from flask_babel import gettext as _

from facilitation.extensions import db
from facilitation.models import Organisation
from facilitation.sorting import collation_key


def status(form) -> int:
    return 400 if form.is_submitted() and form.errors else 200


def organisation_choices(process_id: int, none_label: str | None = None):
    rows = db.session.execute(
        db.select(Organisation.id, Organisation.name).where(Organisation.process_id == process_id)
    ).all()
    choices = [(row.id, row.name) for row in sorted(rows, key=lambda r: collation_key(r.name))]
    if none_label is not None:
        choices.insert(0, (0, none_label))
    return choices


def choose_label() -> str:
    return _("— choose —")


def template_helpers() -> dict:
    """Label look-ups for values stored as plain strings (enums in String columns)."""
    from facilitation.models import (
        CATEGORY_LABELS,
        LEVEL_LABELS,
        OrganisationCategory,
        OrganisationLevel,
    )
    from facilitation.stages import STAGE_BY_KEY

    from ..assessment import EngagementLevel
    from ..models import TIE_LABELS, TieType

    def _label(enum_type, labels):
        def lookup(value) -> str:
            try:
                return str(labels[enum_type(value)])
            except ValueError:
                return str(value or "")

        return lookup

    def stage_label(key) -> str:
        stage = STAGE_BY_KEY.get(key)
        return str(stage.label) if stage else str(key or "")

    return {
        "category_label": _label(OrganisationCategory, CATEGORY_LABELS),
        "level_label": _label(OrganisationLevel, LEVEL_LABELS),
        "tie_label": _label(TieType, TIE_LABELS),
        "engagement_label": lambda v: EngagementLevel(v).label if v else str(_("Not engaged yet")),
        "stage_label": stage_label,
    }
