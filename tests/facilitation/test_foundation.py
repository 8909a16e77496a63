"""The foundation stays the ground floor (issue 16): one labelled-enum base, one
process-scoped get-or-404, and no import of the domain packages from ``facilitation/``.

These tests read the source (``ast``), so a new copy of a helper, or a new upward import,
fails here wherever it is added."""

from __future__ import annotations

import ast
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

    from facilitation.labelled import Labelled

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
