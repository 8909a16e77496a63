"""The demo: a realistic, fictional national process, the Republic of Kestria drafting its
National Migration and Citizenship Policy. This module creates the accounts, the process,
its core-group institutions and milestones; every package adds its stage content through
``registry(app).demo(loader, order)``: ``loader(process, context)``.
"""

from __future__ import annotations

import importlib.util
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import audit, services
from .extensions import db
from .models import Membership, Milestone, Organisation, OrganisationCategory, Process, Role, User
from .stages import registry

DEMO_PASSWORD = "demo-password"


@dataclass
class DemoContext:
    """What every package's demo loader receives with the process."""

    process: Process
    orgs: dict[str, Organisation]  # key -> organisation (see INSTITUTIONS, DEPARTMENTS)
    users: dict[str, User]  # "facilitator", "coordinator", "member1".., "observer"
    rng: random.Random = field(default_factory=lambda: random.Random(2027))
    today: date = field(default_factory=date.today)
    size: str = "normal"


# key, name, acronym, category, mandate, policy tags
INSTITUTIONS = [
    (
        "interior",
        "Ministry of Interior",
        "MoI",
        OrganisationCategory.MINISTRY,
        "Lead ministry for migration governance, border management, residence and citizenship.",
        "migration, borders, residence, citizenship, asylum",
    ),
    (
        "foreign",
        "Ministry of Foreign Affairs",
        "MFA",
        OrganisationCategory.MINISTRY,
        "Consular services, visas abroad, diaspora engagement, bilateral migration agreements.",
        "diaspora, visas, consular, agreements",
    ),
    (
        "justice",
        "Ministry of Justice",
        "MoJ",
        OrganisationCategory.MINISTRY,
        "Legislative drafting, courts, prevention of trafficking in human beings.",
        "legislation, trafficking, courts",
    ),
    (
        "labour",
        "Ministry of Labour and Social Protection",
        "MoLSP",
        OrganisationCategory.MINISTRY,
        "Labour market policy, work permits, recognition of qualifications, social protection.",
        "labour migration, work permits, social protection",
    ),
    (
        "lawcom",
        "Law Commission",
        "LC",
        OrganisationCategory.AGENCY,
        "Reviews and consolidates legislation; advises on legal reform.",
        "legislation, legal reform",
    ),
    (
        "stats",
        "National Statistics Office",
        "NSO",
        OrganisationCategory.STATISTICS_OFFICE,
        "Population census, household surveys, official migration statistics.",
        "statistics, census, migration data",
    ),
    (
        "finance",
        "Ministry of Finance and Economic Planning",
        "MoFEP",
        OrganisationCategory.MINISTRY,
        "Budget, national development plan, remittance policy.",
        "budget, development plan, remittances",
    ),
    (
        "health",
        "Ministry of Health",
        "MoH",
        OrganisationCategory.MINISTRY,
        "Health services including for migrants and returnees.",
        "health, migrants",
    ),
]
# key, parent key, name, acronym, mandate, tags
DEPARTMENTS = [
    (
        "immigration",
        "interior",
        "Department of Immigration",
        "DoI",
        "Residence permits, registers of foreigners, entry and stay.",
        "residence, permits, migration",
    ),
    (
        "refugees",
        "interior",
        "Refugee Department",
        "RD",
        "Asylum procedures and reception of refugees.",
        "asylum, refugees",
    ),
    (
        "police",
        "interior",
        "Border Police",
        "BP",
        "Border control and border crossing data.",
        "borders, irregular migration",
    ),
    (
        "diaspora",
        "foreign",
        "Diaspora Desk",
        "DD",
        "Engagement with nationals abroad and registers at missions.",
        "diaspora",
    ),
]
# key, email, name, role, institution key
USERS = [
    (
        "facilitator",
        "expert@demo.example",
        "Ana Ferreira (visiting expert)",
        Role.FACILITATOR,
        None,
    ),
    ("coordinator", "coordinator@demo.example", "Daniel Okoro", Role.COORDINATOR, "interior"),
    ("member1", "immigration@demo.example", "Miriam Haddad", Role.MEMBER, "immigration"),
    ("member2", "diaspora@demo.example", "Joseph Mensah", Role.MEMBER, "diaspora"),
    ("member3", "labour@demo.example", "Grace Tembo", Role.MEMBER, "labour"),
    ("member4", "statistics@demo.example", "Peter Lindqvist", Role.MEMBER, "stats"),
    ("member5", "justice@demo.example", "Esther Banda", Role.MEMBER, "justice"),
    (
        "observer",
        "observer@demo.example",
        "Louise Martin (development partner)",
        Role.OBSERVER,
        None,
    ),
]


