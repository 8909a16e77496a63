"""Search across a process (issue 15): the database's own full-text engine, kept in step
with every artefact, scoped by process, members only, escaped snippets.

Runs on SQLite (FTS5) and, with TEST_DATABASE_URL pointing at PostgreSQL, on tsvector."""

from __future__ import annotations

import re

import pytest
from pycrdt import Doc

from drafting import store
from drafting.models import Draft
from drafting.prosemirror import plain_run, replace_all
from facilitation.extensions import db
from facilitation.models import Organisation
from policycycle.models import (
    Action,
    ActionStatus,
    Instrument,
    Objective,
    PolicyIssue,
    PolicyOption,
    ProblemNode,
)
from stakeholders.models import Consultation, ConsultationInput


def _search(client, process, q, **args):
    return client.get(f"/p/{process.id}/search", query_string={"q": q, **args})


def _kinds(response) -> list[str]:
    return re.findall(r'<span class="badge">([^<]+)</span>', response.get_data(as_text=True))


def _one_of_each(pid, word, org_name="Org"):
    """Every searchable kind, each holding ``word`` somewhere in its text."""
    objective = Objective(process_id=pid, level="specific", title=f"Objective {word}")
    db.session.add(objective)
    db.session.flush()
    option = PolicyOption(process_id=pid, objective_id=objective.id, title="Option", risks=word)
    db.session.add(option)
    db.session.flush()
    org = Organisation(process_id=pid, name=org_name, category="ministry", mandate=f"{word} duty")
    consultation = Consultation(
        process_id=pid, title="Hearing", stage="agenda", method="survey", minutes=word
    )
    rows = {
        "issue": PolicyIssue(process_id=pid, title="Issue", description=f"about {word}"),
        "cause": ProblemNode(process_id=pid, kind="cause", text=f"Cause {word}"),
        "objective": objective,
        "option": option,
        "instrument": Instrument(
            process_id=pid, option_id=option.id, kind="financial", title=f"Grant {word}"
        ),
        "action": Action(process_id=pid, objective_id=objective.id, title=f"Do {word}"),
        "organisation": org,
        "consultation": consultation,
        "input": ConsultationInput(process_id=pid, text=f"We said {word}"),
        "draft": Draft(process_id=pid, title=f"Draft {word}"),
    }
    db.session.add_all(rows.values())
    db.session.commit()
    return rows


def test_search_finds_each_kind_follows_edits_and_deletes(
    client, make_process, member, login_as, make_user
):
    user = make_user()
    process = make_process(owner=user)
    login_as(user)
    rows = _one_of_each(process.id, "zanzibarite")

    page = _search(client, process, "zanzibarite")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<mark>zanzibarite</mark>" in html
    assert len(_kinds(page)) == len(rows)  # one hit per kind
    for kind in rows:
        assert _search(client, process, "zanzibarite", kind=kind).status_code == 200

    # Edit every row: the old word is gone from the index, the new one is found.
    for row in rows.values():
        for attr in ("title", "text", "name"):
            if hasattr(row, attr) and getattr(row, attr):
                setattr(row, attr, "quetzalcoatlus renamed")
                break
        for attr in ("description", "risks", "mandate", "minutes"):
            if hasattr(row, attr):
                setattr(row, attr, "")
    db.session.commit()
    assert "No result" not in _search(client, process, "quetzalcoatlus").get_data(as_text=True)
    assert len(_kinds(_search(client, process, "quetzalcoatlus"))) == len(rows)
    assert _kinds(_search(client, process, "zanzibarite")) == []

    # Delete every row: nothing is found any more.
    for row in reversed(list(rows.values())):
        db.session.delete(row)
        db.session.flush()
    db.session.commit()
    assert _kinds(_search(client, process, "quetzalcoatlus")) == []


def test_results_link_to_the_artefacts_and_are_ranked(client, make_process, login_as, make_user):
    user = make_user()
    process = make_process(owner=user)
    login_as(user)
    rows = _one_of_each(process.id, "okapi")
    html = _search(client, process, "okapi").get_data(as_text=True)
    pid = process.id
    assert f'href="/p/{pid}/agenda/issues/{rows["issue"].id}"' in html
    assert f"/p/{pid}/action-plan?focus={rows['action'].id}#action-{rows['action'].id}" in html
    assert f'href="/p/{pid}/stakeholders/organisations/{rows["organisation"].id}"' in html
    assert f'href="/p/{pid}/drafts/{rows["draft"].id}"' in html
    # A match in the title ranks above a match in the body.
    db.session.add(PolicyIssue(process_id=pid, title="Okapi okapi reserve", description="x"))
    db.session.commit()
    first = _search(client, process, "okapi", kind="issue").get_data(as_text=True)
    assert first.index("reserve") < first.index("about <mark>okapi</mark>")


