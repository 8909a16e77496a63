"""Indicators x sources: which source can feed which indicator, the indicators left
without a usable source, and turning such a gap into a data-development activity.

Public functions (documented contract):

- ``indicator_rows(process_id)``: every indicator of objectives and actions with its
  mapped sources and whether it has a usable one.
- ``indicator_gaps(process_id)``: the rows without a usable source.
- ``turn_gap_into_action(...)``: create the data-development action; see its docstring.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from facilitation.extensions import db
from facilitation.models import Organisation, Process
from facilitation.sorting import sorted_by_name
from facilitation.validation import ValidationFailed, in_process
from policycycle.models import (
    Action,
    Indicator,
    Objective,
    ObjectiveLevel,
    RaciLetter,
)

from .models import DataGapAction, DataSource, IndicatorSource
from .services import is_usable, statistics_office


@dataclass
class MappedSource:
    link: IndicatorSource
    usable: bool
    reasons: list[str]

    @property
    def feeds(self) -> bool:
        return self.link.can_feed and self.usable


@dataclass
class IndicatorRow:
    indicator: Indicator
    sources: list[MappedSource] = field(default_factory=list)
    gap_actions: list[Action] = field(default_factory=list)

    @property
    def has_usable_source(self) -> bool:
        return any(m.feeds for m in self.sources)

    @property
    def owner_label(self) -> str:
        ind = self.indicator
        if ind.action is not None:
            prefix = f"{ind.action.code} " if ind.action.code else ""
            return _("Action: %(title)s", title=prefix + ind.action.title)
        if ind.objective is not None:
            return f"{ObjectiveLevel(ind.objective.level).label}: {ind.objective.title}"
        return _("Not attached")

    @property
    def section(self) -> str:
        return "action_plan" if self.indicator.action_id else "objectives"


def _indicators(process_id: int) -> list[Indicator]:
    return list(
        db.session.execute(
            db.select(Indicator)
            .where(Indicator.process_id == process_id)
            .options(selectinload(Indicator.objective), selectinload(Indicator.action))
            .order_by(
                Indicator.objective_id.is_(None),
                Indicator.objective_id,
                Indicator.action_id,
                Indicator.id,
            )
        ).scalars()
    )


def indicator_rows(process_id: int) -> list[IndicatorRow]:
    """Every indicator used by objectives and the action plan, with its sources."""
    rows = {ind.id: IndicatorRow(ind) for ind in _indicators(process_id)}
    links = db.session.execute(
        db.select(IndicatorSource)
        .where(IndicatorSource.process_id == process_id)
        .options(
            selectinload(IndicatorSource.source).selectinload(DataSource.ratings),
            selectinload(IndicatorSource.source).selectinload(DataSource.owner),
        )
        .join(DataSource, DataSource.id == IndicatorSource.source_id)
    ).scalars()
    for link in sorted_by_name(links, lambda link: link.source.name):
        if link.indicator_id in rows:
            usable, reasons = is_usable(link.source)
            rows[link.indicator_id].sources.append(MappedSource(link, usable, reasons))
    gap_links = db.session.execute(
        db.select(DataGapAction)
        .where(DataGapAction.process_id == process_id)
        .options(selectinload(DataGapAction.action))
        .order_by(DataGapAction.id)
    ).scalars()
    for gap_link in gap_links:
        if gap_link.indicator_id in rows:
            rows[gap_link.indicator_id].gap_actions.append(gap_link.action)
    return list(rows.values())


def indicator_gaps(process_id: int) -> list[IndicatorRow]:
    """Indicators with no usable source (see ``catalogue.USABLE_DEFINITION``)."""
    return [row for row in indicator_rows(process_id) if not row.has_usable_source]


def map_source(
    process_id: int, indicator_id, source_id, *, can_feed: bool = True, notes: str = ""
) -> IndicatorSource:
    """Map a source to an indicator, or update the existing mapping."""
    indicator = in_process(Indicator, indicator_id, process_id, "indicator_id", _("an indicator"))
    source = in_process(DataSource, source_id, process_id, "source_id", _("a data source"))
    errors = {}
    if indicator is None:
        errors["indicator_id"] = _("Choose the indicator.")
    if source is None:
        errors["source_id"] = _("Choose the data source.")
    if errors:
        raise ValidationFailed(errors)
    link = db.session.execute(
        db.select(IndicatorSource).where(
            IndicatorSource.indicator_id == indicator.id, IndicatorSource.source_id == source.id
        )
    ).scalar_one_or_none()
    if link is None:
        link = IndicatorSource(
            process_id=process_id, indicator_id=indicator.id, source_id=source.id
        )
        db.session.add(link)
    link.can_feed = bool(can_feed)
    link.notes = (notes or "").strip()
    db.session.flush()
    return link


def unmap_source(process_id: int, link_id) -> None:
    link = in_process(IndicatorSource, link_id, process_id, "link_id", _("a mapping"))
    if link is not None:
        db.session.delete(link)
        db.session.flush()


def operational_objectives(process_id: int) -> list[Objective]:
    return list(
        db.session.execute(
            db.select(Objective)
            .where(
                Objective.process_id == process_id, Objective.level == ObjectiveLevel.OPERATIONAL
            )
            .order_by(Objective.position, Objective.id)
        ).scalars()
    )


def default_objective(indicator: Indicator) -> Objective | None:
    """The operational objective a data-development action goes under by default: the
    objective of the indicator's action, the indicator's own operational objective, or
    the first operational objective below the indicator's objective."""
    if indicator.action is not None:
        return indicator.action.objective
    objective = indicator.objective
    if objective is None:
        return None
    frontier = [objective]
    while frontier:
        for candidate in frontier:
            if candidate.level == ObjectiveLevel.OPERATIONAL:
                return candidate
        ids = [o.id for o in frontier]
        frontier = list(
            db.session.execute(
                db.select(Objective)
                .where(Objective.process_id == objective.process_id, Objective.parent_id.in_(ids))
                .order_by(Objective.position, Objective.id)
            ).scalars()
        )
    return None


