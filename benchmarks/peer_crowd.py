"""A crowd of reviewers asking for work at once: shared by the concurrency test and the benchmark.

Each worker thread has its own database connection (as each LMS worker process has) and serves a
share of the reviewers. All workers start together at a barrier; each then loops over its
reviewers: ask for the next submission, review it, until every reviewer has given its reviews.
What the engine answered is recorded, and what was stored is checked afterwards from the tables
themselves (:func:`audit`), so the figures do not rest on the engine's own account.
"""
from __future__ import annotations

import multiprocessing
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import connections

from plxblocks.peer import api


@dataclass
class CrowdResult:
    next_seconds: list[float] = field(default_factory=list)
    """Time of each ``next_submission`` call that handed something out."""
    review_seconds: list[float] = field(default_factory=list)
    """Time of each ``submit_review`` call."""
    waits: int = 0
    """Calls answered "nothing to review yet"."""
    over_quota_answers: int = 0
    """Hand-outs the engine itself marked as over quota."""
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    """Wall-clock time from the barrier to the last worker's end."""

    @property
    def reviews(self) -> int:
        return len(self.review_seconds)


def _work(make_scope, mine: list[str], reviews_each: int, levels: dict, barrier, max_waits: int,
          think: float) -> CrowdResult:
    """One worker: its reviewers ask for work and review it until each has given *reviews_each*."""
    scope = make_scope()
    local = CrowdResult()
    need = dict.fromkeys(mine, reviews_each)
    waits = dict.fromkeys(mine, 0)
    try:
        scope.task_id()
        barrier.wait()
        time.sleep(think * random.uniform(0, 1))  # paced reviewers arrive spread out, not as one burst
        while need:
            for reviewer in list(need):
                try:
                    start = time.perf_counter()
                    given = api.next_submission(scope, reviewer)
                    took = time.perf_counter() - start
                    if isinstance(given, api.Waiting):
                        local.waits += 1
                        waits[reviewer] += 1
                        if waits[reviewer] >= max_waits:
                            del need[reviewer]
                        time.sleep(0.005)
                        continue
                    local.next_seconds.append(took)
                    local.over_quota_answers += given.over_quota
                    time.sleep(think * random.uniform(0.5, 1.5))  # reading the submission
                    start = time.perf_counter()
                    api.submit_review(scope, reviewer, given.token, levels)
                    local.review_seconds.append(time.perf_counter() - start)
                    need[reviewer] -= 1
                    if not need[reviewer]:
                        del need[reviewer]
                    time.sleep(think * random.uniform(0.5, 1.5))  # before asking for the next one
                except Exception as exc:  # noqa: BLE001 - counting every failure is the point of the run
                    local.errors.append(f"{reviewer}: {type(exc).__name__}: {exc}")
                    del need[reviewer]
    finally:
        connections.close_all()
    return local


def _merge(into: CrowdResult, part: CrowdResult) -> None:
    into.next_seconds += part.next_seconds
    into.review_seconds += part.review_seconds
    into.waits += part.waits
    into.over_quota_answers += part.over_quota_answers
    into.errors += part.errors


def run_crowd(make_scope, reviewers: list[str], workers: int, reviews_each: int, levels: dict,
              max_waits: int = 50, processes: bool = False, think: float = 0.0) -> CrowdResult:
    """Run *workers* threads (or forked processes, like LMS worker processes) over *reviewers*.

    About *think* seconds (0.5 to 1.5 times, at random) pass after each hand-out (reading) and each
    review, and before the first request; 0 means flat out, every reviewer asking at the same moment.
    """
    result = CrowdResult()
    shares = [reviewers[i::workers] for i in range(workers)]
    if processes:
        context = multiprocessing.get_context("fork")
        barrier, results = context.Barrier(workers + 1), context.Queue()
        connections.close_all()  # a forked child must not share the parent's connections

        def child(mine):
            results.put(_work(make_scope, mine, reviews_each, levels, barrier, max_waits, think))

        runners = [context.Process(target=child, args=(mine,)) for mine in shares]
    else:
        barrier, parts = threading.Barrier(workers + 1), []

        def child(mine):
            parts.append(_work(make_scope, mine, reviews_each, levels, barrier, max_waits, think))

        runners = [threading.Thread(target=child, args=(mine,)) for mine in shares]
    for runner in runners:
        runner.start()
    barrier.wait()
    start = time.perf_counter()
    if processes:
        parts = [results.get() for _ in runners]
    for runner in runners:
        runner.join()
    result.seconds = time.perf_counter() - start
    for part in parts:
        _merge(result, part)
    return result


@dataclass(frozen=True)
class Audit:
    allocations: int
    duplicate_allocations: int
    """(submission, reviewer) pairs allocated more than once."""
    self_reviews: int
    over_quota: int
    """Allocations beyond the quota, summed over submissions: a submission given to 5 reviewers
    with a quota of 3 counts 2. The engine may do this only when nothing else was waiting."""
    below_quota: int
    """Submissions with fewer completed reviews than the quota."""
    counters_wrong: int
    """Submissions whose stored counters differ from a recount of their rows."""


def audit(scope, quota: int) -> Audit:
    """Check the stored allocations and reviews of *scope*'s task against the rules."""
    from django.db.models import Count, F, Q

    from plxblocks.peer.models import Allocation, Submission

    task_id = scope.task_id()
    allocations = scope.objects(Allocation).filter(task_id=task_id)
    pairs = Counter(allocations.values_list("submission_id", "reviewer"))
    per_submission = Counter(submission for submission, _reviewer in pairs.elements())
    recount = (scope.objects(Submission).filter(task_id=task_id)
               .annotate(done=Count("reviews", filter=Q(reviews__moderation__in=("visible", "approved")),
                                    distinct=True),
                         open=Count("allocations", filter=Q(allocations__state="open"), distinct=True)))
    return Audit(
        allocations=sum(pairs.values()),
        duplicate_allocations=sum(1 for n in pairs.values() if n > 1),
        self_reviews=allocations.filter(reviewer=F("submission__learner")).count(),
        over_quota=sum(max(0, n - quota) for n in per_submission.values()),
        below_quota=scope.objects(Submission).filter(task_id=task_id, status="submitted",
                                                     reviews_done__lt=quota).count(),
        counters_wrong=sum(1 for s in recount if (s.reviews_done, s.reviews_open, s.load)
                           != (s.done, s.open, s.done + s.open)),
    )
