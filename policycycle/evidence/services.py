"""The inventory of data sources and their quality ratings. Services flush; callers commit.

Public functions used by other packages (documented contract):

- ``list_sources(process_id)``: the process's sources, by name.
- ``is_usable(source)``: ``(bool, [reasons])`` following ``catalogue.USABLE_DEFINITION``.
- ``quality_profile(source)``: the six dimensions with their latest rating (or None).
- ``inventory_rows`` and ``quality_profile_png`` live in ``policycycle.evidence.exports``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from facilitation.extensions import db
from facilitation.models import Organisation, User
from facilitation.scoped import get_in_process
from facilitation.sorting import collation_key
from facilitation.validation import ValidationFailed, in_process

from .catalogue import (
    RECORD_TYPES,
    SCORE_MAX,
    SCORE_MIN,
    STANDARD_VARIABLE_LABELS,
    USABLE_DIMENSIONS,
    USABLE_MIN_SCORE,
    Access,
    Dimension,
    Periodicity,
    SharingAgreement,
    SourceType,
)
from .models import DataSource, QualityRating

SOURCE_FIELDS = (
    "name",
    "source_type",
    "owner_id",
    "variables",
    "migrant_definition",
    "periodicity",
    "latest_period",
    "access",
    "access_conditions",
    "sharing_agreement",
    "notes",
)


def list_sources(process_id: int) -> list[DataSource]:
    return sorted(
        db.session.execute(
            db.select(DataSource)
            .where(DataSource.process_id == process_id)
            .options(selectinload(DataSource.ratings), selectinload(DataSource.owner))
        ).scalars(),
        key=lambda source: collation_key(source.name),
    )


def get_source(process_id: int, source_id: int) -> DataSource | None:
    return get_in_process(DataSource, source_id, process_id)


def _choice(enum_type, value, field: str, message: str):
    try:
        return enum_type(value)
    except ValueError:
        raise ValidationFailed({field: message}) from None


def normalise_variables(values) -> str:
    """Standard keys first in catalogue order, then free-text variables, no duplicates."""
    if isinstance(values, str):
        values = values.split(",")
    seen: list[str] = []
    for value in values or ():
        value = (value or "").strip()
        if value and value.lower() not in (v.lower() for v in seen):
            seen.append(value)
    standard = [k for k in STANDARD_VARIABLE_LABELS if k in seen]
    other = [v for v in seen if v not in STANDARD_VARIABLE_LABELS]
    return ", ".join(standard + other)


def save_source(process_id: int, data: dict, source: DataSource | None = None) -> DataSource:
    """Create (``source`` None) or update a source from a dict of ``SOURCE_FIELDS``.

    The owner must be an organisation of the same process; refused otherwise.
    """
    name = (data.get("name") or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Give the source a name.")
    elif len(name) > 200:
        errors["name"] = _("Keep the name under 200 characters.")
    else:
        clash = db.session.execute(
            db.select(DataSource.id).where(
                DataSource.process_id == process_id, DataSource.name == name
            )
        ).scalar_one_or_none()
        if clash is not None and (source is None or clash != source.id):
            errors["name"] = _("Another source already has this name.")
    if errors:
        raise ValidationFailed(errors)
    owner = in_process(
        Organisation,
        data.get("owner_id"),
        process_id,
        "owner_id",
        _("an owner institution from this process's stakeholder registry"),
    )
    if owner is None:
        raise ValidationFailed({"owner_id": _("Choose the institution that holds the data.")})
    values = {
        "name": name,
        "source_type": _choice(
            SourceType,
            data.get("source_type"),
            "source_type",
            _("Choose a type of source from the list."),
        ),
        "owner_id": owner.id,
        "variables": normalise_variables(data.get("variables")),
        "migrant_definition": (data.get("migrant_definition") or "").strip(),
        "periodicity": _choice(
            Periodicity,
            data.get("periodicity") or Periodicity.ANNUAL,
            "periodicity",
            _("Choose a periodicity from the list."),
        ),
        "latest_period": (data.get("latest_period") or "").strip()[:60],
        "access": _choice(
            Access,
            data.get("access") or Access.ON_REQUEST,
            "access",
            _("Choose an access condition from the list."),
        ),
        "access_conditions": (data.get("access_conditions") or "").strip(),
        "sharing_agreement": _choice(
            SharingAgreement,
            data.get("sharing_agreement") or SharingAgreement.NONE,
            "sharing_agreement",
            _("Choose the state of the data-sharing agreement."),
        ),
        "notes": (data.get("notes") or "").strip(),
    }
    if source is None:
        source = DataSource(process_id=process_id, **values)
        db.session.add(source)
    else:
        for key, value in values.items():
            setattr(source, key, value)
    db.session.flush()
    return source


def delete_source(source: DataSource) -> None:
    db.session.delete(source)
    db.session.flush()


def add_rating(
    process_id: int,
    source_id,
    *,
    dimension,
    score,
    note: str,
    rater: User | None,
    rated_on: date | None = None,
) -> QualityRating:
    """Add a rating (0-3, with a required evidence note). Earlier ratings are kept."""
    source = in_process(DataSource, source_id, process_id, "source_id", _("a data source"))
    if source is None:
        raise ValidationFailed({"source_id": _("Choose the source to rate.")})
    errors = {}
    try:
        dimension = Dimension(dimension)
    except ValueError:
        errors["dimension"] = _("Choose one of the six quality dimensions.")
    try:
        score = int(score)
        if not SCORE_MIN <= score <= SCORE_MAX:
            raise ValueError
    except (TypeError, ValueError):
        errors["score"] = _(
            "A rating is a whole number from %(low)d to %(high)d.", low=SCORE_MIN, high=SCORE_MAX
        )
    note = (note or "").strip()
    if not note:
        errors["note"] = _("Say what the rating rests on: a rating needs its evidence note.")
    if rated_on is not None and rated_on > date.today():
        errors["rated_on"] = _("The date of a rating cannot be in the future.")
    if errors:
        raise ValidationFailed(errors)
    rating = QualityRating(
        process_id=process_id,
        source_id=source.id,
        dimension=dimension,
        score=score,
        note=note,
        rater_id=rater.id if rater else None,
        rater_name=rater.name if rater else "",
        rated_on=rated_on or date.today(),
    )
    db.session.add(rating)
    db.session.flush()
    db.session.expire(source, ["ratings"])
    return rating


def add_ratings(
    process_id: int,
    source_id,
    ratings: dict[str, tuple],
    *,
    rater: User | None,
    rated_on: date | None = None,
) -> list[QualityRating]:
    """Rate several dimensions at once: ``{dimension: (score, note)}``. A dimension
    with neither score nor note is skipped; the others are all saved or none (errors
    are keyed ``score-<dimension>`` / ``note-<dimension>``)."""
    errors, added = {}, []
    for dimension, (score, note) in ratings.items():
        if score in (None, "") and not (note or "").strip():
            continue
        try:
            added.append(
                add_rating(
                    process_id,
                    source_id,
                    dimension=dimension,
                    score=score,
                    note=note,
                    rater=rater,
                    rated_on=rated_on,
                )
            )
        except ValidationFailed as failed:
            for field, message in failed.errors.items():
                key = f"{field}-{dimension}" if field in ("score", "note") else field
                errors[key] = message
    if errors:
        raise ValidationFailed(errors)
    if not added:
        raise ValidationFailed({"form": _("Rate at least one dimension.")})
    return added


@dataclass(frozen=True)
class ProfileBar:
    dimension: Dimension
    rating: QualityRating | None

    @property
    def score(self) -> int | None:
        return self.rating.score if self.rating else None


def quality_profile(source: DataSource) -> list[ProfileBar]:
    """Six bars in the fixed order of the dimensions; never summed into one total."""
    latest = source.latest_ratings()
    return [ProfileBar(d, latest.get(d)) for d in Dimension]


USABLE, NOT_RATED, NOT_USABLE = "usable", "not_rated", "not_usable"


def usability(source: DataSource) -> tuple[str, list[str]]:
    """The one rule of a usable source (page, readiness check and Word document).

    Returns ``("usable", [])``, ``("not_rated", reasons)`` when relevance or accuracy
    has no rating yet, or ``("not_usable", reasons)`` when access is refused or a
    rating is below ``USABLE_MIN_SCORE``. Official records of decisions are not rated.
    """
    reasons, unrated = [], []
    if source.access == Access.REFUSED:
        reasons.append(_("the lead institution cannot access it"))
    if _source_type(source) not in RECORD_TYPES:
        latest = source.latest_ratings()
        for dimension in USABLE_DIMENSIONS:
            rating = latest.get(dimension)
            if rating is None:
                unrated.append(_("%(dimension)s is not rated yet", dimension=dimension.label))
            elif rating.score < USABLE_MIN_SCORE:
                reasons.append(
                    _(
                        "%(dimension)s is rated %(score)d",
                        dimension=dimension.label,
                        score=rating.score,
                    )
                )
    if reasons:
        return NOT_USABLE, reasons + unrated
    if unrated:
        return NOT_RATED, unrated
    return USABLE, []


def _source_type(source: DataSource):
    try:
        return SourceType(source.source_type)
    except ValueError:
        return None


def is_usable(source: DataSource) -> tuple[bool, list[str]]:
    """Whether a source can feed indicators, with the reasons when it cannot."""
    state, reasons = usability(source)
    return state == USABLE, reasons


def statistics_office(process_id: int) -> Organisation | None:
    """The national statistics office of the process's registry, if there is one."""
    from facilitation.models import OrganisationCategory

    return db.session.execute(
        db.select(Organisation)
        .where(
            Organisation.process_id == process_id,
            Organisation.category == OrganisationCategory.STATISTICS_OFFICE,
        )
        .order_by(Organisation.id)
        .limit(1)
    ).scalar_one_or_none()


def organisations(process_id: int) -> list[Organisation]:
    return sorted(
        db.session.execute(
            db.select(Organisation).where(Organisation.process_id == process_id)
        ).scalars(),
        key=lambda o: collation_key(o.name),
    )
