"""The coverage dashboard flags planted gaps, none in a fully consulted process, and keeps
its query count constant as the registry grows."""

from datetime import date, timedelta

from sqlalchemy import event

from facilitation.extensions import db
from facilitation.models import Organisation, StageState
from stakeholders import consultations, registry, services

TODAY = date(2026, 11, 28)


def _org(pid, name, category, core=False, tags="", mandate=""):
    org = Organisation(
        process_id=pid,
        name=name,
        category=category,
        in_core_group=core,
        policy_tags=tags,
        mandate=mandate,
    )
    db.session.add(org)
    db.session.flush()
    return org


def _assess(org, user, power, interest):
    registry.add_assessment(
        org,
        assessed_by=user,
        assessed_on=TODAY,
        power=power,
        interest=interest,
        impact=3,
        position=0,
        legitimacy=3,
        urgency=3,
        target_engagement="consult",
    )


def _fully_consulted(make_process, make_user):
    """A small process where everybody was heard at the current stage and all is answered."""
    user = make_user()
    process = make_process(owner=user, policy_domain="labour migration")
    pid = process.id
    lead = db.session.get(Organisation, process.lead_organisation_id)
    lead.policy_tags = "labour migration"
    labour = _org(pid, "Ministry of Labour", "ministry", core=True, tags="labour migration")
    ngo = _org(pid, "Migrant Rights NGO", "civil_society")
    union = _org(pid, "Union Congress", "trade_union")
    uni = _org(pid, "University", "academia")
    for a, b in ((lead, labour), (ngo, union), (union, uni), (ngo, uni), (labour, ngo)):
        registry.add_tie(pid, source_id=a.id, target_id=b.id, type="coordinates_with")
    _assess(ngo, user, 5, 5)
    _assess(union, user, 4, 4)
    hearing = consultations.save_consultation(
        pid,
        title="Hearing",
        stage="agenda",
        method="public_hearing",
        participation_level="consult",
        held=True,
        starts_on=TODAY - timedelta(days=3),
    )
    for org in (ngo, union, uni):
        consultations.set_participant(hearing, org.id, women=1, men=1)
    consultations.save_input(
        pid,
        consultation_id=hearing.id,
        organisation_id=ngo.id,
        text="Add remittances.",
        concerns="Problem tree",
        disposition="accepted",
    )
    consultations.save_commitment(
        pid, text="Send minutes", status="open", due_on=date.today() + timedelta(days=30)
    )
    db.session.commit()
    return process, user, {"labour": labour, "ngo": ngo, "union": union, "uni": uni}


def test_fully_consulted_process_has_no_gap(app, make_process, make_user):
    process, _user, _orgs = _fully_consulted(make_process, make_user)
    cov = services.coverage(process.id, today=TODAY)
    assert cov.current_stage == "agenda"
    assert cov.gap_count == 0, cov
    cell = cov.matrix[("civil_society", "agenda")]
    assert (cell.consultations, cell.inputs, cell.answered) == (1, 1, 1)
    assert cov.section_matrix[("civil_society", "Problem tree")].answered == 1


