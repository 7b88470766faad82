"""Grades from reviews, and what a learner sees of the reviews they received.

A criterion's score comes from the points chosen by the reviews that count (not flagged or
removed; staff reviews count like peers'); the grade is the sum over criteria, like ORA2. The task
chooses how (``Rules.aggregate``):

- ``median`` (the default, ORA2's rule): with an even number of reviews, the mean of the middle
  two rounded up to a whole point, giving the teacher the benefit of the doubt;
- ``mean``: the average, to one decimal place (halves rounded up), so one harsh or generous
  reviewer moves the grade a little instead of not at all (ORA2 #2196).

A staff grade, when set, wins.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .allocation import required_to_receive
from .models import Rating, Review, Score, SelfReview, StaffGrade, Submission, Task
from .submissions import VISIBLE_STATES
from .waiting import settled


def median(values: list[int]) -> int:
    """The median, rounded up to a whole point between two middle values. ``[1, 2] -> 2``, ``[3] -> 3``."""
    if not values:
        raise ValueError("the median of no values")
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return math.ceil((ordered[middle - 1] + ordered[middle]) / 2)


def mean(values: list[int]) -> int | float:
    """The mean to one decimal place, halves rounded up. ``[1, 2] -> 1.5``, ``[1, 1, 2] -> 1.3``."""
    if not values:
        raise ValueError("the mean of no values")
    exact = Decimal(sum(values)) / Decimal(len(values))  # Decimal: round(0.25, 1) on floats gives 0.2
    return total([exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)])


def aggregate(values: list[int], how: str) -> int | float:
    """The criterion's score from its reviews' points: ``median`` or ``mean`` (see the module docstring)."""
    return mean(values) if how == "mean" else median(values)


def total(values) -> int | float:
    """A sum of per-criterion scores, without the float noise of adding tenths (0.1 + 0.2); a
    whole number stays an ``int``, so pages and reports show ``4``, not ``4.0``."""
    exact = sum((Decimal(str(v)) for v in values), Decimal(0))
    return int(exact) if exact == exact.to_integral_value() else float(exact)


@dataclass(frozen=True)
class Grade:
    points: int | float
    """Whole points with the median; tenths are possible with the mean."""
    max_points: int
    criteria: dict[str, float]
    """Points per criterion (the median or mean, or the staff grade)."""
    reviews: int
    """Reviews that count towards the grade."""
    source: str
    """``staff`` (a staff grade wins), ``peers``, ``self`` (the waiting policy's self step), or
    ``none`` (no review yet)."""
    final: bool
    """Enough reviews for the grade to stand (or staff set it)."""


@dataclass(frozen=True)
class ReceivedReview:
    """One review of a learner's work, as the learner sees it: no reviewer identity."""

    token: str
    levels: dict[str, int]
    comments: dict[str, str]
    overall: str
    staff: bool
    helpful: bool | None


@dataclass(frozen=True)
class Received:
    """The reviews a learner received, with the score per criterion (median or mean)."""

    reviews: list[ReceivedReview] = field(default_factory=list)
    per_criterion: dict[str, float] = field(default_factory=dict)
    aggregate: str = "median"
    """How :attr:`per_criterion` was made: ``median`` or ``mean``."""


def _counting_reviews(scope, submission_id: int):
    return scope.objects(Review).filter(submission_id=submission_id, moderation__in=VISIBLE_STATES)


def _levels(scope, review_ids: list[int]) -> dict[int, dict[str, tuple[int, str]]]:
    by_review: dict[int, dict[str, tuple[int, str]]] = defaultdict(dict)
    for review_id, criterion, points, comment in (scope.objects(Score).filter(review_id__in=review_ids)
                                                  .values_list("review_id", "criterion", "points", "comment")):
        by_review[review_id][criterion] = (points, comment)
    return by_review


def per_criterion(scope, by_review: dict[int, dict[str, tuple[int, str]]]) -> dict[str, float]:
    """Each criterion's score from the reviews' points, by the task's rule (median or mean)."""
    columns: dict[str, list[int]] = defaultdict(list)
    for scores in by_review.values():
        for criterion, (points, _comment) in scores.items():
            columns[criterion].append(points)
    return {c.id: aggregate(columns[c.id], scope.rules.aggregate) for c in scope.rules.criteria if columns[c.id]}


def compose(scope, staff: StaffGrade | None, by_review: dict[int, dict[str, tuple[int, str]]],
            quota: int) -> Grade:
    """The grade from a staff grade (wins) or the counting reviews' scores, ``quota`` reviews making it final."""
    max_points = scope.rules.max_points
    if staff is not None:
        return Grade(staff.points, max_points, dict(staff.scores), len(by_review), "staff", True)
    if not by_review:
        return Grade(0, max_points, {}, 0, "none", False)
    scores = per_criterion(scope, by_review)
    return Grade(total(scores.values()), max_points, scores, len(by_review), "peers", len(by_review) >= quota)


def grade_of(scope, submission: Submission, task: Task | None = None) -> Grade:
    """The submission's grade now (see the module docstring)."""
    staff = scope.objects(StaffGrade).filter(submission=submission).first()
    review_ids = list(_counting_reviews(scope, submission.pk).values_list("id", flat=True))
    quota = required_to_receive(scope, task)
    grade = compose(scope, staff, _levels(scope, review_ids), quota)
    own = scope.objects(SelfReview).filter(submission=submission).first()
    return settled(grade, scope.rules.waiting, submission, quota, own, scope.now())


def task_grades(scope) -> dict[int, Grade]:
    """Every submission's grade in the task, in three queries (for the staff table and report)."""
    task_id = scope.task_id()
    quota = required_to_receive(scope)
    staff = {g.submission_id: g for g in scope.objects(StaffGrade).filter(submission__task_id=task_id)}
    by_submission: dict[int, dict[int, dict[str, tuple[int, str]]]] = defaultdict(lambda: defaultdict(dict))
    for submission_id, review_id, criterion, points in (
            scope.objects(Score).filter(review__task_id=task_id, review__moderation__in=VISIBLE_STATES)
            .values_list("review__submission_id", "review_id", "criterion", "points")):
        by_submission[submission_id][review_id][criterion] = (points, "")
    own = {r.submission_id: r for r in scope.objects(SelfReview).filter(submission__task_id=task_id)}
    now = scope.now()
    return {row.pk: settled(compose(scope, staff.get(row.pk), by_submission.get(row.pk, {}), quota),
                            scope.rules.waiting, row, quota, own.get(row.pk), now)
            for row in scope.objects(Submission).filter(task_id=task_id).only("id", "status", "submitted_at")}


def received(scope, submission: Submission) -> Received:
    """The reviews of *submission* a learner may see, oldest first, and the medians."""
    rows = list(_counting_reviews(scope, submission.pk).order_by("created", "id")
                .values("id", "token", "overall_comment", "staff_review"))
    by_review = _levels(scope, [r["id"] for r in rows])
    ratings = dict(scope.objects(Rating).filter(review_id__in=[r["id"] for r in rows])
                   .values_list("review_id", "helpful"))
    reviews = [ReceivedReview(r["token"], {c: p for c, (p, _t) in by_review[r["id"]].items()},
                              {c: t for c, (_p, t) in by_review[r["id"]].items() if t},
                              r["overall_comment"], r["staff_review"], ratings.get(r["id"]))
               for r in rows]
    return Received(reviews, per_criterion(scope, by_review), scope.rules.aggregate)
