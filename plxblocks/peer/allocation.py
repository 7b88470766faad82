"""Handing out submissions to review: the queue, leases, and what to say when nothing is ready.

The rules (issue 4), and how each is kept under many concurrent workers:

- Lowest ``load`` first (completed reviews plus reviews in progress), then oldest: one range scan
  of the ``plx_peer_queue`` index. Counting reviews in progress is what stops fifty reviewers
  arriving together from all being given the head of the queue (ORA2's failure).
- ``SELECT ... FOR UPDATE SKIP LOCKED`` on MySQL/MariaDB and PostgreSQL: a worker locks the row
  it is about to hand out, and every other worker passes over it to the next one, so no two
  workers decide on the same row at once and nobody waits. On SQLite the whole step runs under
  SQLite's single write lock (:func:`~plxblocks.peer.db.write_transaction`).
- Never your own, never one you were given before, never a withdrawn or hidden one: conditions of
  the same query, backed by the unique constraint on (submission, reviewer).
- Quota: a submission with ``reviews_to_receive`` reviews done or in progress is handed out only
  when nothing below quota is available to this reviewer. A row below quota that another worker
  has locked for a moment is not "nothing": the step is tried again shortly, so a locked row
  never pushes a reviewer onto an over-quota submission.
- Calibration: a learner with example responses still to assess (:mod:`~plxblocks.peer.calibration`)
  is refused until they have; the check costs nothing when the task has no examples.
- Leases: an allocation not completed within ``Rules.lease`` is released (counted out of the
  submission's load) by whichever request comes next; its reviewer may still finish it.
"""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from . import sql
from .db import retrying, write_transaction
from .errors import PeerError
from .errors import gettext_noop as _
from .models import Allocation, Submission, Task
from .sql import adjust_counts

State = Allocation.State
LOCKED_ROUNDS = 40
"""Times to try again while every submission below quota is locked by other workers (each a few ms)."""
RELEASE_BATCH = 200


@dataclass(frozen=True)
class Assignment:
    """A submission handed to a reviewer, as the reviewer may see it (no ids, no names)."""

    token: str
    html: str
    words: int
    expires_at: datetime
    over_quota: bool
    """It already had enough reviews done or in progress (nothing else was available)."""
    resumed: bool
    """The reviewer already held it (a reload, or a second tab)."""


@dataclass(frozen=True)
class Waiting:
    """Nothing to review now, and how the queue stands."""

    ahead: int
    """Submissions ahead of the reviewer's own in the review queue."""
    waiting: int
    """Other learners' submissions that still need reviews (all already given to this reviewer,
    or in progress with others)."""
    queued: bool = False
    """The reviewer's own submission is in the review queue (so :attr:`ahead` is its place); not
    when they have none, or it has all its reviews, or it is hidden."""


def required_to_receive(scope, task: Task | None = None) -> int:
    task = task or scope.objects(Task).get(pk=scope.task_id())
    return task.receive_override if task.receive_override is not None else scope.rules.reviews_to_receive


def _assignment(alloc: Allocation, submission: Submission, quota: int, resumed: bool) -> Assignment:
    return Assignment(alloc.token, submission.html, submission.words, alloc.expires_at,
                      over_quota=not resumed and submission.load >= quota, resumed=resumed)


def new_token() -> str:
    return secrets.token_hex(16)


@retrying
def release_expired(scope) -> int:
    """Release leases that ran out: their submissions go back into the queue. Returns how many."""
    now = scope.now()
    expired = scope.objects(Allocation).filter(task_id=scope.task_id(), state=State.OPEN, expires_at__lte=now)
    if not expired.exists():  # the usual case: one index probe, no transaction
        return 0
    with write_transaction(scope):
        rows = list(expired.select_for_update(skip_locked=True).order_by("id")
                    .values_list("id", "submission_id")[:RELEASE_BATCH])
        scope.objects(Allocation).filter(pk__in=[r[0] for r in rows]).update(state=State.EXPIRED, open_reviewer=None)
        per_submission: dict[int, int] = {}
        for _id, submission_id in rows:
            per_submission[submission_id] = per_submission.get(submission_id, 0) + 1
        for submission_id in sorted(per_submission):  # one lock order for every worker
            adjust_counts(scope, submission_id, open=-per_submission[submission_id])
    return len(rows)


def current_lease(scope, reviewer: str, now: datetime) -> Allocation | None:
    """The reviewer's open allocation, locked; an expired one is released on the way."""
    alloc = (scope.objects(Allocation).select_for_update()
             .filter(task_id=scope.task_id(), open_reviewer=reviewer).first())
    if alloc is not None and alloc.expires_at <= now:
        scope.objects(Allocation).filter(pk=alloc.pk).update(state=State.EXPIRED, open_reviewer=None)
        adjust_counts(scope, alloc.submission_id, open=-1)
        return None
    return alloc


