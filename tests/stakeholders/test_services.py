"""Registry and consultation services: refusals, history, public services, import."""

from datetime import date

import openpyxl
import pytest

from facilitation.extensions import db
from facilitation.models import Organisation
from facilitation.validation import ValidationFailed
from stakeholders import exporting, network, registry, services
from stakeholders.models import Consultation, Tie


@pytest.fixture
def two_processes(app, make_process):
    first, second = make_process(), make_process(title="Another policy")
    return first, second


def _org(process, name, **fields):
    org = Organisation(process_id=process.id, name=name, **fields)
    db.session.add(org)
    db.session.flush()
    return org


def test_tie_to_another_process_is_refused(two_processes):
    first, second = two_processes
    mine, theirs = _org(first, "NGO"), _org(second, "Foreign NGO")
    with pytest.raises(ValidationFailed) as refused:
        registry.add_tie(first.id, source_id=mine.id, target_id=theirs.id, type="informs")
    assert "this process" in refused.value.errors["target_id"]
    assert db.session.scalar(db.select(db.func.count(Tie.id))) == 0


def test_tie_checks(two_processes):
    first, _ = two_processes
    a, b = _org(first, "A"), _org(first, "B")
    with pytest.raises(ValidationFailed) as refused:
        registry.add_tie(first.id, source_id=a.id, target_id=a.id, type="bribes", strength=9)
    assert set(refused.value.errors) == {"target_id", "type", "strength"}
    tie = registry.add_tie(first.id, source_id=a.id, target_id=b.id, type="funds", mutual=True)
    assert tie.mutual and tie.strength == 2


def test_hierarchy_cycles_are_refused(two_processes):
    first, second = two_processes
    ministry = registry.save_organisation(first.id, name="Ministry", category="ministry")
    dept = registry.save_organisation(
        first.id, name="Dept", category="department", parent_id=ministry.id
    )
    unit = registry.save_organisation(
        first.id, name="Unit", category="department", parent_id=dept.id
    )
    with pytest.raises(ValidationFailed) as refused:
        registry.save_organisation(
            first.id, ministry, name="Ministry", category="ministry", parent_id=unit.id
        )
    assert "circle" in refused.value.errors["parent_id"]
    with pytest.raises(ValidationFailed):
        registry.save_organisation(first.id, ministry, name="Ministry", parent_id=ministry.id)
    other = _org(second, "Elsewhere")
    with pytest.raises(ValidationFailed):
        registry.save_organisation(first.id, unit, name="Unit", parent_id=other.id)
    with pytest.raises(ValidationFailed) as duplicate:
        registry.save_organisation(first.id, name="ministry")
    assert "already listed" in duplicate.value.errors["name"]
    assert [
        (o.name, d) for o, d in registry.tree(first.id) if o.name != "Ministry of Interior"
    ] == [("Ministry", 0), ("Dept", 1), ("Unit", 2)]


def test_replacing_a_focal_point_keeps_history(two_processes):
    first, _ = two_processes
    org = _org(first, "Immigration")
    old = registry.add_focal_point(org, name="Rania", started_on=date(2024, 1, 1))
    new = registry.add_focal_point(
        org, name="Miriam", started_on=date(2026, 3, 1), replaces=old, end_reason="Transferred"
    )
    assert old.ended_on == date(2026, 3, 1) and old.replaced_by_id == new.id
    assert [p.name for p in registry.focal_points(org.id)] == ["Miriam", "Rania"]
    assert registry.turnover(first.id) == {org.id: 1}
    with pytest.raises(ValidationFailed):
        registry.add_focal_point(org, name="Third", replaces=old)


def test_assessment_history_and_derivations(two_processes, make_user):
    first, _ = two_processes
    user = make_user(name="Grace Tembo")
    org = _org(first, "Chamber")
    registry.add_assessment(
        org,
        assessed_by=user,
        assessed_on=date(2026, 1, 1),
        power=2,
        interest=2,
        impact=2,
        position=0,
        legitimacy=2,
        urgency=2,
        target_engagement="inform",
    )
    latest = registry.add_assessment(
        org,
        assessed_by=user,
        assessed_on=date(2026, 6, 1),
        power=5,
        interest=4,
        impact=3,
        position=-1,
        legitimacy=5,
        urgency=4,
        current_engagement="consult",
        target_engagement="collaborate",
    )
    assert registry.latest_assessments(first.id)[org.id].id == latest.id
    assert latest.assessed_by_name == "Grace Tembo"
    assert latest.quadrant == "manage_closely" and latest.salience == "definitive"
    assert latest.gap.steps == 2
    assert len(registry.assessment_history(org.id)) == 2
    with pytest.raises(ValidationFailed) as refused:
        registry.add_assessment(
            org,
            assessed_by=user,
            power=0,
            interest=6,
            impact=3,
            position=-3,
            legitimacy=3,
            urgency=3,
            target_engagement="rule",
        )
    assert set(refused.value.errors) == {"power", "interest", "position", "target_engagement"}


