"""The large demo stays generated (hundreds of artefacts per stage would be megabytes of
archive for no story): two processes built on the skeleton of the standard demo (the
process, its institutions, members and milestones, imported from the shipped archive),
then filled in bulk by ``policycycle.planning.large_demo`` and ``stakeholders.large_demo``."""

from __future__ import annotations

from types import SimpleNamespace

from flask import current_app

from facilitation.extensions import db
from facilitation.mixins import utcnow
from facilitation.models import Organisation, Process

from . import data, loader

#: The tables of the skeleton a generator fills.
SKELETON = ("process", "organisation", "membership", "milestone")


def skeleton(title: str) -> Process:
    """A process with the standard demo's institutions, members and milestones."""
    from archive import loader as archive_loader
    from archive import reader

    archive = reader.read(data.archive_bytes("en"), current_app.config)
    archive.tables = {name: rows for name, rows in archive.tables.items() if name in SKELETON}
    archive.tables["organisation"] = _institutions(archive.tables["organisation"])
    archive.tables["process"] = [{**archive.tables["process"][0], "title": title}]
    loader.shift_dates(archive, *loader._since_export(archive.manifest, utcnow()))
    result = archive_loader.load(archive)
    loader.drop_import_event(result.process_id)
    return db.session.get(Process, result.process_id)


def _institutions(rows: list[dict]) -> list[dict]:
    """The core group's institutions and their departments (not the stakeholders the
    standard demo's registry adds): the generators bring their own organisations."""
    core = {row["id"] for row in rows if row["in_core_group"]}
    return [
        row
        for row in rows
        if row["in_core_group"] or (row["category"] == "department" and row["parent_id"] in core)
    ]


def context_of(process: Process) -> SimpleNamespace:
    """What a generator reads of its process: the process and its organisations."""
    orgs = db.session.scalars(
        db.select(Organisation).where(Organisation.process_id == process.id)
    ).all()
    return SimpleNamespace(process=process, orgs={org.name: org for org in orgs})


def build_all() -> list[int]:
    """Build the two large processes; their ids. Flushes only."""
    from facilitation.search import indexing
    from policycycle.planning import large_demo
    from stakeholders import large_demo as large_network

    built = []
    for title, generator in (
        ("Large benchmark process", large_demo),
        ("Large stakeholder network", large_network),
    ):
        process = skeleton(title)
        generator.build(process, context_of(process))
        built.append(process.id)
    # The generators insert in bulk, past the search index's flush hook.
    db.session.flush()
    for process_id in built:
        indexing.reindex_process(db.session.connection(), process_id)
    return built
