"""Planning stages of the policy cycle: policy options with their multi-criteria
analysis, policy instruments, the action plan (with its Gantt chart) and the
readiness check that lists every break in the chain.

Public services for other packages are in ``policycycle.planning.services``.
"""

from flask_babel import lazy_gettext as _l


def init_app(app) -> None:
    from facilitation.stages import registry

    from . import readiness, services, views, views_plan  # noqa: F401  (routes)

    app.register_blueprint(views.bp)
    app.register_blueprint(views.assets)
    reg = registry(app)
    reg.stage_page("options", "planning.options_page")
    reg.stage_page("instruments", "planning.instruments_page")
    reg.stage_page("action_plan", "planning.action_plan")
    reg.stage_views("options", "planning.options")
    reg.stage_views("instruments", "planning.instruments")
    # Monitoring reports progress on an agreed plan: it stays open after agreement.
    reg.stage_views(
        "action_plan", "planning.action_plan", open_after=("planning.action_plan_monitoring",)
    )
    reg.count("options", services.count_options)
    reg.count("instruments", services.count_instruments)
    reg.count("action_plan", services.count_actions)
    reg.snapshot("options", services.options_snapshot)
    reg.snapshot("instruments", services.instruments_snapshot)
    reg.snapshot("action_plan", services.action_plan_snapshot)
    reg.nav_entry(_l("Readiness check"), "planning.readiness_page", order=10)
    reg.nav_entry(_l("Gantt chart"), "planning.action_plan_gantt", order=60, stage="action_plan")
    for rule in readiness.RULES:
        reg.readiness(rule)
