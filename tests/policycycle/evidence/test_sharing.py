"""Data sharing, read from the stakeholder map's "shares data with" ties."""

from __future__ import annotations

from facilitation.extensions import db
from policycycle.evidence import services
from policycycle.evidence.sharing import sharing_overview
from stakeholders import registry


def test_sharing_overview(world, source_data):
    pid = world.process.id
    census = services.save_source(pid, source_data())
    permits = services.save_source(
        pid,
        source_data(
            name="Residence permits", source_type="residence_permits", owner_id=world.immigration.id
        ),
    )
    consular = services.save_source(
        pid,
        source_data(
            name="Consular registers", source_type="consular_register", owner_id=world.consular.id
        ),
    )
    registry.add_tie(
        pid,
        source_id=world.immigration.id,
        target_id=world.nso.id,
        type="shares_data_with",
        note="Monthly extract",
    )
    registry.add_tie(
        pid, source_id=world.nso.id, target_id=world.lead.id, type="shares_data_with", mutual=True
    )
    registry.add_tie(
        pid, source_id=world.consular.id, target_id=world.lead.id, type="coordinates_with"
    )
    db.session.commit()
    overview = sharing_overview(pid)
    assert [s.name for s in overview.unshared] == [consular.name]
    flows = {(f.giver.id, f.receiver.id): f for f in overview.flows}
    assert set(flows) == {(world.immigration.id, world.nso.id), (world.nso.id, world.lead.id)}
    assert [s.id for s in flows[(world.immigration.id, world.nso.id)].sources] == [permits.id]
    assert flows[(world.nso.id, world.lead.id)].mutual
    assert overview.reaches_lead == {census.id: "shared", permits.id: "no", consular.id: "no"}
    permits.sharing_agreement = "signed"
    assert overview.agreement_without_tie(permits)
    assert not overview.agreement_without_tie(census)


def test_lead_institution_and_its_units_hold_their_own_data(world, source_data):
    pid = world.process.id
    world.immigration.parent_id = world.lead.id
    permits = services.save_source(
        pid,
        source_data(
            name="Residence permits", source_type="residence_permits", owner_id=world.immigration.id
        ),
    )
    db.session.commit()
    overview = sharing_overview(pid)
    assert overview.reaches_lead == {permits.id: "held"}
    assert overview.unshared == []
