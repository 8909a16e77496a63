"""The standard vocabulary of migration data: source types with what they usually cover,
the variables a source may hold, the six quality dimensions and the rating scale.

Plain data with translated labels; no database and no request needed.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from facilitation.labelled import Labelled


class SourceType(Labelled):
    CENSUS = "census"
    HOUSEHOLD_SURVEY = "household_survey"
    BORDER_PASSENGER_SURVEY = "border_passenger_survey"
    SPECIAL_SURVEY = "special_survey"
    BORDER_CARDS = "border_cards"
    POPULATION_REGISTER = "population_register"
    RESIDENCE_PERMITS = "residence_permits"
    FOREIGNERS_REGISTER = "foreigners_register"
    CONSULAR_REGISTER = "consular_register"
    ASYLUM_REGISTER = "asylum_register"
    DESTINATION_COUNTRIES = "destination_countries"
    OTHER_ADMINISTRATIVE = "other_administrative"
    # The official gazette, a register of decisions or an institution's own records:
    # what verifies "decree published" or "office opened", not a statistical source.
    OFFICIAL_RECORD = "official_record"

    @classmethod
    def labels(cls):
        return {
            cls.CENSUS: _l("Population census"),
            cls.HOUSEHOLD_SURVEY: _l("Household survey"),
            cls.BORDER_PASSENGER_SURVEY: _l("Border passenger survey"),
            cls.SPECIAL_SURVEY: _l("Special survey"),
            cls.BORDER_CARDS: _l("Border cards"),
            cls.POPULATION_REGISTER: _l("Population register"),
            cls.RESIDENCE_PERMITS: _l("Residence permits"),
            cls.FOREIGNERS_REGISTER: _l("Register of foreigners"),
            cls.CONSULAR_REGISTER: _l("Register of nationals at missions abroad"),
            cls.ASYLUM_REGISTER: _l("Asylum register"),
            cls.DESTINATION_COUNTRIES: _l("Data from destination countries"),
            cls.OTHER_ADMINISTRATIVE: _l("Other administrative data"),
            cls.OFFICIAL_RECORD: _l("Official gazette or administrative record of decisions"),
        }


class Coverage(Labelled):
    """How well a type of source usually covers a migration topic."""

    GOOD = "good"
    PARTIAL = "partial"
    NONE = "none"

    @classmethod
    def labels(cls):
        return {
            cls.GOOD: _l("Usually covers"),
            cls.PARTIAL: _l("Partly covers"),
            cls.NONE: _l("Does not cover"),
        }


COVERAGE_TOPICS = (
    ("immigration", _l("Immigration flows")),
    ("emigration", _l("Emigration flows")),
    ("stocks", _l("Migrant stocks")),
)


@dataclass(frozen=True)
class TypeGuidance:
    immigration: Coverage
    emigration: Coverage
    stocks: Coverage
    hint: object  # lazy translated text

    def coverage(self) -> list[tuple[object, Coverage]]:
        return [(label, getattr(self, key)) for key, label in COVERAGE_TOPICS]


G, P, N = Coverage.GOOD, Coverage.PARTIAL, Coverage.NONE

# What each standard type can usually cover: guidance for the group, not a rule.
GUIDANCE: dict[SourceType, TypeGuidance] = {
    SourceType.CENSUS: TypeGuidance(
        P,
        P,
        G,
        _l(
            "Stocks of foreign-born and foreign citizens; recent arrivals through the "
            "question on residence one or five years ago; emigrants only through "
            "questions on household members abroad. Every ten years."
        ),
    ),
    SourceType.HOUSEHOLD_SURVEY: TypeGuidance(
        P,
        P,
        P,
        _l(
            "Labour force and living-conditions surveys with a migration module; "
            "samples are small for migrant groups."
        ),
    ),
    SourceType.BORDER_PASSENGER_SURVEY: TypeGuidance(
        G,
        G,
        N,
        _l(
            "Interviews travellers at the border about purpose and intended length "
            "of stay; gives flows, not stocks."
        ),
    ),
    SourceType.SPECIAL_SURVEY: TypeGuidance(
        P,
        P,
        P,
        _l("A one-off survey of a migrant or diaspora group: rich detail, rarely repeated."),
    ),
    SourceType.BORDER_CARDS: TypeGuidance(
        G,
        G,
        N,
        _l(
            "Entry and exit cards: counts movements, not people; intended length of "
            "stay decides who is a migrant."
        ),
    ),
    SourceType.POPULATION_REGISTER: TypeGuidance(
        G,
        P,
        G,
        _l(
            "Registered residents with country of birth and citizenship; emigrants "
            "are missed when they do not deregister."
        ),
    ),
    SourceType.RESIDENCE_PERMITS: TypeGuidance(
        G,
        N,
        G,
        _l(
            "Permits issued by purpose (work, family, study): regular immigration "
            "of non-nationals only."
        ),
    ),
    SourceType.FOREIGNERS_REGISTER: TypeGuidance(
        G,
        P,
        G,
        _l(
            "Foreign citizens registered by the immigration authority; naturalised "
            "migrants leave the register."
        ),
    ),
    SourceType.CONSULAR_REGISTER: TypeGuidance(
        N,
        P,
        P,
        _l(
            "Nationals registered at embassies and consulates; registration is "
            "voluntary, so coverage of the diaspora is partial."
        ),
    ),
    SourceType.ASYLUM_REGISTER: TypeGuidance(
        P, N, P, _l("Applications, decisions and recognised refugees; covers one group only.")
    ),
    SourceType.DESTINATION_COUNTRIES: TypeGuidance(
        N,
        G,
        G,
        _l(
            "Immigration statistics of destination countries (mirror statistics) "
            "are often the best source on emigrants."
        ),
    ),
    SourceType.OTHER_ADMINISTRATIVE: TypeGuidance(
        P,
        P,
        P,
        _l(
            "Work permits, social security, school enrolment, remittance data: "
            "useful for a single topic."
        ),
    ),
    SourceType.OFFICIAL_RECORD: TypeGuidance(
        N,
        N,
        N,
        _l(
            "Verifies that a decision was taken or an output delivered (a decree "
            "published, an office opened). It needs no statistical quality rating."
        ),
    ),
}

# Sources that record decisions, not statistics: their quality is not rated.
RECORD_TYPES = frozenset({SourceType.OFFICIAL_RECORD})


STANDARD_VARIABLES = (
    ("country_of_birth", _l("Country of birth")),
    ("citizenship", _l("Citizenship")),
    ("usual_residence", _l("Country of usual residence")),
    ("previous_residence", _l("Country of previous residence")),
    ("length_of_stay", _l("Length of stay")),
    ("reason_for_migration", _l("Reason for migration")),
    ("sex", _l("Sex")),
    ("age", _l("Age")),
    ("education", _l("Education")),
    ("occupation", _l("Occupation")),
    ("date_of_arrival", _l("Date of arrival")),
)
STANDARD_VARIABLE_LABELS = dict(STANDARD_VARIABLES)


class Periodicity(Labelled):
    CONTINUOUS = "continuous"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"
    MULTI_YEAR = "multi_year"
    DECENNIAL = "decennial"
    ONE_OFF = "one_off"

    @classmethod
    def labels(cls):
        return {
            cls.CONTINUOUS: _l("Continuous (register)"),
            cls.MONTHLY: _l("Monthly"),
            cls.QUARTERLY: _l("Quarterly"),
            cls.ANNUAL: _l("Annual"),
            cls.MULTI_YEAR: _l("Every few years"),
            cls.DECENNIAL: _l("Every ten years"),
            cls.ONE_OFF: _l("One-off"),
        }


class Access(Labelled):
    OPEN = "open"
    ON_REQUEST = "on_request"
    UNDER_AGREEMENT = "under_agreement"
    REFUSED = "refused"

    @classmethod
    def labels(cls):
        return {
            cls.OPEN: _l("Open (published)"),
            cls.ON_REQUEST: _l("On request"),
            cls.UNDER_AGREEMENT: _l("Only under a data-sharing agreement"),
            cls.REFUSED: _l("Not accessible to the lead institution"),
        }


class SharingAgreement(Labelled):
    SIGNED = "signed"
    IN_PREPARATION = "in_preparation"
    NONE = "none"
    NOT_NEEDED = "not_needed"

    @classmethod
    def labels(cls):
        return {
            cls.SIGNED: _l("Signed"),
            cls.IN_PREPARATION: _l("In preparation"),
            cls.NONE: _l("None"),
            cls.NOT_NEEDED: _l("Not needed (open data)"),
        }


class Dimension(Labelled):
    """The six quality dimensions (European Statistics Code of Practice)."""

    RELEVANCE = "relevance"
    ACCURACY = "accuracy"
    TIMELINESS = "timeliness"
    COMPARABILITY = "comparability"
    COHERENCE = "coherence"
    ACCESSIBILITY = "accessibility"

    @classmethod
    def labels(cls):
        return {
            cls.RELEVANCE: _l("Relevance"),
            cls.ACCURACY: _l("Accuracy"),
            cls.TIMELINESS: _l("Timeliness and punctuality"),
            cls.COMPARABILITY: _l("Comparability"),
            cls.COHERENCE: _l("Coherence"),
            cls.ACCESSIBILITY: _l("Accessibility and clarity"),
        }

    @property
    def question(self) -> str:
        return str(DIMENSION_QUESTIONS[self])


DIMENSION_QUESTIONS = {
    Dimension.RELEVANCE: _l("Does it measure what the policy needs to know?"),
    Dimension.ACCURACY: _l("How close are its figures to the true values (coverage, errors)?"),
    Dimension.TIMELINESS: _l("Are figures recent and released when announced?"),
    Dimension.COMPARABILITY: _l("Can figures be compared over time and with other countries?"),
    Dimension.COHERENCE: _l("Do its figures agree with other sources and definitions?"),
    Dimension.ACCESSIBILITY: _l("Can users get the data and understand its documentation?"),
}

SCORE_MIN, SCORE_MAX = 0, 3
SCORE_LABELS = {
    0: _l("0 - not met"),
    1: _l("1 - poor"),
    2: _l("2 - acceptable"),
    3: _l("3 - good"),
}

# A source can feed an indicator ("usable") when access is not refused and its latest
# ratings on relevance and accuracy are at least this score. A source not rated yet is
# shown as "not rated yet" and is not usable until the group rates it (an official
# record of decisions needs no rating).
USABLE_MIN_SCORE = 2
USABLE_DIMENSIONS = (Dimension.RELEVANCE, Dimension.ACCURACY)
USABLE_DEFINITION = _l(
    "A source is usable when the lead institution can access it (access is not "
    '"not accessible") and its latest rating on relevance and on accuracy is at least '
    "2 - acceptable (a source not rated yet is not usable; an official gazette or record "
    "of decisions needs no rating). An indicator has a usable source when at least one "
    "usable source is mapped to it and the group marked that source as able to feed it."
)


class DocumentKind(Labelled):
    STUDY = "study"
    REPORT = "report"
    MIGRATION_PROFILE = "migration_profile"
    STATISTICAL_RELEASE = "statistical_release"
    EVALUATION = "evaluation"

    @classmethod
    def labels(cls):
        return {
            cls.STUDY: _l("Study"),
            cls.REPORT: _l("Report"),
            cls.MIGRATION_PROFILE: _l("Migration profile"),
            cls.STATISTICAL_RELEASE: _l("Statistical release"),
            cls.EVALUATION: _l("Evaluation"),
        }
