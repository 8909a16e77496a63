"""Application factory: config -> extensions -> each domain's init_app."""

from __future__ import annotations

import importlib
import os

from flask import Flask, g, has_request_context, request, session
from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine

from . import (
    access,
    audit,
    change_stamp,
    cluster,
    config,
    crafted_input,
    dates,
    early_headers,
    errors,
    live_access,
    number_format,
    page_validators,
    pending_uploads,  # noqa: F401 - registers the pending_upload table
    plaintext,
    readable,
    request_translations,
    security_headers,
    side_navigation,
    static_assets,
)
from .extensions import babel, compress, csrf, db, login_manager, migrate, socketio

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Domain packages, each exposing init_app(app). Order matters only for navigation.
DOMAINS = (
    "facilitation.auth",
    "facilitation.processes",
    "policycycle",
    "stakeholders",
    "drafting",
    "drafting.export",
    "drafting.export.jobs",
    "workshops",
    "facilitation.jobs",
    "facilitation.search",
    # Above every domain: archives read all process-scoped tables by introspection.
    "archive",
    # Above archive: the demo processes are archives it imports.
    "demo",
)


def select_locale() -> str:
    """The user's own choice, else the process's working language, else the browser's."""
    languages = ("en", "fr", "es", "pt")
    if not has_request_context():
        return "en"
    phone = g.get("phone_language")  # a workshop phone page: the room's language
    if phone in languages:
        return phone
    if current_user and current_user.is_authenticated and current_user.locale:
        return current_user.locale
    visitor = session.get("language")  # the switch, before signing in
    if visitor in languages and not (current_user and current_user.is_authenticated):
        return visitor
    process = g.get("process")
    if process is not None and process.language in languages:
        return process.language
    return request.accept_languages.best_match(languages) or "en"


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=os.environ.get("INSTANCE_PATH", os.path.join(ROOT, "instance")),
        template_folder=os.path.join(ROOT, "templates"),
    )
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    app.config["REDIS_PREFIX"] = config.redis_prefix(
        app.config.get("REDIS_PREFIX"), app.config["SQLALCHEMY_DATABASE_URI"]
    )
    crafted_input.init_app(app)
    security_headers.init_app(app)

    db.init_app(app)
    change_stamp.init_app(app)  # counts every committed write (page validators)
    page_validators.init_app(app)
    # First after_request registered runs last: compression sees the finished response.
    compress.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=os.path.join(ROOT, "facilitation", "translations"),
    )
    request_translations.install(app, babel)
    # Flask-SocketIO keeps its options between init_app calls: an app made earlier in this
    # process with Redis would leave its queue behind for an app made without it.
    socketio.server_options.pop("client_manager", None)
    socketio.init_app(
        app,
        message_queue=app.config.get("REDIS_URL") or app.config.get("SOCKETIO_MESSAGE_QUEUE"),
        channel=app.config["REDIS_PREFIX"] + "socketio",  # one site's events, not another's
        async_mode=app.config.get("SOCKETIO_ASYNC_MODE"),
        # Drafts exchange binary Yjs updates; the 1 MB default would silently drop
        # a large paste. Our own limits give the user a clear message instead.
        max_http_buffer_size=app.config.get("SOCKETIO_MAX_BUFFER", 8 * 1024 * 1024),
        # Handle each client's events in order, in its own reader greenlet: with one
        # greenlet per event, a client's last message before a clean disconnect ran after
        # the disconnect and was dropped, and a client's own updates could overtake.
        async_handlers=False,
    )
    if app.config.get("TRUSTED_PROXIES"):  # rate limits and join sources need the real address
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    cluster.init_app(app)  # before the domains: they subscribe to its topics
    live_access.init_app(app)
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.filters["format_date"] = format_date
    app.jinja_env.filters["format_datetime"] = format_datetime
    app.jinja_env.filters["format_number"] = number_format.format_number
    app.jinja_env.filters["plan_date"] = dates.show
    app.jinja_env.filters["moment"] = dates.show_moment
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["describe_event"] = readable.describe_event
    audit.install()
    plaintext.install()
    access.init_app(app)
    side_navigation.init_app(app)
    errors.init_app(app)

    for name in DOMAINS:
        importlib.import_module(name).init_app(app)

    access.verify_routes(app)
    static_assets.init_app(app)  # after every blueprint: it reads their static folders

    @app.context_processor
    def _layout_globals():
        from .stages import STAGES, registry

        return {
            "STAGES": STAGES,
            "registry": registry(app),
            "LANGUAGES": app.config["LANGUAGES"],
        }

    early_headers.init_app(app)  # last: its middleware must wrap every other one
    return app
