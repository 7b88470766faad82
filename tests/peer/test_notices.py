"""Reminder and notice mail (issue 17.4) read back from a real SMTP server on 127.0.0.1
(aiosmtpd): each notice arrives once, in the learner's language, even with two sweeps at once."""
from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta
from email import policy
from email.parser import BytesParser

import pytest
from django.core.mail import get_connection
from django.db import connections

from plxblocks.peer import api
from plxblocks.peer.models import SentNotice
from plxblocks.peer.notices import DjangoMailSender, Limits, send_due
from plxblocks.peer.waiting import WaitPolicy
from plxblocks.workbench.testing import free_port

from .helpers import GOOD, RULES, Clock
from .mail_directory import Directory

ONE_EACH = replace(RULES, reviews_to_give=1, reviews_to_receive=1,
                   waiting=WaitPolicy(wait_days=7, fallback=("fewer_peers", "self", "staff")))
ALONE = replace(RULES, waiting=WaitPolicy(wait_days=2, fallback=("staff",)))
TITLE = {"en": "Redesign a routine", "cy": "Ailgynllunio trefn"}
FAST = Limits(per_second=0)


class Inbox:
    """aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages, self.lock = [], threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        message = BytesParser(policy=policy.default).parsebytes(envelope.original_content or envelope.content)
        with self.lock:
            self.messages.append((tuple(envelope.rcpt_tos), message))
        return "250 OK"

    def summary(self) -> list[tuple[str, str]]:
        # Python folds a non-ASCII subject onto a second line ("Subject:" CRLF SP "=?utf-8?..."): the
        # unfolded value keeps that space, which mail programs drop, so compare without it.
        return sorted((to[0], str(m["Subject"]).strip()) for to, m in self.messages)

    def body(self, address: str) -> str:
        return next(m for to, m in self.messages if to[0] == address).get_body(("plain",)).get_content()


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


def sender(smtp) -> DjangoMailSender:
    connection = get_connection("django.core.mail.backends.smtp.EmailBackend", host="127.0.0.1", port=smtp.port,
                                use_tls=False, use_ssl=False, username="", password="", timeout=10)
    return DjangoMailSender(connection, from_email="plx <noreply@example.org>")


def course(alias: str, clock: Clock):
    """Two tasks: ann and bob review each other (grades ready), cat (in Welsh) owes a review,
    eve opted out, and dan, alone in another task, waits past its policy for the tutors."""
    main = api.Scope("course-v1:PLX+FW1+2026", "block-1", ONE_EACH, using=alias, clock=clock,
                     about={"title": TITLE, "url": "https://lms.example.org/task"})
    other = api.Scope("course-v1:PLX+FW1+2026", "block-2", ALONE, using=alias, clock=clock,
                      about={"title": {"en": "Plan a lesson", "cy": "Cynllunio gwers"}})
    for learner in ("ann", "bob"):
        api.submit(main, learner, f"Marking codes saved me two hours a week ({learner}).")
    for learner in ("ann", "bob"):
        api.submit_review(main, learner, api.next_submission(main, learner).token, GOOD)
    for learner, lang in (("cat", "cy"), ("eve", "en"), ("nomail", "en")):
        api.submit(main, learner, f"Whole-class feedback on Mondays works well ({learner}).")
        api.learner_state(main, learner, lang=lang)
    api.set_notices(main, "eve", False)
    api.submit(other, "dan", "A plan for one lesson, with a checklist.")
    for learner in ("ann", "bob"):
        api.learner_state(main, learner, lang="en")
    api.learner_state(other, "dan", lang="en")
    clock.advance(days=3)  # cat's first reminder is due; dan's two days of waiting are over
    return main, other


EXPECTED = [
    ("ann@example.org", "Your grade is ready: Redesign a routine"),
    ("bob@example.org", "Your grade is ready: Redesign a routine"),
    ("cat@example.org", "Mae cydweithwyr yn aros am eich adolygiadau: Ailgynllunio trefn"),
    ("lead@example.org", "1 response is waiting for the course team: Plan a lesson"),
    ("tutor@example.org", "Mae 1 ymateb yn aros am dîm y cwrs: Cynllunio gwers"),
]


def test_each_notice_arrives_once_in_the_learners_language(db, smtp):
    clock = Clock()
    course(db, clock)
    result = send_due(db, directory=Directory(), sender=sender(smtp), clock=clock, limits=FAST)
    assert smtp.summary() == EXPECTED
    assert (result.failed, result.no_address, result.deferred) == (0, 1, 0)  # "nomail" has no address
    assert "Rydych chi wedi rhoi 0 o'r 1 adolygiad" in smtp.body("cat@example.org")
    assert "https://lms.example.org/task" in smtp.body("cat@example.org")
    assert "Your grade for “Redesign a routine” is ready: 6 out of 7." in smtp.body("ann@example.org")
    assert "Stop email reminders" in smtp.body("bob@example.org")
    html = next(m for to, m in smtp.messages if to[0] == "ann@example.org").get_body(("html",)).get_content()
    assert '<a href="https://lms.example.org/task">Open the task</a>' in html and 'lang="en"' in html

    again = send_due(db, directory=Directory(), sender=sender(smtp), clock=clock, limits=FAST)
    assert again.sent == [] and len(smtp.messages) == len(EXPECTED)  # a restart sends nothing twice


def test_two_sweeps_at_once_send_each_notice_once(db, smtp):
    clock = Clock()
    course(db, clock)
    connections.close_all()
    start, errors = threading.Barrier(2), []

    def sweep():
        try:
            start.wait()
            send_due(db, directory=Directory(), sender=sender(smtp), clock=clock, limits=FAST)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert smtp.summary() == EXPECTED
    assert SentNotice.objects.using(db).count() == len(EXPECTED)


def test_reminders_come_at_the_set_pace_and_stop(db, smtp):
    clock = Clock()
    course(db, clock)
    limits = Limits(per_second=0, remind_every=timedelta(days=3), remind_max=3)
    sent_on = []
    for day in range(14):
        result = send_due(db, directory=Directory(), sender=sender(smtp), clock=clock, limits=limits)
        if any(recipient == "cat" for _kind, recipient, _address in result.sent):
            sent_on.append(day)
        clock.advance(days=1)
    assert sent_on == [0, 3, 6]  # every three days, three times, then no more
    assert api.learner_state(api.Scope("course-v1:PLX+FW1+2026", "block-1", ONE_EACH, using=db, clock=clock),
                             "cat").complete is False


def test_the_pace_limit_and_the_run_limit(db, smtp):
    clock = Clock()
    course(db, clock)
    pauses = []
    result = send_due(db, directory=Directory(), sender=sender(smtp), clock=clock,
                      limits=Limits(per_second=2, max_sends=3), sleep=pauses.append)
    assert len(result.sent) == 3 and result.deferred == 2 and result.no_address == 1
    assert len(pauses) == 2 and all(0 < p <= 1.0 for p in pauses)  # half a second apart
    rest = send_due(db, directory=Directory(), sender=sender(smtp), clock=clock, limits=FAST)
    assert len(rest.sent) == 2 and smtp.summary() == EXPECTED


def test_a_failed_send_is_tried_again_next_run(db, smtp):
    clock = Clock()
    course(db, clock)

    class Flaky:
        def __init__(self, real):
            self.real, self.calls = real, 0

        def send(self, *args):
            self.calls += 1
            if self.calls == 1:
                raise OSError("the mail server went away")
            self.real.send(*args)

    first = send_due(db, directory=Directory(), sender=Flaky(sender(smtp)), clock=clock, limits=FAST)
    assert first.failed == 1 and len(first.sent) == len(EXPECTED) - 1
    second = send_due(db, directory=Directory(), sender=sender(smtp), clock=clock, limits=FAST)
    assert len(second.sent) == 1 and smtp.summary() == EXPECTED


def test_the_command_sends_through_djangos_mail_settings(db, smtp):
    from io import StringIO

    from django.core.management import call_command
    from django.test import override_settings

    clock = Clock()
    course(db, clock)  # the command uses the real clock: months after these dates, everything is due
    out = StringIO()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
                           EMAIL_PORT=smtp.port, EMAIL_USE_TLS=False, EMAIL_HOST_USER="", EMAIL_HOST_PASSWORD="",
                           PLX_PEER_NOTICE_DIRECTORY="tests.peer.mail_directory.Directory"):
        call_command("plx_peer_remind", "--database", db, "--per-second", "0", stdout=out)
    assert out.getvalue() == ("sent 7 (grade_ready: 2, reviews_awaited: 1, staff_waiting: 4); failed 0; "
                              "no address 1; left for the next run 0\n")
    # Months later (real time), cat, eve and nomail have waited past the self step too: the tutors
    # hear of those three as well.
    assert smtp.summary() == sorted(EXPECTED + [
        ("lead@example.org", "3 responses are waiting for the course team: Redesign a routine"),
        ("tutor@example.org", "Mae 3 ymateb yn aros am dîm y cwrs: Ailgynllunio trefn")])


def test_inside_open_edx_the_mail_goes_through_edx_ace(db, smtp):
    """With ACE configured (as the LMS is), the default sender is edx-ace's pipeline: its policies,
    its transactional email channel (here ``django_email``, to the test SMTP server) and templates."""
    pytest.importorskip("edx_ace")
    from django.test import override_settings

    from plxblocks.peer.notices import AceSender, default_sender

    clock = Clock()
    course(db, clock)
    with override_settings(ACE_ENABLED_CHANNELS=["django_email"], ACE_CHANNEL_DEFAULT_EMAIL="django_email",
                           ACE_CHANNEL_TRANSACTIONAL_EMAIL="django_email", ACE_ENABLED_POLICIES=[],
                           DEFAULT_FROM_EMAIL="lms@example.org", EMAIL_BACKEND="django.core.mail.backends.smtp."
                           "EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=smtp.port, EMAIL_USE_TLS=False,
                           EMAIL_HOST_USER="", EMAIL_HOST_PASSWORD=""):
        assert isinstance(default_sender(), AceSender)
        result = send_due(db, directory=Directory(), clock=clock, limits=FAST)
        again = send_due(db, directory=Directory(), clock=clock, limits=FAST)
    assert (result.failed, len(result.sent), again.sent) == (0, len(EXPECTED), [])
    assert smtp.summary() == EXPECTED
    welsh = next(m for to, m in smtp.messages if to[0] == "cat@example.org")
    assert welsh["From"] == "lms@example.org" and welsh["Content-Language"] == "cy"
    assert "Rydych chi wedi rhoi 0 o'r 1 adolygiad" in welsh.get_body(("plain",)).get_content()
    html = welsh.get_body(("html",)).get_content()
    assert '<a href="https://lms.example.org/task">Agor y dasg</a>' in html and "&lt;" not in html


def test_edx_ace_delivery_failures_give_the_claim_back(db, smtp):
    pytest.importorskip("edx_ace")
    from django.test import override_settings

    clock = Clock()
    course(db, clock)
    closed = free_port()  # nothing listens there: every delivery fails
    with override_settings(ACE_ENABLED_CHANNELS=["django_email"], ACE_CHANNEL_DEFAULT_EMAIL="django_email",
                           ACE_CHANNEL_TRANSACTIONAL_EMAIL="django_email", ACE_ENABLED_POLICIES=[],
                           DEFAULT_FROM_EMAIL="lms@example.org", EMAIL_BACKEND="django.core.mail.backends.smtp."
                           "EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=closed, EMAIL_USE_TLS=False,
                           EMAIL_HOST_USER="", EMAIL_HOST_PASSWORD=""):
        failed = send_due(db, directory=Directory(), clock=clock, limits=FAST)
    assert failed.failed == len(EXPECTED) and SentNotice.objects.using(db).count() == 0


def test_record_only_marks_what_is_due_without_sending(db, smtp):
    """Installed on a running course, ``--record-only`` keeps old grades from being announced."""
    from io import StringIO

    from django.core.management import call_command
    from django.test import override_settings

    clock = Clock()
    course(db, clock)
    out = StringIO()
    with override_settings(PLX_PEER_NOTICE_DIRECTORY="tests.peer.mail_directory.Directory"):
        call_command("plx_peer_remind", "--database", db, "--record-only", stdout=out)
    assert out.getvalue().startswith("recorded without sending 7 (grade_ready: 2, reviews_awaited: 1")
    assert smtp.messages == []
    later = send_due(db, directory=Directory(), sender=sender(smtp), clock=clock, limits=FAST)
    assert later.sent == []


def test_two_remind_processes_at_once_send_each_notice_once(db, smtp, tmp_path):
    """Two ``plx_peer_remind`` OS processes started together on the same database and SMTP server."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    clock = Clock()
    course(db, clock)  # the processes use the real clock: everything in the course is long due
    entry = connections.settings[db]
    database = {key: entry[key] for key in ("ENGINE", "NAME", "HOST", "PORT", "USER", "PASSWORD", "OPTIONS")
                if key in entry}
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "DJANGO_SETTINGS_MODULE": "tests.peer.remind_settings",
           "WORKBENCH_DATABASES": json.dumps({"default": database}), "PLX_TEST_SMTP_PORT": str(smtp.port),
           "EXCLUDE_SAMPLE_XBLOCKS": "yes", "PLX_LOG": str(tmp_path / "remind.log")}
    connections.close_all()
    command = [sys.executable, "-m", "django", "plx_peer_remind", "--per-second", "0"]
    runs = [subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=180) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    sent = sum(int(out.split()[1]) for out, _err in outputs)
    assert sent == 7, outputs  # between them; which process sent which is down to the race
    assert smtp.summary() == sorted(EXPECTED + [
        ("lead@example.org", "3 responses are waiting for the course team: Redesign a routine"),
        ("tutor@example.org", "Mae 3 ymateb yn aros am dîm y cwrs: Ailgynllunio trefn")])


