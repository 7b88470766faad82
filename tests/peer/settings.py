"""Django settings for the peer engine's tests: SQLite always, MariaDB/PostgreSQL when configured.

``PLX_TEST_MYSQL_URL`` (``mysql://root@127.0.0.1:3306/plx_peer_test``) and ``PLX_TEST_POSTGRES_URL``
(``postgresql://postgres@127.0.0.1:5432/plx_peer_test``) name a server database; the tests create
it (dropping any earlier copy) and drop it at the end, so point them at a name used for nothing else.
Also used by ``makemigrations`` and by the benchmark.
"""
import os
import tempfile

import dj_database_url

SECRET_KEY = "plx-peer-tests"
USE_TZ = True
INSTALLED_APPS = ["plxblocks.peer"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_SQLITE = os.path.join(tempfile.gettempdir(), f"plx_peer_{os.getpid()}.sqlite3")
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": _SQLITE, "OPTIONS": {"timeout": 30},
                "TEST": {"NAME": _SQLITE}},
}


def server_database(url: str) -> dict:
    """A Django database entry for *url*; the tests create and drop the database it names."""
    entry = dj_database_url.parse(url)
    entry["TEST"] = {"NAME": entry["NAME"]}
    if entry["ENGINE"].endswith("mysql"):
        entry["OPTIONS"] = {"charset": "utf8mb4"}
        entry["TEST"].update(CHARSET="utf8mb4", COLLATION="utf8mb4_unicode_ci")
    return entry


SERVER_URLS = {"mysql": os.environ.get("PLX_TEST_MYSQL_URL", ""),
               "postgres": os.environ.get("PLX_TEST_POSTGRES_URL", "")}
for _alias, _url in SERVER_URLS.items():
    if _url:
        DATABASES[_alias] = server_database(_url)
