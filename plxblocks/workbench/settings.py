"""Workbench settings: the XBlock SDK's own, plus the journal and peer-review apps, SQLite tuned
for concurrent saves, and the URL that serves course media.

Paths are relative to the current directory (``var/``), so ``plx serve`` runs in a data folder,
never the repository root (the SDK also serves its current directory as media).
"""
import os

from workbench.settings import *
from workbench.settings import DATABASES, INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = [*INSTALLED_APPS, "plxblocks.journal", "plxblocks.peer", "plxblocks.checks"]
ROOT_URLCONF = "plxblocks.workbench.urls"
"""The SDK's URLs without its file server over the current directory (see urls.py)."""
MIDDLEWARE = ["plxblocks.workbench.middleware.refuse_path_escapes",
              "plxblocks.workbench.middleware.load_scenarios_first", *MIDDLEWARE]
EXCLUDED_XBLOCKS = {
    "allscopes_demo", "attempts_scoreboard_demo", "equality_demo", "filethumbs", "helloworld_demo",
    "html_demo", "problem_demo", "sidebar_demo", "slider_demo", "textinput_demo", "thumbs",
    "view_counter_demo",
}
"""Hide the SDK's sample blocks from the scenario list: only plx units and blocks are shown."""
PLX_WORKBENCH_STAFF = tuple(os.environ.get("PLX_WORKBENCH_STAFF", "staff").split(","))
"""Workbench learners (``?student=``) who act as course staff in plx_peer_review (Open edX: course staff)."""
LANGUAGE_CODE = os.environ.get("PLX_LMS_LANGUAGE", "en")
"""Stands in for the LMS language: a learner's default language follows it (``cy`` for Welsh)."""

if "WORKBENCH_DATABASES" not in os.environ:
    DATABASES = {"default": {**DATABASES["default"], "NAME": os.environ.get("PLX_DB", "var/workbench.db")}}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Take the write lock when a transaction starts and wait for it, instead of failing with
    # "database is locked" when two learners save at once. WAL lets pages be read while a save
    # writes; synchronous=NORMAL syncs at checkpoints rather than every commit (a power cut may
    # lose the last saves of this development database, a crash of the server loses none).
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "transaction_mode": "IMMEDIATE", "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"})
elif DATABASES["default"]["ENGINE"].endswith("mysql"):
    import pymysql

    # PyMySQL stands in for mysqlclient (no C build needed); Django checks the version it claims.
    pymysql.version_info = (2, 2, 1, "final", 0)
    pymysql.install_as_MySQLdb()


# The SDK logs every SQL statement at DEBUG into var/workbench.log: keep requests and warnings only.
LOGGING = {**LOGGING, "loggers": {**LOGGING["loggers"], "django": {"level": "INFO", "handlers": ["logfile"]}}}
LOGGING["handlers"] = {**LOGGING["handlers"], "logfile": {**LOGGING["handlers"]["logfile"],
                                                          "filename": os.environ.get("PLX_LOG", "var/workbench.log")}}

WORKBENCH = {**WORKBENCH, "services": {**WORKBENCH["services"],
                                       "field-data": "plxblocks.workbench.field_data.RequestCachedFieldData"}}
