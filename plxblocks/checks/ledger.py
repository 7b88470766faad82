"""Counting an answer against the attempt limit: the only code that writes :class:`CheckAttempts`."""
from __future__ import annotations

from ..first_row import write_first_row_safely
from .models import CheckAttempts


class AttemptRefused(Exception):
    """The answer cannot count: *reason* is ``"correct"`` (already answered rightly) or ``"used"``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def attempts(learner: str, course_key: str, block_key: str) -> CheckAttempts | None:
    return CheckAttempts.objects.filter(learner=learner, course_key=course_key, block_key=block_key).first()


def count_answer(learner: str, course_key: str, block_key: str, max_attempts: int, correct: bool,
                 used_before: int = 0, correct_before: bool = False) -> CheckAttempts:
    """Count one answer if the limit allows (``max_attempts`` 0: no limit), else :class:`AttemptRefused`.

    *used_before* / *correct_before* seed a learner's first row from the block's own fields, so
    answers given before this ledger existed still count. Two first answers racing: the unique
    constraint refuses the second insert and it goes round again, now seeing the first's row.
    """
    keys = {"learner": learner, "course_key": course_key, "block_key": block_key}

    def count() -> CheckAttempts:
        row = CheckAttempts.objects.select_for_update().filter(**keys).first()
        if row is None:
            row = CheckAttempts(**keys, used=used_before, correct=correct_before)
        if row.correct:
            raise AttemptRefused("correct")
        if 0 < max_attempts <= row.used:
            raise AttemptRefused("used")
        row.used += 1
        row.correct = correct
        row.save()
        return row

    return write_first_row_safely(count)
