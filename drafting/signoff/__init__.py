"""Sign-off of a draft's sections by the core institutions and the reservations register.

``init_app`` registers the pages, the readiness findings, and the validation stage's
gate: agreeing that stage over open objections needs a recorded decision, which then
overrules them in the register.
"""


def init_app(app) -> None:
    from facilitation.stages import registry

    from . import models  # noqa: F401 - tables
    from .readiness import signoff_rule
    from .services import objection_lines, overrule_open_objections
    from .vanishing import install as record_vanishing_signoffs
    from .views import bp

    app.register_blueprint(bp)
    record_vanishing_signoffs()
    registry(app).readiness(signoff_rule)
    registry(app).agreement_gate("validation", objection_lines, overrule_open_objections)
