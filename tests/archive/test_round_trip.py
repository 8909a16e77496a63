"""Round trip: the demo process exported, imported into an empty database and exported
again gives the same archive apart from ids and timestamps, and the same policy
document."""

import io

import pytest
from docx import Document

from archive import compare, loader, reader, writer
from facilitation.extensions import db
from facilitation.models import Process, User

from ..conftest import make_test_app


def _policy_text(process) -> str:
    from drafting.export import services

    doc = Document(io.BytesIO(services.export(process, "policy").data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


@pytest.mark.slow
def test_demo_process_survives_a_round_trip(app, app_config, tmp_path):
    from demo import loader as demo

    demo.load(app)
    db.session.commit()
    process = db.session.scalars(db.select(Process).order_by(Process.id)).first()
    first = writer.build(process.id)
    people = [(u.email, u.name) for u in db.session.scalars(db.select(User))]
    # Read the drafts from the database as a server would (the rooms the demo loader
    # opened in this process are not those of a server), like the job runner does.
    app.extensions.pop("drafting_rooms", None)
    text = _policy_text(process)
    db.session.rollback()

    # Another installation: an empty database where the same people have accounts.
    other = make_test_app(
        {**app_config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'other.sqlite3'}"}
    )
    with other.app_context():
        db.create_all()
        for email, name in people:
            account = User(email=email, name=name)
            account.set_password("another installation")
            db.session.add(account)
        db.session.commit()
        result = loader.load(reader.read(first, other.config))
        db.session.commit()
        assert result.left_out == 0 and not result.invited
        imported = db.session.get(Process, result.process_id)
        second = writer.build(imported.id)
        assert compare.differences(first, second) == []
        imported_text = _policy_text(imported)
        import difflib

        diff = list(
            difflib.unified_diff(text.splitlines(), imported_text.splitlines(), lineterm="", n=0)
        )
        assert not diff, "\n".join(diff[:20])
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_compare_sees_a_real_difference(app, rich_process):
    """The comparison is not blind: a changed title or a lost row is reported."""
    from .helpers import with_json

    first = writer.build(rich_process.id)
    renamed = with_json(
        first, "tables/organisation.json", lambda rows: [{**rows[0], "name": "Renamed"}, *rows[1:]]
    )
    assert any("organisation" in d for d in compare.differences(first, renamed))
    fewer = with_json(first, "tables/draft_comment.json", lambda rows: rows[:1])
    assert any("draft_comment" in d for d in compare.differences(first, fewer))
