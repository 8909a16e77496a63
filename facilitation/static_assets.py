"""Static files a browser fetches once: fingerprinted URLs, a year's caching, compression.

At start-up every file of the application's static folder and of every blueprint's static
folder (the built editor bundle included) is read once and hashed. ``url_for('static', ...)``
and ``url_for('<blueprint>.static', ...)`` then add ``?v=<hash>``, so every template gets
a URL that changes when, and only when, the file's content does. A request carrying the
current hash is answered with ``Cache-Control: public, max-age=31536000, immutable``: a
repeat page load asks the server for no asset at all. A request without it (or with a stale
hash, from a page rendered before a deployment) gets the file with ``no-cache`` and an ETag,
so it is always revalidated.

Files are served from memory; text files are compressed once per encoding (brotli or gzip,
as the browser accepts) and the compressed bytes are kept. Images and fonts that are already
compressed are sent as they are.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
from dataclasses import dataclass, field

from flask import Flask, Response, request

IMMUTABLE = "public, max-age=31536000, immutable"
COMPRESSIBLE = {
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "text/plain",
    "text/html",
}
# Below this size a compressed copy saves less than the headers it costs.
MIN_COMPRESS_BYTES = 500
# Brotli 5 is within 4% of brotli 11's size on the editor bundle at 1/50 of its CPU time
# (29 ms against 1.6 s), which matters because the first request pays it.
BROTLI_QUALITY = 5
GZIP_LEVEL = 6


@dataclass
class Asset:
    body: bytes
    digest: str
    mimetype: str
    encoded: dict[str, bytes] = field(default_factory=dict)

    @property
    def compressible(self) -> bool:
        return self.mimetype in COMPRESSIBLE and len(self.body) >= MIN_COMPRESS_BYTES

    def encode(self, encoding: str) -> bytes:
        if encoding not in self.encoded:
            if encoding == "br":
                import brotli

                self.encoded[encoding] = brotli.compress(self.body, quality=BROTLI_QUALITY)
            else:
                self.encoded[encoding] = gzip.compress(self.body, GZIP_LEVEL, mtime=0)
        return self.encoded[encoding]


def read_folder(folder: str) -> dict[str, Asset]:
    """Every file under ``folder`` by its URL filename (forward slashes)."""
    assets = {}
    for directory, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(directory, name)
            with open(path, "rb") as handle:
                body = handle.read()
            filename = os.path.relpath(path, folder).replace(os.sep, "/")
            mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
            digest = hashlib.sha256(body).hexdigest()[:12]
            assets[filename] = Asset(body=body, digest=digest, mimetype=mimetype)
    return assets


def static_folders(app: Flask) -> dict[str, str]:
    """The static endpoint of the application and of each blueprint, with its folder."""
    folders = {"static": app.static_folder} if app.has_static_folder else {}
    for name, blueprint in app.blueprints.items():
        if blueprint.has_static_folder:
            folders[f"{name}.static"] = blueprint.static_folder
    return folders


def preferred_encoding() -> str | None:
    accepted = request.accept_encodings
    choices = [(accepted["br"], "br"), (accepted["gzip"], "gzip")]
    quality, encoding = max(choices, key=lambda choice: choice[0])
    return encoding if quality > 0 else None


def asset_response(asset: Asset) -> Response:
    encoding = preferred_encoding() if asset.compressible else None
    body = asset.encode(encoding) if encoding else asset.body
    response = Response(body, mimetype=asset.mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    if asset.compressible:
        response.vary.add("Accept-Encoding")
    response.set_etag(f"{asset.digest}-{encoding}" if encoding else asset.digest)
    fingerprinted = request.args.get("v") == asset.digest
    response.headers["Cache-Control"] = IMMUTABLE if fingerprinted else "no-cache"
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    """Call after every blueprint is registered: their static folders are read now."""
    tables = {endpoint: read_folder(folder) for endpoint, folder in static_folders(app).items()}
    app.extensions["static_assets"] = tables

    @app.url_defaults
    def _fingerprint(endpoint: str, values: dict) -> None:
        table = tables.get(endpoint)
        if table is not None and "v" not in values:
            asset = table.get(values.get("filename", ""))
            if asset is not None:
                values["v"] = asset.digest

    for endpoint, table in tables.items():
        app.view_functions[endpoint] = _static_view(table, app.view_functions[endpoint])


def _static_view(table: dict[str, Asset], fallback):
    def serve(filename: str):
        asset = table.get(filename)
        if asset is None:  # not there at start-up: Flask's own safe lookup (usually a 404)
            return fallback(filename=filename)
        return asset_response(asset)

    return serve
