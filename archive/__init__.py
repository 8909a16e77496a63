"""Process archives: export a whole process to one file, import it as a new process.

A package of its own, above the domain packages: it reads every process-scoped table by
introspection (``scope.py``), so neither the foundation nor a domain package knows it."""


def init_app(app) -> None:
    from . import cli, jobs, merge_jobs, merge_views, models, views  # noqa: F401 (models)

    app.cli.add_command(cli.archive_cli)
    jobs.init_app(app)
    merge_jobs.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(merge_views.bp)
    app.register_blueprint(views.import_bp)
