"""Word and Excel exports of a process (issue 6).

``init_app(app)`` registers the Exports page (blueprint ``exports``), its navigation
entry and the ``policycycle export`` command. The builders (``docx_base``, ``figures``,
``policy_doc``, ``action_plan``, ``consultation``, ``workbooks``) import no Flask
application state; ``services`` gathers the data and records provenance.

Public to the packages above: ``docx_base`` (the python-docx helpers, documented at its
top) and ``doc_locale`` (numbers and dates in the process language); the workshop report
(``workshops/report.py``) is built with them. The rest is this package's own.
"""

from flask_babel import lazy_gettext as _l


def init_app(app) -> None:
    from facilitation.stages import registry

    from . import models  # noqa: F401 - registers the export_template table
    from .cli import export_command
    from .views import bp

    app.register_blueprint(bp)
    app.cli.add_command(export_command)
    registry(app).nav_entry(_l("Exports"), "exports.index", order=90)
