"""Applying a merge (see ``merge.py`` for what it decides), all or nothing.

Rows go in as plain inserts and updates in the caller's transaction, parents first, with
every reference resolved: to the server row a laptop row stems from, or to the new id of
a row inserted by this merge (references that point forward are set in a second pass,
as on import). Each draft's text merges as a CRDT: the laptop's Yjs state, minus what the
server already has, is appended to the server draft's log as one update in the same
transaction; once committed, :func:`push_to_rooms` hands it to the open rooms so people
editing see the merged text. One ``merge`` event records who merged what, the counts and
every conflict with the choice made."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from pycrdt import Doc
from sqlalchemy import func, insert, or_, select
from sqlalchemy.exc import IntegrityError

from facilitation import audit
from facilitation.extensions import db
from facilitation.search import indexing as search_indexing

from . import comment_marks, lineage, loader, merge, merge_base, scope
from .models import ArchiveOrigin
from .reader import Archive, ArchiveRefused

LAPTOP, SERVER = "laptop", "server"
_NEVER_SET = {"id", "process_id", "created_at"}


@dataclass
class MergeResult:
    plan: merge.Plan
    choices: dict[str, str] = field(default_factory=dict)
    drafts_merged: int = 0
    left_out: int = 0
    #: (draft id, update) to hand to open rooms once committed
    pushes: list[tuple[int, bytes]] = field(default_factory=list)


def _choices(plan: merge.Plan, choices: dict | None, take: str | None) -> dict[str, str]:
    chosen, missing = {}, []
    for conflict in plan.conflicts:
        choice = (choices or {}).get(conflict.key) or take
        if choice not in (LAPTOP, SERVER):
            missing.append(conflict.label)
        chosen[conflict.key] = choice
    if missing:
        raise ArchiveRefused(
            [
                ngettext(
                    "%(num)d row was changed on both sides: choose which to keep.",
                    "%(num)d rows were changed on both sides: choose which to keep for each.",
                    len(missing),
                )
            ]
        )
    return chosen


class _Merger:
    def __init__(self, archive: Archive, plan: merge.Plan, laptop: merge.Side, server):
        self.plan = plan
        self.process_id = plan.process_id
        self.laptop = laptop
        self.server = server
        decoded, users = loader._check(archive)
        self.decoded = {
            name: {row["id"]: row for row in rows if "id" in row} for name, rows in decoded.items()
        }
        self.link_rows = {
            name: rows for name, rows in decoded.items() if rows and "id" not in rows[0]
        }
        self.user_map = loader._match_users(users)
        self.scopes = scope.archived_tables()
        self.order = {s.name: i for i, s in enumerate(self.scopes)}
        self.model_tables = scope.model_tables()
        self.left_out = 0
        # laptop archive id -> server id, for rows the server already has
        self.mapping: dict[str, dict[int, int]] = {}
        for table_scope in self.scopes:
            name = table_scope.name
            by_origin = merge._server_ids_by_origin(table_scope, server)
            self.mapping[name] = {}
            for row in laptop.tables.get(name, []):
                if "id" in row:
                    found = by_origin.get(laptop.origins.of(name, row["id"]))
                    if found is not None:
                        self.mapping[name][row["id"]] = found
        self.mapping[scope.ROOT] = {
            row["id"]: self.process_id for row in laptop.tables.get(scope.ROOT, [])
        }
        for name, pairs in plan.same_new.items():
            self.mapping[name].update(dict(pairs))

    # references -----------------------------------------------------------------------

    def _ref(self, table: str, laptop_id):
        return self.mapping.get(table, {}).get(laptop_id)

    def _key(self, key: str) -> str:
        kind, _sep, ident = key.partition(":")
        table = scope.KEY_KINDS.get(kind)
        if table is None or not ident.isdigit():
            return key
        if table == scope.USERS:
            new = self.user_map.get(int(ident))
            return f"user:{new}" if new is not None else f"former:{ident}"
        new = self._ref(table, int(ident))
        return f"{kind}:{new}" if new is not None else f"former-{kind}:{ident}"

    def _keys(self, value):
        if isinstance(value, str):
            return self._key(value)
        if isinstance(value, list):
            return [
                self._key(v)
                if isinstance(v, str)
                else {**v, "key": self._key(v["key"])}
                if isinstance(v, dict) and isinstance(v.get("key"), str)
                else v
                for v in value
            ]
        return value

    def _values(self, table_scope, row: dict, *, partial: bool) -> dict | None:
        """The row's values with server ids; None when a required one has none here.
        ``partial`` (an update): leave out what cannot be resolved instead."""
        name, table = table_scope.name, table_scope.table
        values = {k: v for k, v in row.items() if k not in _NEVER_SET}
        if "process_id" in table.c:
            values["process_id"] = self.process_id
        for secret_table, column in scope.SECRETS:
            if secret_table == name:
                values.pop(column, None)
        for frozen_table, column in lineage.FROZEN_STATES:
            if frozen_table == name and partial:
                values.pop(column, None)
        for column in [r.column for r in table_scope.references] + table_scope.user_columns:
            value = values.get(column)
            if value is None or column == "process_id":
                continue
            if column in table_scope.user_columns:
                new = self.user_map.get(value)
            else:
                target = next(r.table for r in table_scope.references if r.column == column)
                new = self._ref(target, value)
            if new is None and not table.c[column].nullable:
                if partial:
                    values.pop(column)
                    continue
                return None
            values[column] = new
        for column in [c for t, c in scope.KEY_COLUMNS if t == name]:
            if column in values:
                values[column] = self._keys(values[column])
        if name in scope.TYPED_REFERENCES and values.get("object_id") is not None:
            target = self.model_tables.get(row.get("object_type"))
            values["object_id"] = self._ref(target, row["object_id"])
        return values

    # the three kinds of change ----------------------------------------------------------

    def insert_rows(self, inserts: dict[str, list[int]]) -> None:
        pending = {(name, i) for name, ids in inserts.items() for i in ids}
        deferred, rekeyed = [], []
        origins = []
        for table_scope in self.scopes:
            name, table = table_scope.name, table_scope.table
            for laptop_id in sorted(inserts.get(name, [])):
                row = self.decoded[name][laptop_id]
                later = {}
                for reference in table_scope.references:
                    value = row.get(reference.column)
                    if (
                        value is not None
                        and (reference.table, value) in pending
                        and self._ref(reference.table, value) is None
                    ):
                        later[reference.column] = (reference.table, value)
                values = self._values(table_scope, {**row, **dict.fromkeys(later)}, partial=False)
                if values is None or self._already_member(name, values):
                    self.left_out += 1
                    pending.discard((name, laptop_id))
                    continue
                for secret_table, column in scope.SECRETS:
                    if secret_table == name:
                        values[column] = loader._fresh_secret(name, column)
                new_id = db.session.execute(table.insert().values(**values)).inserted_primary_key[0]
                self.mapping[name][laptop_id] = new_id
                if later:
                    deferred.append((table, new_id, later))
                if self._has_keys(name):
                    rekeyed.append((table_scope, new_id, row))
                raw = self.laptop.by_id[name][laptop_id]
                origins.append(
                    {
                        "process_id": self.process_id,
                        "table_name": name,
                        "local_id": new_id,
                        "origin": self.laptop.origins.of(name, laptop_id)[:80],
                        "base_hash": self.laptop.fingerprint(table_scope, raw),
                    }
                )
        for table, new_id, later in deferred:
            values = {column: self._ref(target, value) for column, (target, value) in later.items()}
            db.session.execute(table.update().where(table.c.id == new_id).values(**values))
        # kind:id keys and object_type/object_id pairs may name rows inserted after theirs.
        for table_scope, new_id, row in rekeyed:
            values = self._values(table_scope, row, partial=True)
            keep = [c for t, c in scope.KEY_COLUMNS if t == table_scope.name] + ["object_id"]
            values = {k: v for k, v in values.items() if k in keep}
            table = table_scope.table
            db.session.execute(table.update().where(table.c.id == new_id).values(**values))
        if origins:
            # A later merge from the same laptop finds these rows again.
            db.session.execute(insert(ArchiveOrigin.__table__), origins)

    def _has_keys(self, name: str) -> bool:
        return name in scope.TYPED_REFERENCES or any(t == name for t, _c in scope.KEY_COLUMNS)

    def _already_member(self, name: str, values: dict) -> bool:
        if name != "membership":
            return False
        table = db.metadata.tables[name]
        return bool(
            db.session.scalar(
                select(func.count())
                .select_from(table)
                .where(table.c.process_id == self.process_id, table.c.user_id == values["user_id"])
            )
        )

    def update_rows(self, updates: dict[str, list[tuple[int, int]]]) -> None:
        for table_scope in self.scopes:
            name, table = table_scope.name, table_scope.table
            for server_id, laptop_id in updates.get(name, []):
                values = self._values(table_scope, self.decoded[name][laptop_id], partial=True)
                if name == scope.ROOT:
                    values.pop("process_id", None)
                where = table.c.id == server_id
                if "process_id" in table.c:
                    where = where & (table.c.process_id == self.process_id)
                db.session.execute(table.update().where(where).values(**values))

    def delete_rows(self, deletes: dict[str, list[int]]) -> None:
        for table_scope in reversed(self.scopes):
            table = table_scope.table
            ids = deletes.get(table_scope.name, [])
            if ids:
                where = table.c.id.in_(ids)
                if "process_id" in table.c:
                    where = where & (table.c.process_id == self.process_id)
                db.session.execute(table.delete().where(where))

    def remove_links(self, unlinks: dict[str, list[dict]]) -> None:
        """Links removed on the laptop: the server's rows (server ids) go."""
        for table_scope in self.scopes:
            table = table_scope.table
            for row in unlinks.get(table_scope.name, []):
                where = [table.c[column] == value for column, value in row.items()]
                db.session.execute(table.delete().where(*where))

    def delete_signoffs_audited(self, deletes: dict[str, list[int]]) -> None:
        """Sign-offs the deletes remove (their own, or with their draft or institution)
        are deleted through the session first, so the audit trail records each one, as
        ``drafting/signoff/vanishing.py`` does for deletes made through the session."""
        from drafting.signoff.models import SectionSignoff

        conditions = [
            column.in_(ids)
            for column, ids in (
                (SectionSignoff.id, deletes.get("section_signoff")),
                (SectionSignoff.draft_id, deletes.get("draft")),
                (SectionSignoff.organisation_id, deletes.get("organisation")),
            )
            if ids
        ]
        if not conditions:
            return
        rows = db.session.scalars(
            select(SectionSignoff).where(
                SectionSignoff.process_id == self.process_id, or_(*conditions)
            )
        ).all()
        for row in rows:
            row.organisation  # noqa: B018 - loaded now: the record names it after the flush
            db.session.delete(row)
        db.session.flush()

    def add_links(self, links: dict[str, list[int]]) -> None:
        for table_scope in self.scopes:
            for index in links.get(table_scope.name, []):
                values = self._values(
                    table_scope, self.link_rows[table_scope.name][index], partial=False
                )
                if values is None or any(
                    values.get(r.column) is None and not r.nullable for r in table_scope.references
                ):
                    self.left_out += 1
                    continue
                db.session.execute(table_scope.table.insert().values(**values))

    # drafts -----------------------------------------------------------------------------

    def merge_drafts(self, new_versions: list[int]) -> list[tuple[int, bytes]]:
        from drafting.models import DraftSnapshot, DraftUpdate, DraftVersion

        comments = {
            old: new for old, new in self.mapping.get("draft_comment", {}).items() if old != new
        }
        pushes = []
        for laptop_id, server_id in self.mapping.get("draft", {}).items():
            laptop_doc = Doc()
            for row in self.decoded.get("draft_snapshot", {}).values():
                if row["draft_id"] == laptop_id:
                    laptop_doc.apply_update(bytes(row["data"]))
            log = sorted(
                (
                    r
                    for r in self.decoded.get("draft_update", {}).values()
                    if r["draft_id"] == laptop_id
                ),
                key=lambda r: r["id"],
            )
            for row in log:
                laptop_doc.apply_update(bytes(row["data"]))
            if comments:
                comment_marks._remark(laptop_doc, comments)
            server_doc = Doc()
            snapshot = db.session.scalar(
                select(DraftSnapshot.data).where(DraftSnapshot.draft_id == server_id)
            )
            for data in ([snapshot] if snapshot else []) + list(
                db.session.scalars(
                    select(DraftUpdate.data)
                    .where(DraftUpdate.draft_id == server_id)
                    .order_by(DraftUpdate.id)
                )
            ):
                server_doc.apply_update(bytes(data))
            before = server_doc.get_update()
            difference = laptop_doc.get_update(server_doc.get_state())
            server_doc.apply_update(difference)
            if server_doc.get_update() == before:
                continue
            db.session.execute(
                insert(DraftUpdate.__table__).values(
                    process_id=self.process_id, draft_id=server_id, data=difference
                )
            )
            pushes.append((server_id, difference))
        for version_id in new_versions:
            state = db.session.scalar(
                select(DraftVersion.state).where(DraftVersion.id == version_id)
            )
            doc = Doc()
            doc.apply_update(bytes(state))
            if comments and comment_marks._remark(doc, comments):
                db.session.execute(
                    DraftVersion.__table__.update()
                    .where(DraftVersion.id == version_id)
                    .values(state=doc.get_update())
                )
        return pushes


