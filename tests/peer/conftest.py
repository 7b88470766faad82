"""Django for the peer engine's tests, and a ``db`` fixture that runs a test on every database.

SQLite always runs. MariaDB/MySQL and PostgreSQL run when ``PLX_TEST_MYSQL_URL`` /
``PLX_TEST_POSTGRES_URL`` are set (``.ci/run`` sets both); otherwise those cases are skipped and say
why. Each server database is created (migrations applied) once per session and dropped at the end;
tables are emptied after every test.
"""
from __future__ import annotations

import os

import django
import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.peer.settings")
django.setup()

from django.conf import settings
from django.db import connections

BACKENDS = {"sqlite": "default", "mysql": "mysql", "postgres": "postgres"}
ENV = {"mysql": "PLX_TEST_MYSQL_URL", "postgres": "PLX_TEST_POSTGRES_URL"}


@pytest.fixture(scope="session")
def _test_databases():
    """Aliases whose test database exists, with the name to restore when it is dropped."""
    created: dict[str, str] = {}
    yield created
    for alias, old_name in created.items():
        connections[alias].close()
        connections[alias].creation.destroy_test_db(old_name, verbosity=0)


def database(alias: str, created: dict[str, str]) -> str:
    """Create the test database behind *alias* on first use (or skip, saying which variable is unset)."""
    if alias not in settings.DATABASES:
        backend = next(b for b, a in BACKENDS.items() if a == alias)
        pytest.skip(f"{backend}: set {ENV[backend]} to run this test on {backend} (CI sets it)")
    if alias not in created:
        connection = connections[alias]
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        created[alias] = old_name
    return alias


def empty_tables(alias: str) -> None:
    from plxblocks.peer import models

    for model in (models.Score, models.Rating, models.Flag, models.StaffGrade, models.Review,
                  models.Allocation, models.Submission, models.Task):
        model.objects.using(alias).all()._raw_delete(alias)


@pytest.fixture(params=list(BACKENDS), ids=list(BACKENDS))
def db(request, _test_databases) -> str:
    """The database alias to run the test on: once per backend."""
    alias = database(BACKENDS[request.param], _test_databases)
    empty_tables(alias)
    yield alias
    connections.close_all()
    empty_tables(alias)
