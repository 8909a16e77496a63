"""The L T I F P feasibility letters are explained where they appear: each letter an
<abbr> with its dimension, a legend under the register, letters that follow the language."""

import re

from demo import loader as demo
from facilitation.models import Process, User
from policycycle.models import PolicyOption

from ...access import sign_in


def _options_page(app, db, client, locale=None):
    demo.load(app)
    process = db.session.execute(db.select(Process).order_by(Process.id)).scalars().first()
    option = db.session.scalars(
        db.select(PolicyOption).where(PolicyOption.process_id == process.id)
    ).first()
    user = db.session.scalars(db.select(User).where(User.email == "coordinator@demo.example")).one()
    user.locale = locale
    db.session.commit()
    sign_in(client, user)
    return client.get(f"/p/{process.id}/options/{option.objective_id}").get_data(as_text=True)


def test_letters_are_abbreviations_with_a_legend(app, db, client):
    html = _options_page(app, db, client)
    assert "L T I F P" not in html
    letters = re.findall(r'<abbr title="([^"]+)">(\w)</abbr>', html)
    assert ("Legal", "L") in letters and ("Political", "P") in letters
    assert "Feasibility, each from 1 (not feasible) to 5 (fully feasible):" in html
    assert '<span class="visually-hidden">Technical</span>' in html  # each cell names its score


def test_letters_follow_the_language(app, db, client):
    html = _options_page(app, db, client, locale="fr")
    assert '<abbr title="Juridique">J</abbr>' in html
