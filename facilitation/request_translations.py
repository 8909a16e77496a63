"""The message catalogue looked up once per request, not once per string.

Flask-Babel finds the catalogue for every ``_()`` and ``{{ _() }}`` afresh: a dozen
context-local lookups, the locale turned into a string, a dictionary probe. A stage page
translates 100-300 strings, so this was a sizeable part of the layout every page pays
(issue 18, docs/page-speed.md). Here the catalogue found for the request is kept next to
Flask-Babel's own per-request state, tagged with the locale object it was found for: when
``force_locale`` or ``refresh()`` changes the locale, the tag no longer matches and the
catalogue is looked up again. Nothing outlives the request (the catalogues themselves stay
in Flask-Babel's own cache).
"""

from __future__ import annotations

import flask_babel
from flask.globals import _cv_app

_MEMO = "request_catalogue"


def _remembered():
    """The catalogue already found for this request and its current locale, else None."""
    app_context = _cv_app.get(None)
    if app_context is None:
        return None
    state = app_context.g.__dict__.get("_flask_babel")  # Flask-Babel's per-request namespace
    if state is None:
        return None
    memo = state.__dict__.get(_MEMO)
    if memo is not None and memo[0] is state.__dict__.get("babel_locale"):
        return memo[1]
    return None


def _remember(translations) -> None:
    app_context = _cv_app.get(None)
    state = app_context.g.__dict__.get("_flask_babel") if app_context is not None else None
    locale = state.__dict__.get("babel_locale") if state is not None else None
    if locale is not None:
        setattr(state, _MEMO, (locale, translations))


_LOCALE_MEMO = "request_locale_memo"


def _babel_state():
    app_context = _cv_app.get(None)
    return app_context.g.__dict__.get("_flask_babel") if app_context is not None else None


def current_locale():
    """The request's locale as Flask-Babel last chose it (``force_locale`` included),
    read straight from its per-request state; Flask-Babel's ``get_locale`` otherwise."""
    state = _babel_state()
    locale = state.__dict__.get("babel_locale") if state is not None else None
    return locale if locale is not None else flask_babel.get_locale()


def locale_memo() -> dict | None:
    """A dictionary for what depends only on the request's current locale (translated
    labels): one per locale, so ``force_locale`` (a document in the process's language)
    gets its own; None outside a request context."""
    state = _babel_state()
    locale = state.__dict__.get("babel_locale") if state is not None else None
    if locale is None:
        if state is None and _cv_app.get(None) is None:
            return None
        locale = flask_babel.get_locale()  # chooses the request's locale, as any _() would
        state = _babel_state()
        if locale is None or state is None:
            return None
    memos = state.__dict__.get(_LOCALE_MEMO)
    if memos is None:
        memos = {}
        setattr(state, _LOCALE_MEMO, memos)
    return memos.setdefault(locale, {})


class RequestDomain(flask_babel.Domain):
    """The default message domain, with the request's catalogue remembered."""

    def get_translations(self):
        found = _remembered()
        if found is None:
            found = super().get_translations()
            _remember(found)
        return found


def current_translations():
    found = _remembered()
    return found if found is not None else flask_babel.get_translations()


def install(app, babel: flask_babel.Babel) -> None:
    """Use the remembering domain for Python strings and templates alike."""
    babel.domain_instance = RequestDomain(domain=app.extensions["babel"].default_domain)
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: current_translations().ugettext(s),
        ngettext=lambda s, p, n: current_translations().ungettext(s, p, n),
        pgettext=lambda c, s: current_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: current_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