def test_accents_and_prefixes_are_forgiven(client, make_process, login_as, make_user):
    user = make_user()
    process = make_process(owner=user)
    login_as(user)
    db.session.add(PolicyIssue(process_id=process.id, title="Sécurité des frontières"))
    db.session.commit()
    assert len(_kinds(_search(client, process, "securite"))) == 1
    assert len(_kinds(_search(client, process, "fronti"))) == 1


def test_search_is_scoped_by_process_and_for_members_only(
    client, make_process, member, login_as, make_user
):
    owner, other_owner, outsider = make_user(), make_user(), make_user()
    mine = make_process(owner=owner)
    theirs = make_process(owner=other_owner)
    _one_of_each(theirs.id, "pangolin")
    login_as(owner)
    assert _kinds(_search(client, mine, "pangolin")) == []
    # Asking for their rows through my process still finds nothing of theirs.
    assert (
        "pangolin"
        not in _search(client, mine, "pangolin", kind="issue")
        .get_data(as_text=True)
        .split("</h1>", 1)[1]
        .split("search-page-q")[1][200:]
    )
    login_as(outsider)
    assert _search(client, theirs, "pangolin").status_code == 404


def test_snippets_are_escaped(client, make_process, login_as, make_user):
    user = make_user()
    process = make_process(owner=user)
    login_as(user)
    db.session.add(
        PolicyIssue(
            process_id=process.id,
            title="<script>alert(1)</script> capybara",
            description='<img src=x onerror="alert(2)"> capybara',
        )
    )
    db.session.commit()
    html = _search(client, process, "capybara").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and "<mark>capybara</mark>" in html
    # FTS syntax in the query is only words.
    for hostile in ('"', "NEAR(", "title:x", "a OR", "*", "'", "\\", "&|!:*"):
        assert _search(client, process, hostile).status_code == 200


def test_draft_text_is_searchable_once_compacted(client, make_process, login_as, make_user):
    user = make_user()
    process = make_process(owner=user)
    login_as(user)
    draft = Draft(process_id=process.id, title="Policy")
    db.session.add(draft)
    db.session.commit()
    doc = Doc()
    replace_all(doc, [{"type": "paragraph", "runs": [plain_run("The axolotl hatchery plan")]}])
    store.append(process.id, draft.id, doc.get_update())
    assert _kinds(_search(client, process, "axolotl")) == []
    assert store.compact(process.id, draft.id)
    html = _search(client, process, "axolotl").get_data(as_text=True)
    assert "<mark>axolotl</mark> hatchery" in html
    assert f'href="/p/{process.id}/drafts/{draft.id}"' in html
    db.session.delete(db.session.get(Draft, draft.id))
    db.session.commit()
    assert _kinds(_search(client, process, "axolotl")) == []


def test_results_are_paged(client, make_process, login_as, make_user):
    user = make_user()
    process = make_process(owner=user)
    login_as(user)
    db.session.add_all(PolicyIssue(process_id=process.id, title=f"Marmot {i}") for i in range(45))
    db.session.commit()
    first = _search(client, process, "marmot").get_data(as_text=True)
    assert "Showing 1–20 of 45" in first
    third = _search(client, process, "marmot", page=3).get_data(as_text=True)
    assert "Showing 41–45 of 45" in third
    assert len(_kinds(_search(client, process, "marmot", page=3))) == 5
    assert _search(client, process, "marmot", page=4).status_code == 404
    assert _search(client, process, "marmot", page="x").status_code == 404


def test_the_side_navigation_has_a_labelled_search_box(client, make_process, login_as, make_user):
    user = make_user()
    process = make_process(owner=user)
    login_as(user)
    html = client.get(f"/p/{process.id}/").get_data(as_text=True)
    assert f'action="/p/{process.id}/search"' in html
    assert '<label for="sidenav-q">' in html and 'id="sidenav-q"' in html


@pytest.mark.parametrize("language", ["fr"])
def test_reindex_rebuilds_rows_written_in_bulk(app, make_process, make_user, language):
    from sqlalchemy import insert

    from facilitation.search import engine, indexing

    process = make_process(owner=make_user(), language=language)
    db.session.execute(insert(PolicyIssue), [{"process_id": process.id, "title": "Walrus"}])
    conn = db.session.connection()
    assert engine.search(conn, process.id, "walrus")[1] == []
    indexing.reindex_process(conn, process.id)
    assert len(engine.search(conn, process.id, "walrus", config="french")[1]) == 1


