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
    content_uid: str = ""
    """The block's content id, recorded on the task for its reviewing-grade component."""
    dry_run: bool = False
    """A staff member's practice copy of the task (see :mod:`plxblocks.peer.dry_run`)."""
    about: dict = field(default_factory=dict)
    """What mail about the task says of it: ``{"title": {"en", "cy"}, "url"}`` (:mod:`.registry`)."""
    _task_id: int | None = field(default=None, repr=False)

    def now(self) -> datetime:
        return self.clock()

    def task_id(self) -> int:
        """The task's row id, made on first use (concurrent first uses meet the unique constraint)."""
        if self._task_id is None:
            from .models import CONTENT_UID_LENGTH, Task

            content_uid = self.content_uid[:CONTENT_UID_LENGTH]
            task, created = Task.objects.using(self.using).get_or_create(
                course_id=self.course_id, item_id=self.item_id,
                defaults={"content_uid": content_uid, "dry_run": self.dry_run})
            if not created and content_uid and task.content_uid != content_uid:
                # a task made before content ids were recorded (or the block's content id changed)
                Task.objects.using(self.using).filter(pk=task.pk).update(content_uid=content_uid)
            self._task_id = task.pk
        return self._task_id

    def objects(self, model):
        """``model``'s manager on this scope's database."""
        return model.objects.using(self.using)


def task_scope_for_content(course_id: str, content_uid: str, rules: Rules, using: str = "default") -> Scope | None:
    """The scope of the (real) task whose block has *content_uid*, or ``None`` if nobody opened it yet.

    For a block that shows part of a task without being it (the reviewing-grade component in
    Open edX): it must never make a task row of its own. Two blocks with one content id (a block
    duplicated in Studio) resolve to the older task.
    """
    from .models import CONTENT_UID_LENGTH, Task

    if not content_uid:
        return None
    content_uid = content_uid[:CONTENT_UID_LENGTH]
    row = (Task.objects.using(using).filter(course_id=course_id, content_uid=content_uid, dry_run=False)
           .order_by("id").values("id", "item_id").first())
    if row is None:
        return None
    return Scope(course_id, row["item_id"], rules, using=using, content_uid=content_uid, _task_id=row["id"])
