"""Merge back, the gaps of the first merge (issue 16 point 3): links removed on one side,
the base moving forward for a laptop that keeps working after a merge, and sign-offs
removed by a merge staying in the audit trail.

The same one-database story as ``test_merge.py``: the installation id is switched while
the "laptop" imports, works and exports."""

from __future__ import annotations

from sqlalchemy import select

from archive import loader, merge, merge_apply, reader, writer
from facilitation.extensions import db
from facilitation.models import AuditEvent, Organisation, User

from .helpers import json_of
from .test_merge import LAPTOP, SERVER, _be, _org


def _to_laptop(app, server_id: int) -> int:
    """The server's process exported and imported on the laptop; the laptop's id."""
    _be(SERVER)
    taken = writer.build(server_id)
    db.session.commit()
    _be(LAPTOP)
    owner = db.session.scalar(select(User).where(User.email == "owner@archive.test"))
    laptop_id = loader.load(reader.read(taken, app.config), owner).process_id
    db.session.commit()
    return laptop_id


def _from_laptop(laptop_id: int) -> bytes:
    """The laptop's archive, back on the server."""
    _be(LAPTOP)
    data = writer.build(laptop_id)
    db.session.commit()
    _be(SERVER)
    return data


def _merge(app, data: bytes, server_id: int, take: str | None = None):
    result = merge_apply.apply(reader.read(data, app.config), server_id, take=take)
    db.session.commit()
    db.session.expire_all()
    return result


# links (tables without an id) ------------------------------------------------------------


def _swot(process_id: int, statement: str):
    from policycycle.models import Quadrant, SwotItem

    item = SwotItem(process_id=process_id, quadrant=Quadrant.STRENGTH, statement=statement)
    db.session.add(item)
    return item


def _tows(process_id: int):
    from policycycle.models import TowsStrategy

    return db.session.scalars(
        select(TowsStrategy).where(TowsStrategy.process_id == process_id)
    ).one()


def _linked(process_id: int) -> set[str]:
    return {item.statement for item in _tows(process_id).swot_items}


def test_a_link_removed_on_one_side_is_removed_and_one_added_is_added(app, rich_process):
    from policycycle.models import TowsKind, TowsStrategy

    server_id = rich_process.id
    items = [_swot(server_id, s) for s in ("Skilled diaspora", "Remittances", "Networks")]
    db.session.add(
        TowsStrategy(process_id=server_id, kind=TowsKind.SO, text="Use both", swot_items=items)
    )
    db.session.commit()
    laptop_id = _to_laptop(app, server_id)
    tows = _tows(laptop_id)
    tows.swot_items = [i for i in tows.swot_items if i.statement != "Skilled diaspora"]
    tows.swot_items.append(_swot(laptop_id, "Laptop strength"))  # added on the laptop
    db.session.commit()
    data = _from_laptop(laptop_id)
    assert json_of(data, "lineage.json")["links"]["tows_swot_link"]  # the links as imported
    tows = _tows(server_id)
    tows.swot_items = [i for i in tows.swot_items if i.statement != "Remittances"]
    db.session.commit()

    plan = merge.plan(reader.read(data, app.config), server_id)
    assert plan.counts()["tows_swot_link"] == {
        "applied": 0,
        "new": 1,
        "deleted": 1,
        "conflicts": 0,
    }
    _merge(app, data, server_id)
    # removed on the laptop: removed; removed on the server: stays removed; added: added
    assert _linked(server_id) == {"Networks", "Laptop strength"}


# the base moves forward --------------------------------------------------------------------


