"""`policycycle demo --language fr|es|pt`: the same story with its content in the language:
stage pages and the exported policy document in French, and no English demo sentence left;
Spanish and Portuguese checked more cheaply on the imported rows and draft."""

import io
import json

import pytest
from docx import Document
from flask import url_for

from demo import data
from demo import loader as demo
from drafting import prosemirror
from drafting.models import Draft, DraftUpdate
from facilitation.cli import cli
from facilitation.models import Process, User
from facilitation.stages import registry
from policycycle.models import PolicyIssue


def _english(table: str, column: str) -> list[str]:
    rows = json.loads((data.folder("en") / "tables" / f"{table}.json").read_text())
    return [row[column] for row in rows if len(row[column]) > 25]


def _sampled_english() -> list[str]:
    """English sentences of the demo that a translated demo must not show."""
    return (
        _english("policy_issue", "title")
        + _english("objective", "title")
        + _english("action", "title")[:10]
        + _english("policy_option", "title")[:10]
    )


def _draft_text(process_id: int, kind: str) -> str:
    draft = db_scalar(Draft, process_id, kind)
    updates = [
        u.data for u in DraftUpdate.query.filter_by(draft_id=draft.id).order_by(DraftUpdate.id)
    ]
    from pycrdt import Doc

    doc = Doc()
    for update in updates:
        doc.apply_update(bytes(update))
    return prosemirror.plain_text(prosemirror.to_tree(doc)["blocks"])


def db_scalar(model, process_id, kind):
    return model.query.filter_by(process_id=process_id, kind=kind).one()


def _policy_document_text(app, process) -> str:
    from drafting.export import services

    app.extensions.pop("drafting_rooms", None)  # read the drafts as a server would
    document = Document(io.BytesIO(services.export(process, "policy").data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


@pytest.mark.slow
def test_the_french_demo_reads_in_french(app, db, login_as):
    result = app.test_cli_runner().invoke(cli, ["demo", "--language", "fr"])
    assert result.exit_code == 0, result.output
    process = db.session.execute(db.select(Process)).scalar_one()
    assert process.language == "fr"
    assert process.title == "Politique nationale de migration et de citoyenneté 2027–2031"
    coordinator = db.session.scalar(db.select(User).where(User.email == "coordinator@demo.example"))
    client = login_as(coordinator)
    with app.test_request_context():
        paths = [
            url_for(endpoint, process_id=process.id)
            for endpoint in registry(app).stage_pages.values()
        ]
    pages = ""
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        pages += response.get_data(as_text=True)
    assert "Départs irréguliers de jeunes ressortissants vers les pays voisins" in pages
    assert "Données migratoires dispersées entre les institutions" in pages
    english = _sampled_english()
    assert len(english) > 20
    assert [s for s in english if s in pages] == []

    document = _policy_document_text(app, process)
    assert "les Kestriens migrent en toute sécurité et par choix" in document
    assert "Les migrations façonnent l’économie et la société de la République" in document
    for sentence in ("Kestrians migrate safely", "Migration shapes the economy"):
        assert sentence not in document
    assert [s for s in english if s in document] == []


@pytest.mark.parametrize(
    ("language", "issue", "draft_sentence"),
    [
        (
            "es",
            "Datos migratorios dispersos entre instituciones",
            "los kestrianos migran de forma segura y por elección propia",
        ),
        (
            "pt",
            "Dados sobre migração dispersos pelas instituições",
            "os kestrianos migram em segurança e por opção",
        ),
    ],
)
def test_the_spanish_and_portuguese_demos(app, db, language, issue, draft_sentence):
    process_id = demo.import_demo(app, language)
    db.session.commit()
    assert db.session.get(Process, process_id).language == language
    titles = db.session.scalars(
        db.select(PolicyIssue.title).where(PolicyIssue.process_id == process_id)
    ).all()
    assert issue in titles
    text = _draft_text(process_id, "policy")
    assert draft_sentence in text
    english = _sampled_english()
    assert [s for s in english if s in titles or s in text] == []
    assert "Kestrians migrate safely" not in text
