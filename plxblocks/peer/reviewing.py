"""The reviewing grade: how well a learner's reviews agree with the other reviews of the same work
(Moodle Workshop's "grade for assessment"), and the reviewers staff should look at.

How a review is scored (issue 17), criterion by criterion, in levels (not points, so a rubric
with 10-point levels and one with 1-point levels score alike):

- the comparison is staff's grade of the response where staff set one, else the median level of
  the *other* reviews of it that count (the median, so one wild review does not move it);
- full credit where the review's level is less than one level from the comparison (the same
  level, or either side of a median that falls between two levels), half credit where it is one
  level away, nothing further off;
- the review's agreement is the mean over criteria; with ``Rules.helpfulness_share`` (a
  percentage) that share of the score comes from the author's rating instead: full for
  "helpful", nothing for "not helpful"; a review nobody rated is scored on agreement alone;
- a review with nothing to compare with yet (the only review of a response staff have not
  graded) is pending: it counts once another review or a staff grade arrives.

A learner's reviewing grade is the mean score of their scored reviews, times the task's points.
It is final once they have given the required reviews and none is pending. Staff see reviewers far
from the others (mean agreement under :data:`FAR_BELOW`) and reviewers who give every response
the same levels.
"""
from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .grading import total
from .models import Rating, Review, Score, StaffGrade
from .submissions import VISIBLE_STATES

FAR_BELOW = 0.5
"""A reviewer whose mean agreement is below this (half credit on average) is shown to staff."""
MIN_SCORED_FOR_FAR = 2
"""One disagreement is not a pattern: "far from the others" needs at least this many scored reviews."""
MIN_REVIEWS_FOR_SAME = 3
"""Reviews with identical levels it takes to call a reviewer "the same levels for everyone": with
two, one unlucky pairing in a small cohort would be enough."""


def credit(mine: int, comparison: float) -> float:
    """Credit for one criterion: 1 under a level away, 0.5 one level away, 0 further."""
    distance = abs(mine - comparison)
    return 1.0 if distance < 1 else 0.5 if distance < 2 else 0.0


@dataclass(frozen=True)
class ReviewScore:
    """One completed review's score for agreement."""

    review_id: int
    reviewer: str
    submission_id: int
    staff_review: bool
    levels: tuple[int, ...]
    """The review's level (0 = lowest) per criterion, in rubric order."""
    against: str
    """What it was compared with: ``staff`` (a staff grade), ``peers`` or ``none`` (pending)."""
    comparison: tuple[float, ...] | None
    """The levels it was compared with, per criterion (a median may fall between two levels)."""
    agreement: float | None
    """0 to 1; ``None`` while pending."""
    helpful: bool | None
    score: float | None
    """Agreement with the helpfulness share folded in; ``None`` while pending."""


