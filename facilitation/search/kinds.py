"""What is searchable: for each kind of artefact, its table, the columns read as its title
and body, and (for links) the column of its parent. Plain data; models are looked up by
table name so this module imports no package.

Draft text ("draft_text") is not a row: it is written from the compacted document by
``index_draft_text`` when the draft's log is compacted.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Kind:
    key: str
    table: str
    title: str
    body: tuple[str, ...]
    parent: str | None = None
    label: object = None
    plural: object = None


KINDS: tuple[Kind, ...] = (
    Kind(
        "issue",
        "policy_issue",
        "title",
        ("description", "evidence", "decision_reason"),
        label=_l("Issue"),
        plural=_l("Issues"),
    ),
    Kind(
        "cause",
        "problem_node",
        "text",
        ("evidence",),
        label=_l("Problem tree"),
        plural=_l("Problem tree"),
    ),
    Kind(
        "objective",
        "objective",
        "title",
        ("code", "description", "smart_note", "alignment"),
        label=_l("Objective"),
        plural=_l("Objectives"),
    ),
    Kind(
        "option",
        "policy_option",
        "title",
        (
            "description",
            "discard_reason",
            "preferred_rationale",
            "cost_bearers",
            "benefits",
            "beneficiaries",
            "feasibility_note",
            "assumptions",
            "risks",
        ),
        parent="objective_id",
        label=_l("Policy option"),
        plural=_l("Policy options"),
    ),
    Kind(
        "instrument",
        "instrument",
        "title",
        ("description", "legal_basis", "resources", "policy_area"),
        label=_l("Instrument"),
        plural=_l("Instruments"),
    ),
    Kind(
        "action",
        "action",
        "title",
        ("code", "output", "milestones", "funding_source", "assumptions", "risks"),
        label=_l("Action"),
        plural=_l("Actions"),
    ),
    Kind(
        "organisation",
        "organisation",
        "name",
        ("acronym", "mandate", "policy_tags"),
        label=_l("Organisation"),
        plural=_l("Organisations"),
    ),
    Kind(
        "consultation",
        "consultation",
        "title",
        ("purpose", "questions", "target_groups", "responsible", "topics", "minutes"),
        label=_l("Consultation"),
        plural=_l("Consultations"),
    ),
    Kind(
        "input",
        "consultation_input",
        "text",
        ("concerns", "justification"),
        label=_l("Consultation input"),
        plural=_l("Consultation inputs"),
    ),
    Kind("draft", "draft", "title", (), label=_l("Draft"), plural=_l("Drafts")),
)
DRAFT_TEXT = Kind("draft_text", "draft", "title", (), label=_l("Draft text"), plural=_l("Drafts"))
BY_TABLE = {kind.table: kind for kind in KINDS}
BY_KEY = {kind.key: kind for kind in (*KINDS, DRAFT_TEXT)}


def _text(value) -> str:
    if value is None:
        return ""
    return str(getattr(value, "value", value))


def entry(kind: Kind, values) -> dict:
    """The index row of an artefact, from an ORM object or a row mapping."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name, None)
    parent = get(kind.parent) if kind.parent else None
    return {
        "process_id": get("process_id"),
        "kind": kind.key,
        "object_id": get("id"),
        "parent_id": parent,
        "title": _text(get(kind.title)),
        "body": "\n".join(text for text in (_text(get(col)) for col in kind.body) if text),
    }
