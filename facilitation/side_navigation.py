"""The process side navigation, rendered once per process, page, language and role.

Every process page repeats it: ~50 links (``url_for`` each), the stage labels translated,
the current page marked. It depends on nothing but the process, the page (which link is
current), the reader's language, their role (managers see the settings and the archive,
on an agreed stage's pages too) and the application root; the stage registry is fixed
once the app is built. So its HTML is remembered under exactly those, per app, and a
process page renders it once rather than on every view (about a millisecond of a
4-18 ms demo page). The search page is not remembered: its box shows the words searched.
"""

from __future__ import annotations

from collections import OrderedDict

from flask import Flask, current_app, g, render_template, request
from flask_babel import get_locale
from markupsafe import Markup

from .access import MANAGE, can

TEMPLATE = "facilitation/_sidenav.html"
REMEMBERED = 1024  # ~5 KB each: the combinations in use at once, within a few MB


def side_navigation() -> Markup:
    if request.endpoint == "search.search":
        return Markup(render_template(TEMPLATE))
    key = (
        g.process.id,
        request.endpoint,
        str(get_locale()),
        str(g.membership.role),
        can(MANAGE, even_if_agreed=True),
        request.script_root,
    )
    memo: OrderedDict = current_app.extensions["side_navigation"]
    html = memo.get(key)
    if html is None:
        html = memo[key] = Markup(render_template(TEMPLATE))
        if len(memo) > REMEMBERED:
            memo.popitem(last=False)
    else:
        memo.move_to_end(key)
    return html


def init_app(app: Flask) -> None:
    app.extensions["side_navigation"] = OrderedDict()
    app.jinja_env.globals["side_navigation"] = side_navigation
