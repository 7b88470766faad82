"""`pip install plx` as an Open edX image does it: the wheel, into a fresh virtualenv, beside the
Django and XBlock versions of the Open edX release we support (requirements/openedx-ulmo.txt).

Proves (issue 12.1): the base install brings no Django, no database driver and no workbench of its
own; with the platform's Django it imports every block (through the ``xblock.v1`` entry points, as
the LMS finds them) and sets up both Django apps; ``pip check`` is clean with the platform's pins;
and the ``plx`` script says which extra to install instead of failing with a traceback.
"""
from __future__ import annotations

import json

import pytest

from tests.lms_venv import ROOT, run

NOT_IN_AN_LMS = {"xblock-sdk", "django", "pymysql", "psycopg", "psycopg-binary", "mysqlclient", "cookiecutter",
                 "click", "requests", "pypng", "rjsmin", "rcssmin"}
"""What the base install must not bring by itself (Django and XBlock[django] come from the platform)."""

IMPORT_EVERYTHING = """
import json, django
from django.conf import settings
settings.configure(INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth",
                                   "plxblocks.journal", "plxblocks.peer", "plxblocks.checks"],
                   DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}})
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from importlib.metadata import entry_points
blocks = {ep.name: ep.load().__name__ for ep in entry_points(group="xblock.v1") if ep.name.startswith("plx_")}
apps = sorted(ep.value for ep in entry_points(group="lms.djangoapp") if ep.value.startswith("plxblocks"))
from plxblocks.journal.models import JournalEntry
from plxblocks.peer.models import Submission
from plxblocks.checks.models import CheckAttempts
print(json.dumps({"blocks": blocks, "apps": apps, "django": django.get_version(),
                  "tables": [m._meta.db_table for m in (JournalEntry, Submission, CheckAttempts)]}))
"""


@pytest.mark.slow
def test_the_base_install_brings_nothing_an_lms_does_not_want(lms_venv):
    _python, alone = lms_venv
    assert "plx" in alone and "xblock" in alone and "lxml" in alone
    assert not alone & NOT_IN_AN_LMS, sorted(alone & NOT_IN_AN_LMS)


@pytest.mark.slow
def test_with_the_platforms_pins_pip_check_is_clean_and_every_block_and_app_loads(lms_venv):
    python, _alone = lms_venv
    check = run(python, "-m", "pip", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    loaded = run(python, "-c", IMPORT_EVERYTHING, cwd="/")
    assert loaded.returncode == 0, loaded.stderr
    report = json.loads(loaded.stdout)
    assert report["django"].startswith("5.2")
    assert report["blocks"] == {"plx_lesson": "PlxLessonBlock", "plx_check": "PlxCheckBlock",
                                "plx_journal": "PlxJournalBlock", "plx_peer_review": "PlxPeerReviewBlock"}
    assert report["apps"] == ["plxblocks.checks.apps:ChecksConfig", "plxblocks.journal.apps:JournalConfig",
                              "plxblocks.peer.apps:PeerConfig"]
    assert report["tables"] == ["plx_journal_journalentry", "plx_peer_submission", "plx_checks_checkattempts"]


@pytest.mark.slow
def test_the_plx_script_names_the_extra_to_install(lms_venv):
    python, _alone = lms_venv
    script = run(python.parent / "plx", "validate", ".")
    assert script.returncode == 1 and "pip install 'plx[author]'" in script.stderr, script.stderr
    assert "Traceback" not in script.stderr
    author = run(python, "-m", "pip", "install", "--quiet", "click", "requests", "pypng", "rjsmin", "rcssmin")
    assert author.returncode == 0, author.stderr
    serve = run(python.parent / "plx", "serve", ROOT / "tests" / "course" / "data" / "minimal", "--port", "1")
    assert serve.returncode == 1 and "pip install 'plx[workbench]'" in serve.stderr, serve.stderr
