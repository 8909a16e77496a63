"""Runs the real Yjs library in Node for the tests (scripts in drafting/frontend/peers)."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parents[2] / "drafting" / "frontend"
PEERS = FRONTEND / "peers"


def require_node() -> str:
    node = shutil.which("node")
    if node is None or not (FRONTEND / "node_modules" / "yjs").is_dir():
        npm = shutil.which("npm")
        if node is None or npm is None:
            pytest.skip("Node.js is not installed")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=FRONTEND, check=True)
    return node


def record_updates(seed: int, peers: int = 3, rounds: int = 40) -> dict:
    node = require_node()
    out = subprocess.run(
        [node, str(PEERS / "record-updates.mjs"), str(seed), str(peers), str(rounds)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    data = json.loads(out)
    data["updates"] = [base64.b64decode(u) for u in data["updates"]]
    data["final"] = base64.b64decode(data["final"])
    return data
