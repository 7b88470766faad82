"""Completing a review, rating a received review, and flagging: the learner's write actions.

Every check that can refuse a request runs before anything is written, and the writes of one
request happen in one transaction, so a refused request changes nothing.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, Max

from . import sql
from .allocation import new_token
from .db import retrying, write_transaction
from .errors import PeerError
from .errors import gettext_noop as _
from .models import Allocation, Flag, Rating, Review, Score, Submission
from .sql import adjust_counts
from .submissions import VISIBLE_STATES
from .text import plain

State = Allocation.State
Moderation = Submission.Moderation


@dataclass(frozen=True)
class ReviewInput:
    """A validated review: a level for every criterion, comments, and the total."""

    levels: dict[str, int]
    comments: dict[str, str]
    overall: str

    @property
    def points(self) -> int:
        return sum(self.levels.values())


def _only_known_criteria(rules, given: Mapping) -> None:
    known = {c.id for c in rules.criteria}
    unknown = sorted(str(k) for k in given if k not in known)
    if unknown:
        raise PeerError("unknown_criterion", _("There is no criterion called {criterion}."),
                        criterion=", ".join(unknown))


def check_levels(rules, levels: object) -> dict[str, int]:
    """*levels* (``{criterion id: points}``) if it names every criterion once with a level it has."""
    if not isinstance(levels, Mapping):
        raise PeerError("bad_levels", _("Choose a level for every criterion."))
    _only_known_criteria(rules, levels)
    missing = [c.id for c in rules.criteria if c.id not in levels]
    if missing:
        raise PeerError("missing_criteria", _("Choose a level for every criterion ({count} missing)."),
                        count=len(missing))
    checked = {}
    for criterion in rules.criteria:
        value = levels[criterion.id]
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not criterion.accepts(value):
            raise PeerError("bad_level", _("That level does not exist for criterion {criterion}."),
                            criterion=criterion.id)
        checked[criterion.id] = value
    return checked


def check_review(rules, levels: object, comments: object = None, overall: object = "") -> ReviewInput:
    """Validate a review as sent by a page; raises :class:`PeerError` naming the first problem."""
    checked = check_levels(rules, levels)
    comments = comments or {}
    if not isinstance(comments, Mapping):
        raise PeerError("bad_comments", _("Comments must be given per criterion."))
    _only_known_criteria(rules, comments)
    texts = {k: plain(v, _("Comment"), rules.max_comment_chars) for k, v in comments.items()}
    return ReviewInput(checked, {k: v for k, v in texts.items() if v}, check_overall(rules, overall))


def check_overall(rules, overall: object) -> str:
    """The review's overall comment, as the task's ``overall_comment`` setting wants it."""
    text = plain(overall, _("Overall comment"), rules.max_overall_chars)
    if rules.overall_comment == "required" and not text.strip():
        raise PeerError("overall_required", _("Write an overall comment: say what works in the response and "
                                              "what would make it better."), field="overall")
    if rules.overall_comment == "none" and text.strip():
        raise PeerError("overall_not_taken", _("This task takes no overall comment: use the comments on "
                                               "each criterion."), field="overall")
    return text


def _mine(scope, reviewer: str, token: object) -> Allocation:
    """The reviewer's allocation with *token*, locked; the same error whether absent or another's."""
    alloc = sql.lock_allocation(scope, reviewer, token) if isinstance(token, str) and token else None
    if alloc is None:
        raise PeerError("not_allocated", _("This submission was not given to you to review."), status=403)
    return alloc


@retrying
def submit_review(scope, reviewer: str, token: object, levels: object, comments: object = None,
                  overall: object = "") -> int:
    """Record a review of the submission allocated with *token*. Returns the reviews now given.

    An allocation whose lease ran out is still accepted (a teacher who took longer loses nothing);
    the submission may then get one review more than it needed.
    """
    review = check_review(scope.rules, levels, comments, overall)
    now = scope.now()
    with write_transaction(scope):
        alloc = _mine(scope, reviewer, token)
        if alloc.state == State.DONE:
            raise PeerError("already_reviewed", _("You have already reviewed this submission."), status=409)
        if alloc.state == State.CANCELLED:
            raise PeerError("allocation_cancelled", _("This submission is no longer available for review."),
                            status=409)
        was_open = alloc.state == State.OPEN
        sql.finish_allocation(scope, alloc.pk, State.DONE)
        row = sql.create(scope, Review(
            allocation_id=alloc.pk, task_id=alloc.task_id, submission_id=alloc.submission_id, reviewer=reviewer,
            token=new_token(), staff_review=alloc.staff_review, overall_comment=review.overall,
            points=review.points, created=now))
        sql.insert(scope, Score, [{"review_id": row.pk, "criterion": cid, "points": pts,
                                   "comment": review.comments.get(cid, "")} for cid, pts in review.levels.items()])
        adjust_counts(scope, alloc.submission_id, done=1, open=-1 if was_open else 0)
    return reviews_given(scope, reviewer)


def reviews_given(scope, reviewer: str) -> int:
    """Reviews *reviewer* completed in this task that count (staff removed none of them)."""
    return sql.reviews_given(scope, reviewer)


@retrying
def rate_review(scope, learner: str, token: object, helpful: object) -> None:
    """The author of a submission says whether a review of it was helpful (may change their mind)."""
    if not isinstance(helpful, bool):
        raise PeerError("bad_rating", _("Say whether the review was helpful or not."))
    with write_transaction(scope):
        review = _received(scope, learner, token)
        Rating.objects.using(scope.using).update_or_create(review=review,
                                                           defaults={"helpful": helpful, "updated": scope.now()})


def _received(scope, learner: str, token: object) -> Review:
    """A review of *learner*'s submission that they can see, locked."""
    review = None
    if isinstance(token, str) and token:
        review = (scope.objects(Review).select_for_update()
                  .filter(task_id=scope.task_id(), token=token, submission__learner=learner,
                          moderation__in=VISIBLE_STATES).first())
    if review is None:
        raise PeerError("no_review", _("There is no such review of your work."), status=404)
    return review


