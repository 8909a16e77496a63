"""Accounts, processes, memberships, organisations, stage states and the audit trail."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db
from .labelled import Labelled
from .mixins import Audited, ProcessScoped, Timestamped, enum_type, utcnow
from .offloop import off_loop


class Role(Labelled):
    FACILITATOR = "facilitator"
    COORDINATOR = "coordinator"
    MEMBER = "member"
    OBSERVER = "observer"

    @classmethod
    def labels(cls):
        return ROLE_LABELS


ROLE_LABELS = {
    Role.FACILITATOR: _l("Facilitator (visiting expert)"),
    Role.COORDINATOR: _l("Coordinator (lead institution)"),
    Role.MEMBER: _l("Member (core group)"),
    Role.OBSERVER: _l("Observer (read only)"),
}


class User(UserMixin, Timestamped, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(8))

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def set_password(self, password: str) -> None:
        from flask import current_app

        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        # Off the event loop, like every hash (see services.authenticate).
        self.password_hash = off_loop(generate_password_hash, password, method)

    def check_password(self, password: str) -> bool:
        return off_loop(check_password_hash, self.password_hash, password)

    #: The "<user id>:<session token>" this object was signed in or loaded with
    #: (see facilitation/sessions.py); Flask-Login keeps it in the session and the
    #: remember-me cookie, so each sign-in has its own, revocable identity.
    session_key = None
    session_id = None

    def get_id(self) -> str:
        if not self.session_key:
            raise RuntimeError("Sign in through facilitation.sessions.sign_in")
        return self.session_key


class UserSession(db.Model):
    """One sign-in of one account; only the hash of its token is stored.

    A session ends at sign-out, when its account's password changes (the others), when
    an administrator ends them, or when the account is deactivated."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    user_agent: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship()


class Process(Timestamped, db.Model):
    """One policy process: a core group drafting one policy through the cycle."""

    __tablename__ = "process"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(100))
    policy_domain: Mapped[str] = mapped_column(String(120), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    # ISO 4217 code of every amount in the process; "" until chosen (then derived from
    # the country, see policycycle.planning.money.currency_of).
    currency: Mapped[str] = mapped_column(String(3), default="")
    lead_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", use_alter=True, ondelete="SET NULL")
    )
    mandate: Mapped[str] = mapped_column(Text, default="")
    mission: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="process", cascade="all, delete-orphan", passive_deletes=True
    )
    lead_organisation: Mapped[Organisation | None] = relationship(
        foreign_keys=[lead_organisation_id], post_update=True
    )
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="process",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Milestone.due_date",
    )


class Milestone(Audited, db.Model):
    __tablename__ = "milestone"
    __audit_label__ = _l("Milestone")

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[date | None]
    done: Mapped[bool] = mapped_column(default=False)

    process: Mapped[Process] = relationship(back_populates="milestones")


class Membership(ProcessScoped, Timestamped, db.Model):
    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "process_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(enum_type(Role))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )

    user: Mapped[User] = relationship(back_populates="memberships")
    process: Mapped[Process] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def can_write(self) -> bool:
        return self.role != Role.OBSERVER

    @property
    def can_manage(self) -> bool:
        return self.role in (Role.FACILITATOR, Role.COORDINATOR)