def test_workshop_consultation_and_reports(two_processes):
    first, second = two_processes
    ngo, union = (
        _org(first, "NGO", category="civil_society"),
        _org(first, "Union", category="trade_union"),
    )
    consultation = services.record_workshop_consultation(
        first.id,
        "Options workshop",
        date(2026, 5, 4),
        "options",
        {ngo.id: {"women": 3, "men": 1}, union.id: {"men": 2, "other": 1}},
    )
    assert consultation.method == "workshop" and consultation.held
    people = services.consulted_stakeholders(first.id)
    assert [(p["name"], p["stages"], p["women"]) for p in people] == [
        ("NGO", ["options"], 3),
        ("Union", ["options"], 0),
    ]
    report = services.consultation_report(first.id)
    assert report["consultations"][0]["women"] == 3
    assert report["participation_by_category"]["Trade union"]["total"] == 3
    foreign = _org(second, "Foreign")
    with pytest.raises(ValidationFailed):
        services.record_workshop_consultation(
            first.id, "Bad", date(2026, 5, 4), "options", {foreign.id: {"women": 1}}
        )
    with pytest.raises(ValidationFailed):
        services.record_workshop_consultation(first.id, "Bad", date(2026, 5, 4), "nowhere", {})
    assert db.session.scalar(db.select(db.func.count(Consultation.id))) == 1


def _xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_import_organisations_all_or_nothing(two_processes):
    first, _ = two_processes
    bad = _xlsx(
        [
            ["Organisation", "Type", "Part of", "Core group"],
            ["Refugee Council", "Civil society", "", "no"],
            ["", "Academia", "", "no"],
            ["Radio One", "Newspaper", "", "maybe"],
            ["Unit A", "department", "Unit B", "no"],
            ["Unit B", "department", "Unit A", "no"],
        ]
    )
    mapping = {
        "name": "Organisation",
        "category": "Type",
        "parent": "Part of",
        "in_core_group": "Core group",
    }
    count, errors = services.import_file(first.id, "organisations", "list.xlsx", bad, mapping)
    assert count == 0
    assert [e.line for e in errors] == [3, 4, 5, 6]
    assert "unknown category “Newspaper”" in errors[1].message
    assert "circle" in errors[2].message
    assert (
        db.session.scalar(
            db.select(db.func.count(Organisation.id)).where(Organisation.process_id == first.id)
        )
        == 1
    )
    good = _xlsx(
        [
            ["Organisation", "Type", "Part of", "Core group"],
            ["Refugee Council", "Civil society", "", "no"],
            ["Interior Dept", "department", "Ministry of Interior", "yes"],
        ]
    )
    count, errors = services.import_file(first.id, "organisations", "list.xlsx", good, mapping)
    assert (count, errors) == (2, [])
    dept = db.session.execute(
        db.select(Organisation).where(Organisation.name == "Interior Dept")
    ).scalar_one()
    assert dept.parent_id == first.lead_organisation_id and dept.in_core_group


def test_import_ties_from_csv(two_processes):
    first, _ = two_processes
    _org(first, "NGO")
    text = (
        b"from;to;relation;mutual;weight\n"
        b"NGO;Ministry of Interior;informs;no;2\n"
        b"NGO;Nobody;funds;yes;9\n"
    )
    mapping = {
        "source": "from",
        "target": "to",
        "type": "relation",
        "mutual": "mutual",
        "strength": "weight",
    }
    count, errors = services.import_file(first.id, "ties", "ties.csv", text, mapping)
    assert count == 0 and errors[0].line == 3
    assert "Nobody" in errors[0].message and "strength" in errors[0].message
    count, errors = services.import_file(
        first.id, "ties", "ties.csv", text.rsplit(b"\n", 2)[0], mapping
    )
    assert count == 1
    with pytest.raises(ValidationFailed) as refused:
        services.import_file(first.id, "ties", "ties.csv", text, {"source": "from"})
    assert set(refused.value.errors) == {"target", "type"}
    with pytest.raises(ValidationFailed):
        services.import_file(first.id, "ties", "ties.pdf", text, mapping)


def test_exports_from_the_database_round_trip(app, two_processes):
    first, _ = two_processes
    ministry = db.session.get(Organisation, first.lead_organisation_id)
    dept = registry.save_organisation(
        first.id, name="Dept", category="department", parent_id=ministry.id, policy_tags="asylum"
    )
    registry.add_focal_point(dept, name="Ana", email="ana@example.org")
    registry.add_tie(
        first.id, source_id=dept.id, target_id=ministry.id, type="informs", mutual=True, strength=3
    )
    db.session.commit()
    nodes, ties = network.export_records(first.id)
    assert all("focal_points" not in n for n in nodes)
    assert exporting.read_gexf(exporting.gexf(nodes, ties)) == exporting.canonical(nodes, ties)
    assert {t["relation"] for t in ties} == {"informs", "hierarchy"}
    nodes, _ = network.export_records(first.id, include_personal=True)
    assert "Ana ana@example.org" in [n["focal_points"] for n in nodes]


def test_analysis_cache_follows_changes(app, two_processes):
    first, _ = two_processes
    a, b = _org(first, "A"), _org(first, "B")
    db.session.commit()
    assert len(network.analysis(first.id).isolates) == 3
    tie = registry.add_tie(first.id, source_id=a.id, target_id=b.id, type="informs")
    db.session.commit()
    assert len(network.analysis(first.id).isolates) == 1
    db.session.delete(tie)
    db.session.commit()
    assert len(network.analysis(first.id).isolates) == 3


def test_removing_an_organisation_keeps_its_departments(two_processes):
    first, _ = two_processes
    ministry = registry.save_organisation(first.id, name="Ministry", category="ministry")
    dept = registry.save_organisation(first.id, name="Dept", parent_id=ministry.id)
    registry.add_tie(
        first.id,
        source_id=ministry.id,
        target_id=first.lead_organisation_id,
        type="coordinates_with",
    )
    db.session.commit()
    registry.delete_organisation(ministry)
    db.session.commit()
    assert db.session.get(Organisation, dept.id).parent_id is None
    assert registry.ties(first.id) == []
