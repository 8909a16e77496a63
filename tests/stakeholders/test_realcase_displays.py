"""Issue 12, part B: what the stakeholder side shows must be right for a real case."""

from __future__ import annotations

from facilitation.extensions import db
from stakeholders import consultations, readiness, registry


def _org(process, name, **fields):
    return registry.save_organisation(process.id, name=name, **fields)


def test_core_group_members_are_not_listed_as_not_consulted(make_process, make_user):
    owner = make_user()
    process = make_process(owner=owner)
    core = _org(process, "Immigration Department", category="department", in_core_group=True)
    outsider = _org(process, "Chamber of Commerce", category="employers")
    for org in (core, outsider):
        registry.add_assessment(
            org, assessed_by=owner, power=5, interest=5, position=0, target_engagement="involve"
        )
    db.session.commit()
    messages = " ".join(f.message for f in readiness.consultation_rule(process.id))
    assert "Chamber of Commerce" in messages
    assert "Immigration Department" not in messages


def test_the_unanswered_input_sits_under_its_consultations_stage_and_names_the_source(
    make_process, make_user
):
    process = make_process(owner=make_user())
    diaspora = _org(process, "Diaspora Association", category="migrant_association")
    seminar = consultations.save_consultation(
        process.id,
        title="Problem seminar",
        stage="analysis",
        method="workshop",
        participation_level="consult",
        held=True,
    )
    consultations.save_input(
        process.id,
        consultation_id=seminar.id,
        organisation_id=diaspora.id,
        text="Count the remittances too.",
    )
    db.session.commit()
    findings = [
        f for f in readiness.consultation_rule(process.id) if "no documented answer" in f.message
    ]
    assert len(findings) == 1
    assert findings[0].stage == "analysis"
    assert "Diaspora Association" in findings[0].message


def test_readiness_findings_are_in_each_readers_language(app, make_process, make_user):
    from flask_babel import force_locale

    from facilitation.services import readiness_findings

    process = make_process(owner=make_user())
    with app.test_request_context():
        with force_locale("fr"):
            french = [f.message for f in readiness_findings(process.id)]
        with force_locale("pt"):
            portuguese = [f.message for f in readiness_findings(process.id)]
    assert french and french != portuguese


def test_names_sort_with_accents_in_lists_and_drop_downs(make_process, make_user, login_as):
    from facilitation.sorting import collation_key

    assert sorted(["Cruz", "Câmara", "Zona", "Émigrés", "eco"], key=collation_key) == [
        "Câmara",
        "Cruz",
        "eco",
        "Émigrés",
        "Zona",
    ]
    owner = make_user()
    process = make_process(owner=owner)
    for name in ("Cruz Vermelha", "Câmara Municipal", "Zonas Francas"):
        _org(process, name, category="civil_society")
    db.session.commit()
    client = login_as(owner)
    registry_page = client.get(f"/p/{process.id}/stakeholders/").get_data(as_text=True)
    assert registry_page.index("Câmara Municipal") < registry_page.index("Cruz Vermelha")
    form = client.get(f"/p/{process.id}/action-plan/new").get_data(as_text=True)
    assert form.index("Câmara Municipal") < form.index("Cruz Vermelha")
    consultation_form = client.get(f"/p/{process.id}/stakeholders/ties").get_data(as_text=True)
    assert consultation_form.index("Câmara Municipal") < consultation_form.index("Cruz Vermelha")
