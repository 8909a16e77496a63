"""Word review round trip (issue 17): the review copy, returned files with real comments
and tracked changes (also saved again by LibreOffice), threads, suggestions, decisions
and the consultation inputs register."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from docx.oxml.ns import qn
from pycrdt import Doc, XmlElement, XmlText

from drafting import prosemirror, rooms
from drafting.models import Draft, DraftComment, DraftSection
from drafting.review import anchors
from drafting.review.models import DraftReview, DraftSuggestion
from facilitation.extensions import db as _db
from facilitation.jobs import runner
from facilitation.models import Organisation, Role
from stakeholders.models import Consultation, ConsultationInput

from . import review_files as rf

INTRO = "The ministry shall publish migration data every year in an open format."
OBJECTIVE = "Reduce irregular migration by half before 2030."
ANNEX = "Terms used in this policy."


def _seed(process_id: int, draft: Draft) -> None:
    blocks = [
        {"type": "heading", "level": 1, "runs": [prosemirror.plain_run(draft.title)]},
        {"type": "heading", "level": 2, "runs": [prosemirror.plain_run("Introduction")]},
        {"type": "paragraph", "runs": [prosemirror.plain_run(INTRO)]},
        {"type": "heading", "level": 2, "runs": [prosemirror.plain_run("Objectives")]},
        {"type": "paragraph", "runs": [prosemirror.plain_run(OBJECTIVE, bold=True)]},
        {"type": "heading", "level": 2, "runs": [prosemirror.plain_run("Glossary")]},
        {"type": "paragraph", "runs": [prosemirror.plain_run(ANNEX)]},
    ]
    rooms.change(process_id, draft.id, lambda doc: prosemirror.replace_all(doc, blocks))


@pytest.fixture
def setup(app, db, make_process, member, login_as):
    process = make_process()
    writer = member(process, Role.COORDINATOR)
    draft = Draft(process_id=process.id, title="Migration Policy")
    for position, title in enumerate(["Introduction", "Objectives"]):
        draft.sections.append(DraftSection(process_id=process.id, title=title, position=position))
    db.session.add(draft)
    db.session.commit()
    _seed(process.id, draft)
    return process, draft, login_as(writer)


def _copy(client, process, draft) -> bytes:
    response = client.get(f"/p/{process.id}/drafts/{draft.id}/review/copy")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    return response.data


def _returned(copy: bytes) -> bytes:
    document = rf.open_docx(copy)
    rf.comment(document, INTRO, "migration data", "Which data? Name the sources.")
    rf.comment(document, OBJECTIVE, "by half", "Too ambitious without a baseline.")
    rf.track_replace(document, OBJECTIVE, "by half", "by a third")
    rf.track_replace(document, INTRO, " in an open format", "", change_id=911)
    return rf.save(document)


def _send(client, process, draft, data, reviewer="Ana Reviewer", org="EU Delegation"):
    """Post the returned file: the page answers with the import job's page."""
    return client.post(
        f"/p/{process.id}/drafts/{draft.id}/review",
        data={
            "file": (io.BytesIO(data), "returned.docx"),
            "reviewer": reviewer,
            "organisation": org,
            "category": "development_partner",
        },
        content_type="multipart/form-data",
    )


def _import(client, process, draft, data, reviewer="Ana Reviewer", org="EU Delegation"):
    """Post the file, run its job as the worker does, and look at the job's page: a 302 to
    the review's result page when imported, the page with a plain message when refused."""
    sent = _send(client, process, draft, data, reviewer, org)
    if sent.status_code != 302:
        return sent
    assert "/jobs/" in sent.headers["Location"]
    held = list(_db.session.identity_map.values())
    runner.run(int(sent.headers["Location"].rstrip("/").rsplit("/", 1)[1]))
    _db.session.add_all(held)  # the runner ends its session, as a worker does
    _db.session.expire_all()
    return client.get(sent.headers["Location"])


def _doc(process, draft) -> Doc:
    doc = Doc()
    doc.apply_update(rooms.current_state(process.id, draft.id))
    return doc


