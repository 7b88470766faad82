"""Peer-review hand-out under load: ORA2's measurement (ANCHORS.md), repeated on our engine.

For each database, a task is seeded with N submitted responses; then W worker processes (each
its own connection, as LMS workers have) serve 50 reviewers who all ask for work at the same
moment and then keep reviewing with no pause until each has given 10 reviews (500 reviews).
Timed: ``next_submission`` (the hand-out) and ``submit_review``. Over-quota hand-outs and
double allocations are counted afterwards from the stored rows, not from the engine's answers.

Servers: ``PLX_BENCH_MYSQL_URL`` (default ``mysql://root@127.0.0.1:3306/plx_peer_bench``) and
``PLX_BENCH_POSTGRES_URL`` (default ``postgresql://postgres@127.0.0.1:5432/plx_peer_bench``); the
named database is created and dropped. An unreachable server is reported in the table.
"""
from __future__ import annotations

import os
import socket
import tempfile
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from .table import percentile, print_table

REVIEWERS = 50
REVIEWS_EACH = 10
QUOTA = 3
THINK = 1.0
SCENARIOS = (  # (backend, submissions, concurrent workers, seconds each reviewer spends reading / between)
    ("mysql", 1_000, 1, 0), ("mysql", 10_000, 1, 0), ("mysql", 1_000, 50, 0), ("mysql", 10_000, 50, 0),
    ("mysql", 1_000, 50, THINK), ("mysql", 10_000, 50, THINK),
    ("postgres", 10_000, 1, 0), ("postgres", 1_000, 50, 0), ("postgres", 10_000, 50, 0),
    ("postgres", 10_000, 50, THINK),
    ("sqlite", 10_000, 50, 0),
)
NAMES = {"mysql": "MariaDB", "postgres": "PostgreSQL", "sqlite": "SQLite"}
URLS = {"mysql": os.environ.get("PLX_BENCH_MYSQL_URL", "mysql://root@127.0.0.1:3306/plx_peer_bench"),
        "postgres": os.environ.get("PLX_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/plx_peer_bench")}


def reachable(url: str) -> str | None:
    """``None`` if a server answers at *url*'s host and port, else why not."""
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=2).close()
    except OSError as exc:
        return f"{parts.hostname}:{parts.port} unreachable ({exc.strerror or exc})"
    return None


def server_database(alias: str, url: str) -> dict:
    """Django's settings for the server at *url*, its test database the named one (utf8mb4 on MariaDB)."""
    import dj_database_url

    entry = dj_database_url.parse(url)
    entry["TEST"] = {"NAME": entry["NAME"]}
    if alias == "mysql":
        entry["OPTIONS"] = {"charset": "utf8mb4"}
        entry["TEST"].update(CHARSET="utf8mb4", COLLATION="utf8mb4_unicode_ci")
    return entry


def configure_django(databases: dict) -> None:
    """Django with only the peer engine installed, on *databases* (plus an unused in-memory default)."""
    import django
    from django.conf import settings

    settings.configure(DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
                                  **databases},
                       INSTALLED_APPS=["plxblocks.peer"], USE_TZ=True,
                       DEFAULT_AUTO_FIELD="django.db.models.BigAutoField")
    django.setup()


def _configure() -> dict[str, str]:
    """Configure Django with every reachable database; returns the unreachable ones with the reason."""
    sqlite = os.path.join(tempfile.gettempdir(), f"plx_peer_bench_{os.getpid()}.sqlite3")
    databases = {"sqlite": {"ENGINE": "django.db.backends.sqlite3", "NAME": sqlite, "OPTIONS": {"timeout": 30},
                            "TEST": {"NAME": sqlite}}}
    missing = {}
    for alias, url in URLS.items():
        problem = reachable(url)
        if problem:
            missing[alias] = problem
            continue
        databases[alias] = server_database(alias, url)
    configure_django(databases)
    return missing


def _seed(scope, count: int) -> list[str]:
    """*count* submitted responses, one a minute apart; returns the learners' ids, oldest first."""
    from plxblocks.peer.models import Submission

    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    learners = [f"learner-{n:05d}" for n in range(count)]
    text = "I replaced written comments with whole-class feedback and a re-drafting lesson."
    rows = (Submission(task_id=scope.task_id(), learner=learner, status="submitted", in_queue=True, text=text,
                       html=f"<p>{text}</p>", words=13, created=start + timedelta(minutes=n),
                       updated=start + timedelta(minutes=n), submitted_at=start + timedelta(minutes=n))
            for n, learner in enumerate(learners))
    scope.objects(Submission).bulk_create(rows, batch_size=1000)
    return learners