def apply(
    archive: Archive,
    process_id: int,
    choices: dict[str, str] | None = None,
    take: str | None = None,
) -> MergeResult:
    """Merge the archive into the process (flushes; the caller commits, then calls
    :func:`push_to_rooms`). Raises :class:`ArchiveRefused` before writing anything when
    the archive is unrelated or broken, or a conflict has no choice."""
    plan = merge.plan(archive, process_id)
    chosen = _choices(plan, choices, take)
    inserts = {k: list(v) for k, v in plan.inserts.items()}
    updates = {k: list(v) for k, v in plan.updates.items()}
    deletes = {k: list(v) for k, v in plan.deletes.items()}
    for conflict in plan.conflicts:
        if chosen[conflict.key] != LAPTOP:
            continue
        if conflict.kind == merge.DELETED_SERVER:
            inserts.setdefault(conflict.table, []).append(conflict.laptop_id)
        elif conflict.kind == merge.DELETED_LAPTOP:
            deletes.setdefault(conflict.table, []).append(conflict.server_id)
        else:
            updates.setdefault(conflict.table, []).append((conflict.server_id, conflict.laptop_id))
    merger = _Merger(archive, plan, merge.laptop_side(archive), merge.server_side(process_id))
    for conflict in plan.conflicts:
        if conflict.kind == merge.ADDED_BOTH:  # the same row, added on both sides
            merger.mapping[conflict.table][conflict.laptop_id] = conflict.server_id
    result = MergeResult(plan=plan, choices=chosen)
    try:
        merger.insert_rows(inserts)
        merger.update_rows(updates)
        merger.add_links(plan.links)
        merger.remove_links(plan.unlinks)
        merger.delete_signoffs_audited(deletes)
        merger.delete_rows(deletes)
        new_versions = [
            merger.mapping["draft_version"][i]
            for i in inserts.get("draft_version", [])
            if i in merger.mapping.get("draft_version", {})
        ]
        result.pushes = merger.merge_drafts(new_versions)
        result.drafts_merged = len(result.pushes)
        result.left_out = merger.left_out
        _record(archive, result)
        merge_base.move_forward(plan, chosen, merger.laptop)
        db.session.flush()
        search_indexing.reindex_process(db.session.connection(), process_id)
    except IntegrityError as error:
        db.session.rollback()
        raise ArchiveRefused(
            [
                _(
                    "The merge would break a rule of the database (%(rule)s); nothing was changed.",
                    rule=str(error.orig)[:120],
                )
            ]
        ) from None
    return result


