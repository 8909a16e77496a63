"""Live workshop sessions: agenda, participants without accounts, their input, and the
links from accepted input to the artefacts of the cycle it became."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitation.extensions import db
from facilitation.labelled import Labelled
from facilitation.mixins import Audited
from facilitation.models import Organisation, User


class WorkshopStatus(Labelled):
    PLANNED = "planned"
    LIVE = "live"
    CLOSED = "closed"

    @classmethod
    def labels(cls):
        return {cls.PLANNED: _l("Planned"), cls.LIVE: _l("Running"), cls.CLOSED: _l("Closed")}


class ActivityKind(Labelled):
    DISCUSSION = "discussion"
    BRAINSTORM = "brainstorm"
    DOT_VOTE = "dot_vote"
    RANKING = "ranking"
    SCORING = "scoring"
    AGREEMENT = "agreement"
    EVALUATION = "evaluation"

    @classmethod
    def labels(cls):
        return {
            cls.DISCUSSION: _l("Presentation or discussion"),
            cls.BRAINSTORM: _l("Brainstorm"),
            cls.DOT_VOTE: _l("Dot voting"),
            cls.RANKING: _l("Ranking"),
            cls.SCORING: _l("Scoring options against the criteria"),
            cls.AGREEMENT: _l("Gradient of agreement"),
            cls.EVALUATION: _l("Session evaluation"),
        }

    @property
    def collects_input(self) -> bool:
        return self is not ActivityKind.DISCUSSION

    @property
    def has_hidden_results(self) -> bool:
        return self in (
            ActivityKind.DOT_VOTE,
            ActivityKind.RANKING,
            ActivityKind.SCORING,
            ActivityKind.AGREEMENT,
        )


class CycleTarget(Labelled):
    """The part of the policy cycle an activity feeds."""

    NONE = "none"
    ISSUES = "issues"
    SWOT = "swot"
    CAUSES = "causes"
    OBJECTIVES = "objectives"
    OPTION_SCORING = "option_scoring"
    INSTRUMENTS = "instruments"
    ACTION_PLAN = "action_plan"
    DRAFT_REVIEW = "draft_review"

    @classmethod
    def labels(cls):
        return {
            cls.NONE: _l("Not linked to a stage"),
            cls.ISSUES: _l("Issue brainstorm (agenda setting)"),
            cls.SWOT: _l("SWOT analysis"),
            cls.CAUSES: _l("Problem tree: causes"),
            cls.OBJECTIVES: _l("Objectives"),
            cls.OPTION_SCORING: _l("Policy options and their scoring"),
            cls.INSTRUMENTS: _l("Instrument selection"),
            cls.ACTION_PLAN: _l("Action plan review"),
            cls.DRAFT_REVIEW: _l("Draft review"),
        }


class ItemState(Labelled):
    PENDING = "pending"
    OPEN = "open"
    CLOSED = "closed"

    @classmethod
    def labels(cls):
        return {
            cls.PENDING: _l("Not started"),
            cls.OPEN: lazy_pgettext("status", "Open"),
            cls.CLOSED: _l("Closed"),
        }


class Sex(Labelled):
    FEMALE = "female"
    MALE = "male"
    NOT_STATED = "not_stated"

    @classmethod
    def labels(cls):
        return {
            cls.FEMALE: _l("Female"),
            cls.MALE: _l("Male"),
            cls.NOT_STATED: _l("Prefer not to say"),
        }


class Workshop(Audited, db.Model):
    """One workshop session of a process, run live from the facilitator's console."""

    __tablename__ = "workshop"
    __audit_label__ = _l("Workshop")

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    session_date: Mapped[date]
    venue: Mapped[str] = mapped_column(String(200), default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    code: Mapped[str] = mapped_column(String(12), unique=True)
    status: Mapped[WorkshopStatus] = mapped_column(String(10), default=WorkshopStatus.PLANNED)
    join_locked: Mapped[bool] = mapped_column(default=False)
    # The address phones open, as chosen on the console among this machine's addresses
    # (see join_address.py); empty: the default for the network the laptop is on.
    join_base: Mapped[str] = mapped_column(String(200), default="", server_default="")
    show_join_bar: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    current_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_agenda_item.id", use_alter=True, ondelete="SET NULL")
    )
    timer_ends_at: Mapped[datetime | None]
    timer_label: Mapped[str] = mapped_column(String(120), default="")
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # The consultation recorded in the stakeholders registry for this session, if any.
    consultation_id: Mapped[int | None]

    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="workshop",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="AgendaItem.position",
        foreign_keys="AgendaItem.workshop_id",
    )
    participants: Mapped[list[Participant]] = relationship(
        back_populates="workshop",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Participant.id",
    )
    current_item: Mapped[AgendaItem | None] = relationship(
        foreign_keys=[current_item_id], post_update=True
    )
    created_by: Mapped[User | None] = relationship()

    @property
    def status_label(self) -> str:
        return WorkshopStatus(self.status).label

    @property
    def total_minutes(self) -> int:
        return sum(item.duration_minutes for item in self.items)


