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
PACKAGES = ("facilitation", "policycycle", "stakeholders", "drafting")


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


# --- the foundation imports no domain package -----------------------------------------

DOMAINS = ("policycycle", "stakeholders", "drafting")

# The only upward imports left in facilitation/, each with its reason. The list may only
# shrink: a new upward import fails below, and so does an entry whose import is gone (so
# the list stays true). The app factory needs no entry: it names the domain packages as
# strings (``facilitation/app.py::DOMAINS``) and imports them with importlib.
KNOWN_UPWARD_IMPORTS = {
    # `policycycle demo --size large` builds two generated processes; the demo becoming
    # data (issue 16, archives) replaces these loaders.
    "facilitation/demo.py": {"policycycle.planning.large_demo", "stakeholders.large_demo"},
    # The live workshops still read and write the cycle's tables directly (ideas become
    # SWOT items, issues, causes, objectives, options; scores become OptionScore rows) and
    # build their report with the drafting package's Word helpers. What they only read
    # (objectives, SWOT quadrants) already comes through ``Registry.workshop_cycle``. They are a floor above
    # the foundation that still lives in its folder: see docs/architecture.md.
    "facilitation/workshops/activities.py": {"policycycle.models"},
    "facilitation/workshops/demo.py": {"policycycle.models"},
    "facilitation/workshops/intake.py": {"policycycle.models", "drafting.services"},
    "facilitation/workshops/report.py": {
        "drafting.export.doc_locale",
        "drafting.export.docx_base",
    },
    "facilitation/workshops/results.py": {"policycycle.models"},
}


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
    if module.split(".")[0] in DOMAINS:
        return True
    # The foundation proper must not lean on the workshops either.
    in_workshops = name.startswith("facilitation/workshops/")
    return module.startswith("facilitation.workshops") and not in_workshops


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
        "facilitation/ is the ground floor: reach the cycle through what it registers "
        f"(facilitation/stages.py::Registry), not by importing it: {new}"
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
        "from . import intake\n"
        "from ..stages import registry\n"
        "def f():\n"
        "    from policycycle.models import Objective\n"
        "    import drafting.services\n"
    )
    modules = _imported_modules("facilitation/workshops/x.py", tree)
    assert {
        "facilitation.workshops.intake",
        "facilitation.stages",
        "policycycle.models",
        "drafting.services",
    } <= modules
    assert "policycycle.models.Objective" not in modules
    assert _upward("facilitation/access.py", "facilitation.workshops.models")
    assert not _upward("facilitation/workshops/views.py", "facilitation.workshops.models")
