"""A small but complete policy process for the export tests: every cycle artefact the
exports read, with accents, a control character and field-like text in user input."""

from __future__ import annotations

from datetime import date

from facilitation.extensions import db
from facilitation.models import Organisation, OrganisationCategory, Process, StageState
from policycycle.models import (
    Action,
    ActionRaci,
    Criterion,
    FrameworkItem,
    Gap,
    Indicator,
    Instrument,
    Objective,
    OptionScore,
    PolicyOption,
    ProblemNode,
    ProblemStatement,
    SwotItem,
    TowsStrategy,
)

NASTY = 'Fees \x01 «dus» { PAGE } <w:fldSimple w:instr="PAGE"/> & co'


def _org(process, name, acronym, category=OrganisationCategory.MINISTRY, core=True):
    org = db.session.execute(
        db.select(Organisation).where(
            Organisation.process_id == process.id, Organisation.name == name
        )
    ).scalar_one_or_none()
    if org is None:
        org = Organisation(process_id=process.id, name=name)
        db.session.add(org)
    org.acronym, org.category, org.in_core_group = acronym, category, core
    org.mandate = f"Mandate of the {name}."
    return org


def build(process: Process, actions_per_objective: int = 3) -> dict:
    pid = process.id
    moi = _org(process, "Ministry of Interior", "MoI")
    mol = _org(process, "Ministry of Labour and Social Protection", "MoLSP")
    mfa = _org(process, "Ministry of Foreign Affairs", "MFA")
    nso = _org(process, "National Statistics Office", "NSO", OrganisationCategory.STATISTICS_OFFICE)
    ngo = _org(process, "Migrant Rights Centre", "", OrganisationCategory.CIVIL_SOCIETY, False)
    db.session.flush()
    process.lead_organisation_id = moi.id
    for i, (q, text) in enumerate(
        [
            ("S", "Strong consular network in destination countries"),
            ("S", "Committed inter-ministerial core group"),
            ("W", "No reliable data on emigration flows"),
            ("W", NASTY),
            ("O", "Regional labour mobility framework under negotiation"),
            ("T", "Rising irregular recruitment through social media"),
        ]
    ):
        db.session.add(SwotItem(process_id=pid, quadrant=q, statement=text, position=i))
    db.session.add(
        TowsStrategy(
            process_id=pid, kind="WO", text="Use the regional framework to build a data system"
        )
    )
    law = FrameworkItem(
        process_id=pid,
        kind="law",
        title="Law on Foreigners (2011)",
        reference="Official Gazette 12/2011",
        area="Admission",
    )
    db.session.add(law)
    db.session.flush()
    db.session.add(
        Gap(
            process_id=pid,
            area="Labour migration",
            rating="partial",
            statement="No rules on private recruitment agencies",
            framework_item_id=law.id,
        )
    )
    focal = ProblemNode(
        process_id=pid,
        kind="focal",
        text="Emigrant workers are poorly protected and badly informed",
    )
    db.session.add(focal)
    db.session.flush()
    cause = ProblemNode(
        process_id=pid,
        kind="cause",
        parent_id=focal.id,
        text="Recruitment agencies are not regulated",
    )
    effect = ProblemNode(
        process_id=pid, kind="effect", parent_id=focal.id, text="Abuse and debt bondage abroad"
    )
    db.session.add_all([cause, effect])
    db.session.add(
        ProblemStatement(
            process_id=pid,
            nature="Unprotected labour emigration.",
            scale="About 40 000 a year.",
            affected="Young workers from rural districts.",
            why_government="Only the state can license recruiters.",
            rationale="Protect and inform.",
            vision="Safe, orderly mobility.",
        )
    )
    general = Objective(
        process_id=pid, level="general", title="Labour migration is safe and benefits development"
    )
    db.session.add(general)
    db.session.flush()
    specifics = []
    for n, title in enumerate(("Regulate recruitment", "Inform prospective migrants"), 1):
        so = Objective(
            process_id=pid, level="specific", title=title, parent_id=general.id, position=n
        )
        db.session.add(so)
        db.session.flush()
        op = Objective(
            process_id=pid,
            level="operational",
            title=f"Operational step for {title}",
            parent_id=so.id,
        )
        db.session.add(op)
        db.session.flush()
        db.session.add(
            Indicator(
                process_id=pid,
                objective_id=so.id,
                name=f"Share for {title}",
                unit="%",
                baseline_value=10,
                baseline_year=2025,
                target_value=60,
                target_year=2029,
                means_of_verification="Annual survey",
            )
        )
        specifics.append((so, op))
    criteria = [
        Criterion(process_id=pid, name=name, weight=w, position=i)
        for i, (name, w) in enumerate((("Effectiveness", 3), ("Cost", 2), ("Feasibility", 1)))
    ]
    db.session.add_all(criteria)
    db.session.flush()
    so1 = specifics[0][0]
    base = PolicyOption(
        process_id=pid, objective_id=so1.id, title="Keep current practice", is_baseline=True
    )
    licence = PolicyOption(
        process_id=pid,
        objective_id=so1.id,
        title="Licence recruiters",
        status="preferred",
        preferred_rationale="Best score, feasible.",
        cost_one_off=120000,
        cost_recurrent=30000,
    )
    ban = PolicyOption(
        process_id=pid,
        objective_id=so1.id,
        title="Ban private recruitment",
        status="discarded",
        discard_reason="Pushes recruitment underground.",
    )
    db.session.add_all([base, licence, ban])
    db.session.flush()
    for option, values in ((licence, (2, -1, 1)), (ban, (1, 1, -2))):
        for criterion, score in zip(criteria, values, strict=True):
            db.session.add(
                OptionScore(
                    process_id=pid,
                    option_id=option.id,
                    criterion_id=criterion.id,
                    scorer_key="user:1",
                    scorer_name="Core group",
                    score=score,
                )
            )
    instrument = Instrument(
        process_id=pid,
        option_id=licence.id,
        kind="regulatory",
        title="Decree on recruitment agencies",
        lead_organisation_id=mol.id,
        legal_basis="Labour Code art. 12",
        cost=50000,
        time_to_effect="12 months",
    )
    db.session.add(instrument)
    db.session.flush()
    actions = []
    for s, (_so, op) in enumerate(specifics, 1):
        for k in range(1, actions_per_objective + 1):
            action = Action(
                process_id=pid,
                objective_id=op.id,
                instrument_id=instrument.id,
                title=f"Activity {s}.{k} ({NASTY})"
                if k == 1
                else f"Activity {s}.{k}: train district labour offices",
                output="Staff trained",
                start_date=date(2026, k, 1),
                end_date=date(2027, k, 28),
                cost=1000.0 * s * k,
                funding_source="State budget",
                assumptions="Budget adopted",
                position=k,
            )
            db.session.add(action)
            db.session.flush()
            db.session.add_all(
                [
                    ActionRaci(
                        process_id=pid, action_id=action.id, organisation_id=mol.id, letter="A"
                    ),
                    ActionRaci(
                        process_id=pid, action_id=action.id, organisation_id=mfa.id, letter="R"
                    ),
                    ActionRaci(
                        process_id=pid, action_id=action.id, organisation_id=nso.id, letter="R"
                    ),
                    Indicator(
                        process_id=pid,
                        action_id=action.id,
                        name="Staff trained",
                        unit="people",
                        baseline_value=0,
                        baseline_year=2025,
                        target_value=50 * k,
                        target_year=2027,
                        means_of_verification="Training records",
                    ),
                ]
            )
            actions.append(action)
    db.session.flush()
    return {
        "actions": actions,
        "orgs": [moi, mol, mfa, nso, ngo],
        "criteria": criteria,
        "options": [base, licence, ban],
    }


def agree_validation(process: Process) -> None:
    db.session.add(StageState(process_id=process.id, stage="validation", agreed=True))
    db.session.flush()
