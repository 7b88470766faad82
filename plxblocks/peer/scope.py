"""Which task a call is about, with its rules, database alias and clock.

A :class:`Scope` lives for one request: it may cache the task's row id (a row that never changes
once made), and keeps nothing else, so nothing a second worker needs is in process memory.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from .rules import Rules


@dataclass
class Scope:
    """One peer-review task (a block in a course run) as seen by one request."""

    course_id: str
    item_id: str
    rules: Rules
    using: str = "default"
    """Django database alias (Open edX: ``default``; tests run the same code on several)."""
    clock: Callable[[], datetime] = timezone.now
    """Current time; tests pass a fake clock to expire leases without waiting."""
    about: dict = field(default_factory=dict)
    """What mail about the task says of it: ``{"title": {"en", "cy"}, "url"}`` (:mod:`.registry`)."""
    _task_id: int | None = field(default=None, repr=False)

    def now(self) -> datetime:
        return self.clock()

    def task_id(self) -> int:
        """The task's row id, made on first use (concurrent first uses meet the unique constraint)."""
        if self._task_id is None:
            from .models import Task

            task, _ = Task.objects.using(self.using).get_or_create(course_id=self.course_id, item_id=self.item_id)
            self._task_id = task.pk
        return self._task_id

    def objects(self, model):
        """``model``'s manager on this scope's database."""
        return model.objects.using(self.using)
