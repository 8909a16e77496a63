"""Policy options, MCA criteria and scores. Services flush; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func

from facilitation.extensions import db
from facilitation.models import Process, User
from facilitation.scoped import get_in_process
from facilitation.validation import ValidationFailed
from policycycle.models import (
    SCORE_MAX,
    SCORE_MIN,
    Action,
    Criterion,
    Instrument,
    Objective,
    ObjectiveLevel,
    OptionScore,
    OptionStatus,
    PolicyOption,
)

from . import mca

OPTION_FIELDS = (
    "title",
    "description",
    "cost_one_off",
    "cost_recurrent",
    "cost_bearers",
    "benefits",
    "beneficiaries",
    "feasibility_legal",
    "feasibility_technical",
    "feasibility_institutional",
    "feasibility_financial",
    "feasibility_political",
    "feasibility_note",
    "assumptions",
    "risks",
)


def baseline_title() -> str:
    return _("Baseline: do nothing new")


def ensure_baselines(process_id: int, objective_ids: list[int] | None = None) -> int:
    """Give every specific objective (or the ones listed) its baseline option.

    The baseline ("do nothing new") is the zero of the multi-criteria analysis; it is
    created automatically and cannot be deleted or discarded. Returns how many were added.
    """
    query = db.select(Objective.id).where(
        Objective.process_id == process_id, Objective.level == ObjectiveLevel.SPECIFIC
    )
    if objective_ids is not None:
        query = query.where(Objective.id.in_(objective_ids))
    wanted = set(db.session.scalars(query))
    have = set(
        db.session.scalars(
            db.select(PolicyOption.objective_id).where(
                PolicyOption.process_id == process_id, PolicyOption.is_baseline.is_(True)
            )
        )
    )
    missing = sorted(wanted - have)
    if not missing:
        return 0
    # Written in the process's language (it goes into the policy document), whoever
    # happens to open the page first.
    language = db.session.scalar(db.select(Process.language).where(Process.id == process_id))
    with force_locale(language or "en"):
        title = baseline_title()
        description = _(
            "Current policies, laws and programmes continue; nothing new is done. "
            "Other options are scored relative to this one."
        )
    for objective_id in missing:
        db.session.add(
            PolicyOption(
                process_id=process_id,
                objective_id=objective_id,
                title=title,
                description=description,
                is_baseline=True,
            )
        )
    if missing:
        db.session.flush()
    return len(missing)


def options_of(process_id: int, objective_id: int) -> list[PolicyOption]:
    """The options register of one objective: the baseline first, then by creation."""
    return list(
        db.session.scalars(
            db.select(PolicyOption)
            .where(PolicyOption.process_id == process_id, PolicyOption.objective_id == objective_id)
            .order_by(PolicyOption.is_baseline.desc(), PolicyOption.id)
        )
    )


def options_summary(process_id: int) -> dict[int, dict]:
    """Per specific objective: number of options, discarded ones, the preferred option."""
    summary: dict[int, dict] = {}
    rows = db.session.execute(
        db.select(
            PolicyOption.objective_id,
            PolicyOption.status,
            PolicyOption.title,
            PolicyOption.is_baseline,
        ).where(PolicyOption.process_id == process_id)
    )
    for objective_id, status, title, is_baseline in rows:
        entry = summary.setdefault(objective_id, {"count": 0, "discarded": 0, "preferred": None})
        entry["count"] += 0 if is_baseline else 1
        if status == OptionStatus.DISCARDED:
            entry["discarded"] += 1
        elif status == OptionStatus.PREFERRED:
            entry["preferred"] = title
    return summary


def _clean_option_data(data: dict) -> dict:
    clean = {k: data[k] for k in OPTION_FIELDS if k in data}
    if "title" in clean:
        clean["title"] = (clean["title"] or "").strip()
        if not clean["title"]:
            raise ValidationFailed({"title": _("Give the option a short title.")})
    for key in ("cost_one_off", "cost_recurrent"):
        if clean.get(key) is not None and clean[key] < 0:
            raise ValidationFailed({key: _("A cost cannot be negative.")})
    for key in OPTION_FIELDS:
        if key.startswith("feasibility_") and key != "feasibility_note":
            value = clean.get(key)
            if value is not None and not 1 <= int(value) <= 5:
                raise ValidationFailed({key: _("Rate feasibility from 1 (not feasible) to 5.")})
    for key, value in list(clean.items()):
        if isinstance(value, str) and key != "title":
            clean[key] = value.strip()
    return clean


def create_option(process_id: int, objective: Objective, data: dict) -> PolicyOption:
    if objective.process_id != process_id or objective.level != ObjectiveLevel.SPECIFIC:
        raise ValidationFailed(_("Options belong to a specific objective of this process."))
    option = PolicyOption(
        process_id=process_id, objective_id=objective.id, **_clean_option_data(data)
    )
    db.session.add(option)
    db.session.flush()
    return option


def update_option(option: PolicyOption, data: dict) -> PolicyOption:
    clean = _clean_option_data(data)  # the baseline may be renamed; it stays the baseline
    for key, value in clean.items():
        setattr(option, key, value)
    db.session.flush()
    return option


def discard_option(option: PolicyOption, reason: str) -> None:
    if option.is_baseline:
        raise ValidationFailed(
            {"reason": _("The baseline option stays in every analysis; it cannot be discarded.")}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            {"reason": _("Say why the option is discarded; the reason is kept.")}
        )
    option.status = OptionStatus.DISCARDED
    option.discard_reason = reason
    db.session.flush()


def prefer_option(option: PolicyOption, rationale: str) -> None:
    """Make this the preferred option of its objective (the previous one goes back to
    'under consideration')."""
    rationale = (rationale or "").strip()
    if not rationale:
        raise ValidationFailed({"rationale": _("Explain why this option is preferred.")})
    for other in db.session.scalars(
        db.select(PolicyOption).where(
            PolicyOption.process_id == option.process_id,
            PolicyOption.objective_id == option.objective_id,
            PolicyOption.status == OptionStatus.PREFERRED,
            PolicyOption.id != option.id,
        )
    ):
        other.status = OptionStatus.CONSIDERED
    option.status = OptionStatus.PREFERRED
    option.preferred_rationale = rationale
    db.session.flush()


def reconsider_option(option: PolicyOption) -> None:
    """Bring a discarded or preferred option back to 'under consideration'."""
    option.status = OptionStatus.CONSIDERED
    db.session.flush()


def option_dependents(option: PolicyOption) -> list[str]:
    """What would be lost with the option: its instruments and their activities."""
    rows = db.session.execute(
        db.select(Instrument.title, func.count(Action.id))
        .outerjoin(Action, Action.instrument_id == Instrument.id)
        .where(Instrument.process_id == option.process_id, Instrument.option_id == option.id)
        .group_by(Instrument.id, Instrument.title)
    ).all()
    return [
        _("Instrument “%(title)s” (%(count)d linked activities)", title=title, count=count)
        for title, count in rows
    ]


def delete_option(option: PolicyOption) -> None:
    if option.is_baseline:
        raise ValidationFailed(_("The baseline option cannot be deleted."))
    dependents = option_dependents(option)
    if dependents:
        raise ValidationFailed(
            _(
                "This option cannot be deleted while instruments depend on it: %(list)s. "
                "Delete or move them first, or discard the option with a reason.",
                list="; ".join(dependents),
            )
        )
    db.session.delete(option)
    db.session.flush()


# --- Criteria ------------------------------------------------------------------------


def criteria_of(process_id: int) -> list[Criterion]:
    return list(
        db.session.scalars(
            db.select(Criterion)
            .where(Criterion.process_id == process_id)
            .order_by(Criterion.position, Criterion.id)
        )
    )


def save_criterion(
    process_id: int, data: dict, user: User, criterion: Criterion | None = None
) -> Criterion:
    """Create or update a criterion; a changed weight records who set it."""
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationFailed({"name": _("Give the criterion a name.")})
    weight = data.get("weight")
    if weight is None or weight <= 0:
        raise ValidationFailed({"weight": _("The weight must be a number above zero.")})
    duplicate = db.session.scalar(
        db.select(Criterion.id).where(
            Criterion.process_id == process_id,
            func.lower(Criterion.name) == name.lower(),
            Criterion.id != (criterion.id if criterion else -1),
        )
    )
    if duplicate:
        raise ValidationFailed({"name": _("A criterion with this name already exists.")})
    user_id = user.id
    if criterion is None:
        position = db.session.scalar(
            db.select(func.coalesce(func.max(Criterion.position), 0)).where(
                Criterion.process_id == process_id
            )
        )
        criterion = Criterion(process_id=process_id, position=position + 1)
    if criterion.weight != float(weight) or criterion.weight_set_by_id is None:
        criterion.weight_set_by_id = user_id
    criterion.name = name
    criterion.description = (data.get("description") or "").strip()
    criterion.weight = float(weight)
    criterion.weight_note = (data.get("weight_note") or "").strip()
    db.session.add(criterion)
    db.session.flush()
    return criterion


def criterion_dependents(criterion: Criterion) -> int:
    return db.session.scalar(
        db.select(func.count(OptionScore.id)).where(
            OptionScore.process_id == criterion.process_id,
            OptionScore.criterion_id == criterion.id,
        )
    )


def delete_criterion(criterion: Criterion) -> None:
    db.session.delete(criterion)  # its scores go with it (the page says how many)
    db.session.flush()


# --- Scores and the analysis ----------------------------------------------------------


def scores_by(process_id: int, objective_id: int, scorer_key: str) -> dict[tuple[int, int], int]:
    rows = db.session.execute(
        db.select(OptionScore.option_id, OptionScore.criterion_id, OptionScore.score)
        .join(PolicyOption, PolicyOption.id == OptionScore.option_id)
        .where(
            OptionScore.process_id == process_id,
            PolicyOption.objective_id == objective_id,
            OptionScore.scorer_key == scorer_key,
        )
    )
    return {(o, c): s for o, c, s in rows}


def save_scores(
    process_id: int,
    objective_id: int,
    scorer_key: str,
    scorer_name: str,
    values: dict[tuple[int, int], int | None],
) -> int:
    """Store one scorer's scores of an objective's options (None clears a score).

    Every option and criterion must belong to the process and the objective; the
    baseline is not scored (it is the zero). Returns the number of scores kept.
    """
    options = {
        o.id: o
        for o in options_of(process_id, objective_id)
        if not o.is_baseline and o.status != OptionStatus.DISCARDED
    }
    criteria = {c.id for c in criteria_of(process_id)}
    existing = {
        (s.option_id, s.criterion_id): s
        for s in db.session.scalars(
            db.select(OptionScore)
            .join(PolicyOption, PolicyOption.id == OptionScore.option_id)
            .where(
                OptionScore.process_id == process_id,
                PolicyOption.objective_id == objective_id,
                OptionScore.scorer_key == scorer_key,
            )
        )
    }
    kept = 0
    for (option_id, criterion_id), score in values.items():
        if option_id not in options or criterion_id not in criteria:
            raise ValidationFailed(_("Score only the options and criteria of this analysis."))
        current = existing.get((option_id, criterion_id))
        if score is None:
            if current is not None:
                db.session.delete(current)
            continue
        if not SCORE_MIN <= int(score) <= SCORE_MAX:
            raise ValidationFailed(
                _("Scores go from %(low)d to %(high)d.", low=SCORE_MIN, high=SCORE_MAX)
            )
        kept += 1
        if current is None:
            db.session.add(
                OptionScore(
                    process_id=process_id,
                    option_id=option_id,
                    criterion_id=criterion_id,
                    scorer_key=scorer_key,
                    scorer_name=scorer_name,
                    score=int(score),
                )
            )
        elif current.score != int(score):
            current.score = int(score)
            current.scorer_name = scorer_name
    db.session.flush()
    return kept


@dataclass
class McaView:
    """Everything the MCA table shows for one objective."""

    objective: Objective
    options: list[PolicyOption]  # the options in the analysis (not discarded), baseline first
    criteria: list[Criterion]
    result: mca.McaResult
    scorers: list[str]
    weight_setters: dict[int, str]  # criterion id -> name of who set the weight

    @property
    def option_by_id(self) -> dict[int, PolicyOption]:
        return {o.id: o for o in self.options}

    def titles(self, option_ids) -> list[str]:
        by_id = self.option_by_id
        return [by_id[i].title for i in option_ids]

    @property
    def criterion_by_id(self) -> dict[int, Criterion]:
        return {c.id: c for c in self.criteria}


def mca_result(process_id: int, objective_id: int) -> McaView:
    """The multi-criteria analysis of one specific objective's options.

    Public service (used by the exports): returns an ``McaView`` with the options in
    the analysis (discarded ones left out, baseline included as the zero), the
    criteria with weights and who set them, the aggregated ``mca.McaResult`` (mean
    and spread per option x criterion, weighted totals, ranking, sensitivity) and
    the names of the scorers. Four queries whatever the number of options.
    """
    objective = get_in_process(Objective, objective_id, process_id)
    if objective is None:
        raise ValidationFailed(_("Choose an objective of this process."))
    options = [
        o for o in options_of(process_id, objective_id) if o.status != OptionStatus.DISCARDED
    ]
    criteria = criteria_of(process_id)
    rows = db.session.execute(
        db.select(
            OptionScore.option_id,
            OptionScore.criterion_id,
            OptionScore.score,
            OptionScore.scorer_key,
            OptionScore.scorer_name,
        )
        .join(PolicyOption, PolicyOption.id == OptionScore.option_id)
        .where(OptionScore.process_id == process_id, PolicyOption.objective_id == objective_id)
    ).all()
    scorers = sorted({name or key for _o, _c, _s, key, name in rows})
    baseline = next((o.id for o in options if o.is_baseline), None)
    result = mca.analyse(
        [o.id for o in options],
        [c.id for c in criteria],
        {c.id: c.weight for c in criteria},
        [(o, c, s) for o, c, s, _k, _n in rows],
        baseline,
    )
    return McaView(
        objective=objective,
        options=options,
        criteria=criteria,
        result=result,
        scorers=scorers,
        weight_setters=weight_setter_names(criteria),
    )


def weight_setter_names(criteria: list[Criterion]) -> dict[int, str]:
    """Criterion id -> name of the member who last set its weight."""
    ids = {c.weight_set_by_id for c in criteria if c.weight_set_by_id}
    if not ids:
        return {}
    names = dict(db.session.execute(db.select(User.id, User.name).where(User.id.in_(ids))).all())
    return {c.id: names.get(c.weight_set_by_id, "") for c in criteria}


def mca_overview(process_id: int) -> dict[int, dict]:
    """Per objective: the top option title(s) and whether the sensitivity check holds.

    Three queries for the whole process (options, criteria, scores), whatever its size.
    """
    criteria = criteria_of(process_id)
    if not criteria:
        return {}
    by_objective: dict[int, list] = {}
    for option_id, objective_id, title, is_baseline in db.session.execute(
        db.select(
            PolicyOption.id, PolicyOption.objective_id, PolicyOption.title, PolicyOption.is_baseline
        )
        .where(PolicyOption.process_id == process_id, PolicyOption.status != OptionStatus.DISCARDED)
        .order_by(PolicyOption.is_baseline.desc(), PolicyOption.id)
    ):
        by_objective.setdefault(objective_id, []).append((option_id, title, is_baseline))
    scores: dict[int, list] = {}
    for option_id, criterion_id, score in db.session.execute(
        db.select(OptionScore.option_id, OptionScore.criterion_id, OptionScore.score).where(
            OptionScore.process_id == process_id
        )
    ):
        scores.setdefault(option_id, []).append((option_id, criterion_id, score))
    weights = {c.id: c.weight for c in criteria}
    overview = {}
    for objective_id, rows in by_objective.items():
        if len(rows) < 2:
            continue
        titles = {option_id: title for option_id, title, _b in rows}
        baseline = next((option_id for option_id, _t, b in rows if b), None)
        checked = mca.top_and_sensitivity(
            list(titles),
            list(weights),
            weights,
            [s for option_id in titles for s in scores.get(option_id, [])],
            baseline,
        )
        overview[objective_id] = {
            "top": [titles[o] for o in checked.top],
            "stable": checked.stable and len(checked.top) == 1,
        }
    return overview