def lease(scope, submission: Submission, reviewer: str, now: datetime, *, staff: bool,
          by_staff: bool = False, lapsed: int | None = -1) -> Allocation:
    """Give *submission* to *reviewer*: a fresh allocation, or their lapsed one (id *lapsed*) reopened.

    ``lapsed=-1`` means "not known yet: look it up"; the queue query already knows it.
    """
    if lapsed == -1:
        lapsed = (scope.objects(Allocation).filter(submission=submission, reviewer=reviewer, state=State.EXPIRED)
                  .values_list("pk", flat=True).first())
    alloc = (Allocation(task_id=scope.task_id(), submission=submission, reviewer=reviewer, token=new_token(),
                        created=now)
             if lapsed is None else scope.objects(Allocation).get(pk=lapsed))
    alloc.state, alloc.open_reviewer, alloc.expires_at = State.OPEN, reviewer, now + scope.rules.lease
    alloc.staff_review, alloc.by_staff = staff, by_staff
    if lapsed is None:
        sql.create(scope, alloc)
    else:
        alloc.save(using=scope.using)
    adjust_counts(scope, submission.pk, open=1)
    return alloc


_LOCKED = object()
_EXPIRED = object()


def _must_calibrate(scope, reviewer: str) -> bool:
    from .calibration import must_calibrate  # calibration -> reviews -> allocation: import when first used

    return must_calibrate(scope, reviewer)


@retrying
def _allocate(scope, reviewer: str, staff: bool, allow_over_locked: bool, release: bool):
    now = scope.now()
    with write_transaction(scope):
        state = sql.task_state(scope, reviewer, now)
        if release and state.leases_expired:
            return _EXPIRED
        if not staff and state.own_status != Submission.Status.SUBMITTED:
            raise PeerError("not_submitted", _("Submit your own response before reviewing others."), status=409)
        quota = scope.rules.reviews_to_receive if state.receive_override is None else state.receive_override
        # Only a reviewer who holds an open allocation needs it locked (to resume it, or release
        # it if it ran out). One made by a concurrent request of theirs after the query above
        # meets plx_peer_one_open on insert, and the retry then finds it.
        current = current_lease(scope, reviewer, now) if state.open_allocation is not None else None
        if current is not None:
            return _assignment(current, scope.objects(Submission).get(pk=current.submission_id), quota, True)
        if not staff and scope.rules.calibration and _must_calibrate(scope, reviewer):
            raise PeerError("calibrate_first", _("Assess the example response first: it shows how the rubric "
                                                 "is applied before you review a colleague's work."), status=409)
        found = sql.pick(scope, reviewer, below=quota)
        if found is None:
            if not allow_over_locked and sql.pick(scope, reviewer, below=quota, lock=False):
                return _LOCKED  # below-quota rows exist, locked by workers about to commit
            found = sql.pick(scope, reviewer, below=None)
            if found is None:
                return None
        alloc = lease(scope, found, reviewer, now, staff=staff, lapsed=found.lapsed)
        return _assignment(alloc, found, quota, False)


def next_submission(scope, reviewer: str, *, staff: bool = False) -> Assignment | Waiting:
    """The submission *reviewer* should review now (the one they hold, or the next in the queue).

    Learners must have submitted their own response first; staff (``staff=True``) need not, and
    their review counts like a peer's. Returns :class:`Waiting` when there is nothing to review.
    """
    for round_ in range(LOCKED_ROUNDS + 1):
        result = _handout(scope, reviewer, staff, allow_over_locked=round_ == LOCKED_ROUNDS)
        if result is not _LOCKED:
            break
        time.sleep(0.002 + 0.001 * round_)
    return result if result is not None else waiting(scope, reviewer)


def _handout(scope, reviewer: str, staff: bool, allow_over_locked: bool):
    """One try at a hand-out; leases that ran out are released first (in a transaction of their
    own, so the hand-out's locks are not held meanwhile), which the hand-out's first query notices."""
    result = _allocate(scope, reviewer, staff, allow_over_locked, release=True)
    if result is _EXPIRED:
        release_expired(scope)
        result = _allocate(scope, reviewer, staff, allow_over_locked, release=False)
    return result


def waiting(scope, reviewer: str) -> Waiting:
    """How the queue stands for *reviewer*: submissions ahead of theirs, and others still waiting."""
    task_id = scope.task_id()
    quota = required_to_receive(scope)
    in_queue = scope.objects(Submission).filter(task_id=task_id, in_queue=True)
    own = in_queue.filter(learner=reviewer).values("load", "submitted_at", "id").first()
    ahead = 0
    if own is not None:
        ahead = in_queue.filter(Q(load__lt=own["load"])
                                | Q(load=own["load"], submitted_at__lt=own["submitted_at"])
                                | Q(load=own["load"], submitted_at=own["submitted_at"], id__lt=own["id"])).count()
    others = in_queue.exclude(learner=reviewer).filter(reviews_done__lt=quota).count()
    return Waiting(ahead=ahead, waiting=others, queued=own is not None)


def current_assignment(scope, reviewer: str) -> Assignment | None:
    """The review *reviewer* holds now, without handing out anything new (for rendering a page)."""
    alloc = (scope.objects(Allocation).select_related("submission")
             .filter(task_id=scope.task_id(), open_reviewer=reviewer, expires_at__gt=scope.now()).first())
    if alloc is None:
        return None
    return _assignment(alloc, alloc.submission, required_to_receive(scope), True)
