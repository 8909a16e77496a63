"""What was agreed, written for people: the stage snapshots (JSON kept at agreement
time) turned into headings and sentences in the reader's language, without field
names, ``None``, ISO timestamps or internal codes."""

from __future__ import annotations

import re
from datetime import date, datetime

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T[\d:.]+)?$")
SUBJECT_KEYS = ("title", "name", "text", "statement", "description")

FIELD_LABELS = {
    "objective": _l("Objective"),
    "option": _l("Option"),
    "lead": _l("Lead institution"),
    "partners": _l("Partners"),
    "start": _l("Start"),
    "end": _l("End"),
    "cost": _l("Cost"),
    "funding_source": _l("Funding"),
    "status": _l("Status"),
    "weight": _l("Weight"),
    "discard_reason": _l("Reason for discarding"),
    "preferred_rationale": _l("Why preferred"),
    "legal_basis": _l("Legal basis"),
    "time_to_effect": _l("Time to effect"),
    "baseline": _l("Baseline option"),
    "level": _l("Level"),
    "kind": _l("Kind"),
    "category": _l("Category"),
    "rating": _l("Rating"),
    "evidence": _l("Evidence"),
    "counts": _l("Number of artefacts"),
    "actions": _l("Activities"),
    "options": _l("Options"),
    "criteria": _l("Criteria"),
    "ranking": _l("Ranking"),
    "issues": _l("Issues"),
    "objectives": _l("Objectives"),
    "indicators": _l("Indicators"),
    "open_breaks": _l("Breaks in the chain still open when agreed"),
}


def _code_labels() -> dict[str, str]:
    """Every enum value the app shows with a label (statuses, kinds, categories)."""
    from facilitation.models import CATEGORY_LABELS
    from policycycle import models as pm

    labels: dict[str, str] = {}
    for value in vars(pm).values():
        if isinstance(value, type) and issubclass(value, pm.Labelled) and value is not pm.Labelled:
            for member, label in value.labels().items():
                labels.setdefault(str(member.value), str(label))
    for member, label in CATEGORY_LABELS.items():
        labels.setdefault(str(getattr(member, "value", member)), str(label))
    return labels


def _label(key: str) -> str:
    if key in FIELD_LABELS:
        return str(FIELD_LABELS[key])
    codes = _code_labels()
    return codes.get(key) or key.replace("_", " ").capitalize()


def value_text(value, codes: dict[str, str] | None = None) -> str:
    codes = codes if codes is not None else _code_labels()
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return format_decimal(value)
    if isinstance(value, datetime | date):
        return format_date(value)
    if isinstance(value, list):
        return ", ".join(filter(None, (value_text(v, codes) for v in value)))
    text = str(value)
    if _ISO_DATE.match(text):
        try:
            return format_date(date.fromisoformat(text[:10]))
        except ValueError:
            return text
    return codes.get(text, text)


def sentence(item: dict, codes: dict[str, str]) -> str:
    """One artefact as a sentence: its title, then its other facts."""
    subject = next((str(item[k]) for k in SUBJECT_KEYS if item.get(k)), "")
    facts = []
    for key, value in item.items():
        if key in SUBJECT_KEYS[:1] or key.endswith("_id") or key == "id" or key == "code":
            continue
        if subject and str(value) == subject:
            continue
        text = value_text(value, codes)
        if text:
            facts.append(f"{_label(key).lower()}: {text}")
    if not facts:
        return subject
    return f"{subject} — {'; '.join(facts)}." if subject else "; ".join(facts).capitalize() + "."


def snapshot_sentences(snapshot: dict | None) -> list[tuple[str, list[str]]]:
    """``[(heading, [sentence, ...]), ...]`` for a stage snapshot."""
    if not snapshot:
        return []
    codes = _code_labels()
    sections: list[tuple[str, list[str]]] = []

    def walk(heading: str, value) -> None:
        if isinstance(value, dict) and not any(k in value for k in SUBJECT_KEYS):
            for key, inner in value.items():
                walk(_label(key) if not heading else f"{heading} · {_label(key)}", inner)
        elif isinstance(value, list):
            lines = [
                sentence(v, codes) if isinstance(v, dict) else value_text(v, codes) for v in value
            ]
            lines = [line for line in lines if line]
            if lines:
                sections.append((heading, lines))
        elif isinstance(value, dict):
            sections.append((heading, [sentence(value, codes)]))
        else:
            text = value_text(value, codes)
            if text:
                sections.append((heading, [text]))

    content = snapshot.get("content")
    if content is not None:
        walk("", content)
    breaks = snapshot.get("open_breaks") or []
    if breaks:
        sections.append((str(FIELD_LABELS["open_breaks"]), list(breaks)))
    return sections