def default_lead(process_id: int, indicator: Indicator) -> Organisation | None:
    """The owner of a source already mapped to the indicator, else the statistics office,
    else the process's lead institution."""
    owner = db.session.execute(
        db.select(Organisation)
        .join(DataSource, DataSource.owner_id == Organisation.id)
        .join(IndicatorSource, IndicatorSource.source_id == DataSource.id)
        .where(
            IndicatorSource.indicator_id == indicator.id, IndicatorSource.process_id == process_id
        )
        .order_by(IndicatorSource.id)
        .limit(1)
    ).scalar_one_or_none()
    if owner is not None:
        return owner
    office = statistics_office(process_id)
    if office is not None:
        return office
    process = db.session.get(Process, process_id)
    return process.lead_organisation if process else None


def default_action_title(indicator: Indicator) -> str:
    return _("Develop a data source for the indicator “%(name)s”", name=indicator.name)[:500]


def default_responsible(process_id: int, lead: Organisation | None) -> Organisation | None:
    """The statistics office, or else the process's lead institution, when it is not the
    accountable institution already."""
    office = statistics_office(process_id)
    if office is not None and (lead is None or office.id != lead.id):
        return office
    process = db.session.get(Process, process_id)
    if (
        process
        and process.lead_organisation
        and (lead is None or process.lead_organisation_id != lead.id)
    ):
        return process.lead_organisation
    return None


def _planning_create_action():
    """The planning package's documented public ``create_action``."""
    from policycycle.planning import services as planning_services

    create = getattr(planning_services, "create_action", None)
    if create is None:
        from policycycle.planning.actions import create_action as create
    return create


def turn_gap_into_action(
    process_id: int,
    indicator_id,
    *,
    objective_id,
    lead_id,
    responsible_id,
    title: str,
    output: str = "",
) -> Action:
    """Create a data-development activity in the action plan for an indicator's gap.

    The action goes under the chosen operational objective, with the chosen institution
    as its one Accountable (the source owner or the statistics office by default) and
    another as Responsible, through the planning package's ``create_action``; it is
    recorded as closing the indicator's gap (``DataGapAction``). Raises
    ``ValidationFailed`` with field keys ``objective_id``, ``lead_id``,
    ``responsible_id`` and ``title``.
    """
    indicator = in_process(Indicator, indicator_id, process_id, "indicator_id", _("an indicator"))
    if indicator is None:
        raise ValidationFailed({"indicator_id": _("Choose the indicator.")})
    errors = {}
    objective = lead = responsible = None
    try:
        objective = in_process(
            Objective, objective_id, process_id, "objective_id", _("an operational objective")
        )
        if objective is None:
            errors["objective_id"] = _("Choose the operational objective the activity serves.")
        elif objective.level != ObjectiveLevel.OPERATIONAL:
            errors["objective_id"] = _(
                "Data-development activities go under an operational objective."
            )
    except ValidationFailed as exc:
        errors.update(exc.errors)
    for key, message in (
        ("lead_id", _("Choose the institution accountable for the activity.")),
        ("responsible_id", _("Choose the institution that carries out the activity.")),
    ):
        try:
            org = in_process(
                Organisation,
                lead_id if key == "lead_id" else responsible_id,
                process_id,
                key,
                _("an institution from this process's registry"),
            )
            if org is None:
                errors[key] = message
            elif key == "lead_id":
                lead = org
            else:
                responsible = org
        except ValidationFailed as exc:
            errors.update(exc.errors)
    if lead is not None and responsible is not None and lead.id == responsible.id:
        errors["responsible_id"] = _(
            "Choose another institution than the accountable one: "
            "each institution has one role on an activity."
        )
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Give the activity a title.")
    if errors:
        raise ValidationFailed(errors)
    create_action = _planning_create_action()
    action = create_action(
        process_id,
        objective.id,
        title,
        raci={lead.id: RaciLetter.ACCOUNTABLE.value, responsible.id: RaciLetter.RESPONSIBLE.value},
        output=(output or "").strip(),
    )
    db.session.add(
        DataGapAction(process_id=process_id, indicator_id=indicator.id, action_id=action.id)
    )
    db.session.flush()
    return action