def _commented(doc: Doc) -> dict[str, str]:
    """comment id -> the text carrying its mark."""
    found: dict[str, str] = {}

    def walk(node):
        for child in node.children:
            if isinstance(child, XmlText):
                for chunk, attrs in child.diff():
                    mark = (attrs or {}).get("comment")
                    if mark:
                        found[mark["commentId"]] = found.get(mark["commentId"], "") + chunk
            elif isinstance(child, XmlElement):
                walk(child)

    walk(prosemirror.fragment_of(doc))
    return found


def _text(process, draft) -> str:
    return prosemirror.plain_text(
        prosemirror.tree_from_update(rooms.current_state(process.id, draft.id))["blocks"]
    )


def test_review_copy_has_cover_anchors_and_track_changes(setup):
    process, draft, client = setup
    data = _copy(client, process, draft)
    document = rf.open_docx(data)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "How to comment on this draft" in text and "Track Changes" in text
    names = [b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))]
    intro, objectives = (s.id for s in draft.sections)
    assert f"_PC{draft.id}_s{intro}" in names and f"_PC{draft.id}_s{objectives}" in names
    # A heading outside the outline gets a key from its title; all keys are distinct.
    assert any(anchors.parse_bookmark(n)[1].startswith("h") for n in names)
    assert len(set(names)) == len(names) == 4
    # Each bookmark sits in its heading paragraph.
    for paragraph in document.paragraphs:
        if paragraph.text == "Objectives":
            marks = paragraph._p.findall(qn("w:bookmarkStart"))
            assert [m.get(qn("w:name")) for m in marks] == [f"_PC{draft.id}_s{objectives}"]
    assert document.settings.element.find(qn("w:trackRevisions")) is not None
    assert document.core_properties.identifier.startswith(
        f"policycycle-review:{process.id}:{draft.id}:"
    )
    assert INTRO in text and OBJECTIVE in text


