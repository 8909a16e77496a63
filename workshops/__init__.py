"""Live workshops: plan a session, run it over the /workshop Socket.IO namespace with a
facilitator console, a projector view and phones, and feed its outputs into the cycle.

A floor above the cycle (docs/architecture.md, "The packages are floors"): this package
imports policycycle, stakeholders and drafting; none of them imports it. The stage pages
show where an artefact came from through the template global ``workshop_provenance_for``
(``intake.provenance_for``, macro ``workshops/_provenance.html``) registered below;
``results.workshop_results_for`` gives the votes an object received in sessions.
"""

import os

from flask_babel import lazy_gettext as _l


def _rate(name: str, default: tuple[int, int]) -> tuple[int, int]:
    """A submission limit "count/seconds" from the environment, e.g. WORKSHOP_IDEA_RATE=10/30."""
    raw = os.environ.get(name, "")
    try:
        count, seconds = (int(part) for part in raw.split("/"))
    except ValueError:
        return default
    return (count, seconds) if count > 0 and seconds > 0 else default


def init_app(app) -> None:
    from facilitation.stages import registry

    from . import events, public_views, roster_views, views  # noqa: F401 (routes)
    from .intake import provenance_for

    app.config.setdefault("WORKSHOP_IDEA_RATE", _rate("WORKSHOP_IDEA_RATE", (10, 30)))
    app.config.setdefault("WORKSHOP_ANSWER_RATE", _rate("WORKSHOP_ANSWER_RATE", (40, 30)))
    # Joins per network address (a phone joins once; resuming does not count).
    app.config.setdefault("WORKSHOP_JOIN_RATE", _rate("WORKSHOP_JOIN_RATE", (10, 600)))
    app.config.setdefault("WORKSHOP_JOIN_BASE", os.environ.get("WORKSHOP_JOIN_BASE", ""))
    app.register_blueprint(views.bp)  # with the routes of roster_views
    app.register_blueprint(public_views.bp)
    events.init_app(app)
    app.jinja_env.globals["workshop_provenance_for"] = provenance_for
    reg = registry(app)
    reg.nav_entry(_l("Workshops"), "workshops.index", order=40)
