"""Static files are fingerprinted and cached for a year; text responses are compressed, but
never downloads that stream or files that are compressed already (issue 18)."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import brotli
from flask import Response, stream_with_context, url_for

from facilitation.static_assets import IMMUTABLE, static_folders

ROOT = Path(__file__).resolve().parents[2]
ASSET_URL = re.compile(r'(?:href|src)="(/[^"]*static[^"]*)"')


def digest_of(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def test_every_static_url_carries_the_hash_of_the_file_it_names(app):
    folders = static_folders(app)
    # The application's folder, every blueprint's, and the built editor bundle.
    assert {"static", "drafting_assets.static", "workshops.static"} <= set(folders)
    checked = 0
    with app.test_request_context():
        for endpoint, folder in folders.items():
            for path in Path(folder).rglob("*"):
                if path.is_file():
                    filename = path.relative_to(folder).as_posix()
                    url = url_for(endpoint, filename=filename)
                    assert url.endswith(f"?v={digest_of(path)}"), url
                    checked += 1
    assert checked >= 15


def test_templates_name_assets_only_through_url_for():
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        assert not re.search(r'(?:href|src)="/static', text), template


def test_pages_link_only_fingerprinted_assets(client, login_as, make_process):
    process = make_process()
    login_as(process.memberships[0].user)
    for path in ("/login", f"/p/{process.id}/"):
        page = client.get(path, follow_redirects=True).get_data(as_text=True)
        assets = ASSET_URL.findall(page)
        assert assets, path
        assert all(re.search(r"\?v=[0-9a-f]{12}$", url) for url in assets), assets


def test_a_fingerprinted_file_is_immutable_and_a_bare_or_stale_one_revalidated(app, client):
    with app.test_request_context():
        current = url_for("static", filename="css/app.css")
    response = client.get(current)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE == ("public, max-age=31536000, immutable")
    assert response.data == (ROOT / "facilitation/static/css/app.css").read_bytes()

    for stale in ("/static/css/app.css", "/static/css/app.css?v=000000000000"):
        response = client.get(stale)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache"
        again = client.get(stale, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""

    assert client.get("/static/css/missing.css").status_code == 404
    assert client.get("/static/../app.py").status_code == 404


def test_text_assets_are_sent_compressed_as_the_browser_accepts(app, client):
    original = (ROOT / "drafting/static/drafting/editor.js").read_bytes()
    with app.test_request_context():
        bundle = url_for("drafting_assets.static", filename="drafting/editor.js")
    as_brotli = client.get(bundle, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert as_brotli.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in as_brotli.headers["Vary"]
    assert brotli.decompress(as_brotli.data) == original
    assert len(as_brotli.data) < len(original) / 2

    as_gzip = client.get(bundle, headers={"Accept-Encoding": "gzip"})
    assert as_gzip.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(as_gzip.data) == original
    # Each encoding has its own validator, so a cache never mixes them up.
    assert as_gzip.headers["ETag"] != as_brotli.headers["ETag"]

    plain = client.get(bundle)
    assert "Content-Encoding" not in plain.headers and plain.data == original


def test_pages_are_compressed(client, login_as, make_process):
    process = make_process()
    login_as(process.memberships[0].user)
    page = client.get(f"/p/{process.id}/", headers={"Accept-Encoding": "br, gzip"})
    assert page.headers["Content-Encoding"] == "br"
    assert process.title in brotli.decompress(page.data).decode()


def test_compressed_formats_and_streams_are_left_alone(app, client, login_as, make_process):
    def stream():
        yield "<p>first part</p>" * 100
        yield "<p>second part</p>" * 100

    app.add_url_rule(
        "/streamed-download", "streamed", lambda: Response(stream_with_context(stream()))
    )
    streamed = client.get("/streamed-download", headers={"Accept-Encoding": "br, gzip"})
    assert "Content-Encoding" not in streamed.headers
    assert b"second part" in streamed.data

    process = make_process()
    login_as(process.memberships[0].user)
    workbook = client.get(
        f"/p/{process.id}/evidence/inventory.xlsx", headers={"Accept-Encoding": "br, gzip"}
    )
    assert workbook.status_code == 200 and workbook.data[:2] == b"PK"
    assert "Content-Encoding" not in workbook.headers
