"""Account retirement (Open edX user retirement): remove or anonymise one learner's data.

What happens to each kind of row, and why:

- their submissions: text removed, withdrawn from the queue, reviews in progress of them
  cancelled, owner replaced by a random id. The rows stay so that the colleagues who reviewed
  them keep credit for those reviews; the comments on them are removed too, because they are
  about (and may quote) the retired learner's work;
- reviews they wrote: comments removed, reviewer replaced by a random id; the chosen levels stay,
  so the grades of the colleagues they reviewed do not change;
- their reviews in progress are cancelled (the submissions go back into the queue);
- their reports: reason removed, reporter replaced; their helpfulness ratings are deleted;
- their calibration attempts (practice on example responses) are deleted: nobody else's grade
  depends on them;
- a staff member's dry runs they wrote in (practice copies of tasks, never counted) are deleted
  whole; one they started and never wrote in holds only the sample responses;
- a staff member's id on staff grades and decisions is replaced likewise;
- their self-review keeps its levels (their grade) and loses its comment; their mail choices
  (language, opt-out) are deleted, and the record of notices sent to them takes the random id.

Nothing links the random ids to the learner or to each other across tasks.
"""
from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from .db import retrying, write_transaction
from .models import (
    Allocation,
    CalibrationAttempt,
    Flag,
    NoticeLearner,
    Rating,
    Review,
    Score,
    SelfReview,
    SentNotice,
    StaffGrade,
    Submission,
    Task,
)
from .sql import adjust_counts


@dataclass
class _Database:
    """What :func:`~plxblocks.peer.db.retrying` needs: the alias (retirement spans every task)."""

    using: str

    def objects(self, model):
        return model.objects.using(self.using)


def _retired_id() -> str:
    return "retired:" + secrets.token_hex(12)


def retire_learner(learner_ids: Iterable[str], using: str = "default") -> dict[str, int]:
    """Remove or anonymise everything stored for the learner with these anonymous ids.

    Open edX gives a learner one anonymous id per course: pass them all. Returns counts of what
    was changed, for the retirement log. Running it twice changes nothing the second time.
    """
    ids = sorted({i for i in learner_ids if isinstance(i, str) and i and not i.startswith("retired:")})
    return _retire(_Database(using), ids) if ids else {}


@retrying
def _retire(db: _Database, ids: list[str]) -> dict[str, int]:
    objects = db.objects
    mine = Q(learner__in=ids)
    task_ids = set(objects(Submission).filter(mine).values_list("task_id", flat=True))
    task_ids |= set(objects(Allocation).filter(reviewer__in=ids).values_list("task_id", flat=True))
    task_ids |= set(objects(Flag).filter(flagger__in=ids).values_list("task_id", flat=True))
    task_ids |= set(objects(CalibrationAttempt).filter(learner__in=ids).values_list("task_id", flat=True))
    task_ids |= set(objects(SentNotice).filter(recipient__in=ids).values_list("task_id", flat=True))
    counts = dict.fromkeys(("submissions", "reviews", "reviews_in_progress", "reports", "ratings",
                            "calibration_attempts", "dry_runs", "mail_choices"), 0)
    with write_transaction(db, task_ids=sorted(task_ids)):
        counts["dry_runs"] = _delete_dry_runs(db, task_ids)
        new_id = {i: _retired_id() for i in ids}
        for row in objects(Submission).select_for_update().filter(mine).order_by("id"):
            objects(SelfReview).filter(submission=row).update(comment="")
            opened = objects(Allocation).filter(submission=row, state=Allocation.State.OPEN)
            n_open = opened.update(state=Allocation.State.CANCELLED, open_reviewer=None)
            objects(Score).filter(review__submission=row).update(comment="")
            objects(Review).filter(submission=row).update(overall_comment="")
            objects(Submission).filter(pk=row.pk).update(
                learner=new_id[row.learner], text="", html="", words=0, in_queue=False,
                status=Submission.Status.WITHDRAWN, reviews_open=0, load=row.reviews_done)
            counts["submissions"] += 1
            counts["reviews_in_progress"] += n_open
        for alloc in objects(Allocation).select_for_update().filter(reviewer__in=ids).order_by("id"):
            if alloc.state == Allocation.State.OPEN:
                objects(Allocation).filter(pk=alloc.pk).update(state=Allocation.State.CANCELLED)
                adjust_counts(db, alloc.submission_id, open=-1)
                counts["reviews_in_progress"] += 1
            objects(Allocation).filter(pk=alloc.pk).update(reviewer=new_id[alloc.reviewer], open_reviewer=None)
        for reviewer in ids:
            written = objects(Review).filter(reviewer=reviewer)
            objects(Score).filter(review__in=written).update(comment="")
            counts["reviews"] += written.update(reviewer=new_id[reviewer], overall_comment="")
            counts["reports"] += objects(Flag).filter(flagger=reviewer).update(flagger=new_id[reviewer], reason="")
            objects(Flag).filter(resolved_by=reviewer).update(resolved_by=new_id[reviewer])
            objects(StaffGrade).filter(staff=reviewer).update(staff=new_id[reviewer])
            objects(SentNotice).filter(recipient=reviewer).update(recipient=new_id[reviewer])
        counts["mail_choices"] = objects(NoticeLearner).filter(learner__in=ids).delete()[0]
        counts["ratings"] = objects(Rating).filter(review__submission__learner__in=new_id.values()).delete()[0]
        counts["calibration_attempts"] = objects(CalibrationAttempt).filter(learner__in=ids).delete()[0]
    return counts


def _delete_dry_runs(db: _Database, task_ids: set[int]) -> int:
    """Delete the dry runs among *task_ids* (a staff member's practice copies they wrote in):
    nothing of them is left to anonymise afterwards."""
    dry = db.objects(Task).filter(pk__in=task_ids, dry_run=True)
    return dry.delete()[1].get(Task._meta.label, 0) if dry.exists() else 0
