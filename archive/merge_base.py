"""The merge's base moves forward: the state last exchanged with another installation.

A laptop's archive carries each row's fingerprint *as imported* (``lineage.json``). After
a first merge that is stale: the server has taken the laptop's rows, and the laptop
keeps working from them. So after each merge the server records, for that laptop
(keyed by the laptop's installation id and the server's process), every row's
fingerprint as the laptop had it in the merged archive: the common ancestor of the
laptop's next archive and the server's row. The next merge from that laptop compares
with it instead of the import base (``merge.plan``). Link tables, which have no ids,
record the set of the laptop's links by fingerprint.

An imported process also keeps its links as imported here (under the installation the
archive came from), so that its archive can list them (``lineage.json`` ``links``) and a
merge can tell a link removed on the laptop from one added on the server."""

from __future__ import annotations

from sqlalchemy import delete, insert, select

from facilitation.extensions import db

from .models import ArchiveMergeBase

#: The base of a row the laptop deleted and the coordinator chose to keep: later
#: archives from that laptop still list it as deleted; it is not asked about again.
KEPT = "kept-on-this-side"


def load(process_id: int, installation: str) -> dict[str, dict[str, str]] | None:
    """{table: {origin: fingerprint}} last recorded for this installation, or None when
    nothing was ever exchanged with it."""
    found: dict[str, dict[str, str]] = {}
    rows = db.session.execute(
        select(ArchiveMergeBase.table_name, ArchiveMergeBase.origin, ArchiveMergeBase.fingerprint)
        .where(
            ArchiveMergeBase.process_id == process_id,
            ArchiveMergeBase.installation == installation[:36],
        )
        .order_by(ArchiveMergeBase.id)
    ).all()
    if not rows:
        return None
    for table, origin, fingerprint in rows:
        found.setdefault(table, {})[origin] = fingerprint
    return found


def replace(process_id: int, installation: str, bases: dict[str, dict[str, str]]) -> None:
    """Record ``bases`` as the state exchanged with ``installation`` (the old one goes)."""
    installation = installation[:36]
    db.session.execute(
        delete(ArchiveMergeBase).where(
            ArchiveMergeBase.process_id == process_id,
            ArchiveMergeBase.installation == installation,
        )
    )
    rows = [
        {
            "process_id": process_id,
            "installation": installation,
            "table_name": table,
            "origin": origin[:80],
            "fingerprint": fingerprint,
        }
        for table, entries in bases.items()
        for origin, fingerprint in entries.items()
    ]
    if rows:
        db.session.execute(insert(ArchiveMergeBase.__table__), rows)


def move_forward(plan, chosen: dict[str, str], laptop) -> None:
    """After a merge (``merge_apply.apply``): record the laptop's rows as they were in
    the merged archive, the base of its next merge. ``laptop`` is the archive's
    ``merge.Side``; ``chosen`` {conflict key: "laptop" | "server"}."""
    from . import lineage, merge, scope

    installation = laptop.origins.installation
    previous = load(plan.process_id, installation) or {}
    # Rows paired by unique key rather than origin are paired again by key next time.
    twins = {(name, laptop_id) for name, pairs in plan.same_new.items() for laptop_id, _ in pairs}
    twins |= {(c.table, c.laptop_id) for c in plan.conflicts if c.kind == merge.ADDED_BOTH}
    bases: dict[str, dict[str, str]] = {}
    for table_scope in scope.archived_tables():
        name = table_scope.name
        if name in lineage.CRDT_TABLES or name in merge.APPEND_ONLY:
            continue
        rows = laptop.tables.get(name, [])
        if not lineage._has_id(table_scope):
            prints = {laptop.fingerprint(table_scope, row) for row in rows}
            bases[name] = {p: p for p in prints}
            continue
        bases[name] = {
            laptop.origins.of(name, row["id"]): laptop.fingerprint(table_scope, row)
            for row in rows
            if (name, row["id"]) not in twins
        }
        # A deletion the coordinator declined stays declined.
        for origin, fingerprint in (previous.get(name) or {}).items():
            if fingerprint == KEPT and origin not in bases[name]:
                bases[name][origin] = KEPT
    for conflict in plan.conflicts:
        if conflict.kind == merge.DELETED_LAPTOP and chosen.get(conflict.key) != "laptop":
            origin = conflict.key.split("/", 1)[1]
            bases.setdefault(conflict.table, {})[origin] = KEPT
    replace(plan.process_id, installation, {name: rows for name, rows in bases.items() if rows})
