"""axe-core from npm (drafting/frontend's devDependencies), injected into a page by the tests
only: the app never serves it. ``serious_violations`` returns what a screen-reader or
keyboard user would hit, as short readable lines."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parents[2] / "drafting" / "frontend"
AXE = FRONTEND / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def axe_script() -> Path:
    if not AXE.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("axe-core is missing: run `npm ci` in drafting/frontend")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=FRONTEND, check=True)
    return AXE


def with_axe(context):
    """Load axe-core into every page of a browser context. An init script comes through the
    DevTools protocol, so the app's Content Security Policy stays as strict as for users."""
    context.add_init_script(path=str(axe_script()))
    return context


def serious_violations(page) -> list[str]:
    """Run axe-core on the page as it is now; one line per failing element."""
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact,
                nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.html.slice(0, 120))
            }));
        }"""
    )
    lines = []
    for violation in result:
        if violation["impact"] in BLOCKING:
            for node in violation["nodes"][:5]:
                lines.append(f"{violation['id']} ({violation['impact']}): {node}")
    return lines
