"""The foundation stays the ground floor (issue 16): one labelled-enum base, one
process-scoped get-or-404, and no import of the domain packages from ``facilitation/``.

These tests read the source (``ast``), so a new copy of a helper, or a new upward import,
fails here wherever it is added."""

from __future__ import annotations

import ast
import gc
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("facilitation", "policycycle", "stakeholders", "drafting", "workshops", "archive")


def _modules(*packages: str):
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "translations" in path.parts or "static" in path.parts:
                continue
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _base_names(cls: ast.ClassDef) -> list[str]:
    return [ast.unparse(base) for base in cls.bases]


# --- one labelled-enum base -----------------------------------------------------------


def test_every_enum_derives_from_the_one_labelled_base():
    """An enum a package defines on ``enum.Enum``/``StrEnum`` itself brings back its own
    ``label`` property and labels dict: derive it from ``facilitation.labelled.Labelled``."""
    own = []
    for name, tree in _modules(*PACKAGES):
        if name == "facilitation/labelled.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                base.split(".")[-1] in {"Enum", "StrEnum", "IntEnum", "Flag", "IntFlag"}
                for base in _base_names(node)
            ):
                own.append(f"{name}::{node.name}")
    assert own == [], f"enums outside the labelled base: {own}"


def test_every_member_of_every_labelled_enum_has_a_label(app):
    from facilitation.labelled import labelled_enums

    enums = [cls for cls in labelled_enums() if cls.__module__.split(".")[0] in PACKAGES]
    assert len(enums) > 30  # every package's enums are found through the base
    missing = [
        f"{cls.__module__}.{cls.__name__}.{member.name}"
        for cls in enums
        for member in cls
        if member not in cls.labels()
    ]
    assert missing == []


def test_the_base_gives_label_and_choices():
    from flask_babel import lazy_gettext as _l

    from facilitation.labelled import Labelled, labelled_enums

    class Colour(Labelled):
        RED = "red"
        BLUE = "blue"

        @classmethod
        def labels(cls):
            return {cls.RED: _l("Red")}

    assert Colour("red") is Colour.RED and Colour.RED == "red"
    assert Colour.RED.label == "Red"
    assert Colour.BLUE.label == "blue"  # no label: the stored value, never an error
    assert [(value, str(label)) for value, label in Colour.choices()] == [
        ("red", "Red"),
        ("blue", "blue"),
    ]
    del Colour  # a test enum must not stay among the app's labelled enums
    gc.collect()
    assert "Colour" not in {cls.__name__ for cls in labelled_enums()}


@pytest.mark.parametrize(
    ("module", "name", "value", "label"),
    [
        ("facilitation.models", "Role", "observer", "Observer (read only)"),
        ("facilitation.models", "OrganisationCategory", "media", "Media"),
        ("stakeholders.assessment", "Quadrant", "manage_closely", "Key player"),
        ("stakeholders.models", "TieType", "funds", "Funds"),
        ("drafting.signoff.models", "Stance", "object", "Objects"),
        ("policycycle.models", "AgendaStatus", "on_agenda", "On the agenda"),
    ],
)
def test_stored_values_and_labels_are_unchanged(app, module, name, value, label):
    import importlib

    enum_cls = getattr(importlib.import_module(module), name)
    assert enum_cls(value).label == label


# --- one process-scoped get-or-404 ----------------------------------------------------


def _checks_process_of_a_loaded_row(fn: ast.AST) -> bool:
    """``db.session.get(...)`` then ``row.process_id != ...`` in one function: the
    hand-written copy of ``facilitation.scoped.get_in_process``. (A query's
    ``Model.process_id == process_id`` filter is not this pattern.)"""
    loads = any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and "session" in ast.unparse(node.func.value)
        for node in ast.walk(fn)
    )
    compares = any(
        isinstance(node, ast.Compare)
        and any(
            isinstance(side, ast.Attribute)
            and side.attr == "process_id"
            and isinstance(side.value, ast.Name)
            and side.value.id[:1].islower()
            for side in (node.left, *node.comparators)
        )
        for node in ast.walk(fn)
    )
    return loads and compares


def test_every_package_loads_process_rows_through_the_one_helper():
    copies = [
        f"{name}::{fn.name}"
        for name, tree in _modules(*PACKAGES)
        if name != "facilitation/scoped.py"
        for fn in ast.walk(tree)
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
        and _checks_process_of_a_loaded_row(fn)
    ]
    assert copies == [], f"use facilitation.scoped.get_in_process(_or_404): {copies}"