def test_limits_come_from_settings_and_the_command_line():
    from django.test import override_settings

    assert Limits.from_settings() == Limits()
    with override_settings(PLX_PEER_REMIND_AFTER_HOURS=2, PLX_PEER_GAP_HOURS=0.5, PLX_PEER_REMIND_MAX=1,
                           PLX_PEER_MAX_SENDS=10):
        limits = Limits.from_settings(per_second=1.5, max_sends=None)
    assert limits == Limits(remind_after=timedelta(hours=2), gap=timedelta(minutes=30), remind_max=1, max_sends=10,
                            per_second=1.5)


def test_a_staff_dry_run_sends_no_mail(db, smtp):
    """A dry run is practice (plxblocks.peer.dry_run): a staff member's response in one, waiting
    past the policy like dan's, is no notice for the course team and no reminder to them."""
    clock = Clock()
    main, other = course(db, clock)
    for real in (main, other):
        practice = api.dry_run_scope(real, "lead")
        api.submit(practice, "lead", "A practice response in a dry run, never counted.")
        api.learner_state(practice, "lead", lang="en")
    clock.advance(days=3)
    send_due(db, directory=Directory(), sender=sender(smtp), clock=clock, limits=FAST)
    assert smtp.summary() == EXPECTED


def test_the_sweep_grades_with_the_tasks_aggregate_and_bands(db):
    """The sweep's rules (rebuilt from the task row, with no block at hand) make the same grade as
    the page: the mean where the task says mean, and range-scoring bands kept."""
    from plxblocks.peer.models import Task
    from plxblocks.peer.registry import scope_of

    rules = replace(ONE_EACH, aggregate="mean",
                    criteria=(api.CriterionRule("evidence", (0, 2), (1, 5)), api.CriterionRule("impact", (0, 2, 4))))
    page = api.Scope("course-v1:PLX+FW1+2026", "block-3", rules, using=db, clock=Clock())
    api.learner_state(page, "ann", lang="en")
    swept = scope_of(Task.objects.using(db).get(pk=page.task_id()), db)
    assert (swept.rules.aggregate, swept.rules.criteria) == ("mean", rules.criteria)
