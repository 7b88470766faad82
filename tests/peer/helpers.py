"""Builders shared by the peer tests: rules, scopes with a controllable clock, and checks."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db.models import Count, Q

from plxblocks.peer import api
from plxblocks.peer.models import Allocation, Review, Submission

RULES = api.Rules(criteria=(api.CriterionRule("evidence", (0, 1, 2, 3)), api.CriterionRule("impact", (0, 2, 4))),
                  reviews_to_give=2, reviews_to_receive=2, min_words=3, max_words=50)
GOOD = {"evidence": 2, "impact": 4}
TEXT = "Marking codes instead of written comments saved me two hours a week."


class Clock:
    """A clock tests move forward by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs) -> None:
        self.now += timedelta(**kwargs)


def scope(alias: str, clock: Clock | None = None, rules: api.Rules = RULES, item: str = "block-1") -> api.Scope:
    return api.Scope("course-v1:PLX+FW1+2026", item, rules, using=alias, clock=clock or Clock())


def submitted(s: api.Scope, *learners: str) -> None:
    """Each learner submits a valid response, a clock minute apart (so their age order is known)."""
    for learner in learners:
        api.submit(s, learner, f"{TEXT} ({learner})")
        if isinstance(s.clock, Clock):
            s.clock.advance(minutes=1)


def review(s: api.Scope, reviewer: str, levels=None, **kwargs) -> api.Assignment:
    """*reviewer* asks for work and reviews it; returns what they were given."""
    given = api.next_submission(s, reviewer)
    assert isinstance(given, api.Assignment), given
    api.submit_review(s, reviewer, given.token, levels or GOOD, **kwargs)
    return given


def submission_id(s: api.Scope, learner: str) -> int:
    """The id of *learner*'s submission (as staff see it)."""
    return next(r.submission_id for r in api.progress(s) if r.learner == learner)


def author_of(s: api.Scope, token: str) -> str:
    """Which learner wrote the submission behind an allocation token (tests only: learners never see this)."""
    return Allocation.objects.using(s.using).get(token=token).submission.learner


def assert_counters(alias: str) -> None:
    """Every submission's denormalised counters equal a recount from the allocation and review rows."""
    visible = Q(reviews__moderation__in=("visible", "approved"))
    recount = {row["id"]: row for row in Submission.objects.using(alias).values("id").annotate(
        done=Count("reviews", filter=visible, distinct=True),
        open=Count("allocations", filter=Q(allocations__state="open"), distinct=True))}
    for sub in Submission.objects.using(alias).all():
        expected = recount[sub.pk]
        assert (sub.reviews_done, sub.reviews_open, sub.load) == (
            expected["done"], expected["open"], expected["done"] + expected["open"]), sub.learner


def snapshot(alias: str) -> list:
    """Every peer row's values, to show that a refused request changed nothing."""
    from plxblocks.peer import models

    return [list(m.objects.using(alias).order_by("pk").values()) for m in
            (models.Task, models.Submission, models.Allocation, models.Review, models.Score, models.Rating,
             models.Flag, models.StaffGrade, models.CalibrationAttempt)]


def model_rubric():
    """The helpers' rubric (evidence 0-3, impact 0/2/4) as content-model criteria."""
    from plxblocks.course.model import Criterion, Level, Text

    def levels(*points):
        return tuple(Level(p, Text(str(p), str(p)), Text()) for p in points)

    return (Criterion("evidence", Text("E", "E"), Text(), levels(0, 1, 2, 3)),
            Criterion("impact", Text("I", "I"), Text(), levels(0, 2, 4)))


__all__ = [
    "GOOD",
    "RULES",
    "TEXT",
    "Clock",
    "Review",
    "assert_counters",
    "model_rubric",
    "author_of",
    "review",
    "scope",
    "snapshot",
    "submission_id",
    "submitted",
]
