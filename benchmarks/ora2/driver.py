"""ORA2's peer hand-out under the same crowd as plx's: runs inside ORA2's own virtualenv.

This file imports nothing from plx (ORA2's venv does not have it) and only calls ORA2's public
peer API (``openassessment.assessment.api.peer``) and edx-submissions' models, as installed from
PyPI. It prints one JSON object on its last line for ``benchmarks/ora2/__init__.py`` to read.

Commands (the database is a URL as in ``dj_database_url``, parsed here by hand: ORA2's venv has
only what ORA2 needs plus a driver):

- ``setup URL``: create the database afresh and run ORA2's and edx-submissions' migrations.
- ``run URL ITEM N W EACH QUOTA``: seed N submissions for ITEM, each with a peer workflow; W forked
  processes (each its own connection) serve the first 50 learners, who ask for work at once and
  keep reviewing until each has given EACH reviews; then count the stored rows.
- ``drop URL``: drop the database.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
import traceback
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote, urlsplit

REVIEWERS = 50
COURSE = "course-v1:PLX+ORA2BENCH+2026"
TEXT = "I replaced written comments with whole-class feedback and a re-drafting lesson."
RUBRIC = {  # the same two criteria and levels as plx's bench (practice 0-3, impact 0/2/4)
    "prompts": [{"description": "Reflect on a change to your feedback practice."}],
    "criteria": [
        {"order_num": n, "name": name, "label": name, "prompt": name,
         "options": [{"order_num": i, "points": p, "name": str(p), "label": str(p), "explanation": ""}
                     for i, p in enumerate(points)]}
        for n, (name, points) in enumerate((("practice", (0, 1, 2, 3)), ("impact", (0, 2, 4))))],
}
CHOICES = {"practice": "2", "impact": "4"}


def _database(url: str) -> dict:
    parts = urlsplit(url)
    engine = {"mysql": "django.db.backends.mysql", "postgresql": "django.db.backends.postgresql",
              "postgres": "django.db.backends.postgresql"}[parts.scheme]
    entry = {"ENGINE": engine, "NAME": parts.path.lstrip("/"), "USER": unquote(parts.username or ""),
             "PASSWORD": unquote(parts.password or ""), "HOST": parts.hostname, "PORT": str(parts.port or "")}
    entry["TEST"] = {"NAME": entry["NAME"]}
    if engine.endswith("mysql"):
        # READ COMMITTED, as edx-platform's own settings set it for MySQL.
        entry["OPTIONS"] = {"charset": "utf8mb4", "isolation_level": "read committed"}
        entry["TEST"].update(CHARSET="utf8mb4", COLLATION="utf8mb4_unicode_ci")
    return entry


def _configure(url: str) -> None:
    import django
    from django.conf import settings

    settings.configure(
        DATABASES={"default": _database(url)},
        INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "simple_history", "submissions",
                        "openassessment.assessment", "openassessment.workflow"],
        USE_TZ=True, DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        LOGGING={"version": 1, "disable_existing_loggers": True},  # ORA2 logs every hand-out at INFO
    )
    django.setup()


def setup(url: str) -> dict:
    from django.core.management import call_command
    from django.db import connection

    # create_test_db would migrate at once; the database alone is wanted, to migrate in steps below.
    connection.creation._create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    connection.close()
    if connection.vendor == "mysql":
        # edx-submissions 4.0.2's migration 0006 alters submissions_studentitem.uuid, a column
        # that no earlier migration creates, so a fresh MariaDB database stops there. It converts
        # char(32) columns of a Django 4 database; on a fresh one Django 5.2 has already made
        # them MariaDB's uuid type, so it is recorded as applied without being run.
        call_command("migrate", "submissions", "0001_squashed_0005_CreateTeamModel", verbosity=0)
        call_command("migrate", "submissions", "0006_mariadb_uuid_conversion", fake=True, verbosity=0)
    call_command("migrate", verbosity=0)
    return {"ok": True}


def drop(url: str) -> dict:
    from django.db import connection

    connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0, keepdb=False)
    return {"ok": True}


def _seed(item: str, count: int) -> list[tuple[str, str]]:
    """*count* submissions one minute apart, each with its peer workflow (what ORA2's
    ``on_start`` makes when a learner submits); returns (student id, submission uuid), oldest first."""
    from openassessment.assessment.models import PeerWorkflow
    from submissions.models import StudentItem, Submission

    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    students = [f"learner-{n:05d}" for n in range(count)]
    StudentItem.objects.bulk_create(
        (StudentItem(student_id=s, course_id=COURSE, item_id=item, item_type="openassessment") for s in students),
        batch_size=1000)
    items = dict(StudentItem.objects.filter(course_id=COURSE, item_id=item).values_list("student_id", "id"))
    subs = [Submission(student_item_id=items[s], attempt_number=1, submitted_at=start + timedelta(minutes=n),
                       created_at=start + timedelta(minutes=n), answer={"parts": [{"text": TEXT}]})
            for n, s in enumerate(students)]
    Submission.objects.bulk_create(subs, batch_size=1000)
    PeerWorkflow.objects.bulk_create(
        (PeerWorkflow(student_id=s, course_id=COURSE, item_id=item, submission_uuid=str(sub.uuid),
                      created_at=sub.created_at) for s, sub in zip(students, subs, strict=True)),
        batch_size=1000)
    return [(s, str(sub.uuid)) for s, sub in zip(students, subs, strict=True)]


def _work(mine, each: int, quota: int, barrier, results) -> None:
    """One worker process: its reviewers ask for work and assess it until each has given *each*."""
    from django.db import connections
    from openassessment.assessment.api import peer

    out = {"next": [], "review": [], "waits": 0, "errors": []}
    need = {student: each for student, _uuid in mine}
    uuids = dict(mine)
    try:
        barrier.wait()
        while need:
            for student in list(need):
                try:
                    start = time.perf_counter()
                    given = peer.get_submission_to_assess(uuids[student], quota)
                    took = time.perf_counter() - start
                    if given is None:
                        out["waits"] += 1
                        del need[student]  # with 10,000 waiting this does not happen; never loop on it
                        continue
                    out["next"].append(took)
                    start = time.perf_counter()
                    peer.create_assessment(uuids[student], student, CHOICES, {}, "", RUBRIC, quota)
                    out["review"].append(time.perf_counter() - start)
                    need[student] -= 1
                    if not need[student]:
                        del need[student]
                except Exception as exc:  # noqa: BLE001 - counting every failure is the point of the run
                    out["errors"].append(f"{student}: {type(exc).__name__}: {exc}")
                    del need[student]
    finally:
        connections.close_all()
        results.put(out)


def _audit(item: str, quota: int) -> dict:
    """Counted from the stored rows: hand-outs (workflow items) per submission beyond *quota*."""
    from collections import Counter

    from openassessment.assessment.models import PeerWorkflowItem

    rows = PeerWorkflowItem.objects.filter(author__item_id=item, author__course_id=COURSE)
    pairs = Counter(rows.values_list("author_id", "scorer_id"))
    per_author = Counter(author for author, _scorer in pairs.elements())
    return {"allocations": sum(pairs.values()), "duplicate_allocations": sum(1 for n in pairs.values() if n > 1),
            "over_quota": sum(max(0, n - quota) for n in per_author.values()),
            "most_on_one": max(per_author.values(), default=0),
            "assessed": rows.filter(assessment__isnull=False).count()}


def run(url: str, item: str, count: int, workers: int, each: int, quota: int) -> dict:
    from django.db import connections
    from openassessment.assessment.serializers import rubric_from_dict

    learners = _seed(item, count)
    rubric_from_dict(RUBRIC)  # stored once before the crowd, as the first real assessment would have
    reviewers = learners[:REVIEWERS]
    connections.close_all()  # a forked child must not share the parent's connection
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(workers + 1), context.Queue()
    runners = [context.Process(target=_work, args=(reviewers[i::workers], each, quota, barrier, results))
               for i in range(workers)]
    for runner in runners:
        runner.start()
    barrier.wait()
    start = time.perf_counter()
    parts = [results.get() for _ in runners]
    seconds = time.perf_counter() - start
    for runner in runners:
        runner.join()
    merged = {"next": [], "review": [], "waits": 0, "errors": []}
    for part in parts:
        for key in merged:
            merged[key] += part[key]
    return {**merged, "seconds": seconds, **_audit(item, quota)}


def main(argv: list[str]) -> int:
    command, url, *rest = argv
    _configure(url)
    try:
        if command == "run":
            item, count, workers, each, quota = rest[0], *map(int, rest[1:])
            answer = run(url, item, count, workers, each, quota)
        else:
            answer = {"setup": setup, "drop": drop}[command](url)
    except Exception as exc:  # noqa: BLE001 - the bench reports why instead of a traceback alone
        traceback.print_exc()
        answer = {"failed": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(answer))
    sys.stdout.flush()
    os._exit(0)  # forked children's queues are drained; skip interpreter teardown


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
