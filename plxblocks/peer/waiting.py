"""Nobody stranded (issue 17.3): when a submission's waiting ends, and what completes it then.

A task's :class:`WaitPolicy` (from the ``waiting:`` of its YAML) gives each submission a
deadline: the end of the day (in :func:`time_zone`, UK time by default) ``wait_days`` after it
was submitted, and not before the end of ``until``. Until then it collects peer reviews as
usual. After it, the first step of the author's fallback chain that can complete it does:

- ``fewer_peers``: it has at least ``min_reviews`` peer reviews: the grade stands on those;
- ``self``: the author assesses their own response against the rubric (their grade);
- ``staff``: the course team grades it (``self`` first, when both are chosen, for ``self_days``).

Everything here is worked out from the clock and the rows at the moment of asking, so it needs
no scheduler and no worker can disagree with another: a review arriving late still counts
(``fewer_peers`` can become true after the deadline), and a staff grade always wins.

The same deadline releases an author from the rest of their reviews to give when nothing is
left for them to review (:func:`release_if_stuck`): recorded once, so a late arrival in the queue
does not take a finished learner's completion back.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.utils import timezone

from .db import retrying, write_transaction

FEWER_PEERS, SELF, STAFF = "fewer_peers", "self", "staff"
STEPS = (FEWER_PEERS, SELF, STAFF)


@dataclass(frozen=True)
class WaitPolicy:
    """The engine's copy of a task's waiting policy (see the module docstring)."""

    wait_days: int = 0
    until: date | None = None
    fallback: tuple[str, ...] = ()
    min_reviews: int = 1
    self_days: int = 3

    def __post_init__(self) -> None:
        if not (self.wait_days or self.until) or not self.fallback or not set(self.fallback) <= set(STEPS):
            raise ValueError(f"a waiting policy needs wait_days or until, and fallback steps: {self}")

    @classmethod
    def from_model(cls, policy) -> WaitPolicy | None:
        """The policy of a content-model ``WaitingPolicy`` (``None`` stays ``None``)."""
        if policy is None:
            return None
        return cls(policy.wait_days, policy.until, tuple(policy.fallback), policy.min_reviews, policy.self_days)

    def as_json(self) -> dict:
        return {"wait_days": self.wait_days, "until": self.until.isoformat() if self.until else None,
                "fallback": list(self.fallback), "min_reviews": self.min_reviews, "self_days": self.self_days}

    @classmethod
    def from_json(cls, data: dict | None) -> WaitPolicy | None:
        if not data:
            return None
        until = date.fromisoformat(data["until"]) if data.get("until") else None
        return cls(data.get("wait_days", 0), until, tuple(data["fallback"]), data.get("min_reviews", 1),
                   data.get("self_days", 3))

    def deadline(self, submitted_at: datetime) -> datetime:
        """When a submission made at *submitted_at* stops waiting (an aware UTC datetime)."""
        zone = time_zone()
        day = aware(submitted_at).astimezone(zone).date() + timedelta(days=self.wait_days)
        if self.wait_days == 0 or (self.until is not None and self.until > day):
            day = self.until
        return end_of_day(day)

    def self_due(self, deadline: datetime) -> datetime:
        """When the self step hands over to staff (for a submission whose waiting ended at *deadline*)."""
        return end_of_day(last_day(deadline) + timedelta(days=self.self_days))


@lru_cache(maxsize=4)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def time_zone() -> ZoneInfo:
    """The zone whose days deadlines end with: ``PLX_PEER_TIME_ZONE``, by default Europe/London."""
    from django.conf import settings

    return _zone(getattr(settings, "PLX_PEER_TIME_ZONE", "Europe/London") if settings.configured else "Europe/London")


def aware(moment: datetime) -> datetime:
    """*moment* as an aware datetime: the database gives naive UTC ones where ``USE_TZ`` is off."""
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


def end_of_day(day: date) -> datetime:
    """The first moment after *day* in :func:`time_zone`, in UTC."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=time_zone()).astimezone(UTC)


def last_day(deadline: datetime) -> date:
    """The last whole day before *deadline*: the date a learner is told ("by 14 March")."""
    return (aware(deadline).astimezone(time_zone()) - timedelta(microseconds=1)).date()


@dataclass(frozen=True)
class WaitState:
    """Where one submission stands against the waiting policy, as its author is told."""

    received: int
    """Peer reviews that count."""
    required: int
    """``reviews_to_receive`` (or the staff's lowered number)."""
    phase: str
    """``open`` (no policy: short of reviews, waiting as long as it takes), ``waiting`` (before the
    deadline), ``self`` (the author's self-review is due), ``staff`` (the course team will grade it),
    or ``complete``."""
    by: str | None = None
    """When complete: ``peers`` (enough reviews), ``fewer_peers``, ``self`` or ``staff``."""
    deadline: datetime | None = None
    then: str | None = None
    """While waiting: the fallback step that would complete it if no more reviews came."""
    self_due: datetime | None = None
    """In the ``self`` phase, with ``staff`` after it: when staff take over."""

    @property
    def complete(self) -> bool:
        return self.phase == "complete"


