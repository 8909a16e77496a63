"""What was agreed, written for people: the stage snapshots (JSON kept at agreement
time) turned into headings and sentences in the reader's language, without field
names, ``None``, ISO timestamps or internal codes."""

from __future__ import annotations

import re
from datetime import date, datetime

from flask_babel import format_date, format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from . import dates
from .labelled import labelled_enums

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
    # Fields the activity record shows when a row changes.
    "title": _l("Title"),
    "name": _l("Name"),
    "description": _l("Description"),
    "statement": _l("Statement"),
    "text": _l("Text"),
    "note": _l("Note"),
    "due_date": _l("Due date"),
    "done": _l("Done"),
    "score": _l("Score"),
    "dots": _l("Dots"),
    "quadrant": _l("Quadrant"),
    "parent": _l("Parent"),
    "raised_by": _l("Raised by"),
    "organisation": _l("Institution"),
    "instrument": _l("Instrument"),
    "criterion": _l("Criterion"),
    "issue": _l("Issue"),
    "decision_reason": _l("Reason for the decision"),
    "in_core_group": _l("In the core group"),
    "acronym": _l("Acronym"),
    "mandate": _l("Mandate"),
    "role": _l("Role"),
    "position": _l("Position"),
    "power": _l("Power"),
    "interest": _l("Interest"),
    "code": _l("Code"),
    "target_engagement": _l("Engagement sought"),
    "current_engagement": _l("Current engagement"),
    "disposition": _l("Response"),
    "response": _l("Response"),
    "reason": _l("Reason"),
    "comment": _l("Comment"),
}


# Where enums of different modules share a value ("open", "none", "evaluation"), the
# first label in this order wins; enums of modules not named here come after them. The
# names are strings, not imports: the foundation imports none of these packages.
_LABEL_ORDER = (
    "policycycle.models",
    "facilitation.models",
    "stakeholders.models",
    "drafting.models",
    "workshops.models",
    "policycycle.evidence.models",
    "policycycle.evidence.catalogue",
    "policycycle.analysis.models",
    "policycycle.validation.models",
)


def _code_labels() -> dict[str, str]:
    """Every enum value the app shows with a label (statuses, kinds, categories, roles),
    in the current language; computed once per request.

    The enums are found through their one base (``facilitation.labelled``), so the
    foundation needs no import of the packages that define them."""
    from flask import g, has_request_context

    cached = g.get("_code_labels") if has_request_context() else None
    if cached is not None:
        return cached
    labels: dict[str, str] = {}
    for enum_cls in sorted(labelled_enums(), key=_label_precedence):
        for member, label in enum_cls.labels().items():
            labels.setdefault(str(member.value), str(label))
    if has_request_context():
        g._code_labels = labels
    return labels


def _label_precedence(enum_cls) -> tuple[int, int]:
    module = enum_cls.__module__
    rank = _LABEL_ORDER.index(module) if module in _LABEL_ORDER else len(_LABEL_ORDER)
    # Institution categories came right after the cycle's chain, before roles and levels.
    return (rank, 0 if enum_cls.__name__ == "OrganisationCategory" else 1)


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


# --- The activity record: events stored as data, written in the reader's language ---

_VERBS = {
    "create": _l("added"),
    "update": _l("changed"),
    "delete": _l("deleted"),
    "agree": _l("agreed"),
    "reopen": _l("reopened"),
    "invite": _l("invited"),
    "join": _l("joined"),
    "decide": _l("decided"),
    "export": _l("exported"),
    # process archives (archive/): a download, and the import that created the process
    "archive": _l("archived"),
    "import": _l("imported"),
    "merge": _l("merged"),
}
_NO_VALUE = "—"
_BARE_ID = re.compile(r"^#\d+$")


def _models() -> dict[str, type]:
    from facilitation.extensions import db

    return {m.class_.__name__: m.class_ for m in db.Model.registry.mappers}


