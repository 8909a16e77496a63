"""Headers sent with every response: no framing by another site, and a Content Security
Policy the app's own pages satisfy.

Every script and style sheet is a file served by the app (no inline ``<script>`` code,
no ``on...=`` attributes, no ``<style>`` elements of ours): a script that an attacker
manages to inject into a page does not run. Allowances, all needed by the pages:

- the few constant ``<style>`` elements that cytoscape and the editor bundle insert,
  by the hash of their text (and any ``<style>`` on the draft editor, see
  ``INLINE_STYLE_ENDPOINTS``);
- ``style-src-attr 'unsafe-inline'``: bar widths and colour swatches are ``style``
  attributes computed on the server; an attribute cannot run a script.
- ``connect-src`` names this host's ``ws:``/``wss:`` for Socket.IO (workshops, drafts).

Socket.IO's JSON data blocks (``<script type="application/json">``) are data, not
scripts, and are not subject to ``script-src``.
"""

from __future__ import annotations

from flask import request

# <style> elements that bundled libraries add, allowed by the hash of their exact text
# (a new library version that changes the text shows up in the browser test).
LIBRARY_STYLE_HASHES = (
    # cytoscape: ".__________cytoscape_container { position: relative; }"
    "'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='",
    # Tiptap's base editor styles (drafting/static/drafting/editor.js, @tiptap/core 3.x)
    "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='",
    # an empty <style> that the editor fills through the CSSOM (allowed by CSP)
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
)


# Pages whose script rewrites a <style> element's text: the draft editor hides the
# highlight of resolved comments that way (drafting/frontend/src/editor.js). Moving that
# rule to the CSSOM (style.sheet.insertRule) at the next bundle rebuild ends this
# exception; scripts stay strict on these pages too.
INLINE_STYLE_ENDPOINTS = frozenset({"drafting.edit"})


def content_security_policy(host: str, inline_styles: bool = False) -> str:
    styles = "'unsafe-inline'" if inline_styles else " ".join(LIBRARY_STYLE_HASHES)
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            f"style-src 'self' {styles}",
            "style-src-attr 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self'",
            f"connect-src 'self' ws://{host} wss://{host}",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def _add_headers(response):
    headers = response.headers
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    inline_styles = request.endpoint in INLINE_STYLE_ENDPOINTS
    headers.setdefault(
        "Content-Security-Policy", content_security_policy(request.host, inline_styles)
    )
    return response


def init_app(app) -> None:
    app.after_request(_add_headers)
