"""The validation stage: round tables, versions, readiness and endorsement."""

from sqlalchemy import func


def count_endorsements(process_id: int):
    from facilitation.extensions import db

    from .models import Endorsement

    return db.select(func.count(Endorsement.id)).where(Endorsement.process_id == process_id)


def snapshot(process_id: int) -> dict:
    from .views import endorsements

    return {
        "endorsements": [
            {
                "body": e.body,
                "decision": e.decision.label,
                "date": e.decided_on.isoformat(),
                "reference": e.reference,
                "version": e.version_label,
            }
            for e in endorsements(process_id)
        ]
    }


def init_app(app) -> None:
    from facilitation.stages import registry

    from . import models  # noqa: F401 - tables
    from .views import bp

    app.register_blueprint(bp)
    reg = registry(app)
    reg.stage_page("validation", "validation.page")
    reg.stage_views("validation", "validation.")
    reg.count("validation", count_endorsements)
    reg.snapshot("validation", snapshot)
