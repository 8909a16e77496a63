"""Accounts, processes, invitations and stage agreement. Services flush; callers commit."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from . import audit, live_access, money
from .extensions import db
from .mixins import utcnow
from .models import (
    AuditEvent,
    Invitation,
    Membership,
    Organisation,
    OrganisationCategory,
    OrganisationLevel,
    Process,
    Role,
    StageState,
    User,
)
from .offloop import off_loop
from .request_memo import remembered_for_request
from .stages import STAGE_BY_KEY, STAGES, registry
from .validation import ValidationFailed

INVITATION_DAYS = 14


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    return db.session.execute(
        db.select(User).where(User.email == normalise_email(email))
    ).scalar_one_or_none()


def create_user(email: str, name: str, password: str, *, is_admin: bool | None = None) -> User:
    email = normalise_email(email)
    if find_user(email):
        raise ValidationFailed({"email": _("An account with this e-mail address already exists.")})
    if is_admin is None:  # the first account administers the site
        is_admin = db.session.scalar(db.select(func.count(User.id))) == 0
    user = User(email=email, name=name.strip(), is_admin=is_admin)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def _hash_method() -> str:
    from flask import current_app

    return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")


def _dummy_hash() -> str:
    """A hash of a random password, made with the configured method (once per method)."""
    from flask import current_app

    method = _hash_method()
    cache = current_app.extensions.setdefault("dummy_password_hashes", {})
    if method not in cache:
        cache[method] = generate_password_hash(secrets.token_hex(16), method=method)
    return cache[method]


def authenticate(email: str, password: str) -> User | None:
    """The account for these credentials, or None.

    A password hash is checked whether or not the address has an account (against a
    dummy hash when it has none), so the answer takes as long either way and its timing
    does not tell which addresses have accounts."""
    user = find_user(email)
    # Off the event loop: a hash is ~0.1 s of CPU (hashlib lets go of the GIL meanwhile),
    # and on the loop every workshop phone and co-editor waited for each sign-in.
    matches = off_loop(
        check_password_hash, user.password_hash if user else _dummy_hash(), password or ""
    )
    if user and user.active and matches:
        return user
    return None


def register(email: str, name: str, password: str) -> User | None:
    """Create an account from the public form; None when the address already has one.

    Both outcomes cost one password hash, and the caller answers both the same way, so
    registration does not confirm which addresses have accounts."""
    if find_user(email):
        off_loop(generate_password_hash, password or "", _hash_method())
        return None
    return create_user(email, name, password)


def organisation_defaults(process: Process) -> dict:
    """What a new organisation of the process is unless said otherwise: the toolkit's
    processes draft national policies, so a national institution (a ministry)."""
    return {
        "category": OrganisationCategory.MINISTRY.value,
        "level": OrganisationLevel.NATIONAL.value,
        "in_core_group": False,
    }


def institution_named(process: Process, name: str) -> Organisation:
    """The process's organisation of that name (any letter case), or a new one with the
    process defaults: an invitation may name an institution not yet in the registry.
    Refuses an empty or over-long name (field ``new_organisation``)."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationFailed({"new_organisation": _("Type the institution's name.")})
    if len(name) > 200:
        raise ValidationFailed({"new_organisation": _("Keep the name under 200 characters.")})
    org = db.session.execute(
        db.select(Organisation).where(
            Organisation.process_id == process.id,
            func.lower(Organisation.name) == name.lower(),
        )
    ).scalar_one_or_none()
    if org is None:
        org = Organisation(process_id=process.id, name=name, **organisation_defaults(process))
        db.session.add(org)
        db.session.flush()
    return org


def find_or_create_organisation(process: Process, name: str, **fields) -> Organisation:
    name = name.strip()
    org = db.session.execute(
        db.select(Organisation).where(
            Organisation.process_id == process.id, Organisation.name == name
        )
    ).scalar_one_or_none()
    if org is None:
        org = Organisation(process_id=process.id, name=name, **fields)
        db.session.add(org)
        db.session.flush()
    return org


def create_process(
    user: User,
    *,
    title: str,
    country: str,
    policy_domain: str = "",
    language: str = "en",
    lead_organisation: str,
    mandate: str = "",
    mission: str = "",
    role: Role = Role.FACILITATOR,
    currency: str = "",
) -> Process:
    process = Process(
        title=title.strip(),
        country=country.strip(),
        # Stored from the start, so the amounts keep their currency if the country changes.
        currency=(currency or money.default_currency(country)).upper(),
        policy_domain=policy_domain.strip(),
        language=language,
        mandate=mandate,
        mission=mission,
        created_by_id=user.id,
    )
    db.session.add(process)
    db.session.flush()
    lead = find_or_create_organisation(process, lead_organisation, in_core_group=True)
    process.lead_organisation_id = lead.id
    db.session.add(Membership(process_id=process.id, user_id=user.id, role=role))
    db.session.flush()
    return process


