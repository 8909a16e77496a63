"""One look across the product: one tab component (the `.tabs` of app.css) for every
sub-navigation, and no character that only an emoji font can draw (the machines in a
ministry often have DejaVu and little else)."""

from __future__ import annotations

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
STYLES = [
    p
    for p in ROOT.glob("*/**/*.css")
    if ".venv" not in p.parts and "node_modules" not in p.parts and "vendor" not in p.parts
]
SCRIPTS = [
    p
    for p in ROOT.glob("*/**/static/**/*.js")
    if ".venv" not in p.parts
    and "vendor" not in p.parts
    and not p.name.endswith(".min.js")
    and p.name != "editor.js"  # the esbuild bundle of drafting/frontend (library code)
]
# Emoji and pictographs (U+1F000 and above), emoji presentation selectors, and the
# "Miscellaneous Symbols and Pictographs"-style blocks DejaVu Sans does not draw.
EMOJI = re.compile("[\U0001f000-\U0001ffff\ufe0f\u2b00-\u2bff\u2300-\u23ff]")


def test_one_tab_component():
    other_tabs = []
    for path in TEMPLATES:
        for name in re.findall(r'class="([\w-]*-tabs)"', path.read_text(encoding="utf-8")):
            other_tabs.append(f"{path.relative_to(ROOT)}: {name}")
    for path in STYLES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"\s*\.[\w-]+-tabs\b|\s*\.tabs\b", line) and path.name != "app.css":
                other_tabs.append(f"{path.relative_to(ROOT)}: {line.strip()[:60]}")
    assert not other_tabs, other_tabs


def test_no_glyph_needs_an_emoji_font():
    found = []
    for path in [*TEMPLATES, *STYLES, *SCRIPTS]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for char in EMOJI.findall(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: U+{ord(char):04X}")
    assert not found, found
