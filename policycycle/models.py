"""The chain every artefact hangs on: issue -> problem -> objective -> option ->
instrument -> action -> indicator. These tables are shared by the stage pages, the
exports, the workshops and the evidence base; stage-specific helper tables live
in the modules of their stage.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitation.extensions import db
from facilitation.labelled import Labelled
from facilitation.mixins import Audited, enum_type
from facilitation.models import Organisation

# --- Agenda setting ---------------------------------------------------------------


class AgendaStatus(Labelled):
    PROPOSED = "proposed"
    ON_AGENDA = "on_agenda"
    NOT_TAKEN = "not_taken"

    @classmethod
    def labels(cls):
        return {
            cls.PROPOSED: _l("Proposed"),
            cls.ON_AGENDA: _l("On the agenda"),
            cls.NOT_TAKEN: _l("Not taken up"),
        }


class PolicyIssue(Audited, db.Model):
    __tablename__ = "policy_issue"
    __audit_label__ = _l("Issue")

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    raised_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    status: Mapped[AgendaStatus] = mapped_column(
        enum_type(AgendaStatus), default=AgendaStatus.PROPOSED
    )
    decision_reason: Mapped[str] = mapped_column(Text, default="")

    raised_by: Mapped[Organisation | None] = relationship()
    drivers: Mapped[list[IssueDriver]] = relationship(
        back_populates="issue", cascade="all, delete-orphan", passive_deletes=True
    )


class DriverKind(Labelled):
    POLITICAL = "political"
    EXTERNAL = "external"
    INTERNAL = "internal"

    @classmethod
    def labels(cls):
        return {
            cls.POLITICAL: _l("Political"),
            cls.EXTERNAL: _l("External"),
            cls.INTERNAL: _l("Internal"),
        }


class IssueDriver(Audited, db.Model):
    """A factor or driver behind an issue."""

    __tablename__ = "issue_driver"
    __audit_label__ = _l("Driver")

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(
        ForeignKey("policy_issue.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[DriverKind] = mapped_column(enum_type(DriverKind))
    description: Mapped[str] = mapped_column(Text)

    issue: Mapped[PolicyIssue] = relationship(back_populates="drivers")


# --- Situation analysis -------------------------------------------------------------


class Quadrant(Labelled):
    STRENGTH = "S"
    WEAKNESS = "W"
    OPPORTUNITY = "O"
    THREAT = "T"

    @classmethod
    def labels(cls):
        return {
            cls.STRENGTH: _l("Strengths"),
            cls.WEAKNESS: _l("Weaknesses"),
            cls.OPPORTUNITY: _l("Opportunities"),
            cls.THREAT: _l("Threats"),
        }


class SwotItem(Audited, db.Model):
    __tablename__ = "swot_item"
    __audit_label__ = _l("SWOT item")

    id: Mapped[int] = mapped_column(primary_key=True)
    quadrant: Mapped[Quadrant] = mapped_column(enum_type(Quadrant))
    statement: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text, default="")
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    # A merged duplicate points at the item that absorbed it and is no longer shown.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("swot_item.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)

    organisation: Mapped[Organisation | None] = relationship()


class TowsKind(Labelled):
    SO = "SO"
    WO = "WO"
    ST = "ST"
    WT = "WT"

    @classmethod
    def labels(cls):
        return {
            cls.SO: _l("SO: use strengths to seize opportunities"),
            cls.WO: _l("WO: overcome weaknesses by seizing opportunities"),
            cls.ST: _l("ST: use strengths to counter threats"),
            cls.WT: _l("WT: reduce weaknesses and avoid threats"),
        }


tows_swot_link = db.Table(
    "tows_swot_link",
    db.Column("tows_id", ForeignKey("tows_strategy.id", ondelete="CASCADE"), primary_key=True),
    db.Column("swot_item_id", ForeignKey("swot_item.id", ondelete="CASCADE"), primary_key=True),
)


class TowsStrategy(Audited, db.Model):
    __tablename__ = "tows_strategy"
    __audit_label__ = _l("TOWS strategy")

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[TowsKind] = mapped_column(enum_type(TowsKind))
    text: Mapped[str] = mapped_column(Text)

    swot_items: Mapped[list[SwotItem]] = relationship(secondary=tows_swot_link)


class FrameworkKind(Labelled):
    LAW = "law"
    POLICY = "policy"
    INSTITUTION = "institution"
    AGREEMENT = "agreement"

    @classmethod
    def labels(cls):
        return {
            cls.LAW: _l("Law or regulation"),
            cls.POLICY: _l("Policy or strategy"),
            cls.INSTITUTION: _l("Institution"),
            cls.AGREEMENT: _l("Agreement"),
        }


class FrameworkItem(Audited, db.Model):
    """An existing law, policy, institution or agreement (the gap analysis inventory)."""

    __tablename__ = "framework_item"
    __audit_label__ = _l("Framework item")

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[FrameworkKind] = mapped_column(enum_type(FrameworkKind))
    title: Mapped[str] = mapped_column(String(300))
    reference: Mapped[str] = mapped_column(String(300), default="")
    area: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text, default="")


class GapRating(Labelled):
    ABSENT = "absent"
    PARTIAL = "partial"
    COMPLETE = "complete"

    @classmethod
    def labels(cls):
        return {cls.ABSENT: _l("Absent"), cls.PARTIAL: _l("Partial"), cls.COMPLETE: _l("Complete")}


class Gap(Audited, db.Model):
    __tablename__ = "framework_gap"
    __audit_label__ = _l("Gap")

    id: Mapped[int] = mapped_column(primary_key=True)
    area: Mapped[str] = mapped_column(String(120))
    statement: Mapped[str] = mapped_column(Text)
    rating: Mapped[GapRating] = mapped_column(enum_type(GapRating))
    framework_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("framework_item.id", ondelete="SET NULL")
    )

    framework_item: Mapped[FrameworkItem | None] = relationship()


# --- Problem formulation ------------------------------------------------------------


class NodeKind(Labelled):
    FOCAL = "focal"
    CAUSE = "cause"
    EFFECT = "effect"

    @classmethod
    def labels(cls):
        return {cls.FOCAL: _l("Focal problem"), cls.CAUSE: _l("Cause"), cls.EFFECT: _l("Effect")}


class ProblemNode(Audited, db.Model):
    """A node of the problem tree. A cause's parent is the problem it causes (towards
    the focal problem); an effect's parent is the problem it results from."""

    __tablename__ = "problem_node"
    __audit_label__ = _l("Problem tree node")

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[NodeKind] = mapped_column(enum_type(NodeKind))
    text: Mapped[str] = mapped_column(Text)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("problem_node.id", ondelete="SET NULL"), index=True
    )
    evidence: Mapped[str] = mapped_column(Text, default="")
    gap_id: Mapped[int | None] = mapped_column(ForeignKey("framework_gap.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(default=0)

    parent: Mapped[ProblemNode | None] = relationship(remote_side="ProblemNode.id")
    gap: Mapped[Gap | None] = relationship()


class ProblemStatement(Audited, db.Model):
    """One per process: the problem statement, the rationale and the vision."""

    __tablename__ = "problem_statement"
    __audit_label__ = _l("Problem statement")
    __table_args__ = (UniqueConstraint("process_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nature: Mapped[str] = mapped_column(Text, default="")
    scale: Mapped[str] = mapped_column(Text, default="")
    affected: Mapped[str] = mapped_column(Text, default="")
    drivers: Mapped[str] = mapped_column(Text, default="")
    baseline: Mapped[str] = mapped_column(Text, default="")
    assumptions: Mapped[str] = mapped_column(Text, default="")
    why_government: Mapped[str] = mapped_column(Text, default="")
    rationale: Mapped[str] = mapped_column(Text, default="")
    vision: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")

    def audit_title(self) -> str:
        return str(_l("Problem statement"))

    def audit_params(self) -> dict:
        return {}  # the label "Problem statement" says it all, in the reader's language


# --- Objectives -----------------------------------------------------------------------


class ObjectiveLevel(Labelled):
    GENERAL = "general"
    SPECIFIC = "specific"
    OPERATIONAL = "operational"

    @classmethod
    def labels(cls):
        return {
            cls.GENERAL: _l("General objective"),
            cls.SPECIFIC: _l("Specific objective"),
            cls.OPERATIONAL: _l("Operational objective"),
        }


class Objective(Audited, db.Model):
    __tablename__ = "objective"
    __audit_label__ = _l("Objective")

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[ObjectiveLevel] = mapped_column(enum_type(ObjectiveLevel))
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("objective.id", ondelete="SET NULL"), index=True
    )
    # The problem this objective restates as a desired situation.
    problem_node_id: Mapped[int | None] = mapped_column(
        ForeignKey("problem_node.id", ondelete="SET NULL")
    )
    position: Mapped[int] = mapped_column(default=0)
    # A code the group chose (e.g. "OE1"); empty means the computed one (SO1, Op1.1).
    code: Mapped[str] = mapped_column(String(30), default="", server_default="")
    # SMART self-assessment (measurable and time-bound are derived from the indicator).
    specific_ok: Mapped[bool] = mapped_column(default=False)
    achievable_ok: Mapped[bool] = mapped_column(default=False)
    realistic_ok: Mapped[bool] = mapped_column(default=False)
    smart_note: Mapped[str] = mapped_column(Text, default="")
    alignment: Mapped[str] = mapped_column(Text, default="")

    parent: Mapped[Objective | None] = relationship(remote_side="Objective.id")
    problem_node: Mapped[ProblemNode | None] = relationship()
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="objective", passive_deletes=True
    )


class Indicator(Audited, db.Model):
    """A measure of an objective or of an action, with baseline and target."""

    __tablename__ = "indicator"
    __audit_label__ = _l("Indicator")

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(60), default="")
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_year: Mapped[int | None]
    target_value: Mapped[float | None] = mapped_column(Float)
    target_year: Mapped[int | None]
    target_date: Mapped[date | None]
    means_of_verification: Mapped[str] = mapped_column(Text, default="")
    objective_id: Mapped[int | None] = mapped_column(
        ForeignKey("objective.id", ondelete="CASCADE"), index=True
    )
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("action.id", ondelete="CASCADE"), index=True
    )

    objective: Mapped[Objective | None] = relationship(back_populates="indicators")
    action: Mapped[Action | None] = relationship(back_populates="indicators")