def update_process(process: Process, *, lead_organisation: str, **fields) -> Process:
    for key, value in fields.items():
        setattr(
            process, key, value.strip() if isinstance(value, str) and key != "mandate" else value
        )
    lead = find_or_create_organisation(process, lead_organisation, in_core_group=True)
    if not lead.in_core_group:
        lead.in_core_group = True
    process.lead_organisation_id = lead.id
    db.session.flush()
    return process


def processes_of(user: User) -> list[tuple[Process, Membership]]:
    rows = db.session.execute(
        db.select(Process, Membership)
        .join(Membership, Membership.process_id == Process.id)
        .where(Membership.user_id == user.id)
        .order_by(Process.updated_at.desc())
    ).all()
    return [(p, m) for p, m in rows]


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(
    process: Process, inviter: User, email: str, role: Role, organisation_id: int | None = None
) -> tuple[Invitation, str]:
    email = normalise_email(email)
    existing = find_user(email)
    if existing and any(m.process_id == process.id for m in existing.memberships):
        raise ValidationFailed({"email": _("This person is already a member of the process.")})
    token = secrets.token_urlsafe(24)
    invitation = Invitation(
        process_id=process.id,
        email=email,
        role=Role(role),
        organisation_id=organisation_id,
        token_hash=_hash_token(token),
        created_by_id=inviter.id,
        expires_at=utcnow() + timedelta(days=INVITATION_DAYS),
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record(
        db.session,
        process.id,
        "invite",
        "Invitation",
        _("Invitation for %(email)s as %(role)s", email=email, role=Role(role).label),
        object_id=invitation.id,
        params={"email": email, "role": Role(role).value},
    )
    return invitation, token


def invitation_by_token(token: str) -> Invitation | None:
    invitation = db.session.execute(
        db.select(Invitation).where(Invitation.token_hash == _hash_token(token or ""))
    ).scalar_one_or_none()
    return invitation if invitation and invitation.is_open else None


def accept_invitation(invitation: Invitation, user: User) -> Membership:
    if not invitation.is_open:
        raise ValidationFailed(_("This invitation has already been used or has expired."))
    membership = db.session.execute(
        db.select(Membership).where(
            Membership.process_id == invitation.process_id, Membership.user_id == user.id
        )
    ).scalar_one_or_none()
    if membership is None:
        membership = Membership(
            process_id=invitation.process_id,
            user_id=user.id,
            role=invitation.role,
            organisation_id=invitation.organisation_id,
        )
        db.session.add(membership)
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    db.session.flush()
    audit.record(
        db.session,
        invitation.process_id,
        "join",
        "Membership",
        _("%(name)s joined as %(role)s", name=user.name, role=Role(invitation.role).label),
        object_id=membership.id,
        params={"name": user.name, "role": Role(invitation.role).value},
    )
    return membership


def change_membership(membership: Membership, role: Role, organisation_id: int | None) -> None:
    if membership.role in (Role.COORDINATOR, Role.FACILITATOR) and Role(role) not in (
        Role.COORDINATOR,
        Role.FACILITATOR,
    ):
        _ensure_another_manager(membership)
    before = membership.role
    membership.role = Role(role)
    membership.organisation_id = organisation_id
    db.session.flush()
    # Open drafts keep the role they connected with until told (drafting/events.py).
    live_access.rights_changed_on_commit(db.session, membership.process_id, membership.user_id)
    audit.record(
        db.session,
        membership.process_id,
        "update",
        "Membership",
        _(
            "%(name)s: role %(before)s → %(after)s",
            name=membership.user.name,
            before=Role(before).label,
            after=Role(role).label,
        ),
        object_id=membership.id,
        params={
            "name": membership.user.name,
            "before": Role(before).value,
            "after": Role(role).value,
        },
    )


def remove_membership(membership: Membership) -> None:
    if membership.can_manage:
        _ensure_another_manager(membership)
    audit.record(
        db.session,
        membership.process_id,
        "delete",
        "Membership",
        _("%(name)s left the process", name=membership.user.name),
        object_id=membership.id,
        params={"name": membership.user.name},
    )
    db.session.delete(membership)
    db.session.flush()


def _ensure_another_manager(membership: Membership) -> None:
    others = db.session.scalar(
        db.select(func.count(Membership.id)).where(
            Membership.process_id == membership.process_id,
            Membership.id != membership.id,
            Membership.role.in_([Role.COORDINATOR, Role.FACILITATOR]),
        )
    )
    if not others:
        raise ValidationFailed(
            {"role": _("A process needs at least one coordinator or facilitator.")}
        )


def stage_counts(process_id: int) -> dict[str, int]:
    """Artefacts per stage, every package's counters read in ONE statement (each counter is
    a ``SELECT count(...)``, here a scalar subquery): the dashboard made one round trip per
    counter, a dozen, while holding the server's only thread (issue 18)."""
    counters = [
        (stage.key, counter(process_id))
        for stage in STAGES
        for counter in registry().counters.get(stage.key, [])
    ]
    counts = dict.fromkeys((stage.key for stage in STAGES), 0)
    if counters:
        values = db.session.execute(
            db.select(*(query.scalar_subquery() for _key, query in counters))
        ).one()
        for (key, _query), value in zip(counters, values, strict=True):
            counts[key] += value or 0
    return counts


def current_stage(overview: list[dict]) -> dict | None:
    """The stage the group is working on: the first one not agreed yet."""
    return next((item for item in overview if item["status"] != "agreed"), None)


def next_step(process_id: int, current: dict | None) -> dict | None:
    """The next thing to do in the stage the group works on, with where to do it.

    ``{"kind": "start" | "mend" | "agree", "finding": Finding | None, "remaining": n}``:
    mend its first break where the finding points, start an empty stage on its page,
    or, with nothing left to mend, agree it on the dashboard."""
    if current is None:
        return None
    breaks = stage_break_findings(process_id, current["stage"].key)
    if breaks:
        return {"kind": "mend", "finding": breaks[0], "remaining": len(breaks)}
    if not current["count"]:
        return {"kind": "start", "finding": None, "remaining": 0}
    return {"kind": "agree", "finding": None, "remaining": 0}


def stage_overview(process_id: int) -> list[dict]:
    states = {
        s.stage: s
        for s in db.session.execute(
            db.select(StageState).where(StageState.process_id == process_id)
        ).scalars()
    }
    counts = stage_counts(process_id)
    overview = []
    for stage in STAGES:
        state = states.get(stage.key)
        if state and state.agreed:
            status = "agreed"
        elif counts[stage.key] or (state and state.agreed_at):
            status = "in_progress"
        else:
            status = "not_started"
        overview.append(
            {
                "stage": stage,
                "status": status,
                "state": state,
                "count": counts[stage.key],
                "endpoint": registry().stage_pages.get(stage.key),
            }
        )
    return overview


def readiness_findings(process_id: int) -> list:
    """Every package's readiness rules run over the process: the breaks in the chain.

    The result is kept until the process's audit trail moves (every change to an
    artefact adds an audit event), so the dashboard, the validation page and the
    readiness page share one computation instead of re-running every rule per view.
    """
    # Asked for once per stage by the dashboard: the audit trail is checked once per GET.
    return remembered_for_request(
        ("readiness", process_id, str(get_locale() or "")),
        lambda: _readiness_findings(process_id),
    )


def _readiness_findings(process_id: int) -> list:
    from flask import current_app

    rules = registry().readiness_rules
    marker = tuple(
        db.session.execute(
            db.select(func.max(AuditEvent.id), func.count(AuditEvent.id)).where(
                AuditEvent.process_id == process_id
            )
        ).one()
    ) + (len(rules),)
    # Findings carry translated messages: keep one copy per language, or a reader
    # would see the findings in the language of whoever opened the page first.
    key = (process_id, str(get_locale() or ""))
    cache = current_app.extensions.setdefault("readiness_cache", {})
    cached = cache.get(key)
    if cached is not None and cached[0] == marker:
        return cached[1]
    findings = [finding for rule in rules for finding in rule(process_id)]
    cache[key] = (marker, findings)
    return findings


def readiness_by_stage(process_id: int) -> dict[str, dict[str, int]]:
    """Breaks in the chain (errors) and method warnings per stage."""
    summary: dict[str, dict[str, int]] = {}
    for finding in readiness_findings(process_id):
        counts = summary.setdefault(finding.stage, {"error": 0, "warning": 0})
        counts[finding.severity if finding.severity in counts else "error"] += 1
    return summary


STATUS_LABELS = {
    "not_started": lambda: _("Not started"),
    # Begun but not the stage the group works on now (that one says "Working on it").
    "in_progress": lambda: _("Started"),
    "agreed": lambda: _("Agreed"),
}


def _stage_state(process_id: int, stage: str) -> StageState:
    if stage not in STAGE_BY_KEY:
        raise ValidationFailed(_("Unknown stage."))
    state = db.session.execute(
        db.select(StageState).where(StageState.process_id == process_id, StageState.stage == stage)
    ).scalar_one_or_none()
    if state is None:
        state = StageState(process_id=process_id, stage=stage)
        db.session.add(state)
    return state


def stage_break_findings(process_id: int, stage: str) -> list:
    """The readiness findings of a stage that are breaks in the chain (not warnings)."""
    return [
        f
        for f in readiness_findings(process_id)
        if f.stage == stage and f.severity not in ("warning", "info")
    ]


def _decision_errors(items: list[str], reference: str, text: str) -> dict[str, str]:
    """A stage agreed over open items (e.g. objections) needs the decision on record."""
    errors = {}
    if not reference:
        errors["decision_reference"] = ngettext(
            "%(num)d objection is still open. Give the reference of the decision that "
            "agrees the stage all the same (minutes, letter, decision number).",
            "%(num)d objections are still open. Give the reference of the decision that "
            "agrees the stage all the same (minutes, letter, decision number).",
            len(items),
        )
    elif len(reference) > 200:
        errors["decision_reference"] = _("Keep the reference under 200 characters.")
    if not text:
        errors["decision_text"] = _("Write what was decided about the open objections.")
    elif len(text) > 5000:
        errors["decision_text"] = _("Keep the decision under 5,000 characters.")
    return errors


def stage_breaks(process_id: int, stage: str) -> list[str]:
    return [f.message for f in stage_break_findings(process_id, stage)]


def agree_stage(
    process_id: int,
    stage: str,
    user: User,
    note: str = "",
    *,
    accept_breaks: bool = False,
    decision_reference: str = "",
    decision_text: str = "",
) -> StageState:
    """Record the group's agreement on a stage. With breaks still open, the caller must
    pass ``accept_breaks`` (the group confirmed); they are kept in what was agreed. With
    open items of an agreement gate (objections to the policy text), the decision that
    agrees the stage over them must be given: reference and text."""
    # The readiness rules run before anything is written: some open a draft's room, which
    # may seed it through its own connection (on SQLite a pending write here would lock it).
    readiness_findings(process_id)
    state = _stage_state(process_id, stage)
    if state.agreed:
        raise ValidationFailed(_("This stage is already agreed."))
    gate_items = registry().gate_items(process_id, stage)
    decision_reference = (decision_reference or "").strip()
    decision_text = (decision_text or "").strip()
    if gate_items:
        errors = _decision_errors(gate_items, decision_reference, decision_text)
        if errors:
            raise ValidationFailed(errors)
    breaks = stage_breaks(process_id, stage)
    if breaks and not accept_breaks:
        raise ValidationFailed(
            {
                "confirm_breaks": ngettext(
                    "%(num)d break in the chain is still open in this stage. Mend it, or "
                    "confirm that the group agrees all the same.",
                    "%(num)d breaks in the chain are still open in this stage. Mend them, or "
                    "confirm that the group agrees all the same.",
                    len(breaks),
                )
            }
        )
    builder = registry().snapshotters.get(stage)
    live_access.rights_changed_on_commit(db.session, process_id)  # its drafts become read-only
    state.agreed = True
    state.agreed_by_id = user.id
    state.agreed_at = utcnow()
    state.note = note
    state.snapshot = {
        "counts": stage_counts(process_id).get(stage, 0),
        "content": builder(process_id) if builder else None,
        "open_breaks": breaks,
    }
    if gate_items:
        state.snapshot["decision"] = {
            "reference": decision_reference,
            "text": decision_text,
            "open_items": gate_items,
        }
        for gate in registry().agreement_gates.get(stage, []):
            gate.on_decision(process_id, decision_reference, decision_text, user)
    db.session.flush()
    audit.record(
        db.session,
        process_id,
        "agree",
        "Stage",
        _("Stage agreed: %(stage)s", stage=STAGE_BY_KEY[stage].label),
        changes={
            k: v
            for k, v in (
                ("note", note),
                ("decision_reference", decision_reference),
                ("decision_text", decision_text),
            )
            if v
        }
        or None,
        params={"stage": stage, "open_breaks": len(breaks)},
    )
    return state


def reopen_stage(process_id: int, stage: str, user: User, note: str = "") -> StageState:
    state = _stage_state(process_id, stage)
    if not state.agreed:
        raise ValidationFailed(_("This stage is not agreed, so it cannot be reopened."))
    live_access.rights_changed_on_commit(db.session, process_id)
    state.agreed = False
    state.note = note
    db.session.flush()
    audit.record(
        db.session,
        process_id,
        "reopen",
        "Stage",
        _("Stage reopened: %(stage)s", stage=STAGE_BY_KEY[stage].label),
        changes={
            "note": note,
            "previous_agreement": state.agreed_at.isoformat() if state.agreed_at else None,
        },
        params={"stage": stage},
    )
    return state


def recent_activity(process_id: int, limit: int = 20, offset: int = 0) -> list[AuditEvent]:
    return list(
        db.session.execute(
            db.select(AuditEvent)
            .where(AuditEvent.process_id == process_id)
            .options(joinedload(AuditEvent.user))
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(limit)
            .offset(offset)
        ).scalars()
    )
