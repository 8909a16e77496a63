"""Waiting for a page condition under the app's Content Security Policy.

``page.wait_for_function`` compiles its predicate inside the page, which the policy (no
``unsafe-eval``) refuses. ``page.evaluate`` goes through the DevTools protocol, which the
policy does not govern, so polling with it works on the real pages."""

from __future__ import annotations

import time


def wait_for_js(page, expression: str, arg=None, timeout: float = 30_000) -> None:
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout} ms: {expression}")
        page.wait_for_timeout(100)