class AgendaItem(Audited, db.Model):
    """A point of the agenda and, unless it is a discussion, the activity run in it."""

    __tablename__ = "workshop_agenda_item"
    __audit_label__ = _l("Agenda item")

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    duration_minutes: Mapped[int] = mapped_column(default=15)
    kind: Mapped[ActivityKind] = mapped_column(String(12), default=ActivityKind.DISCUSSION)
    feeds: Mapped[CycleTarget] = mapped_column(String(16), default=CycleTarget.NONE)
    state: Mapped[ItemState] = mapped_column(String(8), default=ItemState.PENDING)
    results_revealed: Mapped[bool] = mapped_column(default=False)
    anonymous: Mapped[bool] = mapped_column(default=False)
    dots: Mapped[int] = mapped_column(default=3)
    max_per_choice: Mapped[int] = mapped_column(default=3)
    # Dot voting and ranking choose among the visible ideas of an earlier brainstorm,
    # or (without a source) among the cycle's own objects for what the item feeds.
    source_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_agenda_item.id", ondelete="SET NULL")
    )
    objective_id: Mapped[int | None] = mapped_column(
        ForeignKey("objective.id", ondelete="SET NULL")
    )
    statement: Mapped[str] = mapped_column(Text, default="")
    # Frozen when the activity opens: [{"key": "contribution:12", "label": "..."}].
    choices: Mapped[list | None] = mapped_column(JSON)
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    workshop: Mapped[Workshop] = relationship(back_populates="items", foreign_keys=[workshop_id])
    source_item: Mapped[AgendaItem | None] = relationship(remote_side="AgendaItem.id")

    @property
    def kind_label(self) -> str:
        return ActivityKind(self.kind).label

    @property
    def feeds_label(self) -> str:
        return CycleTarget(self.feeds).label

    @property
    def state_label(self) -> str:
        return ItemState(self.state).label

    @property
    def choice_keys(self) -> list[str]:
        return [c["key"] for c in self.choices or []]


class Participant(Audited, db.Model):
    """Someone in the room, without an account. Identified by a random token kept in a
    signed cookie (and the browser's storage), of which only a hash is stored."""

    __tablename__ = "workshop_participant"
    __audit_label__ = _l("Workshop participant")

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    institution: Mapped[str] = mapped_column(String(200), default="")
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    sex: Mapped[Sex] = mapped_column(String(12), default=Sex.NOT_STATED)
    last_seen_at: Mapped[datetime | None]
    # A keyed hash of the network address the person joined from (never the address):
    # enough to see many joins from one device, nothing more.
    join_source: Mapped[str] = mapped_column(String(16), default="")
    joined_at: Mapped[datetime | None]

    workshop: Mapped[Workshop] = relationship(back_populates="participants")
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def sex_label(self) -> str:
        return Sex(self.sex).label

    @property
    def scorer_key(self) -> str:
        return f"participant:{self.id}"

    @property
    def label(self) -> str:
        return f"{self.name} ({self.institution})" if self.institution else self.name


