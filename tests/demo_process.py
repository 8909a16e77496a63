"""The demo process imported from the shipped archive, with lookups by the names tests
use: organisations by the keys the old row-by-row loaders gave them (``orgs["interior"]``),
the others by name; the demo accounts by their part in the story (``users["coordinator"]``).

The archive's bytes are read and zipped once per test session (``demo.data`` caches them).
On SQLite the first import is kept as a template database file and later tests get a copy
of it (the import takes seconds, the copy milliseconds); on a database server every test
imports the archive."""

from __future__ import annotations

import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from facilitation.extensions import db
from facilitation.models import Organisation, Process, User

ORG_KEYS = {
    "interior": "Ministry of Interior",
    "foreign": "Ministry of Foreign Affairs",
    "justice": "Ministry of Justice",
    "labour": "Ministry of Labour and Social Protection",
    "lawcom": "Law Commission",
    "stats": "National Statistics Office",
    "finance": "Ministry of Finance and Economic Planning",
    "health": "Ministry of Health",
    "immigration": "Department of Immigration",
    "refugees": "Refugee Department",
    "police": "Border Police",
    "diaspora": "Diaspora Desk",
    "parliament": "Parliamentary Committee on Home Affairs and Migration",
    "court": "Administrative Court",
    "portaurel": "Municipality of Port Aurel",
    "localauth": "Association of Local Authorities",
    "inspectorate": "Labour Inspectorate",
    "antitrafficking": "National Anti-Trafficking Agency",
    "refugeecouncil": "Kestrian Refugee Council",
    "legalaid": "Legal Aid Network",
    "redcross": "Kestria Red Cross Society",
    "diasporaunion": "Kestrian Diaspora Union (Europe)",
    "migrantworkers": "Association of Migrant Workers",
    "returnees": "Returnees' Solidarity Network",
    "chamber": "Kestria Chamber of Commerce",
    "employers": "Federation of Employers",
    "tuc": "Kestria Trade Union Congress",
    "university": "Centre for Migration Studies, University of Port Aurel",
    "policyinstitute": "Institute for Policy Research",
    "iom": "International Organization for Migration, country office",
    "unhcr": "UNHCR Representation",
    "ilo": "ILO Country Office",
    "eu": "Delegation of the European Union",
    "swiss": "Swiss Development Cooperation",
    "broadcaster": "Kestria Broadcasting Corporation",
    "journalists": "Association of Investigative Journalists",
    "youth": "National Youth Council",
}
USER_KEYS = {
    "facilitator": "expert@demo.example",
    "coordinator": "coordinator@demo.example",
    "member1": "immigration@demo.example",
    "member2": "diaspora@demo.example",
    "member3": "labour@demo.example",
    "member4": "statistics@demo.example",
    "member5": "justice@demo.example",
    "observer": "observer@demo.example",
}


@dataclass
class DemoProcess:
    process: Process
    #: every organisation of the process: by its old loader key, else by its name
    orgs: dict[str, Organisation]
    users: dict[str, User]


_templates: dict[str, Path] = {}


def _sqlite_path(app) -> str | None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    return uri.removeprefix("sqlite:///") if uri.startswith("sqlite:///") else None


def _copy(source: str, target: str) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def import_demo_process(app, language: str = "en") -> DemoProcess:
    """Import the shipped demo (accounts included) into the test's empty database and
    commit; lookups into it. Into a database the test already wrote to, it imports
    beside what is there (and the process returned is the demo's)."""
    from demo import loader

    path = _sqlite_path(app)
    if db.session.scalar(db.select(User.id).limit(1)) is not None:
        path = None  # the test made rows of its own: import beside them, no template
    if path and language in _templates:
        db.session.remove()
        db.engine.dispose()
        _copy(str(_templates[language]), path)
        process = db.session.scalars(db.select(Process).order_by(Process.id)).first()
        return lookups(process)
    process = db.session.get(Process, loader.import_demo(app, language))
    db.session.commit()
    if path:
        template = Path(tempfile.mkdtemp(prefix="demo-template-")) / f"{language}.sqlite3"
        db.engine.dispose()
        _copy(path, str(template))
        _templates[language] = template
    return lookups(process)


def lookups(process: Process) -> DemoProcess:
    keys = {name: key for key, name in ORG_KEYS.items()}
    orgs = db.session.scalars(
        db.select(Organisation)
        .where(Organisation.process_id == process.id)
        .order_by(Organisation.id)
    ).all()
    by_email = {
        u.email: u
        for u in db.session.scalars(db.select(User).where(User.email.in_(USER_KEYS.values())))
    }
    return DemoProcess(
        process=process,
        orgs={keys.get(org.name, org.name): org for org in orgs},
        users={key: by_email[email] for key, email in USER_KEYS.items()},
    )
