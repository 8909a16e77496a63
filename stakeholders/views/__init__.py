"""The stakeholders blueprint: registry, map and analytics, consultations, coverage."""

import os

from flask import Blueprint

from .common import template_helpers

bp = Blueprint("stakeholders", __name__, url_prefix="/p/<int:process_id>/stakeholders")
bp.context_processor(template_helpers)
# Map script, its CSS and the vendored Cytoscape.js, served by the app itself (no CDN).
assets = Blueprint(
    "stakeholders_assets",
    __name__,
    static_folder=os.path.join(
        os.path.dirname(os.path.dirname(__file__)), "static", "stakeholders"
    ),
    static_url_path="/static/stakeholders-assets",
)


def register(app) -> None:
    from . import batch_pages, consultation_pages, map_pages, registry_pages  # noqa: F401

    app.register_blueprint(bp)
    app.register_blueprint(assets)
