"""What a process archive holds, found by walking the SQLAlchemy metadata.

A table belongs to a process when it has a ``process_id`` pointing at ``process`` or a
required foreign key to a table that does. Every such table is archived, so a new model
cannot be forgotten; a table that is *not* archived must be named in :data:`EXCLUDED` with
the reason (``tests/archive/test_scope.py`` fails otherwise).

Ids are archive-local: on import every row gets a new id and every reference to it is
rewritten. Most references are foreign keys and are found by introspection; the few that
are not (an id in a plain column, a ``kind:id`` key in a string or a JSON list) are listed
here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import LargeBinary, Table

from facilitation.extensions import db

ROOT = "process"
USERS = "user_account"

#: Tables that are deliberately not in an archive, and why.
EXCLUDED = {
    "user_account": "accounts belong to the installation; members travel by e-mail",
    "user_session": "sign-in sessions belong to the installation",
    "invitation": "invitation links are secrets of the installation that issued them; "
    "import invites unknown members afresh",
    "job": "queued work and its result files, kept two days; not part of the process",
    "pending_upload": "a file someone is half-way through importing, kept two hours; "
    "not part of the process",
    "site_installation": "this installation's own id; archives name it in lineage.json",
    "archive_lineage": "where an imported process came from: travels in lineage.json",
    "archive_origin": "each imported row's origin and base: travels in lineage.json",
    "archive_merge_base": "the state last exchanged with another installation: the merge's "
    "base (links as imported travel in lineage.json)",
    "change_stamp": "this installation's count of committed writes (pages' ETags); an import "
    "moves it like any other write",
}

#: Columns holding a secret of the installation: not exported, made afresh on import.
SECRETS = {("workshop_participant", "token_hash"), ("workshop", "code")}

#: Plain integer columns that hold the id of a row of another table.
SOFT_REFERENCES = {("workshop", "consultation_id"): "consultation"}

#: ``object_type`` + ``object_id`` pairs: the type is a model's class name.
TYPED_REFERENCES = {"audit_event", "workshop_provenance"}

#: The log position a draft's compacted snapshot covers: the new id of the last update at
#: or before it (ids only grow, so the order is kept).
LOG_POSITIONS = {("draft_snapshot", "upto_update_id"): "draft_update"}

#: ``kind:id`` keys (workshop choices, votes, rankings, scorers) and the table of each kind.
KEY_KINDS = {
    "issue": "policy_issue",
    "swot": "swot_item",
    "cause": "problem_node",
    "objective": "objective",
    "option": "policy_option",
    "instrument": "instrument",
    "action": "action",
    "contribution": "workshop_contribution",
    "participant": "workshop_participant",
    "user": USERS,
}
#: Columns holding such keys: a string, a JSON list of strings, or a JSON list of
#: objects whose ``key`` is one.
KEY_COLUMNS = {
    ("option_score", "scorer_key"),
    ("workshop_vote", "choice_key"),
    ("workshop_agenda_item", "choices"),
    ("workshop_ranking", "ordering"),
}


def rewrite_keys(value, rewrite: Callable[[str, str, int], str]):
    """Every ``kind:id`` key of a KEY_COLUMNS value (a string, a list of strings, or a list
    of objects whose ``key`` is one) replaced by ``rewrite(kind, table, id)``; anything
    else is left as it is. Import remaps, lineage names origins, comparison names ranks."""

    def one(key: str) -> str:
        kind, _sep, ident = key.partition(":")
        table = KEY_KINDS.get(kind)
        if table is None or not ident.isdigit():
            return key
        return rewrite(kind, table, int(ident))

    if isinstance(value, str):
        return one(value)
    if isinstance(value, list):
        return [
            one(item)
            if isinstance(item, str)
            else {**item, "key": one(item["key"])}
            if isinstance(item, dict) and isinstance(item.get("key"), str)
            else item
            for item in value
        ]
    return value


@dataclass
class Reference:
    column: str
    table: str
    nullable: bool


@dataclass
class TableScope:
    table: Table
    references: list[Reference] = field(default_factory=list)
    user_columns: list[str] = field(default_factory=list)
    binary_columns: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.table.name


def _foreign_keys(table: Table):
    for column in table.columns:
        for fk in column.foreign_keys:
            yield column, fk.column.table.name


def archived_table_names(metadata=None) -> list[str]:
    """The process-scoped tables, parents before children (``process`` first)."""
    metadata = metadata or db.metadata
    scoped = {ROOT}
    changed = True
    while changed:
        changed = False
        for table in metadata.sorted_tables:
            if table.name in scoped or table.name in EXCLUDED:
                continue
            if any(t in scoped and not c.nullable for c, t in _foreign_keys(table)):
                scoped.add(table.name)
                changed = True
    return [t.name for t in metadata.sorted_tables if t.name in scoped]


def archived_tables(metadata=None) -> list[TableScope]:
    metadata = metadata or db.metadata
    names = archived_table_names(metadata)
    scopes = []
    for name in names:
        table = metadata.tables[name]
        scope = TableScope(table)
        for column, target in _foreign_keys(table):
            if target == USERS:
                scope.user_columns.append(column.name)
            elif target in names:
                scope.references.append(Reference(column.name, target, column.nullable))
        for (tname, cname), target in SOFT_REFERENCES.items():
            if tname == name:
                scope.references.append(Reference(cname, target, True))
        scope.binary_columns = [c.name for c in table.columns if isinstance(c.type, LargeBinary)]
        scopes.append(scope)
    return scopes


def model_tables() -> dict[str, str]:
    """Model class name -> table name, for ``object_type`` columns."""
    found = {}
    for mapper in db.Model.registry.mappers:
        table = getattr(mapper, "local_table", None)
        if table is not None:
            found[mapper.class_.__name__] = table.name
    return found
