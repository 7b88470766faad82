"""Django settings of the LTI tool, all from the environment (docs/lti.md lists every variable).

The same module runs the trial (``plx lti serve``: SQLite in a data folder, one process) and
production (gunicorn workers on any number of hosts, PostgreSQL or MariaDB). Everything a second
request needs is in the database: sessions are launch rows, pylti1p3's OIDC state and nonces go
to Django's database cache table, so no worker keeps anything another one needs.
"""
import os
from pathlib import Path

DATA = Path(os.environ.get("PLX_LTI_DATA", "var/lti")).resolve()


def _secret_key() -> str:
    """``PLX_LTI_SECRET_KEY``, else the key ``plx lti serve`` wrote into the data folder."""
    key = os.environ.get("PLX_LTI_SECRET_KEY", "")
    path = DATA / "secret-key"
    return key or (path.read_text(encoding="utf-8").strip() if path.is_file() else "")


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("PLX_LTI_DEBUG", "") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("PLX_LTI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
BASE_URL = os.environ.get("PLX_LTI_BASE_URL", "").rstrip("/")
"""The tool's public address (``https://plx.example.org``); empty: taken from each request."""
PLX_CONTENT = [Path(p) for p in os.environ.get("PLX_CONTENT", "content").split(os.pathsep) if p]
"""Course folders (or folders of course folders) the tool serves."""
PLX_LTI_SESSION_HOURS = float(os.environ.get("PLX_LTI_SESSION_HOURS", "8"))
PLX_LTI_SEND_SCORES = os.environ.get("PLX_LTI_SEND_SCORES", "1") != "0"
"""Post changed scores to the platform at the end of the request (the outbox retries the rest)."""


def _whole_number(name: str, default: int) -> int | str:
    """An integer from the environment; anything else is kept for system check plx.E002 to name."""
    value = os.environ.get(name, str(default))
    return int(value) if value.strip().isdigit() else value


PLX_PEER_MAX_REPORTS = _whole_number("PLX_PEER_MAX_REPORTS", 3)
"""Reports one learner may make in a peer-review task (docs/operators.md, "Reports")."""
PLX_PEER_REPORTS_TO_HIDE = _whole_number("PLX_PEER_REPORTS_TO_HIDE", 3)
"""Learners whose reports hide a response before staff decide."""

INSTALLED_APPS = ["plxblocks.journal", "plxblocks.peer", "plxblocks.lti"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.middleware.common.CommonMiddleware"]
ROOT_URLCONF = "plxblocks.lti.urls"
USE_TZ = True
USE_I18N = False
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
TEMPLATES = []
WSGI_APPLICATION = "plxblocks.lti.wsgi.application"
X_FRAME_OPTIONS = "ALLOWALL"  # the tool runs in the platform's iframe; pages set CSP frame-ancestors instead
SECURE_REFERRER_POLICY = "no-referrer"  # page addresses carry the session token
SECURE_CONTENT_TYPE_NOSNIFF = True
if os.environ.get("PLX_LTI_BEHIND_PROXY") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True


def _databases() -> dict:
    url = os.environ.get("PLX_LTI_DATABASE_URL", "")
    if not url:
        return {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA / "plx-lti.sqlite3"),
                            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 30,
                                        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}}}
    import dj_database_url

    entry = dj_database_url.parse(url, conn_max_age=int(os.environ.get("PLX_LTI_CONN_MAX_AGE", "60")))
    if entry["ENGINE"].endswith("mysql"):
        entry["OPTIONS"] = {"charset": "utf8mb4"}
        try:
            import MySQLdb  # noqa: F401  (mysqlclient, when installed)
        except ImportError:
            import pymysql

            pymysql.version_info = (2, 2, 1, "final", 0)
            pymysql.install_as_MySQLdb()
    return {"default": entry}


DATABASES = _databases()
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # pylti1p3's OIDC state, nonces and launch data: in the database, shared by every worker and host.
    # Entries expire within 15 minutes (launch.py); the default cap of 300 entries would cull nonces
    # of logins still under way when many learners launch at once.
    "lti": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "plx_lti_cache",
            "OPTIONS": {"MAX_ENTRIES": 1_000_000, "CULL_FREQUENCY": 10}},
}
LOGGING = {
    "version": 1, "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"plxblocks.lti": {"handlers": ["console"], "level": os.environ.get("PLX_LTI_LOG_LEVEL", "INFO")},
                "django": {"handlers": ["console"], "level": "WARNING"}},
}
