"""The activity form's RACI control: one row per institution chosen for the activity
(a letter select each) and a picker to add another, instead of a row of radio buttons
for every institution of the registry.

Form fields: ``raci-<organisation id>`` = "A" | "R" | "C" | "I" | "" (removed), and the
picker's ``raci_add_org`` / ``raci_add_letter``. A missing or doubled accountable is
advice shown beside the control and a readiness finding, never a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from facilitation.extensions import db
from facilitation.models import Organisation
from facilitation.sorting import collation_key

from .rules import RACI_MESSAGES, raci_problems

LETTERS = {
    "A": _l("A – Accountable"),
    "R": _l("R – Responsible"),
    "C": _l("C – Consulted"),
    "I": _l("I – Informed"),
}
ADD_BUTTON = "raci_add"
# The method's advice, also given by the page's script as letters change.
ADVICE = {
    key: RACI_MESSAGES[key] for key in ("no_accountable", "several_accountable", "no_responsible")
}


@dataclass
class RaciControl:
    chosen: list[tuple[int, str, str]]  # (organisation id, name, letter)
    core_group: list[tuple[int, str]]  # not chosen yet, core group first in the picker
    others: list[tuple[int, str]]
    advice: list[str] = field(default_factory=list)
    added: int | None = None  # the row just added (focused on the page)


def letters_from_form(form) -> dict[int, str]:
    """``{organisation id: letter}`` from the posted control; the picker's choice counts
    too, so choosing an institution and saving at once keeps it."""
    raci: dict[int, str] = {}
    for key, value in form.items():
        if key.startswith("raci-") and value:
            try:
                raci[int(key[5:])] = value
            except ValueError:
                continue
    try:
        added = int(form.get("raci_add_org") or 0)
    except ValueError:
        added = 0
    letter = form.get("raci_add_letter") or "R"
    if added and added not in raci:
        raci[added] = letter
    return raci


def build(process_id: int, raci: dict[int, str], added: int | None = None) -> RaciControl:
    rows = db.session.execute(
        db.select(
            Organisation.id, Organisation.name, Organisation.acronym, Organisation.in_core_group
        ).where(Organisation.process_id == process_id)
    ).all()
    rows.sort(key=lambda r: collation_key(r.name))

    def label(row) -> str:
        return f"{row.name} ({row.acronym})" if row.acronym else row.name

    chosen = [(r.id, label(r), str(raci[r.id])) for r in rows if r.id in raci]
    rest = [r for r in rows if r.id not in raci]
    advice = []
    if chosen:
        advice = [
            str(RACI_MESSAGES[p])
            for p in raci_problems(letter for _id, _name, letter in chosen)
            if p != "bad_letter"
        ]
    return RaciControl(
        chosen=chosen,
        core_group=[(r.id, label(r)) for r in rest if r.in_core_group],
        others=[(r.id, label(r)) for r in rest if not r.in_core_group],
        advice=advice,
        added=added if added in raci else None,
    )
