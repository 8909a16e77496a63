"""First run and product text (issue 15): `make run` installs without setuptools' boxed
warning, README says what the large demo creates, and no page talks like a developer
(no command lines, environment variables or config keys on the Exports or workshop pages)."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

from demo import loader as demo
from facilitation.extensions import db
from facilitation.models import Process, User

ROOT = Path(__file__).resolve().parents[1]
# What a developer would type or set, not what an official reads.
DEVELOPER_TEXT = re.compile(
    r"\b(policycycle|flask|pip|make|python)\s+[a-z-]{2,}|--[a-z]{3,}|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b"
    r"|\$\s*\w|\.venv|localhost"
)


def test_every_pip_install_in_the_makefile_silences_the_editable_warning():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    quiet = re.search(r"^PIP_QUIET\s*:=\s*(.+)$", makefile, re.M)
    assert quiet and 'PYTHONWARNINGS="ignore:Editable installation"' in quiet.group(1)
    editable = [line for line in makefile.splitlines() if re.search(r"\s-e\s+['\".]", line)]
    assert editable and all("$(PIP_QUIET)" in line for line in editable), editable
    assert not re.search(r"pip install[^\n]* -e ", makefile.replace(quiet.group(0), ""))


def test_readme_says_what_the_large_demo_creates():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    source = (ROOT / "demo" / "large.py").read_text(encoding="utf-8")
    created = re.findall(r'\("(Large [^"]+)", ', source)
    assert created  # the large demo's processes, by name
    assert "--size large" in readme
    for name in created:
        assert name in readme, f"README does not mention the large demo's {name!r}"


def _visible(page: str) -> str:
    page = re.sub(r"<(script|style|template)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_no_developer_text_on_the_exports_and_workshop_pages(app, client):
    from workshops import services

    demo.load(app)
    process = db.session.execute(db.select(Process).order_by(Process.id)).scalars().first()
    coordinator = db.session.scalars(
        db.select(User).where(User.email == "coordinator@demo.example")
    ).one()
    workshop = services.create_workshop(
        process.id, coordinator, title="Options workshop", session_date=date(2026, 12, 3)
    )
    db.session.commit()
    client.post("/login", data={"email": coordinator.email, "password": demo.DEMO_PASSWORD})
    base = f"/p/{process.id}"
    pages = [
        f"{base}/exports/",
        f"{base}/workshops/",
        f"{base}/workshops/{workshop.id}/",
        f"{base}/workshops/{workshop.id}/console",
        f"{base}/workshops/{workshop.id}/projector",
        f"{base}/archive/",
    ]
    found = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        hits = DEVELOPER_TEXT.findall(_visible(response.get_data(as_text=True)))
        if hits:
            found[url] = hits
    assert not found, found
