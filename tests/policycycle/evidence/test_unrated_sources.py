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


def test_all_six_dimensions_are_rated_on_one_form(world, source_data, login_as, member):
    from policycycle.evidence.catalogue import Dimension
    from policycycle.evidence.models import QualityRating

    census = services.save_source(world.process.id, source_data())
    db.session.commit()
    client = login_as(member(world.process, "member"))
    url = f"/p/{world.process.id}/evidence/sources/{census.id}/ratings"
    page = client.get(f"/p/{world.process.id}/evidence/sources/{census.id}").get_data(as_text=True)
    assert "Rate all six dimensions" in page
    data = {"mode": "all"}
    for dimension in Dimension:
        data[f"score-{dimension.value}"] = "2"
        data[f"note-{dimension.value}"] = f"Checked {dimension.value}"
    data["note-coherence"] = ""  # a score without its evidence note
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(QualityRating.id))) == 0  # all or nothing
    data["note-coherence"] = "Matches the survey"
    data["score-accessibility"] = data["note-accessibility"] = ""  # left for later: skipped
    response = client.post(url, data=data)
    assert response.status_code == 302
    assert db.session.scalar(db.select(db.func.count(QualityRating.id))) == 5
    assert services.usability(census)[0] == "usable"