# --- Policy options and multi-criteria analysis ----------------------------------------


class OptionStatus(Labelled):
    CONSIDERED = "considered"
    PREFERRED = "preferred"
    DISCARDED = "discarded"

    @classmethod
    def labels(cls):
        return {
            cls.CONSIDERED: _l("Under consideration"),
            cls.PREFERRED: _l("Preferred"),
            cls.DISCARDED: _l("Discarded"),
        }


FEASIBILITY_DIMENSIONS = ("legal", "technical", "institutional", "financial", "political")


class PolicyOption(Audited, db.Model):
    __tablename__ = "policy_option"
    __audit_label__ = _l("Policy option")

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("objective.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    is_baseline: Mapped[bool] = mapped_column(default=False)
    status: Mapped[OptionStatus] = mapped_column(
        enum_type(OptionStatus), default=OptionStatus.CONSIDERED
    )
    discard_reason: Mapped[str] = mapped_column(Text, default="")
    preferred_rationale: Mapped[str] = mapped_column(Text, default="")
    cost_one_off: Mapped[float | None] = mapped_column(Float)
    cost_recurrent: Mapped[float | None] = mapped_column(Float)
    cost_bearers: Mapped[str] = mapped_column(Text, default="")
    benefits: Mapped[str] = mapped_column(Text, default="")
    beneficiaries: Mapped[str] = mapped_column(Text, default="")
    # Feasibility per dimension: 1 (not feasible) to 5 (fully feasible), with a note.
    feasibility_legal: Mapped[int | None]
    feasibility_technical: Mapped[int | None]
    feasibility_institutional: Mapped[int | None]
    feasibility_financial: Mapped[int | None]
    feasibility_political: Mapped[int | None]
    feasibility_note: Mapped[str] = mapped_column(Text, default="")
    assumptions: Mapped[str] = mapped_column(Text, default="")
    risks: Mapped[str] = mapped_column(Text, default="")
    tows_strategy_id: Mapped[int | None] = mapped_column(
        ForeignKey("tows_strategy.id", ondelete="SET NULL")
    )

    objective: Mapped[Objective] = relationship()
    tows_strategy: Mapped[TowsStrategy | None] = relationship()


class Criterion(Audited, db.Model):
    """An MCA criterion of the process, with its weight and who set it."""

    __tablename__ = "mca_criterion"
    __audit_label__ = _l("Criterion")

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    weight_set_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    weight_note: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)


