"""Costs per year and funding of the action plan: the cost lines of an activity
(year, one-off or recurrent, amount, secured part), their checks, and the totals the
plan page and the exports show (cost, secured, gap by year). Services flush; callers
commit. Whether every activity is costed is a readiness finding, never a refusal.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _

from facilitation.extensions import db
from facilitation.validation import ValidationFailed
from policycycle.models import Action, ActionCost, CostKind

FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass
class Funding:
    """Cost and secured funding by year. ``None`` as a year holds a cost recorded as one
    estimate without a year."""

    required: dict[int | None, float] = field(default_factory=dict)
    secured_by_year: dict[int | None, float] = field(default_factory=dict)
    one_off: float = 0.0
    recurrent: float = 0.0

    def add(self, year: int | None, amount: float, secured: float = 0.0, kind: str = "") -> None:
        self.required[year] = self.required.get(year, 0.0) + (amount or 0.0)
        self.secured_by_year[year] = self.secured_by_year.get(year, 0.0) + (secured or 0.0)
        if kind == CostKind.RECURRENT:
            self.recurrent += amount or 0.0
        elif kind == CostKind.ONE_OFF:
            self.one_off += amount or 0.0

    def merge(self, other: Funding) -> Funding:
        for year, amount in other.required.items():
            self.add(year, amount, other.secured_by_year.get(year, 0.0))
        self.one_off += other.one_off
        self.recurrent += other.recurrent
        return self

    @property
    def years(self) -> list[int]:
        return sorted(y for y in self.required if y is not None)

    @property
    def unscheduled(self) -> float:
        return self.required.get(None, 0.0)

    @property
    def total(self) -> float:
        return sum(self.required.values())

    @property
    def secured(self) -> float:
        return sum(self.secured_by_year.values())

    @property
    def gap(self) -> float:
        return max(self.total - self.secured, 0.0)

    def gap_of(self, year: int | None) -> float:
        return max(self.required.get(year, 0.0) - self.secured_by_year.get(year, 0.0), 0.0)

    @property
    def costed(self) -> bool:
        return bool(self.required)


def funding_of(cost: float | None, lines) -> Funding:
    """One activity's funding from its cost lines (``(year, kind, amount, secured)``), or
    from its single estimate when it has no lines."""
    funding = Funding()
    lines = list(lines)
    if lines:
        for year, kind, amount, secured in lines:
            funding.add(year, amount, secured, str(kind))
    elif cost is not None:
        funding.add(None, cost)
    return funding


def lines_by_action(
    process_id: int, action_ids: list[int] | None = None
) -> dict[int, list[tuple[int, str, float, float]]]:
    """Every cost line of the process in one query, keyed by activity (only those of
    ``action_ids`` when given)."""
    query = db.select(
        ActionCost.action_id,
        ActionCost.year,
        ActionCost.kind,
        ActionCost.amount,
        ActionCost.secured,
    ).where(ActionCost.process_id == process_id)
    if action_ids is not None:
        query = query.where(ActionCost.action_id.in_(action_ids))
    out = defaultdict(list)
    for action_id, year, kind, amount, secured in db.session.execute(
        query.order_by(ActionCost.action_id, ActionCost.year, ActionCost.kind)
    ):
        out[action_id].append((year, str(kind), amount or 0.0, secured or 0.0))
    return out


def _number(value, message: str) -> float:
    if value in (None, ""):
        return 0.0
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationFailed({"costs": message}) from None
    if number < 0 or number != number:  # negative or NaN
        raise ValidationFailed({"costs": message})
    return number


def clean_cost_lines(lines) -> list[tuple[int, CostKind, float, float]]:
    """Check cost lines (dicts with ``year``, ``kind``, ``amount``, ``secured``); blank
    lines are dropped. Raises ``ValidationFailed`` keyed ``costs`` naming the line."""
    clean, seen = [], set()
    for number, line in enumerate(lines or (), 1):
        year, amount, secured = line.get("year"), line.get("amount"), line.get("secured")
        if year in (None, "") and amount in (None, "") and secured in (None, ""):
            continue
        where = _("Cost line %(n)d:", n=number)
        if year in (None, ""):
            raise ValidationFailed({"costs": f"{where} {_('Give the year of this cost.')}"})
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise ValidationFailed({"costs": f"{where} {_('Give a year such as 2027.')}"}) from None
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValidationFailed({"costs": f"{where} {_('Give a year such as 2027.')}"})
        amount = _number(amount, f"{where} {_('A cost cannot be negative.')}")
        secured = _number(secured, f"{where} {_('Secured funding cannot be negative.')}")
        if secured > amount:
            raise ValidationFailed(
                {
                    "costs": f"{where} "
                    + _("The secured funding is larger than the cost of that year.")
                }
            )
        kind = line.get("kind") or CostKind.ONE_OFF
        if kind not in {k.value for k in CostKind}:
            raise ValidationFailed({"costs": f"{where} {_('Choose one-off or recurrent.')}"})
        if (year, kind) in seen:
            raise ValidationFailed(
                {"costs": f"{where} {_('This year and kind of cost are already given above.')}"}
            )
        seen.add((year, kind))
        clean.append((year, CostKind(kind), amount, secured))
    return clean


def set_cost_lines(action: Action, clean: list[tuple[int, CostKind, float, float]]) -> None:
    """Replace the activity's cost lines; its estimated cost becomes their sum (without
    lines it keeps the single estimate given)."""
    current = {(c.year, CostKind(c.kind)): c for c in action.cost_lines}
    wanted = {(year, kind): (amount, secured) for year, kind, amount, secured in clean}
    for key, row in current.items():
        if key not in wanted:
            action.cost_lines.remove(row)
    for (year, kind), (amount, secured) in wanted.items():
        row = current.get((year, kind))
        if row is None:
            action.cost_lines.append(
                ActionCost(
                    process_id=action.process_id,
                    year=year,
                    kind=kind,
                    amount=amount,
                    secured=secured,
                )
            )
        elif (row.amount, row.secured) != (amount, secured):
            row.amount, row.secured = amount, secured
    if clean:
        action.cost = sum(amount for _y, _k, amount, _s in clean)


@dataclass
class PlanFunding:
    """The plan's money: overall, per specific objective (code) and per activity (id)."""

    total: Funding
    by_group: dict[str, Funding]
    by_action: dict[int, Funding]

    @property
    def years(self) -> list[int]:
        return self.total.years


