"""Issue 12: names sort with accents (Câmara before Cruz) in every list, drop-down and
document, not only the registry: these lists were still in the database's byte order."""

from __future__ import annotations

from facilitation.extensions import db
from stakeholders import registry

NAMES = ("Cruz Vermelha", "Zonas Francas", "Câmara Municipal", "Évora University", "Ilha Verde")
EXPECTED = ["Câmara Municipal", "Cruz Vermelha", "Évora University", "Ilha Verde", "Zonas Francas"]


def _process(make_process, make_user, core=False):
    owner = make_user()
    process = make_process(owner=owner)
    for name in NAMES:
        registry.save_organisation(
            process.id, name=name, category="civil_society", in_core_group=core
        )
    db.session.commit()
    return owner, process


def _in_order(text: str, names) -> list[str]:
    return sorted(names, key=text.index)


def test_workshop_participant_names_in_accent_order(make_process, make_user):
    from workshops import services

    _owner, process = _process(make_process, make_user)
    names = [n for n in services.organisation_names(process.id) if n in NAMES]
    assert names == EXPECTED


def test_policy_document_core_group_in_accent_order(make_process, make_user):
    from drafting.export import policy_data

    _owner, process = _process(make_process, make_user, core=True)
    core = [n for n in policy_data.collect(process.id, {}).core_group if n in NAMES]
    assert core == EXPECTED


def test_export_organisations_in_accent_order(make_process, make_user):
    from drafting.export import collect

    _owner, process = _process(make_process, make_user)
    names = [o.name for o in collect.cycle(process).organisations if o.name in NAMES]
    assert names == EXPECTED


def test_draft_section_drop_down_in_accent_order(make_process, make_user, login_as, app):
    from drafting.views import _section_form

    owner, process = _process(make_process, make_user)
    with app.test_request_context():
        form = _section_form(process.id)
    labels = [c.label for c in form.organisation_id.choices if c.label in NAMES]
    assert labels == EXPECTED


def test_data_sources_and_grid_chips_in_accent_order(make_process, make_user, login_as):
    from policycycle.evidence import services as evidence
    from policycycle.evidence.models import DataSource

    owner, process = _process(make_process, make_user)
    for name in NAMES:
        db.session.add(DataSource(process_id=process.id, name=name, source_type="census"))
    db.session.commit()
    assert [s.name for s in evidence.list_sources(process.id)] == EXPECTED
    # The power-interest grid: organisations assessed into the same cell.
    from facilitation.models import Organisation
    from stakeholders.models import Assessment

    for org in db.session.scalars(db.select(Organisation).where(Organisation.name.in_(NAMES))):
        registry.add_assessment(
            org, assessed_by=owner, power=4, interest=4, position=0, target_engagement="consult"
        )
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(Assessment.id))) == len(NAMES)
    page = login_as(owner).get(f"/p/{process.id}/stakeholders/grid").get_data(as_text=True)
    assert _in_order(page, EXPECTED) == EXPECTED