@dataclass(frozen=True)
class ReviewingGrade:
    """A learner's reviewing grade, and what it is made of."""

    points: int | float
    """Out of :attr:`max_points`, to one decimal place."""
    max_points: int
    scored: int
    """Reviews with a score."""
    pending: int
    """Reviews waiting for something to compare with."""
    given: int
    required: int
    agreement: float | None
    """Mean agreement of the scored reviews (0 to 1), before helpfulness."""
    final: bool
    mean_score: float = 0.0
    """Mean score (0 to 1) of the scored reviews."""

    @property
    def percent(self) -> int | None:
        """The mean score as a whole percentage (``None`` before any review is scored)."""
        if not self.scored:
            return None
        return int((Decimal(str(self.mean_score)) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class ReviewerRow:
    """One reviewer as staff see them in the reviewers table."""

    reviewer: str
    reviews: int
    scored: int
    agreement: float | None
    far: bool
    """Mean agreement under :data:`FAR_BELOW` over at least :data:`MIN_SCORED_FOR_FAR` reviews."""
    same_levels: tuple[int, ...] | None
    """The levels (0 = lowest, per criterion) this reviewer gave every response, when they gave
    every one of at least :data:`MIN_REVIEWS_FOR_SAME` responses exactly the same although the
    other reviewers (or staff) told those responses apart: giving alike work alike levels is
    not a fault."""

    @property
    def outlier(self) -> bool:
        return self.far or self.same_levels is not None


def _indices(rules, points_by_criterion: dict[str, int]) -> tuple[int, ...] | None:
    found = tuple(c.level_index(points_by_criterion.get(c.id, -1)) for c in rules.criteria)
    return None if None in found else found


def _reviews(scope, submission_ids=None) -> dict[int, dict]:
    """Counting reviews of the task (or of *submission_ids*), with their levels: two queries."""
    rows = scope.objects(Review).filter(task_id=scope.task_id(), moderation__in=VISIBLE_STATES)
    if submission_ids is not None:
        rows = rows.filter(submission_id__in=submission_ids)
    reviews = {r["id"]: {**r, "points": {}} for r in rows.values("id", "reviewer", "submission_id", "staff_review")}
    for review_id, criterion, points in (scope.objects(Score).filter(review_id__in=list(reviews))
                                         .values_list("review_id", "criterion", "points")):
        reviews[review_id]["points"][criterion] = points
    return reviews


def review_scores(scope, reviewer: str | None = None) -> list[ReviewScore]:
    """Every counting review of the task scored (or only *reviewer*'s, in a few queries)."""
    rules = scope.rules
    submission_ids = None
    if reviewer is not None:
        submission_ids = list(scope.objects(Review).filter(task_id=scope.task_id(), reviewer=reviewer,
                                                           moderation__in=VISIBLE_STATES)
                              .values_list("submission_id", flat=True))
        if not submission_ids:
            return []
    reviews = _reviews(scope, submission_ids)
    staff_rows = scope.objects(StaffGrade).filter(submission__task_id=scope.task_id())
    if submission_ids is not None:
        staff_rows = staff_rows.filter(submission_id__in=submission_ids)
    staff = {g.submission_id: _indices(rules, g.scores) for g in staff_rows}
    ratings = dict(scope.objects(Rating).filter(review_id__in=list(reviews)).values_list("review_id", "helpful"))
    by_submission: dict[int, list[dict]] = defaultdict(list)
    for review in reviews.values():
        review["levels"] = _indices(rules, review["points"])
        if review["levels"] is not None:  # a review scored against an older rubric cannot be compared
            by_submission[review["submission_id"]].append(review)
    scores = []
    for review in reviews.values():
        if review["levels"] is None or reviewer is not None and review["reviewer"] != reviewer:
            continue
        others = [r["levels"] for r in by_submission[review["submission_id"]] if r["id"] != review["id"]]
        scores.append(_score(rules, review, staff.get(review["submission_id"]), others, ratings.get(review["id"])))
    return sorted(scores, key=lambda s: s.review_id)


def _score(rules, review: dict, staff: tuple[int, ...] | None, others: list[tuple[int, ...]],
           helpful: bool | None) -> ReviewScore:
    if staff is not None:
        comparison, against = staff, "staff"
    elif others:
        comparison, against = tuple(statistics.median(column) for column in zip(*others, strict=True)), "peers"
    else:
        return ReviewScore(review["id"], review["reviewer"], review["submission_id"], review["staff_review"],
                           review["levels"], "none", None, None, helpful, None)
    agreement = statistics.fmean(credit(mine, c) for mine, c in zip(review["levels"], comparison, strict=True))
    share = rules.helpfulness_share / 100
    score = agreement if helpful is None or not share else (1 - share) * agreement + share * float(helpful)
    return ReviewScore(review["id"], review["reviewer"], review["submission_id"], review["staff_review"],
                       review["levels"], against, comparison, agreement, helpful, score)


def _tenths(value: float) -> int | float:
    return total([Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)])


def reviewing_grade(scope, learner: str, required: int, scores: list[ReviewScore] | None = None) -> ReviewingGrade:
    """*learner*'s reviewing grade (see the module docstring); *required*: reviews they must give."""
    mine = [s for s in (review_scores(scope, learner) if scores is None else scores) if s.reviewer == learner]
    scored = [s for s in mine if s.score is not None]
    max_points = scope.rules.reviewer_points or 0
    mean_score = statistics.fmean(s.score for s in scored) if scored else 0.0
    agreement = statistics.fmean(s.agreement for s in scored) if scored else None
    pending = len(mine) - len(scored)
    return ReviewingGrade(points=_tenths(mean_score * max_points), max_points=max_points, scored=len(scored),
                          pending=pending, given=len(mine), required=required, agreement=agreement,
                          final=bool(scored) and not pending and len(mine) >= required, mean_score=mean_score)


def reviewer_table(scope, scores: list[ReviewScore] | None = None) -> list[ReviewerRow]:
    """Every learner who reviewed in the task, with their agreement and whether staff should look
    (*scores*: the task's :func:`review_scores`, when the caller has them already)."""
    by_reviewer: dict[str, list[ReviewScore]] = defaultdict(list)
    for score in review_scores(scope) if scores is None else scores:
        if not score.staff_review:
            by_reviewer[score.reviewer].append(score)
    rows = []
    for reviewer, scores in sorted(by_reviewer.items()):
        scored = [s.agreement for s in scores if s.agreement is not None]
        agreement = statistics.fmean(scored) if scored else None
        same = _same_for_everyone(scores)
        far = agreement is not None and len(scored) >= MIN_SCORED_FOR_FAR and agreement < FAR_BELOW
        rows.append(ReviewerRow(reviewer, len(scores), len(scored), agreement, far, same))
    return rows


def _same_for_everyone(scores: list[ReviewScore]) -> tuple[int, ...] | None:
    """The one set of levels a reviewer gave every response, where the others saw differences."""
    levels = {s.levels for s in scores}
    comparisons = {s.comparison for s in scores if s.comparison is not None}
    if len(scores) < MIN_REVIEWS_FOR_SAME or len(levels) != 1 or len(comparisons) < 2:
        return None
    return next(iter(levels))