SCORE_MIN, SCORE_MAX = -3, 3  # relative to the baseline option, which scores 0


class OptionScore(Audited, db.Model):
    """One scorer's score of one option on one criterion, relative to the baseline.

    ``scorer_key`` identifies the scorer: ``user:<id>`` for a member, or
    ``participant:<id>`` for a workshop participant without an account.
    """

    __tablename__ = "option_score"
    __audit_label__ = _l("Option score")
    __table_args__ = (UniqueConstraint("option_id", "criterion_id", "scorer_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    option_id: Mapped[int] = mapped_column(
        ForeignKey("policy_option.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("mca_criterion.id", ondelete="CASCADE"), index=True
    )
    scorer_key: Mapped[str] = mapped_column(String(40))
    scorer_name: Mapped[str] = mapped_column(String(120), default="")
    score: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")

    def audit_title(self) -> str:
        return f"{self.scorer_name or self.scorer_key}: {self.score:+d}"


# --- Policy instruments ----------------------------------------------------------------


class InstrumentKind(Labelled):
    REGULATORY = "regulatory"
    FINANCIAL = "financial"
    INFORMATIONAL = "informational"
    ORGANISATIONAL = "organisational"

    @classmethod
    def labels(cls):
        return {
            cls.REGULATORY: _l("Regulatory"),
            cls.FINANCIAL: _l("Financial"),
            cls.INFORMATIONAL: _l("Informational"),
            cls.ORGANISATIONAL: _l("Organisational"),
        }


class Instrument(Audited, db.Model):
    __tablename__ = "instrument"
    __audit_label__ = _l("Instrument")

    id: Mapped[int] = mapped_column(primary_key=True)
    # The preferred option it implements, when the objective's options were analysed;
    # otherwise it serves its objective directly (the readiness check says so).
    option_id: Mapped[int | None] = mapped_column(
        ForeignKey("policy_option.id", ondelete="CASCADE"), index=True
    )
    objective_id: Mapped[int | None] = mapped_column(
        ForeignKey("objective.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[InstrumentKind] = mapped_column(enum_type(InstrumentKind))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    lead_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    cost: Mapped[float | None] = mapped_column(Float)
    time_to_effect: Mapped[str] = mapped_column(String(120), default="")
    selected: Mapped[bool] = mapped_column(default=True)
    # The policy area the instrument acts on; checked against the lead's mandate.
    policy_area: Mapped[str] = mapped_column(String(200), default="")

    option: Mapped[PolicyOption | None] = relationship()
    objective: Mapped[Objective | None] = relationship()
    lead_organisation: Mapped[Organisation | None] = relationship()


INSTRUMENT_CRITERIA = (
    ("effectiveness", _l("Effectiveness")),
    ("efficiency", _l("Efficiency")),
    ("coherence", _l("Coherence")),
    ("feasibility", _l("Feasibility")),
    ("compliance", _l("Compliance with international obligations")),
    ("capacity", _l("Institutional capacity")),
    ("equity", _l("Equity")),
    ("acceptability", _l("Acceptability")),
)


class InstrumentScore(Audited, db.Model):
    """The selection matrix: one instrument on one criterion, 1 (poor) to 5 (strong)."""

    __tablename__ = "instrument_score"
    __audit_label__ = _l("Instrument score")
    __table_args__ = (UniqueConstraint("instrument_id", "criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(
        ForeignKey("instrument.id", ondelete="CASCADE"), index=True
    )
    criterion: Mapped[str] = mapped_column(String(20))
    score: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")

    def audit_title(self) -> str:
        return f"{self.criterion}: {self.score}"


# --- Action plan ---------------------------------------------------------------------------


class ActionStatus(Labelled):
    PLANNED = "planned"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    DELAYED = "delayed"
    CANCELLED = "cancelled"

    @classmethod
    def labels(cls):
        return {
            cls.PLANNED: _l("Planned"),
            cls.ONGOING: _l("Ongoing"),
            cls.COMPLETED: _l("Completed"),
            cls.DELAYED: _l("Delayed"),
            cls.CANCELLED: _l("Cancelled"),
        }


action_dependency = db.Table(
    "action_dependency",
    db.Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
    db.Column("depends_on_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
)


class Action(Audited, db.Model):
    """An activity of the action plan, under an operational objective."""

    __tablename__ = "action"
    __audit_label__ = _l("Action")

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("objective.id", ondelete="CASCADE"), index=True
    )
    instrument_id: Mapped[int | None] = mapped_column(
        ForeignKey("instrument.id", ondelete="SET NULL"), index=True
    )
    code: Mapped[str] = mapped_column(String(30), default="")
    title: Mapped[str] = mapped_column(Text)
    output: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    # Plans are often written by month: "month" means only the month of the date counts
    # (a start on its first day, an end on its last).
    start_precision: Mapped[str] = mapped_column(String(5), default="day", server_default="day")
    end_precision: Mapped[str] = mapped_column(String(5), default="day", server_default="day")
    milestones: Mapped[str] = mapped_column(Text, default="")
    cost: Mapped[float | None] = mapped_column(Float)
    funding_source: Mapped[str] = mapped_column(String(300), default="")
    assumptions: Mapped[str] = mapped_column(Text, default="")
    risks: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ActionStatus] = mapped_column(
        enum_type(ActionStatus), default=ActionStatus.PLANNED
    )
    position: Mapped[int] = mapped_column(default=0)

    objective: Mapped[Objective] = relationship()
    instrument: Mapped[Instrument | None] = relationship()
    raci: Mapped[list[ActionRaci]] = relationship(
        back_populates="action", cascade="all, delete-orphan", passive_deletes=True
    )
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="action", passive_deletes=True
    )
    depends_on: Mapped[list[Action]] = relationship(
        secondary=action_dependency,
        primaryjoin=lambda: Action.id == action_dependency.c.action_id,
        secondaryjoin=lambda: Action.id == action_dependency.c.depends_on_id,
    )
    cost_lines: Mapped[list[ActionCost]] = relationship(
        back_populates="action",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by=lambda: [ActionCost.year, ActionCost.kind],
    )


class RaciLetter(Labelled):
    RESPONSIBLE = "R"
    ACCOUNTABLE = "A"
    CONSULTED = "C"
    INFORMED = "I"

    @classmethod
    def labels(cls):
        return {
            cls.RESPONSIBLE: _l("Responsible"),
            cls.ACCOUNTABLE: _l("Accountable"),
            cls.CONSULTED: _l("Consulted"),
            cls.INFORMED: _l("Informed"),
        }


class ActionRaci(Audited, db.Model):
    """One RACI letter for one institution on one action."""

    __tablename__ = "action_raci"
    __audit_label__ = _l("Responsibility")
    __table_args__ = (UniqueConstraint("action_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    letter: Mapped[RaciLetter] = mapped_column(enum_type(RaciLetter))

    action: Mapped[Action] = relationship(back_populates="raci")
    organisation: Mapped[Organisation] = relationship()

    def audit_title(self) -> str:
        return f"{self.letter}"


class CostKind(Labelled):
    ONE_OFF = "one_off"
    RECURRENT = "recurrent"

    @classmethod
    def labels(cls):
        return {cls.ONE_OFF: _l("One-off"), cls.RECURRENT: _l("Recurrent")}


class ActionCost(Audited, db.Model):
    """What an activity costs in one year (one-off or recurrent) and how much of it
    is secured; the rest is the funding gap. Amounts are in the process currency."""

    __tablename__ = "action_cost"
    __audit_label__ = _l("Cost line")
    __table_args__ = (UniqueConstraint("action_id", "year", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    kind: Mapped[CostKind] = mapped_column(enum_type(CostKind), default=CostKind.ONE_OFF)
    amount: Mapped[float] = mapped_column(Float, default=0.0)
    secured: Mapped[float] = mapped_column(Float, default=0.0)

    action: Mapped[Action] = relationship(back_populates="cost_lines")

    @property
    def gap(self) -> float:
        return max(self.amount - self.secured, 0.0)

    def audit_title(self) -> str:
        return f"{self.year} {self.kind}: {self.amount:,.0f}"

    def audit_params(self) -> dict:
        return {"year": str(self.year), "kind": self.kind, "amount": self.amount}


class MonitoringUpdate(Audited, db.Model):
    __tablename__ = "monitoring_update"
    __audit_label__ = _l("Monitoring update")

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    reported_on: Mapped[date]
    current_value: Mapped[float | None] = mapped_column(Float)
    status: Mapped[ActionStatus] = mapped_column(enum_type(ActionStatus))
    comment: Mapped[str] = mapped_column(Text, default="")
    reported_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    action: Mapped[Action] = relationship()

    def audit_title(self) -> str:
        return f"{self.reported_on.isoformat()}: {self.comment[:60]}"

    def audit_params(self) -> dict:
        return {"title": self.comment[:60], "reported_on": self.reported_on}
