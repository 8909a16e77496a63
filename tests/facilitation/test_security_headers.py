"""Every response refuses framing and carries the Content Security Policy (issue 13)."""

from facilitation.security_headers import content_security_policy


def test_every_response_refuses_framing_and_has_a_strict_script_policy(client):
    for path in ("/login", "/static/css/app.css", "/does-not-exist"):
        response = client.get(path)
        response.close()  # a static file response holds the file open
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        policy = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy
        assert "script-src 'self';" in policy
        assert "unsafe-eval" not in policy


def test_only_the_draft_editor_may_rewrite_style_elements():
    strict = content_security_policy("example.org")
    editor = content_security_policy("example.org", inline_styles=True)
    assert "style-src 'self' 'sha256-" in strict and "'unsafe-inline'; style-src-attr" not in strict
    assert "style-src 'self' 'unsafe-inline'" in editor
    assert "connect-src 'self' ws://example.org wss://example.org" in strict
