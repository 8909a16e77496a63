"""The committed editor bundle is exactly what the sources build to (when Node is here)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .yjs_peer import FRONTEND, require_node

ROOT = FRONTEND.parents[1]
COMMITTED = {
    "editor.js": ROOT / "drafting" / "static" / "drafting" / "editor.js",
    "editor.css": ROOT / "drafting" / "static" / "drafting" / "editor.css",
    "cytoscape.min.js": ROOT
    / "stakeholders"
    / "static"
    / "stakeholders"
    / "vendor"
    / "cytoscape.min.js",
}


def test_bundle_matches_sources(tmp_path: Path):
    node = require_node()
    drafting_out = tmp_path / "drafting"
    vendor_out = tmp_path / "vendor"
    subprocess.run(
        [node, "build.mjs", str(drafting_out), str(vendor_out)],
        cwd=FRONTEND,
        check=True,
        capture_output=True,
    )
    for name, committed in COMMITTED.items():
        built = (drafting_out if name.startswith("editor") else vendor_out) / name
        assert built.read_bytes() == committed.read_bytes(), (
            f"{committed} is stale: run `npm run build` in drafting/frontend"
        )


def test_one_copy_of_yjs_in_the_lockfile():
    lock = (FRONTEND / "package-lock.json").read_text()
    assert lock.count('"node_modules/yjs"') == 1
    assert 'node_modules/yjs"' in lock and '/node_modules/yjs":' not in lock.replace(
        '"node_modules/yjs":', ""
    )


def test_bundle_has_no_remote_urls():
    bundle = COMMITTED["editor.js"].read_text()
    assert "cdn.jsdelivr" not in bundle and "unpkg.com" not in bundle
