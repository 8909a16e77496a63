"""The stages of the policy cycle and the registries other packages fill in.

Packages never import each other's views: they register the page of a stage,
the counters of its artefacts, snapshot builders and side-navigation entries here
from their ``init_app``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Stage:
    key: str
    label: object  # a lazy translated string
    hint: object


STAGES: tuple[Stage, ...] = (
    Stage("agenda", _l("Agenda setting"), _l("Issues, their drivers, and the agenda decision")),
    Stage(
        "analysis",
        _l("Situation and problem analysis"),
        _l("SWOT and TOWS, gap analysis, problem tree and problem statement"),
    ),
    Stage("objectives", _l("Objectives"), _l("Objectives tree, SMART checks and indicators")),
    Stage("options", _l("Policy options"), _l("Options per objective and multi-criteria analysis")),
    Stage(
        "instruments",
        _l("Policy instruments"),
        _l("Regulatory, financial, informational and organisational means"),
    ),
    Stage(
        "action_plan",
        _l("Action plan"),
        _l("Activities, responsibilities, timeline, indicators and costs"),
    ),
    Stage("validation", _l("Validation"), _l("Round tables and endorsement of the policy")),
)
STAGE_KEYS = tuple(s.key for s in STAGES)
STAGE_BY_KEY = {s.key: s for s in STAGES}


@dataclass(frozen=True)
class Finding:
    """One break in the chain or broken method rule, with where to mend it."""

    stage: str
    message: str
    endpoint: str
    url_values: dict = field(default_factory=dict)
    severity: str = "error"  # "error" breaks the chain; "warning" is a method advice


@dataclass(frozen=True)
class AgreementGate:
    """Open items (e.g. objections) that a stage may be agreed over only by a recorded
    decision: ``open_items(process_id) -> list[str]``, and ``on_decision(process_id,
    reference, text, user)`` run when the stage is agreed over them."""

    open_items: Callable
    on_decision: Callable


@dataclass
class NavEntry:
    label: object
    endpoint: str
    order: int
    stage: str | None = None


@dataclass
class Registry:
    """Filled by each package's init_app; read by the dashboard and the layout."""

    # stage key -> endpoint of the stage's page (takes process_id)
    stage_pages: dict[str, str] = field(default_factory=dict)
    # stage key -> callables(process_id) -> SQLAlchemy select of one count
    counters: dict[str, list[Callable]] = field(default_factory=dict)
    # stage key -> callable(process_id) -> JSON-able summary, stored on agreement
    snapshotters: dict[str, Callable] = field(default_factory=dict)
    nav: list[NavEntry] = field(default_factory=list)
    # callables(process_id) -> list[Finding]: breaks in the chain, for the readiness page
    readiness_rules: list[Callable] = field(default_factory=list)
    # stage key -> gates whose open items need a recorded decision to agree the stage
    agreement_gates: dict[str, list[AgreementGate]] = field(default_factory=dict)
    # stage key -> endpoint prefixes of the views that read or change that stage's
    # artefacts: an agreed stage makes them read-only (see facilitation/stage_lock.py)
    stage_routes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # endpoints inside a stage's prefixes that stay open once it is agreed (monitoring)
    open_after_agreement: set[str] = field(default_factory=set)
    # callables(endpoint, view_args) -> stage key or None, for views whose stage depends
    # on the object they show (a draft tied to a stage)
    stage_resolvers: list[Callable] = field(default_factory=list)
    # callables(app) -> int: run when a server process stops gracefully (SIGTERM), e.g.
    # drafting saves its open co-editing rooms; each returns how many things it flushed
    stop_hooks: list[Callable] = field(default_factory=list)

    def on_stop(self, hook: Callable) -> None:
        self.stop_hooks.append(hook)

    def stage_page(self, stage: str, endpoint: str) -> None:
        self.stage_pages[stage] = endpoint

    def count(self, stage: str, counter: Callable) -> None:
        self.counters.setdefault(stage, []).append(counter)

    def snapshot(self, stage: str, builder: Callable) -> None:
        self.snapshotters[stage] = builder

    def readiness(self, rule: Callable) -> None:
        self.readiness_rules.append(rule)

    def agreement_gate(self, stage: str, open_items: Callable, on_decision: Callable) -> None:
        self.agreement_gates.setdefault(stage, []).append(AgreementGate(open_items, on_decision))

    def gate_items(self, process_id: int, stage: str) -> list[str]:
        return [
            item for g in self.agreement_gates.get(stage, []) for item in g.open_items(process_id)
        ]

    def stage_views(self, stage: str, *prefixes: str, open_after: tuple[str, ...] = ()) -> None:
        self.stage_routes[stage] = self.stage_routes.get(stage, ()) + prefixes
        self.open_after_agreement.update(open_after)

    def stage_resolver(self, resolver: Callable) -> None:
        self.stage_resolvers.append(resolver)

    def stage_of(self, endpoint: str | None, view_args: dict | None = None) -> str | None:
        """The stage whose artefacts this view reads or changes, if any."""
        if not endpoint or endpoint in self.open_after_agreement:
            return None
        for stage, prefixes in self.stage_routes.items():
            if endpoint.startswith(prefixes):
                return stage
        for resolver in self.stage_resolvers:
            stage = resolver(endpoint, view_args or {})
            if stage:
                return stage
        return None

    def nav_entry(self, label, endpoint: str, order: int, stage: str | None = None) -> None:
        self.nav.append(NavEntry(label, endpoint, order, stage))
        self.nav.sort(key=lambda e: e.order)


def registry(app=None) -> Registry:
    from flask import current_app

    app = app or current_app
    return app.extensions.setdefault("policycycle_registry", Registry())