def _record(archive: Archive, result: MergeResult) -> None:
    counts = result.plan.counts()
    totals = {
        what: sum(c[what] for c in counts.values())
        for what in ("applied", "new", "deleted", "conflicts")
    }
    audit.record(
        db.session,
        result.plan.process_id,
        "merge",
        "Process",
        _(
            "Archive merged back: %(applied)d changed, %(new)d added, %(deleted)d deleted, "
            "%(conflicts)d conflicts settled",
            **totals,
        ),
        object_id=result.plan.process_id,
        params={
            "exported_at": str(archive.manifest.get("exported_at", ""))[:40],
            "from_installation": str((archive.lineage or {}).get("installation", ""))[:36],
            **totals,
            "drafts": result.drafts_merged,
            "left_out": result.left_out,
        },
        # The record in full, as data: per kind of row, and each conflict with its choice.
        changes={
            "counts": counts,
            "choices": [
                {
                    "row": c.key[:120],
                    "label": c.label,
                    "kind": c.kind,
                    "fields": c.fields[:20],
                    "kept": result.choices[c.key],
                }
                for c in result.plan.conflicts
            ],
        },
    )


def push_to_rooms(process_id: int, pushes: list[tuple[int, bytes]]) -> None:
    """After the commit: open rooms take the merged text (already in the log), and the
    update is relayed to the people editing and to the other server processes."""
    from drafting import relay, rooms

    for draft_id, update in pushes:
        room = rooms.registry().peek((process_id, draft_id))
        if room is not None and not room.broken:
            room.apply(update, relay._already_saved, owner=relay.RELAYED)
        else:
            _tell_other_processes(process_id, draft_id, update)
        rooms.publish(draft_id, update)


def _tell_other_processes(process_id: int, draft_id: int, update: bytes) -> None:
    """The draft is not open in this process (a CLI merge): ``relay.publish`` names a
    draft by the room open here, so it would stay silent. Publish on the cluster bus
    with the key we know, so the web processes' open rooms take the text. Without Redis
    nothing can reach them (docs/archive.md, "Not done")."""
    from drafting import relay
    from facilitation import cluster

    bus = cluster.bus()
    if bus is None:
        return
    try:
        bus.publish(relay.TOPIC, relay._HEADER.pack(process_id, draft_id) + update)
    except Exception:  # Redis away: the rooms catch up from the log when it returns
        current_app.logger.warning("draft %s: relaying the merge failed", draft_id, exc_info=True)