def test_a_second_merge_from_the_same_laptop_compares_with_the_first(app, rich_process):
    server_id = rich_process.id
    laptop_id = _to_laptop(app, server_id)
    _org(laptop_id, "Labour Inspectorate").acronym = "LI"
    db.session.add(Organisation(process_id=laptop_id, name="Diaspora Department"))
    db.session.add(Organisation(process_id=laptop_id, name="Diaspora Desk"))
    db.session.commit()
    _merge(app, _from_laptop(laptop_id), server_id)
    assert _org(server_id, "Labour Inspectorate").acronym == "LI"

    # The server changes rows the first merge brought; the laptop keeps working.
    _org(server_id, "Labour Inspectorate").acronym = "LI-server"
    _org(server_id, "Diaspora Department").acronym = "DD-server"
    db.session.commit()
    _be(LAPTOP)
    _org(laptop_id, "Ministry of Labour").mandate = "Second week"
    db.session.delete(_org(laptop_id, "Diaspora Desk"))  # made on the laptop, merged, deleted
    db.session.commit()
    data = _from_laptop(laptop_id)

    plan = merge.plan(reader.read(data, app.config), server_id)
    assert plan.conflicts == []  # changed on the server alone since the first merge
    assert plan.counts()["organisation"] == {
        "applied": 1,
        "new": 0,
        "deleted": 1,
        "conflicts": 0,
    }
    _merge(app, data, server_id)
    assert _org(server_id, "Labour Inspectorate").acronym == "LI-server"
    assert _org(server_id, "Diaspora Department").acronym == "DD-server"
    assert _org(server_id, "Ministry of Labour").mandate == "Second week"
    assert _org(server_id, "Diaspora Desk") is None


def test_a_deletion_declined_once_is_not_asked_again(app, rich_process):
    server_id = rich_process.id
    laptop_id = _to_laptop(app, server_id)
    db.session.delete(_org(laptop_id, "Labour Inspectorate"))
    db.session.commit()
    data = _from_laptop(laptop_id)
    _org(server_id, "Labour Inspectorate").acronym = "Kept"
    db.session.commit()
    (conflict,) = merge.plan(reader.read(data, app.config), server_id).conflicts
    assert conflict.kind == merge.DELETED_LAPTOP
    _merge(app, data, server_id, take="server")
    # the laptop's next archive still lists the row as deleted: settled, not asked again
    plan = merge.plan(reader.read(_from_laptop(laptop_id), app.config), server_id)
    assert plan.conflicts == [] and "organisation" not in plan.counts()
    assert _org(server_id, "Labour Inspectorate").acronym == "Kept"


# sign-offs removed by a merge ---------------------------------------------------------


def _signoff_deletions(process_id: int) -> int:
    return len(
        db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.process_id == process_id,
                AuditEvent.object_type == "SectionSignoff",
                AuditEvent.action == "delete",
            )
        ).all()
    )


def test_a_sign_off_removed_by_a_merge_is_in_the_audit_trail(app, rich_process):
    from drafting.models import Draft
    from drafting.signoff.models import SectionSignoff, Stance

    server_id = rich_process.id
    draft = db.session.scalars(select(Draft).where(Draft.process_id == server_id)).one()
    db.session.add(
        SectionSignoff(
            process_id=server_id,
            draft_id=draft.id,
            organisation_id=_org(server_id, "Labour Inspectorate").id,
            section_key="scope",
            section_title="Scope",
            section_hash="0" * 64,
            stance=Stance.OBJECT,
            reason="Costs",
        )
    )
    db.session.commit()
    laptop_id = _to_laptop(app, server_id)
    db.session.delete(_org(laptop_id, "Labour Inspectorate"))  # and its sign-off with it
    db.session.commit()
    data = _from_laptop(laptop_id)
    on_the_laptop = [
        e
        for e in json_of(data, "tables/audit_event.json")
        if e["object_type"] == "SectionSignoff" and e["action"] == "delete"
    ]
    before = _signoff_deletions(server_id)

    _merge(app, data, server_id)
    assert _org(server_id, "Labour Inspectorate") is None
    assert (
        db.session.scalars(
            select(SectionSignoff).where(SectionSignoff.process_id == server_id)
        ).all()
        == []
    )
    # the laptop's own record is appended, and the server's deletion is recorded too
    assert _signoff_deletions(server_id) == before + len(on_the_laptop) + 1
    [event] = db.session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.process_id == server_id,
            AuditEvent.object_type == "SectionSignoff",
            AuditEvent.action == "delete",
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).all()
    assert event.changes["before"]["stance"] == "object"