def _title_of(model_name: str | None, object_id) -> str | None:
    """The current title of a row (None when it is gone or unknown)."""
    from facilitation.extensions import db

    cls = _models().get(model_name or "")
    if cls is None or not isinstance(object_id, int):
        return None
    row = db.session.get(cls, object_id)
    if row is None:
        return None
    title = getattr(row, "audit_title", None)
    return title() if callable(title) else str(getattr(row, "name", "") or "") or None


def _is_audited(model_name: str) -> bool:
    from facilitation.mixins import Audited

    cls = _models().get(model_name)
    return isinstance(cls, type) and issubclass(cls, Audited)


def _model_label(model_name: str) -> str:
    cls = _models().get(model_name)
    label = getattr(cls, "__audit_label__", None)
    return str(label) if label else model_name


def _foreign_model(model_name: str, field: str) -> str | None:
    """The model a ``*_id`` column points at, e.g. Action.objective_id -> Objective."""
    cls = _models().get(model_name)
    table = getattr(cls, "__table__", None)
    if table is None or field not in table.c:
        return None
    for fk in table.c[field].foreign_keys:
        for name, model in _models().items():
            if getattr(model, "__table__", None) is fk.column.table:
                return name
    return None


def _change_value(model_name: str, field: str, value, codes) -> str:
    if value is None or value == "":
        return _NO_VALUE
    if field.endswith("_id"):
        return _title_of(_foreign_model(model_name, field), value) or _NO_VALUE
    if isinstance(value, str) and "T" in value and _ISO_DATE.match(value):
        try:
            return dates.show_moment(datetime.fromisoformat(value))
        except ValueError:
            pass
    return value_text(value, codes) or _NO_VALUE


def _change_details(event, codes) -> list[tuple[str, str, str]]:
    if event.action != "update" or not isinstance(event.changes, dict):
        return []
    details = []
    for field, pair in event.changes.items():
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            continue
        key = field[:-3] if field.endswith("_id") else field
        details.append(
            (
                _label(key),
                _change_value(event.object_type, field, pair[0], codes),
                _change_value(event.object_type, field, pair[1], codes),
            )
        )
    return details


_CHOICE_MODELS = {
    "contribution": "Contribution",
    "option": "PolicyOption",
    "action": "Action",
    "objective": "Objective",
    "issue": "PolicyIssue",
    "swot": "SwotItem",
    "instrument": "Instrument",
}


def _choice_label(choice: str, item_id) -> str:
    """A voting choice (``action:5``) as the participants saw it."""
    if isinstance(item_id, int):
        from facilitation.extensions import db

        item = (
            db.session.get(_models()["AgendaItem"], item_id) if "AgendaItem" in _models() else None
        )
        for c in getattr(item, "choices", None) or []:
            if c.get("key") == choice and c.get("label"):
                return str(c["label"])
    kind, _sep, raw_id = choice.partition(":")
    title = _title_of(_CHOICE_MODELS.get(kind), int(raw_id) if raw_id.isdigit() else None)
    return title or _("a choice that no longer exists")


