"""Issue 12, part B: a source never rated is "not rated yet" and not usable (the rule
and the page agree); an official record (the gazette) is the right source for an
indicator such as "decree published" and raises no false alarm."""

from __future__ import annotations

from facilitation.extensions import db
from policycycle.evidence import mapping, readiness, services
from policycycle.models import Indicator


def test_a_source_never_rated_is_not_usable_and_says_not_rated_yet(
    world, source_data, login_as, make_user, member
):
    census = services.save_source(world.process.id, source_data())
    mapping.map_source(world.process.id, world.ind_general.id, census.id)
    db.session.commit()
    state, reasons = services.usability(census)
    assert state == "not_rated"
    assert services.is_usable(census)[0] is False
    messages = [f.message for f in readiness.indicator_gap_rule(world.process.id)]
    assert any("Net migration rate" in m for m in messages)
    user = member(world.process, "member")
    client = login_as(user)
    page = client.get(f"/p/{world.process.id}/evidence/").get_data(as_text=True)
    assert "Not rated yet" in page
    assert 'ev-usable">Usable<' not in page


def test_a_decree_indicator_fed_by_the_official_gazette_is_not_a_false_alarm(world, source_data):
    decree = Indicator(
        process_id=world.process.id,
        name="Immigration decree published",
        objective_id=world.specific.id,
        means_of_verification="Official gazette",
    )
    db.session.add(decree)
    gazette = services.save_source(
        world.process.id,
        source_data(name="Official gazette", source_type="official_record", variables=[]),
    )
    mapping.map_source(world.process.id, decree.id, gazette.id)
    db.session.commit()
    assert services.usability(gazette)[0] == "usable"  # a publication exists or not
    messages = [f.message for f in readiness.indicator_gap_rule(world.process.id)]
    assert not any("Immigration decree published" in m for m in messages)
