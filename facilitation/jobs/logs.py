"""Structured logs: ``LOG_FORMAT=json`` writes one JSON object per line (time, level,
logger, message, and the exception when there is one), for a log collector."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from flask.logging import default_handler


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(app) -> None:
    """Log INFO and above to stderr (as text, or JSON with LOG_FORMAT=json). Tests keep
    pytest's own handlers."""
    if app.testing:
        return
    root = logging.getLogger()
    if getattr(root, "_policycycle_configured", False):
        return
    handler = logging.StreamHandler()
    if app.config.get("LOG_FORMAT") == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    for name in ("policycycle", "huey", app.logger.name):
        logging.getLogger(name).setLevel(logging.INFO)
    # Flask's own handler would write each app log line a second time.
    app.logger.removeHandler(default_handler)
    root._policycycle_configured = True
