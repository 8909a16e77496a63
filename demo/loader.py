"""Loading the demo: the demo accounts, then the shipped archive imported as a process
with every date moved forward so the story reads as it was written whenever it is loaded
(a milestone "in 30 days" stays 30 days ahead, an overdue action stays overdue). Dates move
by whole days; times by the exact time since the export, so no row is stamped ahead of the
clock (a whole-day shift put an afternoon export's rows hours into the future when loaded
in the morning)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from facilitation import services
from facilitation.extensions import db
from facilitation.mixins import utcnow
from facilitation.models import AuditEvent, Role, User

from . import data

DEMO_PASSWORD = "demo-password"
#: The account that administers the site (the visiting expert who facilitates).
ADMIN_EMAIL = "expert@demo.example"


def accounts(people: list[dict] | None = None) -> dict[str, User]:
    """An account with the demo password for every person the archive names (those of
    the English demo by default); {e-mail: account}. Flushes only."""
    if people is None:
        people = json.loads((data.folder("en") / "users.json").read_text(encoding="utf-8"))
    found = {}
    for person in people:
        found[person["email"]] = services.find_user(person["email"]) or services.create_user(
            person["email"],
            person["name"],
            DEMO_PASSWORD,
            is_admin=person["email"] == ADMIN_EMAIL,
        )
    db.session.flush()
    return found


def _shift(value: str, kind: str, by: timedelta) -> str:
    moved = (datetime if kind == "datetime" else date).fromisoformat(value) + by
    return moved.isoformat()


def shift_dates(archive, days: timedelta, times: timedelta | None = None) -> None:
    """Move every date column of the archive's rows by ``days`` and every date-and-time
    column by ``times`` (``days`` when not given), in place."""
    from archive import codec

    times = days if times is None else times
    if not days and not times:
        return
    for name, rows in archive.tables.items():
        table = db.metadata.tables.get(name)
        if table is None:
            continue  # the importer refuses unknown tables with its own message
        dated = [(c.name, codec.kind_of(c)) for c in table.columns]
        dated = [(column, kind) for column, kind in dated if kind in ("date", "datetime")]
        for row in rows:
            for column, kind in dated:
                if isinstance(row.get(column), str):
                    row[column] = _shift(row[column], kind, days if kind == "date" else times)


def _since_export(manifest: dict, now: datetime) -> tuple[timedelta, timedelta]:
    """(whole days, exact time) from the archive's export to ``now`` (naive UTC, as the
    archive's times are)."""
    exported = datetime.fromisoformat(manifest["exported_at"])
    if exported.tzinfo is not None:
        exported = exported.astimezone(UTC).replace(tzinfo=None)
    return now.date() - exported.date(), now - exported


def import_demo(app, language: str = "en", now: datetime | None = None) -> int:
    """Import the demo archive of ``language`` as a new process, as if loaded at ``now``
    (naive UTC; the clock by default); its id. Flushes only."""
    from archive import loader, reader

    archive = reader.read(data.archive_bytes(language), app.config)
    accounts(archive.users)
    shift_dates(archive, *_since_export(archive.manifest, now or utcnow()))
    result = loader.load(archive)
    drop_import_event(result.process_id)
    return result.process_id


def drop_import_event(process_id: int) -> None:
    """The demo is not "imported from an archive" in its story: drop that audit line."""
    db.session.execute(
        db.delete(AuditEvent).where(
            AuditEvent.process_id == process_id, AuditEvent.action == "import"
        )
    )
    db.session.flush()


def _forget_draft_rooms(app) -> None:
    """Close co-editing rooms opened before the demo's drafts were committed: the room
    store reads on its own connection, so such a room was loaded empty."""
    rooms = app.extensions.get("drafting_rooms")
    for key in rooms.keys() if rooms is not None else ():
        rooms.drop(key)


def logins(language: str = "en") -> list[tuple[str, str]]:
    """(e-mail, role label) of the demo's members, in the archive's order."""
    root = data.folder(language)
    people = {p["id"]: p["email"] for p in json.loads((root / "users.json").read_text())}
    members = json.loads((root / "tables" / "membership.json").read_text())
    return [(people[m["user_id"]], str(Role(m["role"]).label)) for m in members]


def load(app, size: str = "normal", language: str = "en") -> list[tuple[str, str]]:
    """Create the demo accounts and import the demo process (and with ``size="large"``
    the generated large processes). Flushes only; the caller commits."""
    import_demo(app, language)
    if size == "large":
        from . import large

        large.build_all()
    _forget_draft_rooms(app)
    return logins(language)