def _organisations(process: Process) -> dict[str, Organisation]:
    orgs: dict[str, Organisation] = {}
    for key, name, acronym, category, mandate, tags in INSTITUTIONS:
        org = services.find_or_create_organisation(process, name)
        org.acronym, org.category, org.mandate, org.policy_tags = acronym, category, mandate, tags
        org.in_core_group = True
        orgs[key] = org
    for key, parent, name, acronym, mandate, tags in DEPARTMENTS:
        orgs[key] = Organisation(
            process_id=process.id,
            parent=orgs[parent],
            name=name,
            acronym=acronym,
            category=OrganisationCategory.DEPARTMENT,
            mandate=mandate,
            policy_tags=tags,
            in_core_group=key in ("immigration", "diaspora"),
        )
        db.session.add(orgs[key])
    db.session.flush()
    return orgs


def _users() -> dict[str, User]:
    users = {}
    for key, email, name, _role, _org in USERS:
        users[key] = services.find_user(email) or services.create_user(
            email, name, DEMO_PASSWORD, is_admin=(key == "facilitator")
        )
    return users


def build_process(title: str, users: dict[str, User], size: str = "normal") -> DemoContext:
    with audit.acting_as(users["coordinator"].id):
        process = services.create_process(
            users["facilitator"],
            title=title,
            country="Republic of Kestria",
            policy_domain="Migration and citizenship",
            language="en",
            lead_organisation="Ministry of Interior",
            mandate=(
                "Cabinet Decision 14/2026 mandates the Ministry of Interior to lead the "
                "drafting of a National Migration and Citizenship Policy and its five-year "
                "action plan, for cabinet approval by the end of 2027."
            ),
            mission=(
                "A core working group of eight institutions, supported by visiting experts, "
                "analyses the migration situation, consults stakeholders and drafts the "
                "policy and action plan through a series of workshops."
            ),
        )
        orgs = _organisations(process)
        for key, _email, _name, role, org_key in USERS:
            if key == "facilitator":
                continue
            db.session.add(
                Membership(
                    process_id=process.id,
                    user_id=users[key].id,
                    role=role,
                    organisation_id=orgs[org_key].id if org_key else None,
                )
            )
        today = date.today()
        for offset, label, done in (
            (-60, "Inception workshop", True),
            (-20, "Situation analysis validated", True),
            (30, "Options workshop", False),
            (90, "Validation round table", False),
            (150, "Submission to cabinet", False),
        ):
            db.session.add(
                Milestone(
                    process_id=process.id,
                    title=label,
                    due_date=today + timedelta(days=offset),
                    done=done,
                )
            )
        db.session.flush()
        return DemoContext(process=process, orgs=orgs, users=users, today=today, size=size)


def _forget_draft_rooms(app) -> None:
    """Close the co-editing rooms the readiness rules opened while agreeing the agenda.
    The room store reads on its own connection, so those rooms were loaded before the
    demo's drafts were committed (empty); the next reader loads the committed text."""
    rooms = app.extensions.get("drafting_rooms")
    for key in rooms.keys() if rooms is not None else ():
        rooms.drop(key)


def load(app, size: str = "normal") -> list[tuple[str, str]]:
    """Create the demo accounts and process; run every package's loader. Flushes only."""
    users = _users()
    context = build_process("National Migration and Citizenship Policy 2027–2031", users, size)
    with audit.acting_as(users["coordinator"].id):
        for _order, loader in registry(app).demo_loaders:
            loader(context.process, context)
            db.session.flush()
        services.agree_stage(
            context.process.id,
            "agenda",
            users["coordinator"],
            note="Agreed at the inception workshop: four issues taken up.",
            accept_breaks=True,  # the story's agreement; any open break is recorded
        )
        bulk_built = []
        if size == "large" and importlib.util.find_spec("policycycle.planning.large_demo"):
            from policycycle.planning import large_demo

            large = build_process("Large benchmark process", users, size)
            large_demo.build(large.process, large)
            bulk_built.append(large)
        if size == "large":
            from stakeholders import large_demo as large_network

            network = build_process("Large stakeholder network", users, size)
            large_network.build(network.process, network)
            bulk_built.append(network)
        if bulk_built:
            # The large demos insert in bulk, past the search index's flush hook.
            from .search import indexing

            db.session.flush()
            for built in bulk_built:
                indexing.reindex_process(db.session.connection(), built.process.id)
    _forget_draft_rooms(app)
    return [(email, str(role.label)) for _key, email, _name, role, _org in USERS]
