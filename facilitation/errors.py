"""Error pages in the app's style; no stack trace ever reaches a user."""

from flask import g, render_template, request
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

from .extensions import db

NUMERIC_OUT_OF_RANGE = "22003"  # PostgreSQL: integer out of range

MESSAGES = {
    400: lambda: _("The request could not be understood. Please go back and try again."),
    403: lambda: _("You do not have permission to do this in this process."),
    404: lambda: _("This page does not exist, or you do not have access to it."),
    405: lambda: _("This action is not allowed here."),
    413: lambda: _("The file or text you sent is too large."),
    429: lambda: _("Too many requests. Please wait a moment and try again."),
    500: lambda: _("Something went wrong on our side. Nothing you typed has been half-saved."),
}


def _wants_fragment() -> bool:
    return request.headers.get("HX-Request") == "true"


def _speak_the_process_language(status: int) -> None:
    """A member refused an action (403) reads the refusal in the process's working language,
    as on its other pages: the guard stops before it names ``g.process``."""
    process_id = (request.view_args or {}).get("process_id")
    if status != 403 or process_id is None or g.get("process") is not None:
        return
    from .access import membership_for

    membership = membership_for(current_user, process_id)
    if membership is not None:  # a member: the process is no secret to them
        g.process = membership.process
        refresh()


def render_error(status: int, message: str | None = None):
    _speak_the_process_language(status)
    message = message or MESSAGES.get(status, MESSAGES[500])()
    template = "errors/_fragment.html" if _wants_fragment() else "errors/error.html"
    return render_template(template, status=status, message=message), status


def init_app(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            _(
                "Your session form expired or was sent from another site. Reload the page and try again."
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        return render_error(code if code in MESSAGES else 500 if code >= 500 else 400)

    @app.errorhandler(OverflowError)
    def number_out_of_range(error: OverflowError):
        # A number no database row can have (a crafted id in a form or query string).
        db.session.rollback()
        return render_error(404)

    @app.errorhandler(DataError)
    def value_out_of_range(error: DataError):
        db.session.rollback()
        if getattr(error.orig, "pgcode", None) == NUMERIC_OUT_OF_RANGE:
            return render_error(404)
        app.logger.exception("Unhandled error")
        return render_error(500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error")
        return render_error(500)