def test_a_row_of_another_process_is_as_absent_as_a_missing_one(app, make_process):
    from werkzeug.exceptions import NotFound

    from drafting.models import Draft, DraftSection
    from facilitation.extensions import db
    from facilitation.scoped import get_in_process, get_in_process_or_404

    ours, theirs = make_process(), make_process()
    draft = Draft(process_id=ours.id, title="Policy")
    other = Draft(process_id=ours.id, title="Other")
    db.session.add_all([draft, other])
    db.session.flush()
    section = DraftSection(process_id=ours.id, draft_id=draft.id, title="Context")
    db.session.add(section)
    db.session.commit()

    assert get_in_process(Draft, draft.id, ours.id) is draft
    assert get_in_process(Draft, str(draft.id), ours.id) is draft
    assert get_in_process(Draft, draft.id, theirs.id) is None
    assert get_in_process(Draft, 10**6, ours.id) is None
    assert get_in_process(Draft, "7; drop", ours.id) is None
    assert get_in_process(Draft, None, ours.id) is None
    assert get_in_process(DraftSection, section.id, ours.id, draft_id=draft.id) is section
    assert get_in_process(DraftSection, section.id, ours.id, draft_id=other.id) is None
    assert get_in_process_or_404(Draft, draft.id, ours.id) is draft
    with pytest.raises(NotFound):
        get_in_process_or_404(Draft, draft.id, theirs.id)


# --- the foundation imports no domain package ---------------------------------------

# Everything above the foundation. The live workshops are a package of their own
# (``workshops/``, issue 16): they write the cycle's tables, so they stand above it.
ABOVE_THE_FOUNDATION = ("policycycle", "stakeholders", "drafting", "workshops", "archive", "demo")

# The only upward imports left in facilitation/, each with its reason. The list may only
# shrink: a new upward import fails below, and so does an entry whose import is gone (so
# the list stays true). The app factory needs no entry: it names the packages as strings
# (``facilitation/app.py::DOMAINS``) and imports them with importlib.
KNOWN_UPWARD_IMPORTS: dict[str, set[str]] = {}


def _imported_modules(name: str, tree: ast.AST) -> set[str]:
    """Every module a file imports, at the top or inside a function, relative imports
    resolved (``from . import x`` counts as ``package.x``)."""
    package = name.removesuffix(".py").split("/")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(module)
            # "from policycycle.planning import large_demo" imports a module too.
            found.update(
                f"{module}.{alias.name}"
                for alias in node.names
                if _is_module(f"{module}.{alias.name}")
            )
    return found


def _is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _upward(name: str, module: str) -> bool:
    return module.split(".")[0] in ABOVE_THE_FOUNDATION


def _upward_imports() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for name, tree in _modules("facilitation"):
        modules = {m for m in _imported_modules(name, tree) if _upward(name, m)}
        # "from policycycle import models" also yields "policycycle": keep the deepest.
        modules = {m for m in modules if not any(o.startswith(m + ".") for o in modules)}
        if modules:
            found[name] = modules
    return found


def test_the_foundation_imports_no_domain_package():
    found = _upward_imports()
    new = {
        name: sorted(modules - KNOWN_UPWARD_IMPORTS.get(name, set()))
        for name, modules in found.items()
        if modules - KNOWN_UPWARD_IMPORTS.get(name, set())
    }
    assert new == {}, (
        "facilitation/ is the ground floor: reach the packages above it through what they "
        f"register (facilitation/stages.py::Registry), not by importing them: {new}"
    )


def test_the_list_of_known_upward_imports_only_shrinks():
    found = _upward_imports()
    gone = {
        name: sorted(modules - found.get(name, set()))
        for name, modules in KNOWN_UPWARD_IMPORTS.items()
        if modules - found.get(name, set())
    }
    assert gone == {}, f"strike these off KNOWN_UPWARD_IMPORTS: {gone}"


def test_the_import_scan_sees_relative_and_late_imports():
    tree = ast.parse(
        "from . import indexing\n"
        "from ..stages import registry\n"
        "def f():\n"
        "    from policycycle.models import Objective\n"
        "    import drafting.services\n"
    )
    modules = _imported_modules("facilitation/search/x.py", tree)
    assert {
        "facilitation.search.indexing",
        "facilitation.stages",
        "policycycle.models",
        "drafting.services",
    } <= modules
    assert "policycycle.models.Objective" not in modules
    assert _upward("facilitation/access.py", "workshops.models")
    assert _upward("facilitation/access.py", "archive.codec")
    assert not _upward("facilitation/access.py", "facilitation.stages")


# --- the packages are floors: no import cycles between them ---------------------------

# Lowest first (docs/architecture.md, "Packages"). A package may import its own floor's
# earlier packages and every lower floor, never a later one. The cycle's three packages
# share a floor, ordered by what each is about: who (stakeholders), the method's stages
# (policycycle), the document made of both (drafting).
FLOORS = (
    ("facilitation",),
    ("stakeholders", "policycycle", "drafting"),
    ("workshops",),
    ("archive",),
    ("demo",),
)
ORDER = [package for floor in FLOORS for package in floor]