def _ms(values: list[float], pct: float) -> str:
    return f"{percentile(values, pct) * 1000:.1f}" if values else "-"


def measure(alias: str, item: str, submissions: int, workers: int, think: float = 0.0):
    """Seed task *item* with *submissions* and run the crowd on it; (what the engine answered, what
    was stored). Shared with ``bench_peer_ora2``, which runs the same crowd beside ORA2."""
    from benchmarks.peer_crowd import audit, run_crowd
    from plxblocks.peer import api

    rules = api.Rules(criteria=(api.CriterionRule("practice", (0, 1, 2, 3)), api.CriterionRule("impact", (0, 2, 4))),
                      reviews_to_give=REVIEWS_EACH, reviews_to_receive=QUOTA)
    each = REVIEWS_EACH if not think else 4

    def make_scope():
        return api.Scope("course-v1:PLX+BENCH+2026", item, rules, using=alias)

    learners = _seed(make_scope(), submissions)
    result = run_crowd(make_scope, learners[:REVIEWERS], workers, each, {"practice": 2, "impact": 4},
                       processes=True, think=think)
    return result, audit(make_scope(), QUOTA)


def _scenario(alias: str, submissions: int, workers: int, think: float) -> tuple:
    result, found = measure(alias, f"bench-{submissions}-{workers}-{think}", submissions, workers, think)
    if result.errors:
        print(f"{NAMES[alias]} {submissions}x{workers}: first error: {result.errors[0]}")
    return (NAMES[alias], f"{submissions:,}", workers, f"{think:g} s",
            f"{_ms(result.next_seconds, 50)} / {_ms(result.next_seconds, 95)}",
            f"{_ms(result.review_seconds, 50)} / {_ms(result.review_seconds, 95)}",
            f"{result.reviews / result.seconds:.0f}" if result.seconds else "-",
            f"{found.over_quota} of {found.allocations}", found.duplicate_allocations, len(result.errors))


def main() -> None:
    from django.db import connections

    missing = _configure()
    rows, notes, created = [], [], {}
    try:
        for alias, submissions, workers, think in SCENARIOS:
            if alias in missing:
                rows.append((NAMES[alias], f"{submissions:,}", workers, f"{think:g} s", "not measured", "", "", "",
                             "", ""))
                continue
            if alias not in created:
                created[alias] = connections[alias].settings_dict["NAME"]
                connections[alias].creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            rows.append(_scenario(alias, submissions, workers, think))
    finally:
        for alias, name in created.items():
            connections[alias].close()
            connections[alias].creation.destroy_test_db(name, verbosity=0)
        lock = connections.settings["sqlite"]["NAME"] + ".plx-lock"  # the SQLite writers' queue file
        if os.path.exists(lock):
            os.remove(lock)
    notes.extend(f"{NAMES[alias]} {why}: its rows were not measured." for alias, why in missing.items())
    notes.append(f"{REVIEWERS} reviewers all start at once; each gives {REVIEWS_EACH} reviews with no pause "
                 f"(think 0 s: the machine saturated, latency is queueing), or 4 reviews spending about "
                 f"{THINK:g} s reading each and {THINK:g} s before asking again (random 0.5-1.5x, arrivals "
                 "spread). Workers are forked processes with their own connections (1 worker serves all 50 "
                 "reviewers in turn); quota 3; lease 30 min.")
    notes.append("ORA2 (ANCHORS.md, MariaDB, 10,000, 50 concurrent): next 207 / 346 ms, 80 reviews/s, "
                 "351 of 510 over quota. Target here: p95 < 50 ms; growth 1,000 -> 10,000 no worse than logarithmic.")
    print_table("Peer review under load (times in ms, p50 / p95)",
                ("database", "submissions", "concurrent", "think", "next submission", "submit review", "reviews/s",
                 "over quota", "double allocations", "errors"), rows, notes)


if __name__ == "__main__":
    main()