class Invitation(ProcessScoped, Timestamped, db.Model):
    """A one-time link shown to the inviter; only its hash is stored."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[Role] = mapped_column(enum_type(Role))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    revoked: Mapped[bool] = mapped_column(default=False)

    process: Mapped[Process] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    @property
    def is_open(self) -> bool:
        return not self.revoked and self.accepted_at is None and self.expires_at > utcnow()


class OrganisationCategory(Labelled):
    MINISTRY = "ministry"
    AGENCY = "agency"
    DEPARTMENT = "department"
    PARLIAMENT = "parliament"
    JUDICIARY = "judiciary"
    LOCAL_GOVERNMENT = "local_government"
    STATISTICS_OFFICE = "statistics_office"
    CIVIL_SOCIETY = "civil_society"
    MIGRANT_ASSOCIATION = "migrant_association"
    EMPLOYERS = "employers"
    TRADE_UNION = "trade_union"
    ACADEMIA = "academia"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    DEVELOPMENT_PARTNER = "development_partner"
    MEDIA = "media"

    @classmethod
    def labels(cls):
        return CATEGORY_LABELS


CATEGORY_LABELS = {
    OrganisationCategory.MINISTRY: _l("Ministry"),
    OrganisationCategory.AGENCY: _l("Agency"),
    OrganisationCategory.DEPARTMENT: _l("Department or unit"),
    OrganisationCategory.PARLIAMENT: _l("Parliament"),
    OrganisationCategory.JUDICIARY: _l("Judiciary"),
    OrganisationCategory.LOCAL_GOVERNMENT: _l("Local government"),
    OrganisationCategory.STATISTICS_OFFICE: _l("Statistics office"),
    OrganisationCategory.CIVIL_SOCIETY: _l("Civil society"),
    OrganisationCategory.MIGRANT_ASSOCIATION: _l("Migrant or diaspora association"),
    OrganisationCategory.EMPLOYERS: _l("Employers"),
    OrganisationCategory.TRADE_UNION: _l("Trade union"),
    OrganisationCategory.ACADEMIA: _l("Academia"),
    OrganisationCategory.INTERNATIONAL_ORGANISATION: _l("International organisation"),
    OrganisationCategory.DEVELOPMENT_PARTNER: _l("Development partner"),
    OrganisationCategory.MEDIA: _l("Media"),
}


class OrganisationLevel(Labelled):
    LOCAL = "local"
    NATIONAL = "national"
    REGIONAL = "regional"
    INTERNATIONAL = "international"

    @classmethod
    def labels(cls):
        return LEVEL_LABELS


LEVEL_LABELS = {
    OrganisationLevel.LOCAL: _l("Local"),
    OrganisationLevel.NATIONAL: _l("National"),
    OrganisationLevel.REGIONAL: _l("Regional"),
    OrganisationLevel.INTERNATIONAL: _l("International"),
}


class Organisation(Audited, db.Model):
    """The one table of a process's institutions and stakeholders (a tree)."""

    __tablename__ = "organisation"
    __audit_label__ = _l("Organisation")
    __table_args__ = (UniqueConstraint("process_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    acronym: Mapped[str] = mapped_column(String(30), default="")
    category: Mapped[OrganisationCategory] = mapped_column(
        enum_type(OrganisationCategory), default=OrganisationCategory.MINISTRY
    )
    level: Mapped[OrganisationLevel] = mapped_column(
        enum_type(OrganisationLevel), default=OrganisationLevel.NATIONAL
    )
    mandate: Mapped[str] = mapped_column(Text, default="")
    # Comma-separated policy-area tags, e.g. "labour migration, diaspora".
    policy_tags: Mapped[str] = mapped_column(String(500), default="")
    in_core_group: Mapped[bool] = mapped_column(default=False)

    parent: Mapped[Organisation | None] = relationship(
        remote_side="Organisation.id", back_populates="children"
    )
    children: Mapped[list[Organisation]] = relationship(back_populates="parent")

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def tags(self) -> list[str]:
        return [t.strip() for t in self.policy_tags.split(",") if t.strip()]


class StageState(ProcessScoped, Timestamped, db.Model):
    """Agreement of one stage; a stage with no row and no artefacts is 'not started'."""

    __tablename__ = "stage_state"
    __table_args__ = (UniqueConstraint("process_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stage: Mapped[str] = mapped_column(String(30))
    agreed: Mapped[bool] = mapped_column(default=False)
    agreed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    agreed_at: Mapped[datetime | None]
    # What was agreed: a JSON summary of the stage's artefacts at agreement time.
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")

    agreed_by: Mapped[User | None] = relationship()


class AuditEvent(db.Model):
    """One create, update or delete of a process artefact, or a recorded decision."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("process.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(20))
    object_type: Mapped[str] = mapped_column(String(60))
    object_id: Mapped[int | None]
    # Written in the author's language when recorded; kept for rows without ``params``.
    summary: Mapped[str] = mapped_column(String(500))
    changes: Mapped[dict | None] = mapped_column(JSON)
    # The event as data (titles, codes, counts), written in the reader's language when
    # shown: see facilitation/readable.py.
    params: Mapped[dict | None] = mapped_column(JSON)

    user: Mapped[User | None] = relationship()
