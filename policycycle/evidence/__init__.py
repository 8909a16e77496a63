"""The evidence base: the inventory of data sources with their quality profiles,
indicators x sources (gaps turned into data-development activities), the evidence that
claims cite, data sharing between institutions, and the inventory exports.

Public services for other packages: ``policycycle.evidence.exports`` (``inventory_rows``,
``inventory_columns``, ``quality_profile_png``, ``inventory_xlsx``),
``policycycle.evidence.mapping`` (``indicator_rows``, ``indicator_gaps``) and
``policycycle.evidence.links`` (``claims``, ``unsupported_claims``).
"""

from flask_babel import lazy_gettext as _l


def init_app(app) -> None:
    from facilitation.stages import registry

    from . import indicator_views, link_views, readiness, views
    from . import models as _models  # noqa: F401  (tables for create_all and migrations)

    del indicator_views, link_views  # their routes are on views.bp

    app.register_blueprint(views.bp)
    reg = registry(app)
    reg.nav_entry(_l("Evidence"), "evidence.inventory", order=40)
    reg.readiness(readiness.unsupported_claims_rule)
    reg.readiness(readiness.indicator_gap_rule)
