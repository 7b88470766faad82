"""Everything a learner's page needs in one call: their response, progress, reviews and grade."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .allocation import Assignment, current_assignment, required_to_receive
from .grading import Grade, Received, grade_of, received
from .models import SelfReview, StaffGrade, Task
from .notices import remember_language
from .registry import remember
from .reviews import reviews_given
from .submissions import Response, Status, own_submission
from .waiting import WaitState, aware, release_due, release_if_stuck, wait_state


def required_to_give(scope, task: Task | None = None) -> int:
    task = task or scope.objects(Task).get(pk=scope.task_id())
    return task.give_override if task.give_override is not None else scope.rules.reviews_to_give


@dataclass(frozen=True)
class LearnerState:
    response: Response | None
    given: int
    required_to_give: int
    required_to_receive: int
    current: Assignment | None
    """The review the learner holds now, if any (shown again after a reload)."""
    received: Received | None
    """Reviews of their work: only once they have given the required reviews."""
    grade: Grade | None
    """Their grade so far: only once they have given the required reviews."""
    wait: WaitState | None = None
    """Where their submitted response stands against the waiting policy (issue 17.3)."""
    released: bool = False
    """Their waiting ended with nothing left to review: the rest of their reviews to give are waived."""
    release_by: datetime | None = None
    """While they still owe reviews: when they will be released if nothing is left to review then."""
    opted_out: bool = False
    """They asked for no reminder or notice mail."""

    @property
    def submitted(self) -> bool:
        return self.response is not None and self.response.status == Status.SUBMITTED

    @property
    def complete(self) -> bool:
        """Submitted and gave the required reviews (Open edX completion)."""
        return self.submitted and (self.given >= self.required_to_give or self.released)

    @property
    def publishable(self) -> bool:
        """The grade may be published to the LMS: the learner is complete and the grade stands."""
        return self.complete and self.grade is not None and self.grade.final


def learner_state(scope, learner: str, lang: str | None = None) -> LearnerState:
    """Everything *learner*'s page shows. *lang*, the page's language, is kept for their mail.

    On the way it stores the task's rules for the reminder sweep and, once their waiting has
    ended with nothing left for them to review, releases them from the rest of their quota.
    """
    task = scope.objects(Task).get(pk=scope.task_id())
    remember(scope, task)
    notice = remember_language(scope, learner, lang)
    row = own_submission(scope, learner)
    given = reviews_given(scope, learner)
    give = required_to_give(scope, task)
    policy = scope.rules.waiting
    if release_due(policy, row, given, give, scope.now()) and release_if_stuck(scope, learner):
        row = own_submission(scope, learner)
    submitted = row is not None and row.status == Status.SUBMITTED
    released = submitted and row.give_released_at is not None and given < give
    show = submitted and (given >= give or released)
    receive = required_to_receive(scope, task)
    return LearnerState(
        response=Response.of(row) if row else None,
        given=given, required_to_give=give, required_to_receive=receive,
        current=current_assignment(scope, learner),
        received=received(scope, row) if show else None,
        grade=grade_of(scope, row, task) if show else None,
        wait=own_wait_state(scope, row, receive) if submitted else None,
        released=released,
        release_by=release_date(policy, row, given, give, released, scope.now()),
        opted_out=notice is not None and notice.opted_out,
    )


def release_date(policy, row, given: int, give: int, released: bool, now: datetime) -> datetime | None:
    """When a learner who still owes reviews will be let off the rest, if nothing is left to review
    then; ``None`` once that moment has passed (there was work for them: the quota stands)."""
    if policy is None or released or given >= give or row is None or row.submitted_at is None:
        return None
    moment = policy.deadline(row.submitted_at)
    return moment if aware(now) < moment else None


def own_wait_state(scope, row, receive: int) -> WaitState:
    """The :class:`WaitState` of the submitted response *row*."""
    return wait_state(scope.rules.waiting, row.submitted_at, row.reviews_done, receive,
                      staff_graded=scope.objects(StaffGrade).filter(submission=row).exists(),
                      self_reviewed=scope.objects(SelfReview).filter(submission=row).exists(), now=scope.now())


def waiting_view(mine: LearnerState) -> dict:
    """The waiting part of ``PeerState`` (docs/architecture.md): what step 2 and 3 say about the
    waiting policy, dates as ISO days in the task's time zone (the template writes them per locale)."""
    from .waiting import last_day

    def day(moment):
        return last_day(moment).isoformat() if moment is not None else None

    wait = mine.wait
    return {
        "wait": None if wait is None else {
            "phase": wait.phase, "by": wait.by, "then": wait.then, "received": wait.received,
            "required": wait.required, "deadline": day(wait.deadline), "self_due": day(wait.self_due)},
        "released": mine.released, "release_by": day(mine.release_by),
        "notices": {"opted_out": mine.opted_out},
    }
