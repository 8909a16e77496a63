"""The process side navigation is rendered once per process, page, language and role
(facilitation/side_navigation.py) and is still right for each of them."""

from __future__ import annotations

from flask import template_rendered

from facilitation.models import Role

SIDENAV = "facilitation/_sidenav.html"


def _renders(app):
    rendered: list[str] = []

    def record(sender, template, context, **extra):
        rendered.append(template.name)

    template_rendered.connect(record, app, weak=False)
    return rendered


def _nav(html: str) -> str:
    start = html.index('<nav class="sidenav"')
    return html[start : html.index("</nav>", start)]


def test_a_second_view_does_not_render_the_navigation_again(app, client, make_process, login_as):
    process = make_process()
    login_as(process.memberships[0].user)
    rendered = _renders(app)
    first = client.get(f"/p/{process.id}/agenda").get_data(as_text=True)
    second = client.get(f"/p/{process.id}/agenda").get_data(as_text=True)
    assert rendered.count(SIDENAV) == 1
    assert _nav(first) == _nav(second)
    # Another page marks its own link as the current one.
    other = client.get(f"/p/{process.id}/objectives").get_data(as_text=True)
    assert rendered.count(SIDENAV) == 2
    assert f'href="/p/{process.id}/objectives" class="active" aria-current="page"' in other
    assert f'href="/p/{process.id}/agenda" class="active"' not in _nav(other)


def test_each_role_language_and_process_gets_its_own(
    app, client, make_process, make_user, member, login_as, db
):
    process = make_process()
    coordinator = process.memberships[0].user
    observer = member(process, Role.OBSERVER)
    other = make_process(owner=coordinator, title="Diaspora strategy")
    path = f"/p/{process.id}/agenda"

    login_as(coordinator)
    managing = _nav(client.get(path).get_data(as_text=True))
    assert "Process settings" in managing
    login_as(observer)
    observing = _nav(client.get(path).get_data(as_text=True))
    assert "Process settings" not in observing and "Agenda" in observing

    login_as(coordinator)
    coordinator.locale = "fr"
    db.session.commit()
    french = _nav(client.get(path).get_data(as_text=True))
    assert "Paramètres du processus" in french and "Process settings" not in french

    elsewhere = _nav(client.get(f"/p/{other.id}/agenda").get_data(as_text=True))
    assert f"/p/{other.id}/objectives" in elsewhere and f"/p/{process.id}/" not in elsewhere


def test_the_search_page_shows_the_words_searched(app, client, make_process, login_as):
    process = make_process()
    login_as(process.memberships[0].user)
    for words in ("border", "labour"):
        html = client.get(f"/p/{process.id}/search", query_string={"q": words}).get_data(
            as_text=True
        )
        assert f'value="{words}"' in _nav(html)


def test_managers_keep_the_settings_and_archive_links_on_an_agreed_stage(
    client, make_process, member, login_as
):
    process = make_process()
    coordinator = process.memberships[0].user
    writer = member(process, Role.MEMBER)
    login_as(coordinator)
    client.post(f"/p/{process.id}/stages/agenda/agree", data={"confirm_breaks": "y"})
    agreed = client.get(f"/p/{process.id}/agenda").get_data(as_text=True)
    assert "This stage is agreed" in agreed
    # The settings and the archive are not part of the agreed stage (the menu hid them).
    assert "Process settings" in _nav(agreed) and "Archive" in _nav(agreed)
    login_as(writer)
    assert "Process settings" not in _nav(
        client.get(f"/p/{process.id}/agenda").get_data(as_text=True)
    )
