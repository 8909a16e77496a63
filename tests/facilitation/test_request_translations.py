"""The message catalogue is found once per request, and follows the locale when it changes
(issue 18: a stage page translates 100-300 strings; finding the catalogue afresh for each
was a sizeable part of the layout every page pays)."""

from __future__ import annotations

import flask_babel
from flask import g, render_template_string
from flask_babel import force_locale, gettext, lazy_gettext

from demo import loader as demo
from facilitation.models import Process, User


def test_a_stage_page_finds_its_catalogue_once(app, db, client, login_as, monkeypatch):
    demo.load(app)
    process = db.session.scalar(db.select(Process).order_by(Process.id))
    login_as(db.session.scalar(db.select(User).where(User.email == "coordinator@demo.example")))
    lookups = []
    original = flask_babel.Domain.get_translations_cache

    def counted(self, ctx):
        lookups.append(1)
        return original(self, ctx)

    monkeypatch.setattr(flask_babel.Domain, "get_translations_cache", counted)
    page = client.get(f"/p/{process.id}/analysis/problem-tree")
    assert page.status_code == 200
    # One lookup per locale the request used (the page's own, and English for the
    # language menu's labels at most), not one per translated string.
    assert 1 <= len(lookups) <= 3, len(lookups)


def test_the_catalogue_follows_force_locale_and_refresh(app):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert gettext("Dashboard") == "Tableau de bord"
        assert render_template_string("{{ _('Dashboard') }}") == "Tableau de bord"
        with force_locale("es"):
            assert gettext("Dashboard") == "Panel"
            assert render_template_string("{{ _('Dashboard') }}") == "Panel"
            assert str(lazy_gettext("Dashboard")) == "Panel"
        assert gettext("Dashboard") == "Tableau de bord"
        g.phone_language = "pt"  # a workshop phone page switches and refreshes
        flask_babel.refresh()
        assert gettext("Dashboard") == "Painel"
        assert render_template_string("{{ _('Dashboard') }}") == "Painel"


def test_each_request_finds_its_own_catalogue(client):
    french = client.get("/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    spanish = client.get("/login", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert 'lang="fr"' in french and "Se connecter" in french
    assert 'lang="es"' in spanish and "Iniciar sesión" in spanish
