"""A merge preview in words, for the terminal and the page: per kind of row, how many are
applied, new, deleted and in conflict, and each conflict."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from . import merge, scope

KINDS = {
    merge.CHANGED: _l("changed on both sides"),
    merge.ADDED_BOTH: _l("added on both sides, differently"),
    merge.DELETED_LAPTOP: _l("deleted in the archive, changed here"),
    merge.DELETED_SERVER: _l("deleted here, changed in the archive"),
}


#: Kinds whose model has no label of its own (not audited rows).
TABLE_LABELS = {
    "audit_event": _l("Activity record entry"),
    "membership": _l("Member"),
    "draft": _l("Draft"),
    "draft_version": _l("Draft version"),
    "draft_comment": _l("Draft comment"),
    "stage_state": _l("Stage state"),
    "export_template": _l("Word template"),
}


def field_labels(fields: list[str]) -> str:
    """Column names in words, as the activity record shows them."""
    from facilitation.readable import FIELD_LABELS

    return ", ".join(
        str(FIELD_LABELS[f]) if f in FIELD_LABELS else f.replace("_", " ").capitalize()
        for f in fields
    )


def kind_label(table: str) -> str:
    """The kind of row in words: the model's own label where it has one."""
    if table in TABLE_LABELS:
        return str(TABLE_LABELS[table])
    model_tables = {t: m for m, t in scope.model_tables().items()}
    from facilitation.extensions import db

    for mapper in db.Model.registry.mappers:
        if mapper.class_.__name__ == model_tables.get(table):
            label = getattr(mapper.class_, "__audit_label__", None)
            if label:
                return str(label)
    return table.replace("_", " ").capitalize()


def rows(counts: dict) -> list[dict]:
    """One row per kind: {label, applied, new, deleted, conflicts}, by label."""
    return sorted(
        ({"table": t, "label": kind_label(t), **c} for t, c in counts.items()),
        key=lambda r: r["label"].lower(),
    )


def lines(plan: merge.Plan) -> list[str]:
    out = [_("Kind of row: applied / new / deleted / conflicts")]
    counts = plan.counts()
    if not counts:
        out.append(_("  Nothing to change: both sides are the same."))
    for row in rows(counts):
        out.append(
            f"  {row['label']}: {row['applied']} / {row['new']} / {row['deleted']} / "
            f"{row['conflicts']}"
        )
    out.append(_("Drafts whose text is merged: %(num)d", num=plan.drafts))
    for conflict in plan.conflicts:
        out.append(
            _(
                "Conflict: %(kind)s %(label)s (%(what)s)",
                kind=kind_label(conflict.table),
                label=conflict.label,
                what=KINDS[conflict.kind],
            )
            + (f" [{field_labels(conflict.fields)}]" if conflict.fields else "")
        )
    return out