class Contribution(Audited, db.Model):
    """One idea of a brainstorm, placed in a column of the board."""

    __tablename__ = "workshop_contribution"
    __audit_label__ = _l("Workshop idea")

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_agenda_item.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_participant.id", ondelete="SET NULL"), index=True
    )
    board_column: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    anonymous: Mapped[bool] = mapped_column(default=False)
    hidden: Mapped[bool] = mapped_column(default=False)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_contribution.id", ondelete="SET NULL")
    )
    cluster: Mapped[str] = mapped_column(String(60), default="")
    edited: Mapped[bool] = mapped_column(default=False)

    item: Mapped[AgendaItem] = relationship()
    participant: Mapped[Participant | None] = relationship()

    @property
    def visible(self) -> bool:
        return not self.hidden and self.merged_into_id is None


class Vote(Audited, db.Model):
    """Dots one participant put on one choice of a dot vote."""

    __tablename__ = "workshop_vote"
    __audit_label__ = _l("Dot vote")
    __table_args__ = (UniqueConstraint("item_id", "participant_id", "choice_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_agenda_item.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_participant.id", ondelete="CASCADE"), index=True
    )
    choice_key: Mapped[str] = mapped_column(String(40))
    dots: Mapped[int] = mapped_column(default=1)

    def audit_title(self) -> str:
        return f"{self.choice_key}: {self.dots}"

    def audit_params(self) -> dict:
        return {"dots": self.dots, "choice": self.choice_key, "item_id": self.item_id}


class Ranking(Audited, db.Model):
    """One participant's order of the choices, best first."""

    __tablename__ = "workshop_ranking"
    __audit_label__ = _l("Ranking")
    __table_args__ = (UniqueConstraint("item_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_agenda_item.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_participant.id", ondelete="CASCADE"), index=True
    )
    ordering: Mapped[list] = mapped_column(JSON)

    def audit_title(self) -> str:
        return ", ".join(self.ordering or [])[:120]


class Rating(Audited, db.Model):
    """One participant's place on the gradient of agreement (1 support ... 8 block)."""

    __tablename__ = "workshop_agreement"
    __audit_label__ = _l("Agreement rating")
    __table_args__ = (UniqueConstraint("item_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_agenda_item.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_participant.id", ondelete="CASCADE"), index=True
    )
    level: Mapped[int]

    def audit_title(self) -> str:
        return str(self.level)


class Evaluation(Audited, db.Model):
    """A participant's end-of-session evaluation, each dimension 1 (poor) to 5 (excellent)."""

    __tablename__ = "workshop_evaluation"
    __audit_label__ = _l("Session evaluation")
    __table_args__ = (UniqueConstraint("workshop_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_participant.id", ondelete="CASCADE")
    )
    relevance: Mapped[int]
    usefulness: Mapped[int]
    expertise: Mapped[int]
    organisation: Mapped[int]
    comments: Mapped[str] = mapped_column(Text, default="")

    def audit_title(self) -> str:
        return f"{self.relevance}/{self.usefulness}/{self.expertise}/{self.organisation}"


class ProvenanceLink(Audited, db.Model):
    """An idea accepted into the process: which artefact it became, from which session."""

    __tablename__ = "workshop_provenance"
    __audit_label__ = _l("Accepted workshop idea")
    __table_args__ = (
        Index("ix_workshop_provenance_object", "process_id", "object_type", "object_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_contribution.id", ondelete="CASCADE"), index=True
    )
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int]
    accepted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    workshop: Mapped[Workshop] = relationship()
    contribution: Mapped[Contribution] = relationship()

    def audit_title(self) -> str:
        return f"{self.object_type} #{self.object_id}"

    def audit_params(self) -> dict:
        return {"object_type": self.object_type, "object_id": self.object_id}
