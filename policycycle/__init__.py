"""The stages of the policy cycle: analysis (agenda to objectives), planning (options to
action plan, readiness) and the evidence base. Each subpackage registers itself."""

from . import analysis, evidence, planning, validation


def init_app(app) -> None:
    analysis.init_app(app)
    planning.init_app(app)
    evidence.init_app(app)
    validation.init_app(app)