def _flag(scope, flagger: str, reason: str, **target) -> None:
    """Record *flagger*'s report of *target*, within their limit of ``Rules.max_reports`` per task.

    The report's ``number`` is unique per flagger and task, so of two reports sent at once past
    the limit one fails the constraint and is run again by :func:`retrying`, and then refused.
    """
    mine = scope.objects(Flag).filter(task_id=scope.task_id(), flagger=flagger)
    if mine.filter(**target).exists():
        raise PeerError("already_flagged", _("You have already reported this."), status=409)
    # One statement for both figures: on READ COMMITTED (Django's default on MariaDB and
    # PostgreSQL) two statements can see different commits, and a count taken before a
    # concurrent report with a maximum taken after it gave that report's number + 1 and let a
    # second report past the limit.
    figures = mine.aggregate(made=Count("id"), last=Max("number"))
    made, last = figures["made"], figures["last"] or 0
    if made >= scope.rules.max_reports:
        raise PeerError("too_many_reports", _("You have already made the most reports allowed on this task "
                                              "({count}). If something else worries you, tell the course team."),
                        status=409, count=made)
    Flag.objects.using(scope.using).create(task_id=scope.task_id(), flagger=flagger, reason=reason,
                                           created=scope.now(), number=max(last, made) + 1, **target)


@retrying
def flag_submission(scope, reviewer: str, token: object, reason: object = "") -> None:
    """Report the submission given to *reviewer* as inappropriate, for staff to decide.

    It stays in the queue, so one learner cannot hide a colleague's work, until
    ``Rules.reports_to_hide`` learners have reported it (then it is hidden until staff decide).
    The reporter's review in progress is cancelled, so they are given another submission.
    """
    reason = plain(reason, _("Reason"), scope.rules.max_overall_chars)
    with write_transaction(scope):
        alloc = _mine(scope, reviewer, token)
        submission = scope.objects(Submission).select_for_update().get(pk=alloc.submission_id)
        _flag(scope, reviewer, reason, submission_id=alloc.submission_id)
        reporters = scope.objects(Flag).filter(submission_id=submission.pk, resolution=Flag.Resolution.PENDING).count()
        if submission.moderation == Moderation.VISIBLE and reporters >= scope.rules.reports_to_hide:
            submission.moderation, submission.in_queue = Moderation.FLAGGED, False
            submission.save(using=scope.using, update_fields=["moderation", "in_queue"])
        if alloc.state == State.OPEN:
            sql.finish_allocation(scope, alloc.pk, State.CANCELLED)
            adjust_counts(scope, alloc.submission_id, open=-1)


@retrying
def flag_review(scope, learner: str, token: object, reason: object = "") -> None:
    """Report a review of the learner's work as inappropriate: hidden and not counted until staff decide.

    Only its author sees a review, so hiding it from them hides it from nobody else; the limit
    of ``Rules.max_reports`` bounds how many unwelcome reviews a learner can set aside this way.
    """
    reason = plain(reason, _("Reason"), scope.rules.max_overall_chars)
    with write_transaction(scope):
        review = _received(scope, learner, token)
        _flag(scope, learner, reason, review=review)
        if review.moderation == Moderation.VISIBLE:
            review.moderation = Moderation.FLAGGED
            review.save(using=scope.using, update_fields=["moderation"])
            adjust_counts(scope, review.submission_id, done=-1)
