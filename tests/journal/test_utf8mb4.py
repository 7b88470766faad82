"""MySQL/MariaDB databases created as utf8mb3 (issue 11.5): migrate leaves every plx table in
utf8mb4, so a learner's emoji is saved instead of answering 500; a connection that is not utf8mb4
stops the app with a system check. The server tests need PLX_TEST_MYSQL_URL (see databases.py)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from plxblocks.utf8mb4 import charset_errors
from plxblocks.workbench.testing import WorkbenchLearner
from tests.journal.databases import django_databases, minimal_course_workbench, recreate, server_url

EMOJI = "Gwych \U0001F44D — wedi trio'r dull newydd 🏴󠁧󠁢󠁷󠁬󠁳󠁿"


@pytest.mark.slow
def test_a_learners_emoji_is_saved_on_a_database_created_utf8mb3(tmp_path):
    with minimal_course_workbench("mysql", tmp_path, mysql_charset="utf8mb3") as base:
        learner = WorkbenchLearner(base, "emoji")
        journal = learner.usages()["plx_journal"]
        saved = learner.post(journal, "save_entry", {"text": EMOJI})
        assert saved.status_code == 200, saved.text[:300]
        assert learner.post(journal, "load_state", {}).json()["text"] == EMOJI
        assert EMOJI in learner.get(journal, "export_journal", "format=md").text
        peer = learner.usages("plx_peer_review.0")["plx_peer_review"]
        assert learner.post(peer, "peer_save_draft", {"text": EMOJI}).status_code == 200
        assert learner.post(peer, "load_state", {}).json()["response"]["text"] == EMOJI
        tables, wrong = plx_tables_and_non_utf8mb4_columns(server_url("mysql"))
        assert {"plx_journal_journalentry", "plx_peer_submission", "plx_checks_checkattempts"} <= tables
        assert wrong == []


def plx_tables_and_non_utf8mb4_columns(url: str) -> tuple[set[str], list[tuple]]:
    """The plx tables of the database, and every text column of theirs not in utf8mb4."""
    import pymysql

    config = django_databases(url)["default"]
    with pymysql.connect(host=config["HOST"], port=int(config["PORT"] or 3306), user=config["USER"],
                         password=config["PASSWORD"], database=config["NAME"]) as connection, \
            connection.cursor() as cursor:
        cursor.execute("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                       "AND TABLE_NAME LIKE 'plx\\_%%'")
        tables = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT TABLE_NAME, COLUMN_NAME, CHARACTER_SET_NAME FROM information_schema.COLUMNS "
                       "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'plx\\_%%' "
                       "AND CHARACTER_SET_NAME IS NOT NULL AND CHARACTER_SET_NAME <> 'utf8mb4'")
        return tables, sorted(cursor.fetchall())


@pytest.mark.slow
def test_migrate_leaves_every_plx_table_utf8mb4_on_a_utf8mb3_database(tmp_path):
    """The journal, peer and LTI apps, through the LTI tool's settings (the workbench test above
    covers the knowledge-check app)."""
    url = server_url("mysql")
    recreate(url, mysql_charset="utf8mb3")
    env = {"DJANGO_SETTINGS_MODULE": "plxblocks.lti.settings", "PLX_LTI_DATA": str(tmp_path),
           "PLX_LTI_SECRET_KEY": "test", "PLX_LTI_DATABASE_URL": url, "PATH": os.environ.get("PATH", ""),
           "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    result = subprocess.run([sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"], env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    tables, wrong = plx_tables_and_non_utf8mb4_columns(url)
    assert {"plx_journal_journalentry", "plx_peer_flag", "plx_lti_blockstate"} <= tables
    assert wrong == []


def test_a_connection_without_utf8mb4_is_a_system_check_error():
    mysql = {"ENGINE": "django.db.backends.mysql", "NAME": "x"}
    errors = charset_errors({"default": mysql, "other": {**mysql, "OPTIONS": {"charset": "utf8mb4"}},
                             "pg": {"ENGINE": "django.db.backends.postgresql"}})
    assert [(e.id, e.msg.split(":")[0]) for e in errors] == [("plx.E001", "database 'default' connects with charset "
                                                                          "'utf8'")]
    assert charset_errors({"default": {**mysql, "OPTIONS": {"charset": "utf8mb3"}}})[0].id == "plx.E001"


def test_the_workbench_refuses_to_start_on_a_utf8mb3_connection(tmp_path):
    """``django check`` (runserver runs the same checks first) stops with plx.E001; no server needed."""
    from plxblocks.workbench.serve import django, environment

    databases = {"default": {"ENGINE": "django.db.backends.mysql", "NAME": "plx_xb_never_created",
                             "HOST": "127.0.0.1", "USER": "root"}}
    (tmp_path / "var").mkdir()
    env = environment(tmp_path, [], {"WORKBENCH_DATABASES": json.dumps(databases)})
    result = django(["check"], tmp_path, env, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "plx.E001" in result.stderr and "utf8mb4" in result.stderr