def wait_state(policy: WaitPolicy | None, submitted_at: datetime | None, received: int, required: int, *,
               staff_graded: bool, self_reviewed: bool, now: datetime) -> WaitState:
    """The :class:`WaitState` of a submitted response (see the module docstring)."""
    if staff_graded:
        return WaitState(received, required, "complete", by=STAFF)
    if received >= required:
        return WaitState(received, required, "complete", by="peers")
    if policy is None or submitted_at is None:
        return WaitState(received, required, "open")
    deadline = policy.deadline(submitted_at)
    steps = policy.fallback
    peers_enough = FEWER_PEERS in steps and received >= policy.min_reviews
    if aware(now) < deadline:
        then = FEWER_PEERS if peers_enough else next((s for s in steps if s != FEWER_PEERS), None)
        return WaitState(received, required, "waiting", deadline=deadline, then=then)
    if peers_enough:
        return WaitState(received, required, "complete", by=FEWER_PEERS, deadline=deadline)
    if SELF in steps and self_reviewed:
        return WaitState(received, required, "complete", by=SELF, deadline=deadline)
    if SELF in steps:
        due = policy.self_due(deadline) if STAFF in steps else None
        if due is None or aware(now) < due:
            return WaitState(received, required, SELF, deadline=deadline, self_due=due)
    if STAFF in steps:
        return WaitState(received, required, STAFF, deadline=deadline)
    return WaitState(received, required, "open", deadline=deadline)  # validation forbids this chain


def release_due(policy: WaitPolicy | None, row, given: int, required_to_give: int, now: datetime) -> bool:
    """Whether *row*'s author may now be released from the rest of their reviews (if nothing is left)."""
    return (policy is not None and row is not None and row.status == "submitted"
            and row.give_released_at is None and given < required_to_give and row.submitted_at is not None
            and aware(now) >= policy.deadline(row.submitted_at))


@retrying
def release_if_stuck(scope, learner: str) -> bool:
    """Release *learner* from the rest of their reviews when nothing is left for them to review."""
    from . import sql
    from .models import Submission

    with write_transaction(scope):
        row = (scope.objects(Submission).select_for_update()
               .filter(task_id=scope.task_id(), learner=learner).first())
        if row is None or row.give_released_at is not None:
            return False
        if sql.pick(scope, learner, below=None, lock=False) is not None:
            return False  # something to review is there: the quota stands
        row.give_released_at = scope.now()
        row.save(using=scope.using, update_fields=["give_released_at"])
    return True


def settled(grade, policy: WaitPolicy | None, submission, quota: int, self_review, now: datetime):
    """*grade* (a :class:`~plxblocks.peer.grading.Grade`) once the waiting policy has had its say:
    final on fewer peer reviews, or the author's self-review, when that is what completes it."""
    from dataclasses import replace

    if grade.final or grade.source == STAFF or policy is None or submission.status != "submitted":
        return grade
    state = wait_state(policy, submission.submitted_at, grade.reviews, quota, staff_graded=False,
                       self_reviewed=self_review is not None, now=now)
    if state.by == FEWER_PEERS:
        return replace(grade, final=True)
    if state.by == SELF:
        return replace(grade, points=self_review.points, criteria=dict(self_review.scores), source=SELF, final=True)
    return grade


@retrying
def submit_self_review(scope, learner: str, levels: object, comment: object = "") -> None:
    """Record *learner*'s assessment of their own response, when the waiting policy asks for it."""
    from .errors import PeerError
    from .errors import gettext_noop as _
    from .models import SelfReview, StaffGrade, Submission
    from .reviews import check_levels
    from .text import plain

    checked = check_levels(scope.rules, levels)
    comment = plain(comment, _("Comment"), scope.rules.max_overall_chars)
    with write_transaction(scope):
        row = (scope.objects(Submission).select_for_update()
               .filter(task_id=scope.task_id(), learner=learner).first())
        if row is None or row.status != Submission.Status.SUBMITTED:
            raise PeerError("not_submitted", _("Submit your own response first."), status=409)
        from .allocation import required_to_receive

        state = wait_state(scope.rules.waiting, row.submitted_at, row.reviews_done, required_to_receive(scope),
                           staff_graded=scope.objects(StaffGrade).filter(submission=row).exists(),
                           self_reviewed=scope.objects(SelfReview).filter(submission=row).exists(), now=scope.now())
        if state.phase != SELF:
            raise PeerError("no_self_review", _("Your response does not need a self-review now."), status=409)
        SelfReview.objects.using(scope.using).create(submission=row, scores=checked, points=sum(checked.values()),
                                                     comment=comment, created=scope.now())


def waiting_for_staff(scope) -> list[int]:
    """Ids of the task's submissions that the waiting policy has handed to staff."""
    from .allocation import required_to_receive
    from .models import SelfReview, StaffGrade, Submission

    if scope.rules.waiting is None or STAFF not in scope.rules.waiting.fallback:
        return []
    task_id, now, quota = scope.task_id(), scope.now(), required_to_receive(scope)
    graded = set(scope.objects(StaffGrade).filter(submission__task_id=task_id).values_list("submission_id", flat=True))
    selfs = set(scope.objects(SelfReview).filter(submission__task_id=task_id).values_list("submission_id", flat=True))
    rows = (scope.objects(Submission).filter(task_id=task_id, status=Submission.Status.SUBMITTED)
            .values_list("id", "submitted_at", "reviews_done").order_by("id"))
    return [sid for sid, at, done in rows
            if wait_state(scope.rules.waiting, at, done, quota, staff_graded=sid in graded,
                          self_reviewed=sid in selfs, now=now).phase == STAFF]
