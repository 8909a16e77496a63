"""The validation stage: round tables, versions, readiness and endorsement."""

from datetime import timedelta

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


def load_demo(process, context) -> None:
    from facilitation.extensions import db

    from .models import Decision, Endorsement

    db.session.add(
        Endorsement(
            process_id=process.id,
            body="Core working group",
            decision=Decision.ENDORSED_WITH_CHANGES,
            decided_on=context.today - timedelta(days=18),
            reference="Minutes of the 4th core group meeting",
            version_label="v0.2 situation analysis",
            note="Endorsed the situation analysis chapter; asked for labour-market data "
            "by sex and age before the validation round table.",
        )
    )


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
    reg.demo(load_demo, order=95)
