"""What the reminder sweep knows of each task: its rules, title and page, kept on the task's row.

The rules of a task come from its block's content, which only a request for the block has at
hand; ``plx_peer_remind`` runs from cron with no block. So each learner page stores the rules it
used on the task row (:func:`remember`: one comparison per page, a write only when the content
changed), and the sweep rebuilds a :class:`~plxblocks.peer.scope.Scope` from it (:func:`scope_of`).
"""
from __future__ import annotations

from datetime import timedelta

from .models import Task
from .rules import CriterionRule, Rules
from .scope import Scope
from .waiting import WaitPolicy

VERSION = 1


def snapshot(scope) -> dict:
    """The task's rules and description as JSON (see the module docstring)."""
    rules = scope.rules
    return {"version": VERSION, "about": scope.about,
            "rules": {"criteria": [[c.id, list(c.levels), list(c.tops)] for c in rules.criteria],
                      "aggregate": rules.aggregate,
                      "reviews_to_give": rules.reviews_to_give, "reviews_to_receive": rules.reviews_to_receive,
                      "min_words": rules.min_words, "max_words": rules.max_words,
                      "lease_seconds": int(rules.lease.total_seconds()),
                      "waiting": rules.waiting.as_json() if rules.waiting else None}}


def remember(scope, task: Task) -> None:
    """Store *scope*'s snapshot on *task*'s row when it differs from what is there."""
    data = snapshot(scope)
    if task.policy != data:
        scope.objects(Task).filter(pk=task.pk).update(policy=data)
        task.policy = data


def scope_of(task: Task, using: str, clock=None) -> Scope | None:
    """A scope for *task* from its stored snapshot (``None`` for a task no page has shown yet)."""
    data = task.policy or {}
    if data.get("version") != VERSION:
        return None
    r = data["rules"]
    # A criterion is [id, levels, band tops]; rows stored before range scoring have no tops.
    rules = Rules(criteria=tuple(CriterionRule(cid, tuple(levels), tuple(tops[0]) if tops else ())
                                 for cid, levels, *tops in r["criteria"]),
                  aggregate=r.get("aggregate", "median"),
                  reviews_to_give=r["reviews_to_give"], reviews_to_receive=r["reviews_to_receive"],
                  min_words=r["min_words"], max_words=r["max_words"], lease=timedelta(seconds=r["lease_seconds"]),
                  waiting=WaitPolicy.from_json(r["waiting"]))
    extra = {"clock": clock} if clock is not None else {}
    return Scope(task.course_id, task.item_id, rules, using=using, about=data.get("about") or {},
                 _task_id=task.pk, **extra)
