"""Word reviews of a draft (issue 17): a review copy with hidden section anchors, and the
import of returned files (comments become threads, tracked changes become suggestions the
group accepts or rejects, every remark enters the consultation inputs register)."""


def init_app(app) -> None:
    from . import jobs, models  # noqa: F401 - registers the tables
    from .cli import review_group
    from .views import bp

    app.register_blueprint(bp)
    jobs.init_app(app)
    app.cli.add_command(review_group)
