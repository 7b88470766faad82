"""Server databases for the journal tests, chosen by environment variables.

``PLX_TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/plx_xb_test`` and
``PLX_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/plx_xb_test``. The database named in
the URL is dropped and created again, so it must start with ``plx_xb_`` (other engineers' tests
use other prefixes on the same servers). Without the variable, the test is skipped and says so.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
from urllib.parse import unquote, urlparse

import pytest

VARIABLES = {"mysql": "PLX_TEST_MYSQL_URL", "postgresql": "PLX_TEST_POSTGRES_URL"}
ENGINES = {"mysql": "django.db.backends.mysql", "postgresql": "django.db.backends.postgresql"}


def django_databases(url: str) -> dict:
    parts = urlparse(url)
    scheme = "postgresql" if parts.scheme in ("postgres", "postgresql") else parts.scheme
    config = {"ENGINE": ENGINES[scheme], "NAME": parts.path.lstrip("/"), "USER": unquote(parts.username or ""),
              "PASSWORD": unquote(parts.password or ""), "HOST": parts.hostname or "127.0.0.1",
              "PORT": str(parts.port or "")}
    if scheme == "mysql":
        config["OPTIONS"] = {"charset": "utf8mb4"}
    return {"default": config}


def recreate(url: str, mysql_charset: str = "utf8mb4") -> None:
    """Drop and create the (``plx_xb_``-prefixed) database named in *url*; on MySQL/MariaDB with
    *mysql_charset* as its default (``utf8mb3``: an older install's database)."""
    config = django_databases(url)["default"]
    name = config["NAME"]
    if not name.startswith("plx_xb_"):
        pytest.fail(f"{url}: the test database's name must start with plx_xb_ (it is dropped and re-created)")
    if config["ENGINE"].endswith("mysql"):
        import pymysql

        with pymysql.connect(host=config["HOST"], port=int(config["PORT"] or 3306), user=config["USER"],
                             password=config["PASSWORD"], autocommit=True) as connection, connection.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET {mysql_charset} COLLATE {mysql_charset}_unicode_ci")
    else:
        import psycopg

        with psycopg.connect(host=config["HOST"], port=int(config["PORT"] or 5432), user=config["USER"],
                             password=config["PASSWORD"], dbname="postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')


def server_url(backend: str) -> str:
    """The URL of *backend*'s test database from the environment, or skip the test saying why."""
    url = os.environ.get(VARIABLES[backend])
    if not url:
        pytest.skip(f"{backend}: skipped because {VARIABLES[backend]} is not set "
                    f"(e.g. {VARIABLES[backend]}={'mysql://root@127.0.0.1:3306' if backend == 'mysql' else 'postgresql://postgres@127.0.0.1:5432'}/plx_xb_test)")
    return url


def workbench_env(backend: str, mysql_charset: str = "utf8mb4") -> dict:
    """Extra environment for a workbench on *backend* (``sqlite``: the default file database)."""
    if backend == "sqlite":
        return {}
    url = server_url(backend)
    recreate(url, mysql_charset)
    return {"WORKBENCH_DATABASES": json.dumps(django_databases(url))}


@contextlib.contextmanager
def minimal_course_workbench(backend: str, tmp_path, extra_env: dict | None = None, mysql_charset: str = "utf8mb4"):
    """A workbench serving the minimal test course on *backend* (skipped if not configured)."""
    from plxblocks.workbench.testing import running_workbench
    from tests.conftest import DATA

    env = {**workbench_env(backend, mysql_charset), **(extra_env or {})}
    content = tmp_path / "content"
    shutil.copytree(DATA / "minimal", content / "minimal")
    with running_workbench([content], tmp_path / "data", env) as base:
        yield base
