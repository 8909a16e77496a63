"""Issue 12: the activity record is written for people, in the reader's language, even
for entries made by someone working in another language: no field names, no ``None``,
no ISO timestamps, no internal codes."""

from __future__ import annotations

import html
import re

from flask_babel import force_locale

from facilitation import audit, services
from facilitation.extensions import db
from facilitation.models import AuditEvent, Role
from policycycle.analysis.models import DotVote
from policycycle.models import PolicyIssue
from stakeholders import registry


def test_a_french_reader_reads_a_portuguese_users_entries_in_french(
    app, make_process, make_user, member, login_as
):
    author = make_user(name="Joana Silva")
    author.locale = "pt"
    process = make_process(owner=author)
    reader = member(process, Role.OBSERVER, user=make_user(name="Claire Martin"))
    reader.locale = "fr"
    db.session.commit()
    with app.test_request_context(), force_locale("pt"), audit.acting_as(author.id):
        bank = registry.save_organisation(
            process.id, name="Banco Africano", category="development_partner"
        )
        db.session.flush()
        registry.save_organisation(process.id, org=bank, name="Banco Africano", category="ministry")
        issue = PolicyIssue(process_id=process.id, title="Fuga de cérebros")
        db.session.add(issue)
        db.session.flush()
        db.session.add(DotVote(process_id=process.id, issue_id=issue.id, user_id=author.id, dots=1))
        db.session.flush()
        services.agree_stage(process.id, "agenda", author, accept_breaks=True)
        db.session.commit()
    stored = db.session.scalars(db.select(AuditEvent.summary)).all()
    assert any(s.startswith("Etapa acordada") for s in stored)  # the author's language

    page = login_as(reader).get(f"/p/{process.id}/activity").get_data(as_text=True)
    main = page[page.index('class="activity"') :]
    # Read as a person: entities decoded, French non-breaking spaces as spaces.
    visible = html.unescape(re.sub(r'datetime="[^"]*"', "", main))
    visible = visible.replace("\u00a0", " ").replace("\u202f", " ")
    assert "Étape validée : Mise à l'ordre du jour" in visible
    assert "Partenaire de développement" in visible  # the category change, as words
    assert "Vote par points" in visible and "Fuga de cérebros" in visible
    assert "Etapa acordada" not in visible  # not the author's language
    for code in ("development_partner", "None", "category", "DotVote", "issue_id"):
        assert code not in visible, code
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d", visible)
    assert not re.search(r"Vote par points\s*:\s*\d+\s*<", visible)  # not a bare "1"
