"""Agenda setting and situation analysis: issues, drivers, prioritisation, agenda
decisions, SWOT (with merging), TOWS, the framework inventory and its gaps.

Services flush, never commit; they raise ``ValidationFailed`` with field-level
messages. Problem-tree and objectives services live in ``problems.py`` and
``objectives.py`` and are re-exported here, so other packages (exports,
workshops) import everything public from ``policycycle.analysis.services``:

- ``ranked_issues(process_id)`` -> list of ``IssueRow`` (issue, score, dots, rank);
  ``issue_ranking`` the same from columns alone, ``issue_rows`` loads the issues of a page
- ``swot_quadrants(process_id)`` -> {Quadrant: [SwotItem]} (merged duplicates hidden)
- ``tows_by_kind(process_id)`` -> {TowsKind: [TowsStrategy]}
- ``problem_tree_layout(process_id)`` / ``objectives_tree_layout(process_id)`` ->
  ``tree_layout.Layout`` (see that module for the drawing API)
- ``problem_statement(process_id)`` -> ProblemStatement | None
- ``objectives_with_smart(process_id)`` -> list of ``ObjectiveRow``
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.orm import joinedload

from facilitation import audit
from facilitation.extensions import db
from facilitation.models import Organisation
from facilitation.scoped import get_in_process
from facilitation.validation import ValidationFailed, in_process
from policycycle.models import (
    AgendaStatus,
    DriverKind,
    IssueDriver,
    PolicyIssue,
)

from .models import DotVote, PriorityCriterion, PriorityRating
from .objectives import (  # noqa: F401  (re-exported API)
    objectives_tree_layout,
    objectives_with_smart,
)
from .prioritisation import DOTS_PER_MEMBER, RATING_MAX, RATING_MIN, rank, weighted_scores
from .problems import problem_statement, problem_tree_layout  # noqa: F401  (re-exported API)
from .situation import *  # noqa: F403  (re-exported API)


def _get(model, object_id: int, process_id: int):
    """The object if it belongs to the process, else None (views turn None into 404)."""
    return get_in_process(model, object_id, process_id)


def get_issue(process_id: int, issue_id: int) -> PolicyIssue | None:
    return _get(PolicyIssue, issue_id, process_id)


def _clean(text: str | None) -> str:
    return (text or "").strip()


def _organisation(process_id: int, organisation_id, field: str = "organisation_id"):
    org = in_process(Organisation, organisation_id, process_id, field, _("an institution"))
    return org.id if org else None


# --- Agenda: issues and drivers ------------------------------------------------------


def save_issue(
    process_id: int,
    *,
    title: str,
    description: str = "",
    evidence: str = "",
    raised_by_id=None,
    issue: PolicyIssue | None = None,
) -> PolicyIssue:
    if not _clean(title):
        raise ValidationFailed({"title": _("Give the issue a title.")})
    raised_by = _organisation(process_id, raised_by_id, "raised_by_id")
    if issue is None:
        issue = PolicyIssue(process_id=process_id)
        db.session.add(issue)
    issue.title = _clean(title)
    issue.description = _clean(description)
    issue.evidence = _clean(evidence)
    issue.raised_by_id = raised_by
    db.session.flush()
    return issue


def delete_issue(issue: PolicyIssue) -> None:
    """Drivers, ratings and dot votes of the issue go with it."""
    db.session.delete(issue)
    db.session.flush()


def add_driver(issue: PolicyIssue, *, kind: str, description: str) -> IssueDriver:
    if kind not in DriverKind.__members__.values():
        raise ValidationFailed({"kind": _("Choose political, external or internal.")})
    if not _clean(description):
        raise ValidationFailed({"description": _("Describe the factor or driver.")})
    driver = IssueDriver(
        process_id=issue.process_id,
        issue_id=issue.id,
        kind=DriverKind(kind),
        description=_clean(description),
    )
    db.session.add(driver)
    db.session.flush()
    return driver


def delete_driver(driver: IssueDriver) -> None:
    db.session.delete(driver)
    db.session.flush()


def decide_issue(issue: PolicyIssue, *, status: str, reason: str) -> PolicyIssue:
    """Record the agenda decision on one issue; taking up or leaving out needs a reason."""
    if status not in AgendaStatus.__members__.values():
        raise ValidationFailed({"status": _("Choose a decision.")})
    if status != AgendaStatus.PROPOSED and not _clean(reason):
        raise ValidationFailed(
            {"reason": _("Say why the group decided this: the reason is part of the record.")}
        )
    issue.status = AgendaStatus(status)
    issue.decision_reason = _clean(reason)
    db.session.flush()
    audit.record(
        db.session,
        issue.process_id,
        "decide",
        "PolicyIssue",
        _(
            "Agenda decision on %(title)s: %(status)s",
            title=issue.title,
            status=AgendaStatus(status).label,
        ),
        object_id=issue.id,
        params={"title": issue.title, "status": AgendaStatus(status).value},
        changes={"reason": issue.decision_reason} if issue.decision_reason else None,
    )
    return issue


# --- Agenda: prioritisation ----------------------------------------------------------


def criteria(process_id: int) -> list[PriorityCriterion]:
    return list(
        db.session.execute(
            db.select(PriorityCriterion)
            .where(PriorityCriterion.process_id == process_id)
            .order_by(PriorityCriterion.position, PriorityCriterion.id)
        ).scalars()
    )


def save_criterion(
    process_id: int,
    *,
    name: str,
    description: str = "",
    weight=1.0,
    criterion: PriorityCriterion | None = None,
) -> PriorityCriterion:
    if not _clean(name):
        raise ValidationFailed({"name": _("Name the criterion.")})
    try:
        weight = float(weight)
    except (TypeError, ValueError):
        raise ValidationFailed({"weight": _("Give the weight as a number.")}) from None
    if not 0 < weight <= 10:
        raise ValidationFailed({"weight": _("Give a weight above 0 and at most 10.")})
    duplicate = db.session.scalar(
        db.select(func.count(PriorityCriterion.id)).where(
            PriorityCriterion.process_id == process_id,
            func.lower(PriorityCriterion.name) == _clean(name).lower(),
            PriorityCriterion.id != (criterion.id if criterion else -1),
        )
    )
    if duplicate:
        raise ValidationFailed({"name": _("There is already a criterion with this name.")})
    if criterion is None:
        position = (
            db.session.scalar(
                db.select(func.count(PriorityCriterion.id)).where(
                    PriorityCriterion.process_id == process_id
                )
            )
            or 0
        )
        criterion = PriorityCriterion(process_id=process_id, position=position)
        db.session.add(criterion)
    criterion.name = _clean(name)
    criterion.description = _clean(description)
    criterion.weight = weight
    db.session.flush()
    return criterion


def criterion_dependents(criterion: PriorityCriterion) -> int:
    return (
        db.session.scalar(
            db.select(func.count(PriorityRating.id)).where(
                PriorityRating.criterion_id == criterion.id
            )
        )
        or 0
    )


def delete_criterion(criterion: PriorityCriterion) -> None:
    db.session.delete(criterion)
    db.session.flush()


def rate_issue(issue: PolicyIssue, user_id: int, scores: dict) -> None:
    """Set one member's 1-5 ratings of an issue; ``scores`` maps criterion id to a
    score or None (None removes the rating)."""
    valid = {c.id for c in criteria(issue.process_id)}
    existing = {
        r.criterion_id: r
        for r in db.session.execute(
            db.select(PriorityRating).where(
                PriorityRating.issue_id == issue.id, PriorityRating.user_id == user_id
            )
        ).scalars()
    }
    for criterion_id, score in scores.items():
        if int(criterion_id) not in valid:
            raise ValidationFailed(_("Choose criteria of this process."))
        if score in (None, "", 0):
            if criterion_id in existing:
                db.session.delete(existing[criterion_id])
            continue
        score = int(score)
        if not RATING_MIN <= score <= RATING_MAX:
            raise ValidationFailed({f"c{criterion_id}": _("Rate from 1 (low) to 5 (high).")})
        rating = existing.get(int(criterion_id))
        if rating is None:
            db.session.add(
                PriorityRating(
                    process_id=issue.process_id,
                    issue_id=issue.id,
                    criterion_id=int(criterion_id),
                    user_id=user_id,
                    score=score,
                )
            )
        elif rating.score != score:
            rating.score = score
    db.session.flush()


def dots_used(process_id: int, user_id: int, except_issue: int | None = None) -> int:
    query = db.select(func.coalesce(func.sum(DotVote.dots), 0)).where(
        DotVote.process_id == process_id, DotVote.user_id == user_id
    )
    if except_issue is not None:
        query = query.where(DotVote.issue_id != except_issue)
    return db.session.scalar(query) or 0


def set_dots(issue: PolicyIssue, user_id: int, dots) -> None:
    try:
        dots = int(dots)
    except (TypeError, ValueError):
        raise ValidationFailed({"dots": _("Give a whole number of dots.")}) from None
    elsewhere = dots_used(issue.process_id, user_id, except_issue=issue.id)
    if dots < 0 or dots + elsewhere > DOTS_PER_MEMBER:
        raise ValidationFailed(
            {
                "dots": _(
                    "Each member has %(total)d dots; you have %(left)d left for this issue.",
                    total=DOTS_PER_MEMBER,
                    left=DOTS_PER_MEMBER - elsewhere,
                )
            }
        )
    vote = db.session.execute(
        db.select(DotVote).where(DotVote.issue_id == issue.id, DotVote.user_id == user_id)
    ).scalar_one_or_none()
    if vote is None and dots:
        db.session.add(
            DotVote(process_id=issue.process_id, issue_id=issue.id, user_id=user_id, dots=dots)
        )
    elif vote is not None and not dots:
        db.session.delete(vote)
    elif vote is not None:
        vote.dots = dots
    db.session.flush()


@dataclass(frozen=True)
class DriverRow:
    kind: str
    description: str


@dataclass
class IssueRow:
    issue: PolicyIssue
    score: float | None
    dots: int
    raters: int
    rank: int
    drivers: list[DriverRow]


@dataclass
class RankedIssue:
    """An issue's place in the ranking, from columns alone: what the register counts,
    filters and pages on before loading the issues it shows."""

    id: int
    title: str
    description: str | None
    status: object
    score: float | None
    dots: int
    raters: int
    rank: int
    drivers: list[DriverRow]


def issue_ranking(process_id: int) -> list[RankedIssue]:
    """Every issue with its weighted score (None if unrated) and dots, best first.
    A fixed number of queries, whatever the number of issues; no issue loaded as an
    object (a large register shows 50 of 300: issue 18)."""
    issues = db.session.execute(
        db.select(
            PolicyIssue.id, PolicyIssue.title, PolicyIssue.description, PolicyIssue.status
        ).where(PolicyIssue.process_id == process_id)
    ).all()
    weights = {c.id: c.weight for c in criteria(process_id)}
    # Members' ratings averaged per issue and criterion in the database.
    means = db.session.execute(
        db.select(
            PriorityRating.issue_id, PriorityRating.criterion_id, func.avg(PriorityRating.score)
        )
        .where(PriorityRating.process_id == process_id)
        .group_by(PriorityRating.issue_id, PriorityRating.criterion_id)
    ).all()
    scores = weighted_scores([(r[0], r[1], float(r[2])) for r in means], weights)
    raters = dict(
        db.session.execute(
            db.select(PriorityRating.issue_id, func.count(func.distinct(PriorityRating.user_id)))
            .where(PriorityRating.process_id == process_id)
            .group_by(PriorityRating.issue_id)
        ).all()
    )
    dots = dict(
        db.session.execute(
            db.select(DotVote.issue_id, func.sum(DotVote.dots))
            .where(DotVote.process_id == process_id)
            .group_by(DotVote.issue_id)
        ).all()
    )
    drivers: dict[int, list[DriverRow]] = {}
    for row in db.session.execute(
        db.select(IssueDriver.issue_id, IssueDriver.kind, IssueDriver.description)
        .where(IssueDriver.process_id == process_id)
        .order_by(IssueDriver.id)
    ):
        drivers.setdefault(row.issue_id, []).append(DriverRow(row.kind, row.description))
    order = rank([(i.id, i.title) for i in issues], scores, dots)
    by_id = {i.id: i for i in issues}
    return [
        RankedIssue(
            iid,
            by_id[iid].title,
            by_id[iid].description,
            by_id[iid].status,
            scores.get(iid),
            int(dots.get(iid, 0) or 0),
            int(raters.get(iid, 0)),
            position,
            drivers.get(iid, []),
        )
        for position, iid in enumerate(order, start=1)
    ]


def issue_rows(process_id: int, ranking: list[RankedIssue]) -> list[IssueRow]:
    """The issues of ``ranking`` loaded (with who raised them), in its order."""
    wanted = [r.id for r in ranking]
    if not wanted:
        return []
    loaded = {
        i.id: i
        for i in db.session.execute(
            db.select(PolicyIssue)
            .where(PolicyIssue.process_id == process_id, PolicyIssue.id.in_(wanted))
            .options(joinedload(PolicyIssue.raised_by))
        ).scalars()
    }
    return [
        IssueRow(loaded[r.id], r.score, r.dots, r.raters, r.rank, r.drivers)
        for r in ranking
        if r.id in loaded
    ]


def ranked_issues(process_id: int) -> list[IssueRow]:
    """Every issue, loaded, with its weighted score (None if unrated) and dots, best first."""
    return issue_rows(process_id, issue_ranking(process_id))


def my_ratings(issue: PolicyIssue, user_id: int) -> dict[int, int]:
    return dict(
        db.session.execute(
            db.select(PriorityRating.criterion_id, PriorityRating.score).where(
                PriorityRating.issue_id == issue.id, PriorityRating.user_id == user_id
            )
        ).all()
    )


def criterion_means(issue: PolicyIssue) -> dict[int, tuple[float, int]]:
    """The group's mean rating of an issue per criterion, with the number of raters."""
    rows = db.session.execute(
        db.select(
            PriorityRating.criterion_id,
            func.avg(PriorityRating.score),
            func.count(PriorityRating.id),
        )
        .where(PriorityRating.issue_id == issue.id)
        .group_by(PriorityRating.criterion_id)
    ).all()
    return {cid: (round(float(mean), 1), int(n)) for cid, mean, n in rows}


def dots_by_issue(process_id: int, user_id: int) -> dict[int, int]:
    """The dots one member placed, per issue (one query for the whole register)."""
    return dict(
        db.session.execute(
            db.select(DotVote.issue_id, DotVote.dots).where(
                DotVote.process_id == process_id, DotVote.user_id == user_id
            )
        ).all()
    )


def my_dots(issue: PolicyIssue, user_id: int) -> int:
    return (
        db.session.scalar(
            db.select(DotVote.dots).where(DotVote.issue_id == issue.id, DotVote.user_id == user_id)
        )
        or 0
    )
