"""Django for the peer engine's tests, and a ``db`` fixture that runs a test on every database.

Django is configured once per test run with the workbench settings (the in-process workbench of
the block tests, which lists ``plxblocks.peer``); the engine's tests add their own database
aliases beside its ``default``, because the engine takes the alias as an argument:

- ``peer_sqlite``: a SQLite file of their own, always;
- ``mysql`` / ``postgres``: when ``PLX_TEST_MYSQL_URL`` / ``PLX_TEST_POSTGRES_URL`` are set (``.ci/run``
  sets both when the servers answer); otherwise those cases are skipped and say why. The URLs are
  shared with the journal tests, so the database name's ``plx_xb_`` prefix is replaced by
  ``plx_peer_``: each suite drops and creates only its own database.

Each database is created (migrations applied) once per session and dropped at the end; tables are
emptied before and after every test.
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.workbench_django import (  # noqa: F401  (fixtures of the block tests, for test_block.py)
    client,
    events,
    learner_factory,
    setup_django,
    workbench_django,
)

_FOLDER = Path(tempfile.mkdtemp(prefix="plx-peer-tests-"))
atexit.register(shutil.rmtree, _FOLDER, True)
setup_django(_FOLDER)  # once per run; the block tests' fixture then reuses this configuration

from django.db import connections  # noqa: E402 - only importable once Django is set up

BACKENDS = {"sqlite": "peer_sqlite", "mysql": "mysql", "postgres": "postgres"}
ENV = {"mysql": "PLX_TEST_MYSQL_URL", "postgres": "PLX_TEST_POSTGRES_URL"}


def peer_database_name(name: str) -> str:
    """``plx_xb_test`` -> ``plx_peer_test``; a name already starting ``plx_peer_`` stays."""
    for prefix in ("plx_peer_", "plx_xb_"):
        if name.startswith(prefix):
            return "plx_peer_" + name[len(prefix):]
    return "plx_peer_" + name


def _entry(url: str) -> dict:
    import dj_database_url

    entry = dj_database_url.parse(url)
    entry["NAME"] = peer_database_name(entry["NAME"])
    entry["TEST"] = {"NAME": entry["NAME"]}
    if entry["ENGINE"].endswith("mysql"):
        entry["OPTIONS"] = {"charset": "utf8mb4"}
        entry["TEST"].update(CHARSET="utf8mb4", COLLATION="utf8mb4_unicode_ci")
    return entry


def _add_aliases() -> None:
    """Register the engine's databases with Django's connection handler (defaults filled in)."""
    sqlite = str(_FOLDER / "peer.sqlite3")
    extra = {"peer_sqlite": {"ENGINE": "django.db.backends.sqlite3", "NAME": sqlite, "OPTIONS": {"timeout": 30},
                             "TEST": {"NAME": sqlite}}}
    for backend, variable in ENV.items():
        if os.environ.get(variable):
            extra[BACKENDS[backend]] = _entry(os.environ[variable])
    filled = connections.configure_settings({"default": connections.settings["default"], **extra})
    connections.settings.update({alias: filled[alias] for alias in extra})


_add_aliases()


@pytest.fixture(scope="session")
def _test_databases():
    """Aliases whose test database exists, with the name to restore when it is dropped."""
    created: dict[str, str] = {}
    yield created
    for alias, old_name in created.items():
        connections[alias].close()
        connections[alias].creation.destroy_test_db(old_name, verbosity=0)


def database(backend: str, created: dict[str, str]) -> str:
    """Create the test database for *backend* on first use (or skip, saying which variable is unset)."""
    alias = BACKENDS[backend]
    if alias not in connections.settings:
        pytest.skip(f"{backend}: set {ENV[backend]} to run this test on {backend} (.ci/run sets it)")
    if alias not in created:
        connection = connections[alias]
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        created[alias] = old_name
    return alias


def empty_tables(alias: str) -> None:
    from plxblocks.peer import models

    for model in (models.SentNotice, models.NoticeLearner, models.SelfReview,
                  models.Score, models.Rating, models.Flag, models.StaffGrade, models.Review,
                  models.Allocation, models.CalibrationAttempt, models.Submission, models.Task):
        model.objects.using(alias).all()._raw_delete(alias)


@pytest.fixture(params=list(BACKENDS), ids=list(BACKENDS))
def db(request, _test_databases) -> str:
    """The database alias to run the test on: once per backend."""
    alias = database(request.param, _test_databases)
    empty_tables(alias)
    yield alias
    connections.close_all()
    empty_tables(alias)
