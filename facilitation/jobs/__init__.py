"""Long work off the web server: a job table, a Huey queue (SQLite in instance/ or
Redis), a worker process (``policycycle worker``), progress pages and ``/health``.
See docs/jobs.md."""


def init_app(app) -> None:
    from . import models  # noqa: F401 - registers the job table
    from .logs import configure_logging
    from .views import bp, health_bp
    from .worker import worker_command

    app.register_blueprint(bp)
    app.register_blueprint(health_bp)
    app.cli.add_command(worker_command)
    configure_logging(app)
