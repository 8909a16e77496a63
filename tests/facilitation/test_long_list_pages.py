"""Pages that grew with the large demo's lists (issue 18: the work done per request).

The large stakeholder network (2,000 institutions, thousands of ties) made the data-sharing
page load both ends of every tie one query at a time, the ties page print every tie, and
the members and indicators pages render one 2,000-option select per row through WTForms.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event
from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import Select

from facilitation.models import Membership, Organisation
from facilitation.shared_select import SharedOptionsSelect
from policycycle.evidence.models import DataSource
from stakeholders.models import Tie, TieType


def _statements(app, db, client, path: str) -> int:
    made: list[str] = []

    def count(conn, cursor, statement, *args):
        made.append(statement)

    client.get(path)  # warm
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200, path
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(made)


def _orgs_holding_no_source(db, process_id: int) -> list[Organisation]:
    owners = set(
        db.session.scalars(
            db.select(DataSource.owner_id).where(DataSource.process_id == process_id)
        )
    )
    orgs = db.session.scalars(
        db.select(Organisation)
        .where(Organisation.process_id == process_id)
        .order_by(Organisation.id)
    )
    return [o for o in orgs if o.id not in owners]


def _add_ties(db, process_id: int, orgs: list[Organisation], tie_type: TieType, count: int):
    pairs = [(a, b) for a in orgs for b in orgs if a.id < b.id][:count]
    assert len(pairs) == count
    for a, b in pairs:
        db.session.add(Tie(process_id=process_id, source_id=a.id, target_id=b.id, type=tie_type))
    db.session.commit()


def test_sharing_page_statements_do_not_grow_with_the_ties(app, db, client, demo_process):
    path = f"/p/{demo_process.id}/evidence/sharing"
    before = _statements(app, db, client, path)
    _add_ties(
        db, demo_process.id, _orgs_holding_no_source(db, demo_process.id), TieType.SHARES_DATA, 12
    )
    after = _statements(app, db, client, path)
    assert after <= before + 1, (before, after)


def _tie_rows(html: str) -> int:
    return len(re.findall(r"/stakeholders/ties/\d+/delete", html))


def test_ties_page_shows_pages_of_fifty_and_filters_by_type(app, db, client, demo_process):
    pid = demo_process.id
    _add_ties(db, pid, _orgs_holding_no_source(db, pid), TieType.FUNDS, 70)
    total = db.session.scalar(db.select(db.func.count(Tie.id)).where(Tie.process_id == pid))
    funds = db.session.scalar(
        db.select(db.func.count(Tie.id)).where(Tie.process_id == pid, Tie.type == TieType.FUNDS)
    )

    first = client.get(f"/p/{pid}/stakeholders/ties").get_data(as_text=True)
    assert _tie_rows(first) == 50
    assert f"of {total}" in first
    last_page = -(-total // 50)
    last = client.get(f"/p/{pid}/stakeholders/ties?page={last_page}").get_data(as_text=True)
    assert _tie_rows(last) == total - 50 * (last_page - 1)
    assert client.get(f"/p/{pid}/stakeholders/ties?page={last_page + 1}").status_code == 404

    filtered = client.get(f"/p/{pid}/stakeholders/ties?type=funds&page=2")
    assert filtered.status_code == 200
    html = filtered.get_data(as_text=True)
    assert _tie_rows(html) == funds - 50
    assert "type=funds" in html  # the page links keep the filter
    # An unknown type is ignored, not an error.
    assert (
        _tie_rows(client.get(f"/p/{pid}/stakeholders/ties?type=nonsense").get_data(as_text=True))
        == 50
    )


def test_ties_page_statements_do_not_grow_with_the_ties(app, db, client, demo_process):
    pid = demo_process.id
    path = f"/p/{pid}/stakeholders/ties"
    before = _statements(app, db, client, path)
    _add_ties(db, pid, _orgs_holding_no_source(db, pid), TieType.INFORMS, 60)
    assert _statements(app, db, client, path) <= before + 1


class _Choice(Form):
    org = SelectField(
        choices=[
            SelectChoice(0, "— none —"),
            SelectChoice(1, "A & <B>"),
            SelectChoice(2, 'Say "hi"'),
            SelectChoice(12, "Twelve"),
        ],
        coerce=int,
    )


@pytest.mark.parametrize("value", [0, 1, 2, 12, 99, None])
def test_shared_select_renders_what_wtforms_renders(app, value):
    with app.test_request_context():
        form = _Choice(data={"org": value} if value is not None else None)
        shared = SharedOptionsSelect()(form.org, **{"class": "x", "aria-describedby": "h"})
        plain = Select()(form.org, **{"class": "x", "aria-describedby": "h"})
    assert str(shared) == str(plain)


def test_members_page_selects_each_members_institution(app, db, client, demo_process):
    html = client.get(f"/p/{demo_process.id}/members").get_data(as_text=True)
    memberships = db.session.scalars(
        db.select(Membership).where(Membership.process_id == demo_process.id)
    ).all()
    for m in memberships:
        select = re.search(rf'<select[^>]*name="m{m.id}-organisation_id".*?</select>', html, re.S)
        assert select, m.id
        chosen = re.findall(r'<option selected value="(\d+)"', select.group(0))
        assert chosen == [str(m.organisation_id or 0)], (m.id, chosen)
