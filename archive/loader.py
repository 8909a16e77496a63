"""Importing an archive as a NEW process, all or nothing.

Every row is checked first (columns, kinds of values, references inside the archive,
binary parts present and intact); any problem refuses the archive with the list of them
and nothing is written. Then the rows are inserted parents first with new ids, every
reference rewritten; references that point forward (a self-reference, a use_alter cycle,
``kind:id`` keys, ``object_type``/``object_id`` pairs) are set in a second pass. Members are
matched by e-mail; people without an account here become pending invitations. The caller
commits once (or rolls back)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from facilitation import audit
from facilitation.extensions import db
from facilitation.mixins import utcnow
from facilitation.models import Invitation, Process, Role, User
from facilitation.search import indexing as search_indexing

from . import codec, scope
from .reader import MAX_PROBLEMS, Archive, ArchiveRefused


@dataclass
class ImportResult:
    process_id: int
    rows: int = 0
    matched: list[str] = field(default_factory=list)
    #: (e-mail, one-time invitation link token) for members without an account here.
    invited: list[tuple[str, str]] = field(default_factory=list)
    #: Rows left out because they need a person without an account here (votes...).
    left_out: int = 0


class _Problems(list):
    def add(self, message: str) -> None:
        if len(self) < MAX_PROBLEMS:
            self.append(message)


def _pk_name(table) -> str | None:
    keys = list(table.primary_key.columns)
    return keys[0].name if len(keys) == 1 and keys[0].name == "id" else None


def _check(archive: Archive) -> tuple[dict, dict]:
    """Decoded rows per table and the archive ids per table; refuses on any problem."""
    problems = _Problems()
    scopes = {s.name: s for s in scope.archived_tables()}
    users = {}
    if not isinstance(archive.users, list):
        problems.add(_("users.json must hold a list of people."))
    else:
        for person in archive.users:
            if (
                not isinstance(person, dict)
                or isinstance(person.get("id"), bool)
                or not isinstance(person.get("id"), int)
                or not isinstance(person.get("email"), str)
                or "@" not in person["email"]
            ):
                problems.add(_("users.json holds a person without a number and an e-mail."))
                continue
            users[person["id"]] = person
    for name in archive.tables:
        if name not in scopes:
            problems.add(
                _("The archive holds a table this site does not know: %(table)s", table=name[:60])
            )
    process_rows = archive.tables.get(scope.ROOT, [])
    if len(process_rows) != 1:
        problems.add(_("The archive must hold exactly one process."))
    ids: dict[str, set] = {}
    for name, rows in archive.tables.items():
        if name in scopes and _pk_name(scopes[name].table):
            ids[name] = {r.get("id") for r in rows}
    decoded: dict[str, list] = {}
    for name, rows in archive.tables.items():
        table_scope = scopes.get(name)
        if table_scope is None:
            continue
        table = table_scope.table
        pk = _pk_name(table)
        references = {r.column: r for r in table_scope.references}
        seen_ids = set()
        out = []
        for number, row in enumerate(rows, start=1):
            values = {}
            for key in row:
                if key not in table.c:
                    problems.add(
                        _(
                            "Row %(row)d of %(table)s has an unknown field %(field)s.",
                            row=number,
                            table=name,
                            field=str(key)[:40],
                        )
                    )
            for column in table.columns:
                if (name, column.name) in scope.SECRETS:
                    continue
                raw = row.get(column.name)
                if column.name not in row and (column.default is not None or column.nullable):
                    continue
                try:
                    value = codec.from_json(column, raw)
                except codec.BadValue as bad:
                    problems.add(
                        _(
                            "Row %(row)d of %(table)s, field %(field)s: %(problem)s.",
                            row=number,
                            table=name,
                            field=column.name,
                            problem=str(bad),
                        )
                    )
                    continue
                if column.name in table_scope.binary_columns and value is not None:
                    if value not in archive.parts:
                        problems.add(
                            _(
                                "Row %(row)d of %(table)s refers to a missing file %(name)s.",
                                row=number,
                                table=name,
                                name=value[:80],
                            )
                        )
                        continue
                    value = archive.parts[value]
                reference = references.get(column.name)
                if reference and value is not None and value not in ids.get(reference.table, ()):
                    problems.add(
                        _(
                            "Row %(row)d of %(table)s refers to a missing %(target)s (%(field)s = %(value)s).",
                            row=number,
                            table=name,
                            target=reference.table,
                            field=column.name,
                            value=value,
                        )
                    )
                if (
                    column.name in table_scope.user_columns
                    and value is not None
                    and value not in users
                ):
                    problems.add(
                        _(
                            "Row %(row)d of %(table)s refers to a person missing from users.json.",
                            row=number,
                            table=name,
                        )
                    )
                values[column.name] = value
            if pk:
                if not isinstance(values.get(pk), int) or values[pk] in seen_ids:
                    problems.add(
                        _(
                            "Row %(row)d of %(table)s has no id, or one used twice.",
                            row=number,
                            table=name,
                        )
                    )
                seen_ids.add(values.get(pk))
            out.append(values)
        decoded[name] = out
    if problems:
        raise ArchiveRefused(list(problems))
    return decoded, users


def _match_users(users: dict) -> dict[int, int | None]:
    emails = {p["email"].strip().lower(): old for old, p in users.items()}
    found = db.session.execute(
        select(User.id, func.lower(User.email)).where(func.lower(User.email).in_(list(emails)))
    ).all()
    matched = {emails[email]: uid for uid, email in found}
    return {old: matched.get(old) for old in users}


def _fresh_secret(table: str, column: str) -> str:
    if column == "code":
        from workshops import rules

        for _attempt in range(50):
            code = rules.generate_code()
            taken = db.session.scalar(
                select(func.count())
                .select_from(scope_table(table))
                .where(scope_table(table).c.code == code)
            )
            if not taken:
                return code
        raise RuntimeError("no free workshop code")
    return hashlib.sha256(secrets.token_bytes(24)).hexdigest()


def scope_table(name: str):
    return db.metadata.tables[name]


def load(archive: Archive, importer: User | None = None) -> ImportResult:
    """Insert the archive as a new process (flushes; the caller commits or rolls back)."""
    decoded, users = _check(archive)
    user_map = _match_users(users)
    new_ids: dict[str, dict] = {}
    deferred: list[tuple] = []
    result = ImportResult(process_id=0)
    scopes = scope.archived_tables()
    order = {s.name: i for i, s in enumerate(scopes)}
    model_tables = scope.model_tables()
    memberships = []
    try:
        for table_scope in scopes:
            name, table = table_scope.name, table_scope.table
            pk = _pk_name(table)
            rows = decoded.get(name, [])
            if pk:
                rows = sorted(rows, key=lambda r: r[pk])
            new_ids[name] = {}
            for row in rows:
                values = dict(row)
                old_id = values.pop(pk) if pk else None
                later = {}
                skip = False
                for reference in table_scope.references:
                    value = values.get(reference.column)
                    if value is None:
                        continue
                    if order[reference.table] >= order[name]:
                        later[reference.column] = (reference.table, value)
                        values[reference.column] = None
                    else:
                        values[reference.column] = new_ids[reference.table][value]
                for column in table_scope.user_columns:
                    old_user = values.get(column)
                    if old_user is None:
                        continue
                    values[column] = user_map.get(old_user)
                    if values[column] is None and not table.c[column].nullable:
                        skip = True
                if name == "membership" and skip:
                    memberships.append((users[row["user_id"]]["email"], row))
                    continue
                if skip:
                    result.left_out += 1
                    continue
                for secret_table, column in scope.SECRETS:
                    if secret_table == name:
                        values[column] = _fresh_secret(name, column)
                special = _special_columns(name)
                for column in special:
                    if column in values:
                        later[column] = ("special", values[column])
                        # Kept as archived until the second pass rewrites them.
                        if (name, column) in scope.LOG_POSITIONS or name in scope.TYPED_REFERENCES:
                            values[column] = None if table.c[column].nullable else 0
                        elif pk and isinstance(values[column], str):
                            # A placeholder of its own: an archived "user:2" may be the
                            # rewritten key of a row inserted before (unique columns).
                            values[column] = f"import:{old_id}"
                if pk:
                    new_id = db.session.execute(
                        table.insert().values(**values)
                    ).inserted_primary_key[0]
                    new_ids[name][old_id] = new_id
                else:
                    db.session.execute(table.insert().values(**values))
                    new_id = None
                result.rows += 1
                if later and pk:
                    deferred.append((name, new_id, later, row))
        result.process_id = next(iter(new_ids[scope.ROOT].values()))
        for name, new_id, later, row in deferred:
            table = scope_table(name)
            values = {}
            for column, (target, value) in later.items():
                values[column] = _resolve(
                    name, column, target, value, row, new_ids, user_map, model_tables
                )
            db.session.execute(table.update().where(table.c.id == new_id).values(**values))
        from . import comment_marks

        comment_marks.rewrite(
            result.process_id, new_ids.get("draft", {}), new_ids.get("draft_comment", {})
        )
        from . import lineage

        lineage.record_import(archive, result.process_id, new_ids)
        process = db.session.get(Process, result.process_id)
        _invite(process, memberships, importer, new_ids, result)
        result.matched = sorted(users[o]["email"] for o, n in user_map.items() if n is not None)
        audit.record(
            db.session,
            process.id,
            "import",
            "Process",
            _(
                "Process imported from an archive of %(title)s",
                title=archive.manifest["process"].get("title", ""),
            ),
            object_id=process.id,
            params={
                "title": str(archive.manifest["process"].get("title", ""))[:200],
                "exported_at": str(archive.manifest.get("exported_at", ""))[:40],
                "audit_position": str(
                    (archive.manifest.get("audit_position") or {}).get("last_event_id")
                ),
            },
        )
        db.session.flush()
        # The rows went in as plain inserts, past the search index's flush hook.
        search_indexing.reindex_process(db.session.connection(), process.id)
    except IntegrityError as error:
        db.session.rollback()
        raise ArchiveRefused(
            [
                _(
                    "The archive's rows break a rule of the database (%(rule)s).",
                    rule=str(error.orig)[:120],
                )
            ]
        ) from None
    return result


def _special_columns(name: str) -> list[str]:
    columns = [c for t, c in scope.KEY_COLUMNS if t == name]
    columns += [c for t, c in scope.LOG_POSITIONS if t == name]
    if name in scope.TYPED_REFERENCES:
        columns.append("object_id")
    return columns


def _resolve(name, column, target, value, row, new_ids, user_map, model_tables):
    if target != "special":
        return new_ids[target].get(value)
    if (name, column) in scope.LOG_POSITIONS:
        log = new_ids[scope.LOG_POSITIONS[(name, column)]]
        earlier = [new for old, new in log.items() if old <= value]
        return max(earlier, default=0)
    if name in scope.TYPED_REFERENCES and column == "object_id":
        target_table = model_tables.get(row.get("object_type"))
        new = new_ids.get(target_table, {}).get(value)
        nullable = scope_table(name).c[column].nullable
        return new if new is not None else (None if nullable else 0)
    return _remap_keys(value, new_ids, user_map)


def _remap_keys(value, new_ids, user_map):
    def remapped(kind: str, table: str, ident: int) -> str:
        if table == scope.USERS:
            new = user_map.get(ident)
            return f"user:{new}" if new is not None else f"former:{ident}"
        new = new_ids.get(table, {}).get(ident)
        return f"{kind}:{new}" if new is not None else f"former-{kind}:{ident}"

    return scope.rewrite_keys(value, remapped)


def _invite(process, memberships, importer, new_ids, result) -> None:
    from facilitation.services import INVITATION_DAYS

    for email, row in memberships:
        token = secrets.token_urlsafe(24)
        db.session.add(
            Invitation(
                process_id=process.id,
                email=email.strip().lower(),
                role=Role(row["role"]),
                organisation_id=new_ids["organisation"].get(row.get("organisation_id")),
                token_hash=hashlib.sha256(token.encode()).hexdigest(),
                created_by_id=importer.id if importer else None,
                expires_at=utcnow() + timedelta(days=INVITATION_DAYS),
            )
        )
        result.invited.append((email, token))
    if importer is not None:
        from facilitation.models import Membership

        member = db.session.scalar(
            select(Membership).where(
                Membership.process_id == process.id, Membership.user_id == importer.id
            )
        )
        if member is None:
            db.session.add(
                Membership(process_id=process.id, user_id=importer.id, role=Role.COORDINATOR)
            )
    db.session.flush()
