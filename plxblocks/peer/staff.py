"""Staff operations: progress, identities, grades, moderation, chosen reviewers, deadlines, report.

The caller (the XBlock) checks staff rights before every call here; the service trusts it. Staff
see learners' anonymous ids; the XBlock maps them to names for the staff view only.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Count, F, Q
from django.utils import timezone

from .allocation import current_lease, lease
from .db import retrying, write_transaction
from .errors import PeerError
from .errors import gettext_noop as _
from .grading import Grade, grade_of, task_grades
from .models import (
    Allocation,
    Flag,
    Rating,
    Review,
    Score,
    StaffGrade,
    Submission,
    Task,
)
from .reviews import check_levels
from .sql import adjust_counts
from .submissions import VISIBLE_STATES, cancel_open_allocations
from .text import plain

Moderation = Submission.Moderation
Resolution = Flag.Resolution


@dataclass(frozen=True)
class ProgressRow:
    submission_id: int
    learner: str
    status: str
    moderation: str
    submitted_at: datetime | None
    words: int
    given: int
    received: int
    in_progress: int
    grade: Grade
    flags: int
    """Reports not yet decided, on the submission or on reviews of it."""
    reports_made: int
    """Reports this learner made in the task (on others' responses or on reviews they received)."""


def progress(scope) -> list[ProgressRow]:
    """One row per learner who has written a response, oldest submission first."""
    task_id = scope.task_id()
    given = dict(scope.objects(Review).filter(task_id=task_id).exclude(moderation=Moderation.REMOVED)
                 .values_list("reviewer").annotate(n=Count("id")))
    pending = Q(flags__resolution=Resolution.PENDING)
    flags = dict(scope.objects(Submission).filter(task_id=task_id).values_list("id")
                 .annotate(n=Count("flags", filter=pending)))
    review_flags = dict(scope.objects(Review).filter(task_id=task_id).values_list("submission_id")
                        .annotate(n=Count("flags", filter=pending)))
    made = dict(scope.objects(Flag).filter(task_id=task_id).values_list("flagger").annotate(n=Count("id")))
    grades = task_grades(scope)
    rows = (scope.objects(Submission).filter(task_id=task_id)
            .order_by(F("submitted_at").asc(nulls_last=True), "created", "id"))
    return [ProgressRow(s.pk, s.learner, s.status, s.moderation, s.submitted_at, s.words, given.get(s.learner, 0),
                        s.reviews_done, s.reviews_open, grades[s.pk], flags.get(s.pk, 0) + review_flags.get(s.pk, 0),
                        made.get(s.learner, 0))
            for s in rows]


@dataclass(frozen=True)
class Report:
    """One learner's report, with who made it and whose work it is about (for staff only)."""

    flagger: str
    submission_id: int
    """The response reported, or the one the reported review is of."""
    author: str
    """Who wrote that response."""
    review_id: int | None
    reviewer: str | None
    """Who wrote the reported review (``None``: the report is about the response)."""
    reason: str
    resolution: str
    created: datetime


def reports(scope) -> list[Report]:
    """Every report made in the task, oldest first: staff see who reports what, and how often."""
    rows = (scope.objects(Flag).filter(task_id=scope.task_id())
            .select_related("submission", "review__submission").order_by("created", "id"))
    return [Report(f.flagger, (f.submission or f.review.submission).pk, (f.submission or f.review.submission).learner,
                   f.review_id, f.review.reviewer if f.review_id else None, f.reason, f.resolution, f.created)
            for f in rows]


def _submission(scope, submission_id: object, lock: bool = False) -> Submission:
    rows = scope.objects(Submission).filter(task_id=scope.task_id())
    if lock:
        rows = rows.select_for_update()
    row = rows.filter(pk=submission_id).first() if isinstance(submission_id, int) else None
    if row is None:
        raise PeerError("no_submission", _("There is no such submission."), status=404)
    return row


def detail(scope, submission_id: int) -> dict:
    """A submission with identities: text, every review (with reviewer), reports, staff grade."""
    row = _submission(scope, submission_id)
    reviews = list(scope.objects(Review).filter(submission=row).order_by("created", "id"))
    scores: dict[int, dict] = {r.pk: {} for r in reviews}
    for s in scope.objects(Score).filter(review__in=reviews):
        scores[s.review_id][s.criterion] = {"points": s.points, "comment": s.comment}
    ratings = dict(scope.objects(Rating).filter(review__in=reviews).values_list("review_id", "helpful"))
    flags = scope.objects(Flag).filter(Q(submission=row) | Q(review__submission=row)).order_by("created", "id")
    staff = scope.objects(StaffGrade).filter(submission=row).first()
    return {
        "id": row.pk, "learner": row.learner, "status": row.status, "moderation": row.moderation,
        "html": row.html, "words": row.words, "submitted_at": row.submitted_at,
        "grade": grade_of(scope, row),
        "reviews": [{"id": r.pk, "reviewer": r.reviewer, "staff": r.staff_review, "moderation": r.moderation,
                     "points": r.points, "overall": r.overall_comment, "criteria": scores[r.pk],
                     "helpful": ratings.get(r.pk), "created": r.created} for r in reviews],
        "flags": [{"flagger": f.flagger, "review_id": f.review_id, "reason": f.reason,
                   "resolution": f.resolution, "created": f.created} for f in flags],
        "in_progress": list(scope.objects(Allocation).filter(submission=row, state=Allocation.State.OPEN)
                            .values("reviewer", "expires_at", "staff_review")),
        "staff_grade": None if staff is None else {"staff": staff.staff, "scores": staff.scores,
                                                   "points": staff.points, "comment": staff.comment},
    }


@retrying
def override_grade(scope, staff_id: str, submission_id: int, levels: object, comment: object = "") -> Grade:
    """Set the submission's grade (a level per criterion); it wins over the peers' median."""
    checked = check_levels(scope.rules, levels)
    comment = plain(comment, _("Comment"), scope.rules.max_overall_chars)
    with write_transaction(scope):
        row = _submission(scope, submission_id, lock=True)
        StaffGrade.objects.using(scope.using).update_or_create(
            submission=row, defaults={"staff": staff_id, "scores": checked, "points": sum(checked.values()),
                                      "comment": comment, "updated": scope.now()})
    return grade_of(scope, row)


@retrying
def clear_override(scope, submission_id: int) -> Grade:
    """Remove a staff grade: the peers' median applies again."""
    with write_transaction(scope):
        row = _submission(scope, submission_id, lock=True)
        scope.objects(StaffGrade).filter(submission=row).delete()
    return grade_of(scope, row)


def _resolve_flags(scope, staff_id: str, resolution: str, **target) -> None:
    """Record staff's decision on every report of the target (the latest decision stands)."""
    scope.objects(Flag).filter(**target).update(
        resolution=resolution, resolved_by=staff_id, resolved_at=scope.now())


@retrying
def moderate_submission(scope, staff_id: str, submission_id: int, remove: bool) -> str:
    """Remove a submission (reviews in progress cancelled) or restore it to the queue."""
    with write_transaction(scope):
        row = _submission(scope, submission_id, lock=True)
        row.moderation = Moderation.REMOVED if remove else Moderation.APPROVED
        row.in_queue = not remove and row.status == Submission.Status.SUBMITTED
        row.save(using=scope.using, update_fields=["moderation", "in_queue"])
        if remove:
            cancel_open_allocations(scope, row.pk)
        _resolve_flags(scope, staff_id, Resolution.REMOVED if remove else Resolution.RESTORED, submission=row)
    return row.moderation


@retrying
def moderate_review(scope, staff_id: str, review_id: int, remove: bool) -> str:
    """Remove a review (it stops counting, for the grade and for its reviewer) or restore it."""
    with write_transaction(scope):
        review = (scope.objects(Review).select_for_update()
                  .filter(task_id=scope.task_id(), pk=review_id).first() if isinstance(review_id, int) else None)
        if review is None:
            raise PeerError("no_review", _("There is no such review."), status=404)
        counted = review.moderation in VISIBLE_STATES
        review.moderation = Moderation.REMOVED if remove else Moderation.APPROVED
        review.save(using=scope.using, update_fields=["moderation"])
        change = (not remove) - counted
        if change:
            adjust_counts(scope, review.submission_id, done=change)
        _resolve_flags(scope, staff_id, Resolution.REMOVED if remove else Resolution.RESTORED, review=review)
    return review.moderation


@retrying
def assign_reviewer(scope, submission_id: int, reviewer: str, *, staff_review: bool = False) -> str:
    """Give a chosen submission to a chosen reviewer now (outside the queue order and quota).

    Still never their own, never one they were given before, and not while they hold another.
    Returns the allocation's token (for a staff member reviewing it themselves).
    """
    reviewer = plain(reviewer, _("Reviewer"), 64, required=True)
    with write_transaction(scope):
        row = _submission(scope, submission_id, lock=True)
        if row.status != Submission.Status.SUBMITTED:
            raise PeerError("not_submitted", _("Only a submitted response can be reviewed."), status=409)
        if row.learner == reviewer:
            raise PeerError("own_submission", _("A learner cannot review their own response."), status=409)
        allocations = scope.objects(Allocation).filter(task_id=scope.task_id())
        if allocations.filter(submission=row, reviewer=reviewer).exclude(state=Allocation.State.EXPIRED).exists():
            raise PeerError("already_allocated", _("That reviewer has already been given this response."), status=409)
        if current_lease(scope, reviewer, scope.now()) is not None:
            raise PeerError("reviewer_busy", _("That reviewer is in the middle of another review."), status=409)
        alloc = lease(scope, row, reviewer, scope.now(), staff=staff_review, by_staff=True)
    return alloc.token


@retrying
def set_requirements(scope, give: int | None, receive: int | None, due: datetime | None) -> Task:
    """Let learners through with fewer reviews after the due date (``None`` restores the content's)."""
    now = scope.now()
    if due is not None and timezone.is_aware(due) != timezone.is_aware(now):  # USE_TZ differs by runtime
        due = timezone.make_aware(due, UTC) if timezone.is_aware(now) else timezone.make_naive(
            due, UTC)
    if due is not None and now < due:
        raise PeerError("before_due", _("Requirements can only be lowered after the due date."), status=409)
    for value, most, least, name in ((give, scope.rules.reviews_to_give, 0, _("Reviews to give")),
                                     (receive, scope.rules.reviews_to_receive, 1, _("Reviews to receive"))):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most):
            raise PeerError("bad_requirement", _("{what} must be a whole number from {least} to {most}."),
                            what=name, least=least, most=most)
    with write_transaction(scope):
        task = scope.objects(Task).select_for_update().get(pk=scope.task_id())
        task.give_override, task.receive_override = give, receive
        task.save(using=scope.using, update_fields=["give_override", "receive_override"])
    return task


REPORT_COLUMNS = ("learner", "name", "status", "moderation", "submitted_at", "words", "reviews_given",
                  "reviews_received", "reviews_in_progress", "points", "max_points", "grade_source",
                  "grade_final", "open_reports", "reports_made")


def csv_report(scope, names: Mapping[str, str] | None = None) -> str:
    """The progress table as CSV; *names* maps anonymous ids to names (the staff view supplies it).

    Every text cell is defused (:func:`csv_cell`): learner ids come from the LMS or the workbench's
    ``?student=``, names from the platform's roster, neither under the course team's control.
    """
    names = names or {}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REPORT_COLUMNS)
    for r in progress(scope):
        writer.writerow([csv_cell(cell) for cell in (
            r.learner, names.get(r.learner, ""), r.status, r.moderation,
            r.submitted_at.isoformat() if r.submitted_at else "", r.words, r.given, r.received,
            r.in_progress, r.grade.points, r.grade.max_points, r.grade.source,
            "yes" if r.grade.final else "no", r.flags, r.reports_made)])
    return out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection")."""


def csv_cell(value: object) -> object:
    """A text cell that would start a formula, with a single quote in front (OWASP's advice), so
    spreadsheets show it as text; numbers are ours (never negative) and stay numbers."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
