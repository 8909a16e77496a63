"""Reads a process's cycle artefacts into plain rows for the builders.

Every query is scoped by ``process_id``. The builders (``policy_doc``, ``action_plan``,
``workbooks``) take these rows and never touch the database, so the benchmark can time
each half. Labels of enums are resolved here, so call inside ``force_locale``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import selectinload

from facilitation import money as currency_tools
from facilitation.extensions import db
from facilitation.models import Organisation, Process, StageState
from facilitation.sorting import sorted_by_name
from policycycle.models import (
    Action,
    ActionRaci,
    Criterion,
    FrameworkItem,
    Gap,
    Indicator,
    Instrument,
    Objective,
    ObjectiveLevel,
    OptionScore,
    OptionStatus,
    PolicyOption,
    ProblemNode,
    ProblemStatement,
    Quadrant,
    RaciLetter,
    SwotItem,
    TowsStrategy,
)
from policycycle.planning import mca
from policycycle.planning.chain import codes as chain_codes
from policycycle.planning.costing import Funding, funding_of
from policycycle.planning.rules import code_sort_key

from . import doc_locale


@dataclass
class IndicatorRow:
    id: int
    name: str
    unit: str
    baseline: str
    target: str
    verification: str
    baseline_value: float | None = None
    target_value: float | None = None
    baseline_year: int | None = None
    target_year: int | None = None


def _year_value(value: float | None, year: int | None, day: date | None = None) -> str:
    if value is None and year is None and day is None:
        return ""
    number = doc_locale.number(value)
    when = doc_locale.day(day) if day else (str(year) if year else "")
    return f"{number} ({when})" if number and when else number or when


def indicator_row(indicator: Indicator) -> IndicatorRow:
    return IndicatorRow(
        id=indicator.id,
        name=indicator.name,
        unit=indicator.unit or "",
        baseline=_year_value(indicator.baseline_value, indicator.baseline_year),
        target=_year_value(indicator.target_value, indicator.target_year, indicator.target_date),
        verification=indicator.means_of_verification or "",
        baseline_value=indicator.baseline_value,
        target_value=indicator.target_value,
        baseline_year=indicator.baseline_year,
        target_year=indicator.target_year
        or (indicator.target_date.year if indicator.target_date else None),
    )


@dataclass
class ActionRowData:
    id: int
    code: str
    title: str
    output: str
    lead: str
    partners: str
    start: date | None
    end: date | None
    indicators: list[IndicatorRow]
    cost: float | None
    funding: str
    assumptions: str
    status: str
    objective_code: str
    objective_title: str
    consulted: str = ""
    informed: str = ""
    risks: str = ""
    # cost by year, secured part and gap (see policycycle.planning.costing.Funding)
    money: Funding = field(default_factory=Funding)


@dataclass
class ObjectiveGroup:
    """A specific objective and the actions under it (and its operational objectives)."""

    code: str
    title: str
    actions: list[ActionRowData] = field(default_factory=list)

    @property
    def cost(self) -> float:
        return sum(a.cost or 0 for a in self.actions)

    @property
    def money(self) -> Funding:
        total = Funding()
        for action in self.actions:
            total.merge(action.money)
        return total


def _org_name(org: Organisation | None) -> str:
    if org is None:
        return ""
    return org.acronym or org.name


def action_plan(process_id: int, code_map: dict | None = None) -> list[ObjectiveGroup]:
    """Actions grouped by specific objective, in code order."""
    code_map = code_map if code_map is not None else chain_codes(process_id)
    objectives = {
        o.id: o
        for o in db.session.execute(
            db.select(Objective).where(Objective.process_id == process_id)
        ).scalars()
    }
    actions = (
        db.session.execute(
            db.select(Action)
            .where(Action.process_id == process_id)
            .options(
                selectinload(Action.raci).selectinload(ActionRaci.organisation),
                selectinload(Action.indicators),
                selectinload(Action.cost_lines),
            )
        )
        .scalars()
        .all()
    )
    groups: dict[int | None, ObjectiveGroup] = {}
    for action in actions:
        objective = objectives.get(action.objective_id)
        specific = objective
        while specific is not None and specific.level != ObjectiveLevel.SPECIFIC:
            specific = objectives.get(specific.parent_id) if specific.parent_id else None
        key = specific.id if specific else None
        if key not in groups:
            groups[key] = ObjectiveGroup(
                code=code_map.get(("objective", key), "") if key else "",
                title=specific.title if specific else "",
            )
        leads = [r.organisation for r in action.raci if r.letter == RaciLetter.ACCOUNTABLE]
        partners = [r.organisation for r in action.raci if r.letter == RaciLetter.RESPONSIBLE]

        def named(letter, action=action):
            return ", ".join(
                sorted(_org_name(r.organisation) for r in action.raci if r.letter == letter)
            )

        groups[key].actions.append(
            ActionRowData(
                id=action.id,
                code=code_map.get(("action", action.id)) or action.code or "",
                title=action.title,
                output=action.output or "",
                lead=", ".join(_org_name(o) for o in leads),
                partners=", ".join(sorted(_org_name(o) for o in partners)),
                start=action.start_date,
                end=action.end_date,
                indicators=[
                    indicator_row(i) for i in sorted(action.indicators, key=lambda i: i.id)
                ],
                cost=action.cost,
                funding=action.funding_source or "",
                assumptions=action.assumptions or "",
                status=action.status.label
                if hasattr(action.status, "label")
                else str(action.status),
                objective_code=code_map.get(("objective", action.objective_id), ""),
                objective_title=objective.title if objective else "",
                risks=action.risks or "",
                consulted=named(RaciLetter.CONSULTED),
                informed=named(RaciLetter.INFORMED),
                money=funding_of(
                    action.cost,
                    ((c.year, str(c.kind), c.amount, c.secured) for c in action.cost_lines),
                ),
            )
        )
    ordered = sorted(groups.values(), key=lambda g: (not g.code, code_sort_key(g.code)))
    for group in ordered:
        group.actions.sort(key=lambda a: (code_sort_key(a.code), a.id))
    return ordered


# --- MCA ---------------------------------------------------------------------------------


@dataclass
class McaTable:
    objective_code: str
    objective_title: str
    criteria: list[tuple[int, str, float]]  # id, name, weight
    options: list[tuple[int, str, bool, str]]  # id, title, is_baseline, status label
    result: mca.McaResult
    scores: list[tuple[str, str, str, int, str]]  # option, criterion, scorer, score, note


def mca_tables(process_id: int, code_map: dict | None = None) -> list[McaTable]:
    code_map = code_map if code_map is not None else chain_codes(process_id)
    criteria = (
        db.session.execute(
            db.select(Criterion)
            .where(Criterion.process_id == process_id)
            .order_by(Criterion.position, Criterion.id)
        )
        .scalars()
        .all()
    )
    options = (
        db.session.execute(
            db.select(PolicyOption)
            .where(PolicyOption.process_id == process_id)
            .options(selectinload(PolicyOption.objective))
            .order_by(PolicyOption.objective_id, PolicyOption.id)
        )
        .scalars()
        .all()
    )
    # Plain rows grouped by option, not ORM objects: a large process has thousands.
    scores_by_option = defaultdict(list)
    for row in db.session.execute(
        db.select(
            OptionScore.option_id,
            OptionScore.criterion_id,
            OptionScore.score,
            OptionScore.scorer_name,
            OptionScore.scorer_key,
            OptionScore.note,
        ).where(OptionScore.process_id == process_id)
    ):
        scores_by_option[row.option_id].append(row)
    crit = [(c.id, c.name, c.weight) for c in criteria if (c.weight or 0) > 0]
    crit_names = {c.id: c.name for c in criteria}
    by_objective = defaultdict(list)
    for option in options:
        by_objective[option.objective_id].append(option)
    option_titles = {o.id: o.title for o in options}
    tables = []
    for _objective_id, opts in by_objective.items():
        objective = opts[0].objective
        scores = [row for o in opts for row in scores_by_option.get(o.id, ())]
        # as on the MCA screen: a discarded option is not ranked (its scores stay listed)
        opts = [o for o in opts if o.status != OptionStatus.DISCARDED]
        ids = [o.id for o in opts]
        baseline = next((o.id for o in opts if o.is_baseline), None)
        result = mca.analyse(
            ids,
            [c[0] for c in crit],
            {c[0]: c[2] for c in crit},
            [(s.option_id, s.criterion_id, s.score) for s in scores],
            baseline=baseline,
        )
        tables.append(
            McaTable(
                objective_code=code_map.get(("objective", objective.id), ""),
                objective_title=objective.title,
                criteria=crit,
                options=[
                    (
                        o.id,
                        o.title,
                        o.is_baseline,
                        o.status.label if hasattr(o.status, "label") else str(o.status),
                    )
                    for o in opts
                ],
                result=result,
                scores=[
                    (
                        option_titles[s.option_id],
                        crit_names.get(s.criterion_id, ""),
                        s.scorer_name or s.scorer_key,
                        s.score,
                        s.note or "",
                    )
                    for s in scores
                ],
            )
        )
    tables.sort(key=lambda t: (not t.objective_code, code_sort_key(t.objective_code)))
    return tables


# --- the policy document's cycle sections -------------------------------------------------


@dataclass
class CycleData:
    process: Process
    lead: str
    is_draft: bool
    acronyms: list[tuple[str, str]]
    swot: dict[str, list[str]]
    tows: list[tuple[str, str]]
    framework: list[FrameworkItem]
    gaps: list[Gap]
    problem_nodes: list[tuple[int, str, int | None, str]]
    statement: ProblemStatement | None
    objectives: list[tuple[str, Objective, list[IndicatorRow]]]
    options: list[PolicyOption]
    mca: list[McaTable]
    instruments: list[Instrument]
    actions: list[ObjectiveGroup]
    organisations: list[Organisation]
    code_map: dict
    currency: str = currency_tools.FALLBACK_CURRENCY  # ISO 4217 code of every amount


def validation_agreed(process_id: int) -> bool:
    state = db.session.execute(
        db.select(StageState).where(
            StageState.process_id == process_id, StageState.stage == "validation"
        )
    ).scalar_one_or_none()
    return bool(state and state.agreed)


def cycle(process: Process) -> CycleData:
    pid = process.id
    code_map = chain_codes(pid)
    organisations = sorted_by_name(
        db.session.execute(db.select(Organisation).where(Organisation.process_id == pid))
        .scalars()
        .all(),
        lambda org: org.name,
    )
    swot: dict[str, list[str]] = {q.value: [] for q in Quadrant}
    for item in db.session.execute(
        db.select(SwotItem)
        .where(SwotItem.process_id == pid, SwotItem.merged_into_id.is_(None))
        .order_by(SwotItem.position, SwotItem.id)
    ).scalars():
        swot.setdefault(str(item.quadrant), []).append(item.statement)
    tows = [
        (t.kind.label if hasattr(t.kind, "label") else str(t.kind), t.text)
        for t in db.session.execute(
            db.select(TowsStrategy)
            .where(TowsStrategy.process_id == pid)
            .order_by(TowsStrategy.kind, TowsStrategy.id)
        ).scalars()
    ]
    framework = (
        db.session.execute(
            db.select(FrameworkItem)
            .where(FrameworkItem.process_id == pid)
            .order_by(FrameworkItem.kind, FrameworkItem.title)
        )
        .scalars()
        .all()
    )
    gaps = (
        db.session.execute(
            db.select(Gap)
            .where(Gap.process_id == pid)
            .options(selectinload(Gap.framework_item))
            .order_by(Gap.area, Gap.id)
        )
        .scalars()
        .all()
    )
    nodes = [
        (n.id, str(n.kind), n.parent_id, n.text)
        for n in db.session.execute(
            db.select(ProblemNode)
            .where(ProblemNode.process_id == pid)
            .order_by(ProblemNode.position, ProblemNode.id)
        ).scalars()
    ]
    statement = db.session.execute(
        db.select(ProblemStatement).where(ProblemStatement.process_id == pid)
    ).scalar_one_or_none()
    objective_rows = (
        db.session.execute(
            db.select(Objective)
            .where(Objective.process_id == pid)
            .options(selectinload(Objective.indicators))
            .order_by(Objective.position, Objective.id)
        )
        .scalars()
        .all()
    )
    level_rank = {"general": 0, "specific": 1, "operational": 2}
    objectives = sorted(
        (
            (
                code_map.get(("objective", o.id), ""),
                o,
                [indicator_row(i) for i in sorted(o.indicators, key=lambda i: i.id)],
            )
            for o in objective_rows
        ),
        key=lambda t: (
            level_rank.get(str(t[1].level), 3),
            not t[0],
            code_sort_key(t[0]),
            t[1].position,
            t[1].id,
        ),
    )
    options = (
        db.session.execute(
            db.select(PolicyOption)
            .where(PolicyOption.process_id == pid)
            .order_by(PolicyOption.objective_id, PolicyOption.id)
        )
        .scalars()
        .all()
    )
    instruments = (
        db.session.execute(
            db.select(Instrument)
            .where(Instrument.process_id == pid)
            .options(selectinload(Instrument.lead_organisation), selectinload(Instrument.option))
            .order_by(Instrument.kind, Instrument.id)
        )
        .scalars()
        .all()
    )
    lead = process.lead_organisation
    return CycleData(
        process=process,
        lead=lead.name if lead else "",
        is_draft=not validation_agreed(pid),
        acronyms=sorted({(o.acronym, o.name) for o in organisations if o.acronym}),
        swot=swot,
        tows=tows,
        framework=framework,
        gaps=gaps,
        problem_nodes=nodes,
        statement=statement,
        objectives=objectives,
        options=options,
        mca=mca_tables(pid, code_map),
        instruments=instruments,
        actions=action_plan(pid, code_map),
        organisations=organisations,
        code_map=code_map,
        currency=currency_tools.currency_of(process),
    )
