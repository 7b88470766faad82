"""Account retirement reaches plx through Open edX's own pipeline (issue 12.3).

What is real here: plx's wheel, Django and **edx-django-utils' plugin framework** at Open edX
Ulmo's pins, in a fresh virtualenv (tests/lms_venv.py). The framework finds plx's apps through
their ``lms.djangoapp`` entry points and connects the receivers their ``plugin_app`` declares,
exactly as the LMS does at start-up.

What stands in for edx-platform (not installable from PyPI), written to the platform's contract
as read in its source: ``openedx.core.djangoapps.user_api.accounts.signals`` (three bare
``Signal()``s; the LMS's ``retire_misc`` view sends ``USER_RETIRE_LMS_MISC`` with ``user=``) and
``common.djangoapps.student.models.AnonymousUserId`` (``user``, ``anonymous_user_id``,
``course_id``), the table that maps a learner to their per-course anonymous ids.
"""
from __future__ import annotations

import json

import pytest

from tests.lms_venv import run

SIGNALS = '''from django.dispatch import Signal
USER_RETIRE_MAILINGS = Signal()
USER_RETIRE_LMS_CRITICAL = Signal()
USER_RETIRE_LMS_MISC = Signal()
'''
STUDENT_MODELS = '''from django.contrib.auth.models import User
from django.db import models


class AnonymousUserId(models.Model):
    user = models.ForeignKey(User, db_index=True, on_delete=models.CASCADE)
    anonymous_user_id = models.CharField(unique=True, max_length=32)
    course_id = models.CharField(db_index=True, max_length=255, blank=True)

    class Meta:
        app_label = "student"
'''

RETIRE = """
import json, sys, django
from django.conf import settings
from edx_django_utils.plugins import connect_plugin_receivers, get_plugin_apps

plugin_apps = get_plugin_apps("lms.djangoapp")
settings.configure(
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "common.djangoapps.student", *plugin_apps],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "lms.sqlite3"}},
    XBLOCK_SETTINGS={"plx": {"RETIRE_WITH_ACCOUNT": sys.argv[1] == "on"}}, USE_TZ=True)
django.setup()
from django.core.management import call_command
call_command("migrate", run_syncdb=True, verbosity=0)
connect_plugin_receivers("lms.djangoapp")

from django.contrib.auth.models import User
from common.djangoapps.student.models import AnonymousUserId
from openedx.core.djangoapps.user_api.accounts.signals import USER_RETIRE_LMS_MISC
from plxblocks.checks.models import CheckAttempts
from plxblocks.journal.models import JournalEntry
from plxblocks.peer import api
from plxblocks.peer.models import Submission
from plxblocks.peer.rules import CriterionRule, Rules

task = api.Scope("course-v1:PLX+T1+2026", "block-v1:PLX+T1+2026+type@plx_peer_review+block@p",
                 Rules(criteria=(CriterionRule("impact", (0, 1, 2)),), reviews_to_give=1, reviews_to_receive=1))
for name in ("ann", "bob"):
    user = User.objects.create(username=name)
    AnonymousUserId.objects.create(user=user, anonymous_user_id=name + "-anon", course_id=task.course_id)
    JournalEntry.objects.create(learner=str(user.id), course_key=task.course_id, block_key="j", block_uid="j",
                                text=name + " reflects", revision=1)
    CheckAttempts.objects.create(learner=str(user.id), course_key=task.course_id, block_key=name + "-check", used=1)
    api.submit(task, name + "-anon", "What " + name + " did in class this term, in enough words to count.")

USER_RETIRE_LMS_MISC.send(sender=None, user=User.objects.get(username="ann"))
print(json.dumps({
    "apps": plugin_apps,
    "journal": sorted(JournalEntry.objects.values_list("text", flat=True)),
    "attempts": sorted(CheckAttempts.objects.values_list("block_key", flat=True)),
    "submissions": sorted([s.learner.startswith("retired:"), s.text] for s in Submission.objects.all()),
}))
"""


@pytest.fixture
def lms(lms_plugin_venv, tmp_path):
    """Run :data:`RETIRE` in the venv, in a folder holding the platform's stand-in modules."""
    python = lms_plugin_venv
    for package, text in (("openedx/core/djangoapps/user_api/accounts/signals.py", SIGNALS),
                          ("common/djangoapps/student/models.py", STUDENT_MODELS)):
        module = tmp_path / package
        module.parent.mkdir(parents=True, exist_ok=True)
        for folder in [module.parent, *module.parent.relative_to(tmp_path).parents]:
            (tmp_path / folder / "__init__.py").touch()
        module.write_text(text, encoding="utf-8")

    def retire(toggle: str) -> dict:
        (tmp_path / "lms.sqlite3").unlink(missing_ok=True)
        done = run(python, "-c", RETIRE, toggle, cwd=tmp_path, env={"PYTHONPATH": str(tmp_path)})
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return retire


@pytest.mark.slow
def test_the_platforms_retirement_signal_retires_journal_and_peer_review(lms):
    report = lms("on")
    assert set(report["apps"]) == {"plxblocks.journal.apps.JournalConfig", "plxblocks.peer.apps.PeerConfig",
                                   "plxblocks.checks.apps.ChecksConfig"}
    assert report["journal"] == ["bob reflects"]  # ann's entry deleted; her colleague's kept
    assert report["attempts"] == ["bob-check"]
    # ann's response is anonymised and emptied (colleagues' reviews of it keep counting); bob's stays.
    assert report["submissions"] == [[False, "What bob did in class this term, in enough words to count."],
                                     [True, ""]]


@pytest.mark.slow
def test_the_operator_can_leave_retirement_to_their_own_pipeline(lms):
    report = lms("off")
    assert report["journal"] == ["ann reflects", "bob reflects"]
    assert report["attempts"] == ["ann-check", "bob-check"]
    assert [retired for retired, _text in report["submissions"]] == [False, False]
