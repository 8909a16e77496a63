"""Stakeholders: registry (organisation tree, focal points, assessments), typed ties
analysed with networkx, the network map, consultations with the inputs register
("you said, we did"), commitments and the coverage dashboard.

Public services for other packages are in ``stakeholders.services``; figures for Word
exports in ``stakeholders.figures``.
"""

from flask_babel import lazy_gettext as _l


def init_app(app) -> None:
    from facilitation.stages import registry

    from . import (
        figure_jobs,
        import_jobs,
        models,  # noqa: F401  (tables registered before create_all)
    )
    from .readiness import consultation_rule
    from .views import register

    register(app)
    figure_jobs.init_app(app)
    import_jobs.init_app(app)
    reg = registry(app)
    reg.nav_entry(_l("Stakeholders"), "stakeholders.registry_page", order=40)
    reg.nav_entry(_l("Stakeholder map"), "stakeholders.map_page", order=41)
    reg.nav_entry(_l("Consultations"), "stakeholders.consultations", order=42)
    reg.nav_entry(_l("You said, we did"), "stakeholders.inputs", order=43)
    reg.nav_entry(_l("Consultation coverage"), "stakeholders.coverage", order=44)
    reg.readiness(consultation_rule)