def plan_funding(process_id: int, groups: list[dict], listed_only: bool = False) -> PlanFunding:
    """Totals for the groups of ``actions.action_plan_rows`` (one extra query). With
    ``listed_only`` (the plan shows one objective's activities), only their cost lines are
    read: on the large demo ~150 of ~1,500 (issue 18)."""
    rows_of = [
        list(group["actions"]) + [r for op in group["operational"] for r in op["actions"]]
        for group in groups
    ]
    listed = [row["id"] for rows in rows_of for row in rows]
    lines = lines_by_action(process_id, listed if listed_only else None)
    total, by_group, by_action = Funding(), {}, {}
    for group, rows in zip(groups, rows_of, strict=True):
        group_funding = Funding()
        for row in rows:
            funding = funding_of(row["cost"], lines.get(row["id"], ()))
            by_action[row["id"]] = funding
            group_funding.merge(funding)
        by_group[group["code"]] = group_funding
        total.merge(group_funding)
    return PlanFunding(total, by_group, by_action)


def spread_cost(total: float, start, end, secured_shares=(1.0, 0.5)) -> list[dict]:
    """Cost lines for demonstration data: ``total`` shared over the years from ``start``
    to ``end`` by months, one-off in the first year and recurrent after; the first
    years secured by ``secured_shares`` (later years not yet funded)."""
    if not total or start is None or end is None or end < start:
        return []
    months: dict[int, int] = {}
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months[year] = months.get(year, 0) + 1
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    count = sum(months.values())
    lines, left = [], float(total)
    for index, (year, n) in enumerate(sorted(months.items())):
        last = index == len(months) - 1
        amount = left if last else round(total * n / count, -2)
        left -= amount
        share = secured_shares[index] if index < len(secured_shares) else 0.0
        lines.append(
            {
                "year": year,
                "kind": CostKind.ONE_OFF.value if index == 0 else CostKind.RECURRENT.value,
                "amount": amount,
                "secured": round(amount * share, -2),
            }
        )
    return lines
