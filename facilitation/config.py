"""Configuration read from the environment, with safe embedded defaults."""

import hashlib
import logging
import os
import secrets
from pathlib import Path


def _secret_key(instance_path: str) -> str:
    """Use SECRET_KEY, else a random key kept in instance/ so sessions survive restarts."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    if redis_url():
        # Several processes each with a key of their own refuse each other's cookies:
        # a member would be signed out whenever the proxy picks another process.
        logging.getLogger(__name__).warning(
            "REDIS_URL is set but SECRET_KEY is not: every server process makes its own key, "
            "so sign-ins and uploads break across processes. Set one SECRET_KEY for all."
        )
    key_file = Path(instance_path) / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _flag(value: str | None) -> bool | None:
    """An on/off setting that may be left unset (None: the code decides)."""
    if value is None or value.strip() == "":
        return None
    return value.strip().lower() not in ("0", "false", "no", "off")


def redis_url() -> str | None:
    return os.environ.get("REDIS_URL") or os.environ.get("SOCKETIO_MESSAGE_QUEUE") or None


def redis_prefix(configured: str | None, database_uri: str) -> str:
    """The start of every Redis key and channel of this site, ending in ":".

    Two sites may share one Redis (a staging and a production site on one ministry
    server): each names its keys after its own database, so they never hear each other.
    The processes of one site share a database, hence the prefix. ``REDIS_PREFIX`` sets it
    by hand (say, to keep it when the database moves)."""
    if configured:
        return configured if configured.endswith(":") else configured + ":"
    from sqlalchemy.engine import make_url

    try:
        shown = make_url(database_uri).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL fails later, where it is used
        shown = database_uri
    return "policycycle:" + hashlib.sha256(shown.encode()).hexdigest()[:12] + ":"


def from_environment(instance_path: str) -> dict:
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    default_db = "sqlite:///" + str(Path(instance_path) / "policycycle.sqlite3")
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", default_db),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Workshops often run over plain http on a local network; behind TLS set it to 1.
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "0") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 12,
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "en",
        "LANGUAGES": {"en": "English", "fr": "Français", "es": "Español", "pt": "Português"},
        # Text responses compressed (brotli, else gzip). Never streams (downloads, exports):
        # compressing them would buffer or re-chunk them. Already-compressed types (docx,
        # xlsx, png) are not listed. Static files are compressed once by static_assets.
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_STREAMS": False,
        "COMPRESS_MIMETYPES": [
            "text/html",
            "text/css",
            "text/javascript",
            "application/javascript",
            "application/json",
            "image/svg+xml",
        ],
        "COMPRESS_BR_LEVEL": 4,
        # Several server processes (docs/scaling.md): Redis carries Socket.IO events, the
        # co-editing relay, shared rate limits and live revocations. SOCKETIO_MESSAGE_QUEUE
        # is the older name of the same setting; alone it would share Socket.IO events
        # without keeping drafts in step, so it now switches on everything REDIS_URL does.
        "REDIS_URL": redis_url(),
        "SOCKETIO_MESSAGE_QUEUE": redis_url(),
        # Start of every Redis key and channel; default: derived from the database URL
        # (create_app, once the database is known). See redis_prefix.
        "REDIS_PREFIX": os.environ.get("REDIS_PREFIX") or None,
        # Behind a reverse proxy (deploy/nginx.conf): how many proxies to trust for the
        # client's address and scheme (X-Forwarded-For/-Proto). 0 when served directly.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES") or 0),
        # A draft's log is folded into a snapshot after this many updates.
        "DRAFT_COMPACT_AFTER": int(os.environ.get("DRAFT_COMPACT_AFTER") or 2000),
        "JOBS_SQLITE_PATH": os.environ.get("JOBS_SQLITE_PATH") or None,
        # Jobs' files (exports, uploaded archives): on SQLite in a folder beside the
        # database file unless set; in the database elsewhere (facilitation/jobs/results.py).
        "JOB_RESULTS_PATH": os.environ.get("JOB_RESULTS_PATH") or None,
        # "1" / "0" to choose; unset: in the database unless it is SQLite.
        "JOB_RESULTS_IN_DATABASE": _flag(os.environ.get("JOB_RESULTS_IN_DATABASE")),
        # Long jobs (exports...) one person may have queued or running at once.
        "JOBS_PER_USER": int(os.environ.get("JOBS_PER_USER", "3")),
        # Above this many organisations a map's figure is drawn as a job (docs/jobs.md).
        "FIGURE_IN_REQUEST_UP_TO": int(os.environ.get("FIGURE_IN_REQUEST_UP_TO", "300")),
        # Jobs the worker runs side by side (threads).
        "JOB_WORKERS": int(os.environ.get("JOB_WORKERS", "2")),
        # The worker's scheduling priority (nice): long work yields to pages and phones.
        "WORKER_NICE": int(os.environ.get("WORKER_NICE", "10")),
        # On Linux, also run the worker under SCHED_IDLE: it gets a processor only when
        # no page, phone or co-editor wants one (nice alone still shares each core).
        "WORKER_IDLE_PRIORITY": os.environ.get("WORKER_IDLE_PRIORITY", "1") not in ("0", ""),
        # "json": one JSON object per log line, for a log collector.
        "LOG_FORMAT": os.environ.get("LOG_FORMAT", "text"),
    }
