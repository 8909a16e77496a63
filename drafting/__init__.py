"""Co-edited drafts: the policy document and others, written by the group at once.

``init_app`` registers the pages, the ``/drafting`` Socket.IO namespace, the side
navigation entry.
"""

from flask_babel import lazy_gettext as _l


def init_app(app) -> None:
    from facilitation.search import indexing as search_indexing
    from facilitation.stages import registry

    from . import events, models, relay, review, rooms, signoff, stage_ties  # noqa: F401 - tables
    from .readiness import drafting_rule
    from .store import plain_text_of
    from .views import assets, bp

    app.register_blueprint(bp)
    app.register_blueprint(assets)
    events.init_app(app)
    review.init_app(app)
    relay.init_app(app)
    registry(app).nav_entry(_l("Drafts"), "drafting.index", order=60)
    registry(app).readiness(drafting_rule)
    signoff.init_app(app)
    registry(app).stage_resolver(stage_ties.resolve)
    registry(app).on_stop(rooms.flush_open_rooms)
    search_indexing.read_draft_text_with(plain_text_of)  # draft text for the search backfill