def test_the_reindex_command_rebuilds_the_index(app, make_process, make_user):
    from sqlalchemy import insert

    process = make_process(owner=make_user())
    db.session.execute(insert(PolicyIssue), [{"process_id": process.id, "title": "Narwhal"}])
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["search-reindex", "--process", str(process.id)])
    assert result.exit_code == 0, result.output
    from facilitation.search import engine

    hits = engine.search(db.session.connection(), process.id, "narwhal")[1]
    assert [hit.kind for hit in hits] == ["issue"]


def test_a_process_imported_from_an_archive_is_searchable(app, make_process, make_user):
    from archive import loader, reader, writer
    from facilitation.search import engine

    process = make_process(owner=make_user())
    db.session.add(PolicyIssue(process_id=process.id, title="Dugong protection"))
    db.session.commit()
    result = loader.load(reader.read(writer.build(process.id), app.config))
    db.session.commit()
    assert result.process_id != process.id
    hits = engine.search(db.session.connection(), result.process_id, "dugong")[1]
    assert [hit.kind for hit in hits] == ["issue"]


# --- The index follows every way a row can go (hygiene) --------------------------------


def _index_hits(process, word) -> list[tuple[str, int]]:
    """What the index itself holds for ``word`` (the page skips dead hits; the index
    must not keep them: counts and pages are computed from it)."""
    from facilitation.search import engine

    counts, hits = engine.search(db.session.connection(), process.id, word, limit=100)
    return sorted((hit.kind, hit.object_id) for hit in hits)


def test_a_bulk_delete_leaves_no_hit_behind(client, make_process, login_as, make_user):
    from sqlalchemy import delete

    user = make_user()
    process = make_process(owner=user)
    login_as(user)
    rows = _one_of_each(process.id, "wombat")
    ids = {kind: row.id for kind, row in rows.items()}
    assert len(_index_hits(process, "wombat")) == len(rows)
    # Through the ORM (an entity) and through Core (a table), as a service might.
    db.session.execute(delete(PolicyIssue).where(PolicyIssue.process_id == process.id))
    db.session.execute(
        delete(Organisation.__table__).where(Organisation.__table__.c.process_id == process.id)
    )
    db.session.execute(delete(Draft).where(Draft.id == ids["draft"]))
    db.session.commit()
    kinds = {kind for kind, _id in _index_hits(process, "wombat")}
    assert kinds == set(rows) - {"issue", "organisation", "draft"}
    page = _search(client, process, "wombat").get_data(as_text=True)
    assert f"/agenda/issues/{ids['issue']}" not in page
    assert "Issues" not in page.split("search-page-q")[1]  # no facet counting the dead hit


def test_a_database_cascade_leaves_no_hit_behind(client, make_process, login_as, make_user):
    """Deleting an objective removes its options, their instruments and its actions in
    the database (ON DELETE CASCADE), out of the session's sight."""
    user = make_user()
    process = make_process(owner=user)
    login_as(user)
    rows = {kind: row.id for kind, row in _one_of_each(process.id, "tapir").items()}
    other = _one_of_each(
        process.id, "tapir", org_name="Other org"
    )  # another objective's rows stay found
    db.session.delete(db.session.get(Objective, rows["objective"]))
    db.session.commit()
    gone = db.select(PolicyOption.id).where(PolicyOption.id == rows["option"])
    assert db.session.scalar(gone) is None  # the cascade ran
    left = _index_hits(process, "tapir")
    for kind in ("objective", "option", "instrument", "action"):
        assert (kind, rows[kind]) not in left
        assert (kind, other[kind].id) in left
    page = _search(client, process, "tapir").get_data(as_text=True)
    assert f"focus={rows['action']}#action-" not in page


def test_changing_an_unsearched_column_leaves_the_index_alone(app, make_process, make_user):
    """A flush that changes no searchable text writes nothing to the index (on the large
    demo each rewrite is a scan of the whole full-text table)."""
    from sqlalchemy import event

    from facilitation.search import engine

    process = make_process(owner=make_user())
    rows = _one_of_each(process.id, "quokka")
    touched: list[str] = []

    def spy(conn, cursor, statement, parameters, context, executemany):
        if engine.TABLE in statement:
            touched.append(statement)

    event.listen(db.engine, "before_cursor_execute", spy)
    try:
        rows["action"].status = ActionStatus.ONGOING
        rows["action"].position = 7
        rows["objective"].realistic_ok = True
        db.session.flush()
        assert touched == []
        rows["action"].risks = "a new risk"
        db.session.flush()
        assert touched  # searchable text: the row is indexed again
    finally:
        event.remove(db.engine, "before_cursor_execute", spy)
    db.session.commit()
    assert _index_hits(process, "risk") == [("action", rows["action"].id)]