def test_planted_gaps_are_each_flagged(app, make_process, make_user):
    process, user, orgs = _fully_consulted(make_process, make_user)
    pid = process.id
    # 1. A key player assessed high/high never consulted at the current stage.
    chamber = _org(pid, "Chamber of Commerce", "employers")
    registry.add_tie(pid, source_id=chamber.id, target_id=orgs["labour"].id, type="informs")
    _assess(chamber, user, 5, 4)
    # 2. An input without a disposition.
    consultations.save_input(pid, organisation_id=orgs["uni"].id, text="Use the 2025 survey.")
    # 3. An overdue commitment.
    consultations.save_commitment(
        pid, text="Publish permit times", status="in_progress", due_on=TODAY - timedelta(days=1)
    )
    # 4. A category never consulted, 5. a community with no consulted member: two media
    # outlets tied only to each other.
    tv = _org(pid, "Broadcaster", "media")
    paper = _org(pid, "Daily Paper", "media")
    registry.add_tie(pid, source_id=tv.id, target_id=paper.id, type="informs", mutual=True)
    # 6. An institution whose mandate matches the policy area, outside the core group.
    inspectorate = _org(
        pid,
        "Labour Inspectorate",
        "agency",
        mandate="Inspects the work of foreign workers (labour migration).",
    )
    registry.add_tie(
        pid, source_id=orgs["labour"].id, target_id=inspectorate.id, type="legal_authority_over"
    )
    db.session.commit()

    cov = services.coverage(pid, today=TODAY)
    assert [o.name for o in cov.key_players_not_consulted] == ["Chamber of Commerce"]
    assert [i.text for i in cov.inputs_without_disposition] == ["Use the 2025 survey."]
    assert [c.text for c in cov.overdue_commitments] == ["Publish permit times"]
    assert set(cov.categories_never_consulted) == {"media", "employers", "agency"}
    assert [[o.name for o in g] for g in cov.communities_not_consulted] == [
        ["Broadcaster", "Daily Paper"]
    ]
    assert [o.name for o in cov.mandated_outside_core] == ["Labour Inspectorate"]


def test_key_players_follow_the_current_stage(app, make_process, make_user):
    process, user, orgs = _fully_consulted(make_process, make_user)
    db.session.add(StageState(process_id=process.id, stage="agenda", agreed=True))
    db.session.commit()
    cov = services.coverage(process.id, today=TODAY)
    assert cov.current_stage == "analysis"
    # Consulted at agenda only: both key players are now gaps for the analysis stage.
    assert {o.name for o in cov.key_players_not_consulted} == {
        "Migrant Rights NGO",
        "Union Congress",
    }


def _count_queries(app, fn):
    statements = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", listener)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(statements)


def test_coverage_query_count_is_constant(app, make_process, make_user):
    process, user, orgs = _fully_consulted(make_process, make_user)
    pid = process.id
    db.session.expire_all()
    small = _count_queries(app, lambda: services.coverage(pid, today=TODAY))
    hearing = consultations.consultations(pid)[0]
    for n in range(30):
        org = _org(pid, f"Association {n}", "migrant_association")
        registry.add_tie(pid, source_id=org.id, target_id=orgs["ngo"].id, type="informs")
        _assess(org, user, 4, 5)
        consultations.set_participant(hearing, org.id, women=1)
        consultations.save_input(pid, organisation_id=org.id, text=f"Input {n}")
    db.session.commit()
    db.session.expire_all()
    large = _count_queries(app, lambda: services.coverage(pid, today=TODAY))
    assert large == small


def test_readiness_findings_follow_the_gaps(app, make_process, make_user):
    from stakeholders.readiness import consultation_rule

    process, user, orgs = _fully_consulted(make_process, make_user)
    assert consultation_rule(process.id) == []
    consultations.save_input(process.id, organisation_id=orgs["uni"].id, text="Open question")
    db.session.commit()
    findings = consultation_rule(process.id)
    assert [(f.severity, f.endpoint) for f in findings] == [("error", "stakeholders.inputs")]
    assert "1 stakeholder input has no documented answer" in findings[0].message


def test_draft_sections_appear_in_the_section_matrix(app, make_process, make_user):
    from drafting import services as drafting_services
    from drafting.models import DraftKind

    process, user, orgs = _fully_consulted(make_process, make_user)
    drafting_services.create_draft(
        process.id, user, "Policy", list(DraftKind)[0].value, ["1. Context", "2. Objectives"]
    )
    db.session.commit()
    cov = services.coverage(process.id, today=TODAY)
    # Both draft sections are columns even before any input concerns them.
    assert cov.sections == ["1. Context", "2. Objectives", "Problem tree"]
    assert ("civil_society", "1. Context") not in cov.section_matrix
