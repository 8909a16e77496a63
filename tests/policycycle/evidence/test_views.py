"""The evidence pages through the test client: forms, bad input, downloads."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from facilitation.extensions import db
from facilitation.models import Organisation, Role
from policycycle.evidence import mapping, services
from policycycle.evidence.models import DataGapAction, DataSource, QualityRating
from policycycle.models import Action, ActionRaci

from .conftest import rate_usable


@pytest.fixture
def writer(world, member, login_as):
    user = member(world.process, Role.MEMBER)
    login_as(user)
    return user


@pytest.fixture
def census(world, source_data):
    source = services.save_source(world.process.id, source_data())
    db.session.commit()
    return source


def url(world, tail=""):
    return f"/p/{world.process.id}/evidence/{tail}"


def test_inventory_lists_sources_and_standard_types(world, writer, census, client):
    html = client.get(url(world)).get_data(as_text=True)
    assert "Population and Housing Census 2021" in html
    assert "Register of nationals at missions abroad" in html  # standard type guidance
    assert "Usable source:" in html
    assert 'role="img"' in html  # the mini profile chart


def test_add_source_through_the_form(world, writer, client):
    response = client.post(
        url(world, "sources/new"),
        data={
            "name": "Residence permits",
            "source_type": "residence_permits",
            "owner_id": str(world.immigration.id),
            "variables": ["citizenship", "sex"],
            "other_variables": "visa type",
            "periodicity": "continuous",
            "access": "open",
            "sharing_agreement": "signed",
        },
    )
    assert response.status_code == 302
    source = db.session.execute(db.select(DataSource)).scalar_one()
    assert source.variable_list == ["citizenship", "sex", "visa type"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Residence permits" in page and "not rated yet" in page


def test_owner_from_another_process_is_refused_in_the_form(world, writer, client, make_process):
    other = make_process(title="Other")
    foreign = Organisation(process_id=other.id, name="Foreign office")
    db.session.add(foreign)
    db.session.commit()
    response = client.post(
        url(world, "sources/new"),
        data={
            "name": "Smuggled",
            "source_type": "census",
            "owner_id": str(foreign.id),
            "periodicity": "annual",
            "access": "open",
            "sharing_agreement": "none",
        },
    )
    assert response.status_code == 400
    assert "Choose an owner institution from this process" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(DataSource.id))) == 0


@pytest.mark.parametrize(
    "score, note, message",
    [
        ("7", "ok", "A rating is a whole number from 0 to 3."),
        ("-1", "ok", "A rating is a whole number from 0 to 3."),
        ("", "ok", "A rating is a whole number from 0 to 3."),
        ("2", "", "a rating needs its evidence note"),
    ],
)
def test_bad_ratings_are_refused(world, writer, census, client, score, note, message):
    response = client.post(
        url(world, f"sources/{census.id}/ratings"),
        data={"dimension": "accuracy", "score": score, "note": note},
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(QualityRating.id))) == 0


def test_rating_is_added_and_shown(world, writer, census, client):
    response = client.post(
        url(world, f"sources/{census.id}/ratings"),
        data={
            "dimension": "accuracy",
            "score": "2",
            "note": "Post-enumeration survey: 3% undercount",
        },
    )
    assert response.status_code == 302
    html = client.get(url(world, f"sources/{census.id}")).get_data(as_text=True)
    assert "Post-enumeration survey: 3% undercount" in html
    assert writer.name in html
    assert "2 - acceptable" in html


def test_observer_sees_no_forms(world, census, member, login_as, client):
    login_as(member(world.process, Role.OBSERVER))
    html = client.get(url(world, f"sources/{census.id}")).get_data(as_text=True)
    assert "Add a rating" not in html
    assert client.post(url(world, f"sources/{census.id}/ratings"), data={}).status_code == 403


def test_downloads(world, writer, census, client):
    response = client.get(url(world, "inventory.xlsx"))
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.data)).worksheets[0]["A2"].value == census.name
    png = client.get(url(world, f"sources/{census.id}/profile.png"))
    assert png.mimetype == "image/png" and png.data[:4] == b"\x89PNG"


def test_indicator_page_and_mapping(world, writer, census, client):
    rate_usable(world.process.id, census)
    db.session.commit()
    html = client.get(url(world, "indicators")).get_data(as_text=True)
    assert "Net migration rate" in html and "Turn into a data-development activity" in html
    iid = world.ind_general.id
    response = client.post(
        url(world, f"indicators/{iid}/sources"),
        data={f"i{iid}-source_id": str(census.id), f"i{iid}-can_feed": "y"},
    )
    assert response.status_code == 302
    gaps = {row.indicator.id for row in mapping.indicator_gaps(world.process.id)}
    assert iid not in gaps
    bad = client.post(url(world, f"indicators/{iid}/sources"), data={f"i{iid}-source_id": "0"})
    assert bad.status_code == 400 and "Choose the data source." in bad.get_data(as_text=True)


def test_gap_action_defaults_and_creation(world, writer, client):
    iid = world.ind_action.id
    html = client.get(url(world, f"indicators/{iid}/gap-action")).get_data(as_text=True)
    assert f'<option selected value="{world.operational.id}"' in html
    assert f'<option selected value="{world.nso.id}"' in html  # no source: statistics office
    response = client.post(
        url(world, f"indicators/{iid}/gap-action"),
        data={
            "title": "Record permit issue dates",
            "output": "Dates in the register",
            "objective_id": str(world.operational.id),
            "lead_id": str(world.immigration.id),
            "responsible_id": str(world.nso.id),
        },
    )
    assert response.status_code == 302
    action = db.session.execute(
        db.select(Action).where(Action.title == "Record permit issue dates")
    ).scalar_one()
    assert (
        db.session.execute(
            db.select(ActionRaci.letter).where(
                ActionRaci.action_id == action.id,
                ActionRaci.organisation_id == world.immigration.id,
            )
        ).scalar_one()
        == "A"
    )
    page = client.get(url(world, "indicators")).get_data(as_text=True)
    assert "Activity planned: Record permit issue dates" in page


def test_gap_action_bad_input(world, writer, client):
    iid = world.ind_action.id
    response = client.post(
        url(world, f"indicators/{iid}/gap-action"),
        data={
            "title": "Survey",
            "objective_id": str(world.general.id),
            "lead_id": str(world.nso.id),
            "responsible_id": str(world.nso.id),
        },
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "operational objective" in html and "Choose another institution" in html
    assert db.session.scalar(db.select(db.func.count(DataGapAction.id))) == 0


def test_links_and_documents(world, writer, census, client):
    html = client.get(url(world, "links")).get_data(as_text=True)
    assert 'id="unsupported-count">3<' in html
    response = client.post(
        url(world, "documents"),
        data={"kind": "migration_profile", "title": "Migration Profile 2023", "year": "2023"},
    )
    assert response.status_code == 302
    response = client.post(
        url(world, "links"),
        data={"claim": f"node:{world.cause.id}", "cited": f"source:{census.id}", "note": "Table 2"},
    )
    assert response.status_code == 302
    html = client.get(url(world, "links")).get_data(as_text=True)
    assert 'id="unsupported-count">2<' in html and "Migration Profile 2023" in html
    bad = client.post(url(world, "links"), data={"claim": "", "cited": ""})
    assert bad.status_code == 400 and "Choose the claim to support." in bad.get_data(as_text=True)
    bad_doc = client.post(url(world, "documents"), data={"kind": "study", "title": ""})
    assert bad_doc.status_code == 400


def test_sharing_page(world, writer, census, client):
    html = client.get(url(world, "sharing")).get_data(as_text=True)
    assert "shares data with nobody" in html and census.name in html


def test_nav_entry(world, writer, client):
    html = client.get(f"/p/{world.process.id}/").get_data(as_text=True)
    assert url(world) in html and ">Evidence<" in html


def test_deleting_a_source_removes_its_mappings_and_citations(world, writer, census, client):
    from policycycle.evidence import links
    from policycycle.evidence.models import EvidenceLink, IndicatorSource

    mapping.map_source(world.process.id, world.ind_general.id, census.id)
    links.add_link(world.process.id, claim=f"swot:{world.swot.id}", cited=f"source:{census.id}")
    db.session.commit()
    response = client.post(url(world, f"sources/{census.id}/delete"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(IndicatorSource.id))) == 0
    assert db.session.scalar(db.select(db.func.count(EvidenceLink.id))) == 0
    assert client.get(url(world, f"sources/{census.id}")).status_code == 404


def test_cite_link_preselects_the_claim(world, writer, client):
    html = client.get(url(world, f"links?claim=node:{world.cause.id}")).get_data(as_text=True)
    assert f'<option selected value="node:{world.cause.id}"' in html
