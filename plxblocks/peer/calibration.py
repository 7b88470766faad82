"""Calibration: a learner assesses example responses with the expert's levels before their first
real review (ORA2's learner training, Moodle Workshop's example submissions).

The rules (issue 17):

- the examples are the task's first ``Rules.calibration_examples`` examples, in order; a learner
  who has submitted their response assesses them one at a time, and ``next_submission`` hands out
  no real response until they have (staff, and learners who already gave a review, are exempt);
- after each attempt the learner sees, per criterion, whether they agreed with the expert and the
  expert's reason;
- with ``Rules.agreement_tolerance`` (the content's ``require_agreement``) an attempt passes only
  when every criterion is within that many levels of the expert's, and the learner tries the same
  example again until one does. While they must try again, the expert's level is not shown for a
  criterion they are still too far on (only whether it is higher or lower, and the reason), so the
  second try is judgement, not copying.

Attempts are rows (:class:`~plxblocks.peer.models.CalibrationAttempt`); the unique constraint
on (task, learner, example, attempt) makes two workers recording the same attempt one row.
"""
from __future__ import annotations

from dataclasses import dataclass

from .db import retrying, write_transaction
from .errors import PeerError
from .errors import gettext_noop as _
from .models import CalibrationAttempt, Review, Submission
from .reviews import check_levels
from .rules import ExampleRule, Rules

DISPLAY_TOLERANCE = 1
"""Without ``require_agreement``, a criterion within one level of the expert's is shown as close."""


@dataclass(frozen=True)
class CriterionFeedback:
    """How one criterion of an attempt compares with the expert's assessment."""

    criterion: str
    chosen: int
    """The points the learner chose."""
    expert: int | None
    """The expert's points; ``None`` while the learner must try again and is outside the tolerance."""
    distance: int
    """Levels between the learner's choice and the expert's: positive when the learner's is higher."""
    within: bool
    """Within the tolerance (``require_agreement``, or one level when the task sets none)."""

    @property
    def verdict(self) -> str:
        """``same``, ``close`` (within the tolerance), ``higher`` or ``lower`` (too far)."""
        if self.distance == 0:
            return "same"
        if self.within:
            return "close"
        return "higher" if self.distance > 0 else "lower"


@dataclass(frozen=True)
class Feedback:
    """What a learner sees after assessing an example."""

    example: str
    attempt: int
    passed: bool
    """Every criterion within the tolerance (always true when the task sets none)."""
    criteria: tuple[CriterionFeedback, ...]

    @property
    def retry(self) -> bool:
        """The learner must assess this example again."""
        return not self.passed


@dataclass(frozen=True)
class CalibrationState:
    """Where a learner is in the calibration step."""

    required: int
    """Examples to assess before the first real review."""
    done: int
    """Examples finished (assessed once, or passed when the task requires agreement)."""
    current: str | None
    """The example to assess now; ``None`` when calibration is complete (or not asked for)."""
    attempts: int
    """Attempts already made on :attr:`current`."""
    previous: dict[str, int] | None
    """The levels of the learner's last attempt on :attr:`current` (to start the next try from)."""
    feedback: Feedback | None
    """On the learner's latest attempt, whichever example it was."""

    @property
    def complete(self) -> bool:
        return self.current is None


def feedback_on(rules: Rules, example: ExampleRule, levels: dict[str, int], attempt: int) -> Feedback:
    """Compare an attempt's *levels* with the expert's on every criterion."""
    tolerance = rules.agreement_tolerance
    shown_within = DISPLAY_TOLERANCE if tolerance is None else tolerance
    rows = []
    for criterion in rules.criteria:
        chosen, expert = levels[criterion.id], example.levels[criterion.id]
        distance = criterion.level_index(chosen) - criterion.level_index(expert)
        rows.append((criterion.id, chosen, expert, distance, abs(distance) <= shown_within))
    passed = tolerance is None or all(within for *_rest, within in rows)
    return Feedback(example.id, attempt, passed, tuple(
        CriterionFeedback(cid, chosen, expert if passed or within else None, distance, within)
        for cid, chosen, expert, distance, within in rows))


def _attempts(scope, learner: str) -> list[CalibrationAttempt]:
    return list(scope.objects(CalibrationAttempt).filter(task_id=scope.task_id(), learner=learner)
                .order_by("id"))


def _state(rules: Rules, attempts: list[CalibrationAttempt]) -> CalibrationState:
    by_example: dict[str, list[CalibrationAttempt]] = {}
    for row in attempts:
        by_example.setdefault(row.example, []).append(row)
    done, current, previous = 0, None, None
    for example in rules.calibration:
        tries = by_example.get(example.id, [])
        if tries and tries[-1].passed:
            done += 1
            continue
        current, previous = example.id, (dict(tries[-1].levels) if tries else None)
        break
    latest = attempts[-1] if attempts else None
    example = rules.example(latest.example) if latest else None
    feedback = None
    if latest is not None and example is not None and _still_valid(rules, latest.levels):
        feedback = feedback_on(rules, example, latest.levels, latest.attempt)
    return CalibrationState(len(rules.calibration), done, current, len(by_example.get(current, [])),
                            previous if previous is not None and _still_valid(rules, previous) else None, feedback)


def _still_valid(rules: Rules, levels: dict) -> bool:
    """An attempt recorded before the rubric changed cannot be compared with it."""
    return all(c.id in levels and c.accepts(levels[c.id]) for c in rules.criteria)


def calibration_state(scope, learner: str) -> CalibrationState:
    """Where *learner* is in the calibration step (one query)."""
    if not scope.rules.calibration:
        return CalibrationState(0, 0, None, 0, None, None)
    return _state(scope.rules, _attempts(scope, learner))


def must_calibrate(scope, learner: str) -> bool:
    """Whether *learner* has examples to assess before being given a real response.

    Learners who already gave a review (before the task had examples, or given by staff) are not
    held back: calibration comes before the first real review, not between reviews.
    """
    if not scope.rules.calibration:
        return False
    if calibration_state(scope, learner).complete:
        return False
    return not scope.objects(Review).filter(task_id=scope.task_id(), reviewer=learner).exists()


@retrying
def assess_example(scope, learner: str, example_id: object, levels: object) -> Feedback:
    """Record *learner*'s assessment of the example they are to assess now; returns the feedback."""
    checked = check_levels(scope.rules, levels)
    with write_transaction(scope):
        own = scope.objects(Submission).filter(task_id=scope.task_id(), learner=learner).values_list(
            "status", flat=True).first()
        if own != Submission.Status.SUBMITTED:
            raise PeerError("not_submitted", _("Submit your own response before reviewing others."), status=409)
        state = _state(scope.rules, _attempts(scope, learner))
        if state.current is None or state.current != example_id:
            raise PeerError("not_current_example", _("This is not the example to assess now. Reload the page."),
                            status=409)
        example = scope.rules.example(example_id)
        feedback = feedback_on(scope.rules, example, checked, state.attempts + 1)
        CalibrationAttempt.objects.using(scope.using).create(
            task_id=scope.task_id(), learner=learner, example=example.id, attempt=feedback.attempt,
            levels=checked, passed=feedback.passed, created=scope.now())
    return feedback
