"""Agenda setting, situation analysis, problem formulation and objectives.

``init_app`` registers the blueprint, the stage pages and sub-page navigation, the
artefact counters, stage snapshots and readiness rules.
"""

from flask_babel import lazy_gettext as _l


def init_app(app) -> None:
    from facilitation.stages import registry

    from . import agenda_views, objective_views, problem_views, readiness, situation_views
    from . import models as _models  # noqa: F401  (tables for create_all and migrations)
    from .routing import bp

    del agenda_views, objective_views, problem_views, situation_views  # routes are on bp

    app.register_blueprint(bp)
    reg = registry(app)
    reg.stage_page("agenda", "analysis.agenda")
    reg.stage_page("analysis", "analysis.analysis")
    reg.stage_page("objectives", "analysis.objectives")
    reg.stage_views("agenda", "analysis.agenda")
    reg.stage_views("analysis", "analysis.analysis")
    reg.stage_views("objectives", "analysis.objectives")
    for label, endpoint, order in (
        (_l("Prioritisation criteria"), "analysis.agenda_criteria", 11),
        (_l("SWOT"), "analysis.analysis", 21),
        (_l("TOWS matrix"), "analysis.analysis_tows", 22),
        (_l("Gap analysis"), "analysis.analysis_gaps", 23),
        (_l("Problem tree"), "analysis.analysis_problem_tree", 24),
        (_l("Problem statement"), "analysis.analysis_statement", 25),
    ):
        reg.nav_entry(label, endpoint, order, stage="agenda" if order < 20 else "analysis")
    readiness.register(app)
