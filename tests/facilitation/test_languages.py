"""The interface speaks the process's working language: English, French, Spanish or
Portuguese; a member may choose their own."""

import pathlib
import re

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, gettext

TRANSLATIONS = pathlib.Path(__file__).resolve().parents[2] / "facilitation" / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.mark.parametrize("language", ["fr", "es", "pt"])
def test_catalogue_is_complete_and_keeps_placeholders(language):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    missing, broken = [], []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            missing.append(ids[0])
            continue
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            if set(PLACEHOLDER.findall(text)) - set(PLACEHOLDER.findall(" ".join(ids))):
                broken.append(ids[0])
        if not wanted <= set(PLACEHOLDER.findall(" ".join(strings))) and "%(num)d" not in ids[0]:
            broken.append(ids[0])
    assert len(missing) <= len(catalog) // 50, missing[:20]  # at most 2% not yet translated
    assert not broken, broken[:20]


def test_pages_follow_the_process_language(client, make_process, login_as, db, app):
    process = make_process(language="fr")
    login_as(process.memberships[0].user)
    with app.test_request_context(), force_locale("fr"):
        french = gettext("Agenda setting")
    assert french != "Agenda setting"
    page = client.get(f"/p/{process.id}/").get_data(as_text=True)
    assert french in page and '<html lang="fr">' in page


def test_a_member_can_choose_their_own_language(client, make_process, login_as, db, app):
    process = make_process(language="fr")
    user = process.memberships[0].user
    user.locale = "pt"
    db.session.commit()
    login_as(user)
    with app.test_request_context(), force_locale("pt"):
        portuguese = gettext("Agenda setting")
    page = client.get(f"/p/{process.id}/").get_data(as_text=True)
    assert portuguese in page and '<html lang="pt">' in page
