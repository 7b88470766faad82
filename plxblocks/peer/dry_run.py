"""A staff dry run: a member of staff walks the learner's whole flow against sample colleagues.

Where it writes: under a **separate task row** of its own (``Task.dry_run`` true; item id
``<the task's item id>~dry-run~<hash of the staff id>``), one per member of staff and task, never
under the real task. Nothing reads across task rows: the queue, grades, the staff panel, the
report and the LMS scores all filter on the real task's id, so nothing done in a dry run can be
handed to a learner, counted in a grade or published. ``tests/peer/test_dry_run.py`` proves it:
the real task's rows are identical before and after a whole dry run.

The sample colleagues are the task's example responses: each becomes a submitted response of a
sample learner (``sample:<example id>``) with the expert's levels as its staff grade, so the dry
run's reviewing grade shows how the member of staff agrees with the expert. Once staff submit
their own response, the sample colleagues review it (the levels are the expert's for their own
example, with a comment saying so: they are not a judgement of the text). The dry run's quotas
are lowered to the number of samples, so it can be finished. Starting again or leaving deletes
the dry run's rows (cascade from its task row).
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta

from .allocation import new_token
from .db import retrying, write_transaction
from .models import Allocation, Review, Score, StaffGrade, Submission, Task
from .scope import Scope
from .sql import adjust_counts
from .text import count_words, learner_html

SEPARATOR = "~dry-run~"
"""Never in an Open edX usage id or a content uid, so a real task's item id cannot end like this."""
SAMPLE = "sample:"
"""Prefix of the sample colleagues' learner ids (never an anonymous id: those are hex)."""


def dry_run_scope(scope: Scope, staff_id: str) -> Scope:
    """The scope of *staff_id*'s dry run of *scope*'s task (its rows are made on first use)."""
    digest = hashlib.sha256(f"{scope.course_id}|{scope.item_id}|{staff_id}".encode()).hexdigest()[:16]
    item = scope.item_id if len(scope.item_id) <= 200 else hashlib.sha256(scope.item_id.encode()).hexdigest()
    return replace(scope, item_id=f"{item}{SEPARATOR}{digest}", dry_run=True, content_uid="", _task_id=None)


def _forget(scope: Scope) -> None:
    scope.objects(Task).filter(course_id=scope.course_id, item_id=scope.item_id, dry_run=True).delete()
    scope._task_id = None


@retrying
def end_dry_run(scope: Scope, staff_id: str) -> None:
    """Delete *staff_id*'s dry run of the task (nothing else is touched)."""
    _forget(dry_run_scope(scope, staff_id))


@retrying
def start_dry_run(scope: Scope, staff_id: str, samples: Mapping[str, str]) -> Scope:
    """A fresh dry run for *staff_id*: *samples* maps example ids to their response (Markdown) in
    the language staff chose. Returns the dry run's scope (a previous one is deleted first)."""
    dry = dry_run_scope(scope, staff_id)
    _forget(dry)
    examples = [e for e in scope.rules.examples if e.id in samples]
    now = scope.now()
    with write_transaction(dry):
        task = scope.objects(Task).select_for_update().get(pk=dry.task_id())
        task.give_override = min(scope.rules.reviews_to_give, len(examples))
        task.receive_override = max(1, min(scope.rules.reviews_to_receive, len(examples)))
        task.save(using=scope.using, update_fields=["give_override", "receive_override"])
        for age, example in enumerate(reversed(examples), start=1):
            text = samples[example.id]
            submitted = now - timedelta(minutes=age)  # oldest first: the queue hands them out in order
            row = Submission.objects.using(scope.using).create(
                task=task, learner=SAMPLE + example.id, status=Submission.Status.SUBMITTED, text=text,
                html=learner_html(text), words=count_words(text), created=submitted, updated=submitted,
                submitted_at=submitted, in_queue=True)
            StaffGrade.objects.using(scope.using).create(
                submission=row, staff=SAMPLE + "expert", scores=dict(example.levels),
                points=sum(example.levels.values()), comment="", updated=now)
    return dry


@retrying
def sample_reviews(dry: Scope, staff_id: str, comment: str) -> int:
    """The sample colleagues review *staff_id*'s submitted response in the dry run *dry* (once).

    Each gives the expert's levels for their own example, with *comment* (in the staff member's
    language) saying the levels are made up. Returns how many reviews were added.
    """
    if not dry.dry_run:
        raise ValueError("sample reviews are only for a dry run")
    now = dry.now()
    with write_transaction(dry):
        task = dry.objects(Task).get(pk=dry.task_id())
        own = (dry.objects(Submission).select_for_update()
               .filter(task=task, learner=staff_id, status=Submission.Status.SUBMITTED).first())
        if own is None or own.reviews_done:
            return 0
        wanted = task.receive_override or dry.rules.reviews_to_receive
        added = 0
        for example in dry.rules.examples:
            if added >= wanted:
                break
            if not dry.objects(Submission).filter(task=task, learner=SAMPLE + example.id).exists():
                continue
            reviewer = SAMPLE + example.id
            alloc = Allocation.objects.using(dry.using).create(
                task=task, submission=own, reviewer=reviewer, token=new_token(), state=Allocation.State.DONE,
                created=now, expires_at=now)
            review = Review.objects.using(dry.using).create(
                allocation=alloc, task=task, submission=own, reviewer=reviewer, token=new_token(),
                overall_comment=comment, points=sum(example.levels.values()), created=now)
            Score.objects.using(dry.using).bulk_create(
                Score(review=review, criterion=c, points=p) for c, p in example.levels.items())
            added += 1
        if added:
            adjust_counts(dry, own.pk, done=added)
    return added