def _row_text(event, params: dict, legacy_title: str) -> str:
    """What a row event is about: its kind and its title."""
    kind = event.object_type
    if kind in ("Vote", "DotVote"):
        dots = params.get("dots")
        if dots is None and legacy_title.rpartition(": ")[2].isdigit():
            dots = int(legacy_title.rpartition(": ")[2])
        if kind == "Vote":
            choice = params.get("choice") or legacy_title.rpartition(": ")[0]
            about = _choice_label(choice, params.get("item_id"))
        else:
            about = _title_of("PolicyIssue", params.get("issue_id")) or _("an issue")
        if isinstance(dots, int):
            return _labelled(
                _model_label(kind),
                ngettext(
                    "%(num)d dot on “%(title)s”", "%(num)d dots on “%(title)s”", dots, title=about
                ),
            )
    if kind == "ProvenanceLink" and params.get("object_type"):
        target = params["object_type"]
        title = _title_of(target, params.get("object_id")) or _NO_VALUE
        return _(
            "Accepted workshop idea: %(what)s “%(title)s”", what=_model_label(target), title=title
        )
    title = params.get("title") or legacy_title
    if not title or _BARE_ID.match(title):  # a row known only by its id: name what it links
        linked = [
            _title_of(_foreign_model(kind, key), value)
            for key, value in params.items()
            if key.endswith("_id")
        ]
        title = " — ".join(filter(None, linked)) or _title_of(kind, event.object_id) or ""
        title = "" if _BARE_ID.match(title) else title
    # Other parameters are facts (codes, dates, numbers), written for the reader.
    codes = _code_labels()
    facts = [
        value_text(value, codes)
        for key, value in params.items()
        if key != "title" and not key.endswith("_id") and value not in (None, "")
    ]
    title = " — ".join(filter(None, [title, ", ".join(filter(None, facts))]))
    return _labelled(_model_label(kind), title) if title else _model_label(kind)


def _labelled(what: str, title: str) -> str:
    # A format of its own: French puts a space before the colon.
    return _("%(what)s: %(title)s", what=what, title=title)


def _decision_text(event, params: dict) -> str | None:
    """Decisions recorded with their parameters; None for rows recorded before that."""
    from facilitation.models import Role

    from .stages import STAGE_BY_KEY

    def role(value) -> str:
        try:
            return Role(value).label
        except ValueError:
            return str(value)

    key = (event.action, event.object_type)
    stage = STAGE_BY_KEY.get(params.get("stage", ""))
    if key == ("agree", "Stage") and stage:
        text = _("Stage agreed: %(stage)s", stage=stage.label)
        breaks = params.get("open_breaks") or 0
        if breaks:
            text += " — " + ngettext(
                "%(num)d break in the chain still open",
                "%(num)d breaks in the chain still open",
                breaks,
            )
        return text
    if key == ("reopen", "Stage") and stage:
        return _("Stage reopened: %(stage)s", stage=stage.label)
    if key == ("invite", "Invitation") and "email" in params:
        return _(
            "Invitation for %(email)s as %(role)s", email=params["email"], role=role(params["role"])
        )
    if key == ("join", "Membership") and "name" in params:
        return _("%(name)s joined as %(role)s", name=params["name"], role=role(params["role"]))
    if key == ("update", "Membership") and "before" in params:
        return _(
            "%(name)s: role %(before)s → %(after)s",
            name=params["name"],
            before=role(params["before"]),
            after=role(params["after"]),
        )
    if key == ("delete", "Membership") and "name" in params:
        return _("%(name)s left the process", name=params["name"])
    if key == ("decide", "PolicyIssue") and "status" in params:
        return _(
            "Agenda decision on %(title)s: %(status)s",
            title=params.get("title", ""),
            status=value_text(params["status"]),
        )
    if key == ("export", "Export") and "file" in params:
        return _("Export: %(file)s", file=params["file"])
    return None


def describe_event(event) -> dict:
    """One activity-record entry for the reader: ``verb``, ``text``, ``details``
    (label, before, after) of a changed row, and the ``note`` of a decision."""
    codes = _code_labels()
    params = event.params if isinstance(event.params, dict) else {}
    verb = _VERBS.get(event.action)
    legacy_title = ""
    if not params and event.summary and ": " in event.summary:
        legacy_title = event.summary.split(": ", 1)[1]
    text = _decision_text(event, params)
    if text is None:
        if _is_audited(event.object_type) and event.action in ("create", "update", "delete"):
            text = _row_text(event, params, legacy_title)
        else:
            text = event.summary  # an older decision: its author's wording
    note = event.changes.get("note") if isinstance(event.changes, dict) else None
    return {
        "verb": str(verb) if verb else event.action,
        "text": text,
        "details": _change_details(event, codes),
        "note": note if isinstance(note, str) and note else None,
    }