def test_cli_writes_the_review_copy(setup, app, tmp_path):
    process, draft, _client = setup
    out = tmp_path / "copy.docx"
    result = app.test_cli_runner().invoke(
        args=["export", "review", "--process", process.id, "--draft", draft.id, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    names = {
        b.get(qn("w:name"))
        for b in rf.open_docx(out.read_bytes()).element.body.iter(qn("w:bookmarkStart"))
    }
    assert f"_PC{draft.id}_s{draft.sections[0].id}" in names
    missing = app.test_cli_runner().invoke(
        args=["export", "review", "--process", process.id, "--out", str(out)]
    )
    assert missing.exit_code != 0 and "--draft" in missing.output


def _check_import(process, draft, reviews_expected=1):
    review = DraftReview.query.filter_by(draft_id=draft.id).order_by(DraftReview.id.desc()).first()
    assert review.reviewer == "Ana Reviewer"
    org = Organisation.query.filter_by(process_id=process.id, name="EU Delegation").one()
    assert review.organisation_id == org.id
    threads = DraftComment.query.filter_by(draft_id=draft.id, parent_id=None).all()
    assert {t.quote for t in threads} >= {"migration data", "by half"}
    assert {t.review_id for t in threads} == {review.id}
    anchored = _commented(_doc(process, draft))
    by_quote = {t.quote: str(t.id) for t in threads}
    assert anchored[by_quote["migration data"]] == "migration data"
    assert anchored[by_quote["by half"]] == "by half"
    suggestions = {(s.kind, s.old_text, s.new_text): s for s in review.suggestions}
    assert set(suggestions) == {
        ("replace", "by half", "by a third"),
        ("delete", " in an open format", ""),
    }
    intro_key = f"s{draft.sections[0].id}"
    assert suggestions[("delete", " in an open format", "")].section_key == intro_key
    assert suggestions[("replace", "by half", "by a third")].section_title == "Objectives"
    consultation = _db.session.get(Consultation, review.consultation_id)
    assert consultation.process_id == process.id and consultation.held
    inputs = ConsultationInput.query.filter_by(consultation_id=consultation.id).all()
    assert len(inputs) == 4 * reviews_expected
    assert all(i.organisation_id == org.id for i in inputs)
    assert json.loads(review.unmatched) == []
    return review, suggestions


def test_word_file_round_trip(setup, db):
    process, draft, client = setup
    response = _import(client, process, draft, _returned(_copy(client, process, draft)))
    assert response.status_code == 302, response.get_data(as_text=True)
    review, suggestions = _check_import(process, draft)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Every remark found its place in the text." in page
    editor = client.get(f"/p/{process.id}/drafts/{draft.id}").get_data(as_text=True)
    assert "by a third" in editor and "Which data? Name the sources." in editor
    assert "Ana Reviewer</strong> (EU Delegation)" in editor

    replace = suggestions[("replace", "by half", "by a third")]
    accepted = client.post(
        f"/p/{process.id}/drafts/{draft.id}/suggestions/{replace.id}/accept",
        headers={"HX-Request": "true"},
    )
    assert accepted.status_code == 200
    text = _text(process, draft)
    assert "Reduce irregular migration by a third before 2030." in text
    db.session.expire_all()
    assert _db.session.get(DraftSuggestion, replace.id).status == "accepted"
    assert _db.session.get(ConsultationInput, replace.input_id).disposition == "accepted"
    # The replacement keeps the passage's formatting (bold).
    objective_runs = [
        b
        for b in prosemirror.tree_from_update(rooms.current_state(process.id, draft.id))["blocks"]
        if b["type"] == "paragraph" and "a third" in prosemirror.plain_text([b])
    ][0]["runs"]
    assert all(r["bold"] for r in objective_runs if "third" in r["text"])

    deletion = suggestions[("delete", " in an open format", "")]
    url = f"/p/{process.id}/drafts/{draft.id}/suggestions/{deletion.id}/reject"
    refused = client.post(url, data={"reason": "  "}, headers={"HX-Request": "true"})
    assert "the reviewer is owed a reason" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert _db.session.get(DraftSuggestion, deletion.id).status == "open"
    client.post(url, data={"reason": "The format is set by the statistics law."})
    db.session.expire_all()
    row = _db.session.get(DraftSuggestion, deletion.id)
    assert row.status == "rejected" and row.reason.startswith("The format")
    register = _db.session.get(ConsultationInput, row.input_id)
    assert register.disposition == "not_accepted"
    assert register.justification == "The format is set by the statistics law."
    assert "in an open format" in _text(process, draft)
    # A decided suggestion cannot be decided again.
    again = client.post(f"/p/{process.id}/drafts/{draft.id}/suggestions/{deletion.id}/accept")
    assert again.status_code == 302
    assert "in an open format" in _text(process, draft)


def test_libreoffice_saved_file_imports_from_the_command_line(setup, app, tmp_path):
    process, draft, client = setup
    returned = rf.through_libreoffice(_returned(_copy(client, process, draft)), tmp_path)
    path = tmp_path / "from-libreoffice.docx"
    path.write_bytes(returned)
    result = app.test_cli_runner().invoke(
        args=[
            "review",
            "import",
            "--process",
            process.id,
            "--draft",
            draft.id,
            "--file",
            str(path),
            "--reviewer",
            "Ana Reviewer",
            "--organisation",
            "EU Delegation",
        ]
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    summary = json.loads(lines[0])
    assert summary["comments"] == 2 and summary["suggestions"] == 2
    assert summary["inputs_created"] == 4 and summary["unmatched"] == []
    _check_import(process, draft)


def test_unplaceable_comment_is_listed_not_dropped(setup):
    process, draft, client = setup
    document = rf.open_docx(_copy(client, process, draft))
    rf.comment(document, ANNEX, "Terms used", "Add 'circular migration'.")
    data = rf.save(document)
    # The group rewrites the glossary before the file comes back.
    blocks = prosemirror.tree_from_update(rooms.current_state(process.id, draft.id))["blocks"]
    blocks[-1] = {"type": "paragraph", "runs": [prosemirror.plain_run("Definitions.")]}
    rooms.change(process.id, draft.id, lambda doc: prosemirror.replace_all(doc, blocks))
    response = _import(client, process, draft, data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Add &#39;circular migration&#39;." in page and "Terms used" in page
    thread = DraftComment.query.filter_by(draft_id=draft.id).one()
    assert thread.quote == "Terms used"
    assert ConsultationInput.query.count() == 1


def _message(response) -> str:
    """A form error (400, at once) or the import job's plain failure message."""
    html = response.get_data(as_text=True)
    assert response.status_code == 400 or (response.status_code == 200 and "job-failed" in html), (
        html[-2000:]
    )
    return html


def test_bad_files_get_a_clear_message_and_nothing_is_saved(setup, db):
    process, draft, client = setup
    copy = _copy(client, process, draft)
    other = Draft(process_id=process.id, title="Action plan narrative")
    db.session.add(other)
    db.session.commit()
    assert "review copy of another draft" in _message(
        _import(client, process, other, _returned(copy))
    )
    assert "nothing to import" in _message(_import(client, process, draft, copy))
    assert "not a Word document" in _message(
        _import(client, process, draft, b"%PDF-1.4 not a docx")
    )
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as package:
        package.writestr("word/document.xml", "<w:document xmlns:w='x'><oops")
    assert "damaged" in _message(_import(client, process, draft, broken.getvalue()))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    assert "too large" in _message(_import(client, process, draft, bomb.getvalue()))
    plain = rf.open_docx(rf.save(__import__("docx").Document()))
    plain.add_paragraph("A note")
    rf.comment(plain, "A note", "note", "Hello")
    assert "not a review copy" in _message(_import(client, process, draft, rf.save(plain)))
    names = _message(_import(client, process, draft, _returned(copy), reviewer=" ", org=""))
    assert "Write the name of the person" in names
    assert DraftReview.query.count() == 0 and ConsultationInput.query.count() == 0
    assert DraftComment.query.count() == 0 and Consultation.query.count() == 0


def test_observer_cannot_import_or_decide(setup, member, login_as):
    process, draft, client = setup
    data = _returned(_copy(client, process, draft))
    assert _import(client, process, draft, data).status_code == 302
    suggestion = DraftSuggestion.query.first()
    observer = login_as(member(process, Role.OBSERVER))
    assert _import(observer, process, draft, data).status_code == 403
    url = f"/p/{process.id}/drafts/{draft.id}/suggestions/{suggestion.id}/accept"
    assert observer.post(url).status_code == 403
    page = observer.get(f"/p/{process.id}/drafts/{draft.id}").get_data(as_text=True)
    assert "by a third" in page and "/accept" not in page


def test_tracked_new_paragraph_is_added_after_its_neighbour(setup):
    process, draft, client = setup
    document = rf.open_docx(_copy(client, process, draft))
    rf.track_new_paragraph(document, INTRO, "Data are broken down by sex and age.")
    assert _import(client, process, draft, rf.save(document)).status_code == 302
    suggestion = DraftSuggestion.query.one()
    assert suggestion.new_paragraph and suggestion.kind == "insert"
    url = f"/p/{process.id}/drafts/{draft.id}/suggestions/{suggestion.id}/accept"
    assert client.post(url).status_code == 302
    lines = _text(process, draft).splitlines()
    assert lines[lines.index(INTRO) + 1] == "Data are broken down by sex and age."


def test_renamed_section_still_places_an_unambiguous_comment(setup):
    process, draft, client = setup
    document = rf.open_docx(_copy(client, process, draft))
    rf.comment(document, ANNEX, "Terms used", "Add 'circular migration'.")
    rf.comment(document, INTRO, "migration", "Which migration?")
    data = rf.save(document)
    # The group renames the glossary heading (its anchor key came from the old title).
    blocks = prosemirror.tree_from_update(rooms.current_state(process.id, draft.id))["blocks"]
    blocks[-2] = {"type": "heading", "level": 2, "runs": [prosemirror.plain_run("Definitions")]}
    rooms.change(process.id, draft.id, lambda doc: prosemirror.replace_all(doc, blocks))
    assert _import(client, process, draft, data).status_code == 302
    anchored = _commented(_doc(process, draft))
    glossary = DraftComment.query.filter_by(quote="Terms used").one()
    assert anchored[str(glossary.id)] == "Terms used"
    review = DraftReview.query.one()
    assert json.loads(review.unmatched) == []