def test_every_package_of_the_app_has_a_floor():
    """A new top-level package is placed in FLOORS, or its imports would go unchecked."""
    root = Path(__file__).resolve().parents[2]
    packages = {
        path.parent.name
        for path in root.glob("*/__init__.py")
        if path.parent.name not in ("tests", "migrations", "bench")
    }
    assert packages == set(ORDER), f"give these a floor in FLOORS: {packages ^ set(ORDER)}"


# Imports against that order inside the cycle's floor, older than the rule; each file is
# listed with what it imports. The list may only shrink, like KNOWN_UPWARD_IMPORTS.
KNOWN_BACKWARD_IMPORTS = {
    **KNOWN_UPWARD_IMPORTS,
    # the stakeholder registry page shows each organisation's roles in the action plan
    "stakeholders/views/registry_pages.py": {"policycycle"},
    # the coverage of the draft's sections by consultations (guarded by find_spec)
    "stakeholders/coverage.py": {"drafting"},
    # the evidence workbook shares the workbook page set-up with the exports
    "policycycle/evidence/exports.py": {"drafting"},
    # the validation page lists the drafts and their sign-off, and the consultation report
    "policycycle/validation/views.py": {"drafting"},
}


def _package_imports() -> dict[str, set[str]]:
    """file -> the other packages it imports (top-level names, in ORDER only)."""
    found: dict[str, set[str]] = {}
    for name, tree in _modules(*ORDER):
        own = name.split("/")[0]
        packages = {m.split(".")[0] for m in _imported_modules(name, tree)}
        packages = {p for p in packages if p in ORDER and p != own}
        if packages:
            found[name] = packages
    return found


def _backward_imports() -> dict[str, set[str]]:
    backward: dict[str, set[str]] = {}
    for name, packages in _package_imports().items():
        own = ORDER.index(name.split("/")[0])
        later = {p for p in packages if ORDER.index(p) > own}
        if later:
            backward[name] = later
    return backward


def test_every_package_imports_only_the_floors_below_it():
    """Together with the known list this makes the package graph a DAG: nothing imports a
    floor above its own, so no two packages import each other (the foundation and the
    cycle, the cycle and the workshops, the workshops and the archive)."""
    new = {
        name: sorted(packages - _known_backward(name))
        for name, packages in _backward_imports().items()
        if packages - _known_backward(name)
    }
    assert new == {}, (
        f"a package imports a floor above it (order: {' <- '.join(ORDER)}); register a "
        f"hook in facilitation/stages.py::Registry or move the code up: {new}"
    )


def _known_backward(name: str) -> set[str]:
    return {m.split(".")[0] for m in KNOWN_BACKWARD_IMPORTS.get(name, set())}


def test_the_list_of_known_backward_imports_only_shrinks():
    found = _backward_imports()
    gone = {
        name: sorted(_known_backward(name) - found.get(name, set()))
        for name in KNOWN_BACKWARD_IMPORTS
        if _known_backward(name) - found.get(name, set())
    }
    assert gone == {}, f"strike these off KNOWN_BACKWARD_IMPORTS: {gone}"


def test_the_package_graph_without_the_known_list_has_no_cycle():
    """The order above is one topological order of the graph; checked independently of it
    so a wrong ORDER cannot hide a cycle."""
    graph: dict[str, set[str]] = {package: set() for package in ORDER}
    for name, packages in _package_imports().items():
        graph[name.split("/")[0]] |= packages - _known_backward(name)
    visiting, done = set(), set()

    def visit(package: str, path: tuple[str, ...]) -> None:
        assert package not in visiting, f"import cycle: {' -> '.join((*path, package))}"
        if package in done:
            return
        visiting.add(package)
        for imported in sorted(graph[package]):
            visit(imported, (*path, package))
        visiting.discard(package)
        done.add(package)

    for package in ORDER:
        visit(package, ())


def test_the_workshops_are_a_package_above_the_cycle(app):
    """The live workshops write the cycle's tables: they live in ``workshops/``, not in
    the foundation's folder, and the app serves them from there."""
    assert not list((ROOT / "facilitation" / "workshops").glob("**/*.py"))
    assert app.blueprints["workshops"].import_name == "workshops.views"
    assert app.blueprints["workshop_public"].import_name == "workshops.public_views"
    assert app.view_functions["workshops.static"]  # the console's scripts are served
    assert "/workshop" in app.extensions["socketio"].server.namespace_handlers


def test_the_foundation_s_registry_knows_nothing_of_the_workshops():
    """Above the cycle, the workshops import what they read and write of it; the stage
    registry keeps no hooks whose only caller is the workshops."""
    from dataclasses import fields

    from facilitation.stages import Registry

    assert [f.name for f in fields(Registry) if "workshop" in f.name] == []


def test_make_translations_extracts_every_package():
    """A package left off ``pybabel extract`` keeps its strings in English for good."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    extract = next(line for line in makefile.splitlines() if "messages.pot" in line)
    folders = extract.split("messages.pot", 1)[1].split()
    assert [package for package in ORDER if package not in folders] == []
    assert "templates" in folders
