"""Everything a learner's page needs in one call: their response, progress, reviews and grade."""
from __future__ import annotations

from dataclasses import dataclass

from .allocation import Assignment, current_assignment, required_to_receive
from .grading import Grade, Received, grade_of, received
from .models import Task
from .reviews import reviews_given
from .submissions import Response, Status, own_submission


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

    @property
    def submitted(self) -> bool:
        return self.response is not None and self.response.status == Status.SUBMITTED

    @property
    def complete(self) -> bool:
        """Submitted and gave the required reviews (Open edX completion)."""
        return self.submitted and self.given >= self.required_to_give

    @property
    def publishable(self) -> bool:
        """The grade may be published to the LMS: the learner is complete and the grade stands."""
        return self.complete and self.grade is not None and self.grade.final


def learner_state(scope, learner: str) -> LearnerState:
    task = scope.objects(Task).get(pk=scope.task_id())
    row = own_submission(scope, learner)
    given = reviews_given(scope, learner)
    give = required_to_give(scope, task)
    show = row is not None and row.status == Status.SUBMITTED and given >= give
    return LearnerState(
        response=Response.of(row) if row else None,
        given=given, required_to_give=give, required_to_receive=required_to_receive(scope, task),
        current=current_assignment(scope, learner),
        received=received(scope, row) if show else None,
        grade=grade_of(scope, row, task) if show else None,
    )
