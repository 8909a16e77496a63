"""The inventory and the quality ratings: validation, history, usable definition."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitation.extensions import db
from facilitation.models import Organisation
from facilitation.validation import ValidationFailed
from policycycle.evidence import services
from policycycle.evidence.catalogue import GUIDANCE, Access, Dimension, SourceType
from policycycle.evidence.models import DataSource, QualityRating


def test_every_standard_type_has_coverage_guidance():
    assert set(GUIDANCE) == set(SourceType)
    assert len(SourceType) == 13
    assert GUIDANCE[SourceType.CENSUS].stocks == "good"
    assert GUIDANCE[SourceType.BORDER_CARDS].stocks == "none"


def test_save_source_normalises_variables(world, source_data):
    data = source_data(variables=["age", "sex", "citizenship", " remittances ", "AGE"])
    source = services.save_source(world.process.id, data)
    db.session.commit()
    assert source.variable_list == ["citizenship", "sex", "age", "remittances"]
    assert source.variable_labels[:3] == ["Citizenship", "Sex", "Age"]


def test_owner_from_another_process_is_refused(world, source_data, make_process):
    other = make_process(title="Other process")
    foreign = Organisation(process_id=other.id, name="Foreign statistics office")
    db.session.add(foreign)
    db.session.commit()
    with pytest.raises(ValidationFailed) as exc:
        services.save_source(world.process.id, source_data(owner_id=foreign.id))
    assert "stakeholder registry" in exc.value.errors["owner_id"]
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(DataSource.id))) == 0


def test_missing_owner_and_name_are_refused(world, source_data):
    with pytest.raises(ValidationFailed) as exc:
        services.save_source(world.process.id, source_data(name="  "))
    assert "name" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        services.save_source(world.process.id, source_data(owner_id=None))
    assert "institution" in exc.value.errors["owner_id"]


def test_duplicate_name_is_refused_but_update_keeps_name(world, source_data):
    source = services.save_source(world.process.id, source_data())
    with pytest.raises(ValidationFailed) as exc:
        services.save_source(world.process.id, source_data())
    assert "already" in exc.value.errors["name"]
    services.save_source(world.process.id, source_data(latest_period="2022"), source)
    assert source.latest_period == "2022"


def test_unknown_choice_is_refused(world, source_data):
    with pytest.raises(ValidationFailed) as exc:
        services.save_source(world.process.id, source_data(source_type="rumour"))
    assert "source_type" in exc.value.errors


@pytest.fixture
def census(world, source_data):
    source = services.save_source(world.process.id, source_data())
    db.session.commit()
    return source


@pytest.mark.parametrize("score", [-1, 4, "3.5", "", None, "high"])
def test_rating_out_of_range_is_refused(world, census, make_user, score):
    with pytest.raises(ValidationFailed) as exc:
        services.add_rating(
            world.process.id,
            census.id,
            dimension="accuracy",
            score=score,
            note="Checked",
            rater=make_user(),
        )
    assert "0 to 3" in exc.value.errors["score"]


def test_rating_without_note_is_refused(world, census, make_user):
    with pytest.raises(ValidationFailed) as exc:
        services.add_rating(
            world.process.id,
            census.id,
            dimension="accuracy",
            score=2,
            note="   ",
            rater=make_user(),
        )
    assert "evidence note" in exc.value.errors["note"]


def test_rating_of_another_process_source_is_refused(world, census, make_process, make_user):
    other = make_process(title="Other")
    with pytest.raises(ValidationFailed):
        services.add_rating(
            other.id, census.id, dimension="accuracy", score=2, note="x", rater=make_user()
        )


def test_history_is_kept_and_latest_per_dimension_shown(world, census, make_user):
    rater = make_user(name="Amina Diallo")
    pid = world.process.id
    services.add_rating(
        pid,
        census.id,
        dimension="accuracy",
        score=1,
        note="Undercount",
        rater=rater,
        rated_on=date(2024, 3, 1),
    )
    services.add_rating(
        pid,
        census.id,
        dimension="accuracy",
        score=3,
        note="Post-enumeration",
        rater=rater,
        rated_on=date(2025, 3, 1),
    )
    # An older rating entered later does not replace the newer one.
    services.add_rating(
        pid,
        census.id,
        dimension="accuracy",
        score=0,
        note="Old review",
        rater=rater,
        rated_on=date(2020, 1, 1),
    )
    services.add_rating(
        pid,
        census.id,
        dimension="relevance",
        score=2,
        note="Stocks only",
        rater=rater,
        rated_on=date(2025, 3, 1),
    )
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(QualityRating.id))) == 4
    profile = services.quality_profile(census)
    assert [bar.dimension for bar in profile] == list(Dimension)
    scores = {bar.dimension: bar.score for bar in profile}
    assert scores[Dimension.ACCURACY] == 3
    assert scores[Dimension.RELEVANCE] == 2
    assert scores[Dimension.TIMELINESS] is None
    latest = census.latest_ratings()[Dimension.ACCURACY]
    assert latest.note == "Post-enumeration" and latest.rater_name == "Amina Diallo"


def test_usable_definition(world, census, make_user):
    rater = make_user()
    pid = world.process.id
    usable, reasons = services.is_usable(census)  # not rated yet: not usable
    assert not usable and "not rated yet" in reasons[0]
    services.add_rating(pid, census.id, dimension="relevance", score=3, note="Fits", rater=rater)
    services.add_rating(pid, census.id, dimension="accuracy", score=3, note="PES", rater=rater)
    assert services.is_usable(census) == (True, [])
    services.add_rating(
        pid, census.id, dimension="timeliness", score=0, note="Ten years old", rater=rater
    )
    assert services.is_usable(census)[0]  # only relevance and accuracy count
    services.add_rating(
        pid, census.id, dimension="accuracy", score=1, note="Undercount", rater=rater
    )
    usable, reasons = services.is_usable(census)
    assert not usable and "Accuracy" in reasons[0]
    services.add_rating(pid, census.id, dimension="accuracy", score=2, note="Fixed", rater=rater)
    assert services.is_usable(census)[0]
    census.access = Access.REFUSED
    usable, reasons = services.is_usable(census)
    assert not usable and "cannot access" in reasons[0]


def test_deleting_a_source_removes_its_ratings(world, census, make_user):
    services.add_rating(
        world.process.id, census.id, dimension="accuracy", score=2, note="x", rater=make_user()
    )
    db.session.commit()
    services.delete_source(census)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(QualityRating.id))) == 0


def test_rating_dated_in_the_future_is_refused(world, census, make_user):
    with pytest.raises(ValidationFailed) as exc:
        services.add_rating(
            world.process.id,
            census.id,
            dimension="accuracy",
            score=2,
            note="x",
            rater=make_user(),
            rated_on=date(2999, 1, 1),
        )
    assert "future" in exc.value.errors["rated_on"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(Dimension)),
            st.integers(0, 3),
            st.dates(date(2020, 1, 1), date(2025, 12, 31)),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_latest_rating_is_the_last_dated_then_last_entered(world, census, ratings):
    for rating in census.ratings:
        db.session.delete(rating)
    db.session.flush()
    expected = {}
    for i, (dimension, score, day) in enumerate(ratings):
        services.add_rating(
            world.process.id,
            census.id,
            dimension=dimension,
            score=score,
            note=f"r{i}",
            rater=None,
            rated_on=day,
        )
        best = expected.get(dimension)
        if best is None or day >= best[0]:
            expected[dimension] = (day, score)
    latest = census.latest_ratings()
    assert {d: r.score for d, r in latest.items()} == {d: s for d, (_day, s) in expected.items()}
    assert len(services.quality_profile(census)) == 6
    db.session.rollback()
