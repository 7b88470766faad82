"""The statements on the hot path of every hand-out and review, written as SQL.

Why hand-written: profiling 50 concurrent reviewers showed Django building these queries
(expression resolution, cloning) cost more CPU than the database spent running them. The SQL is
built once per database vendor from the models' own table and column names, quoted by Django's
backend, so it stays in step with the migrations. Everything else uses the ORM.
"""
from __future__ import annotations

from functools import lru_cache

from django.db import connections

from .models import Allocation, Submission, Task


@lru_cache(maxsize=8)
def _statements(vendor: str, alias: str) -> dict[str, str]:
    q = connections[alias].ops.quote_name
    sub, alloc, task = q(Submission._meta.db_table), q(Allocation._meta.db_table), q(Task._meta.db_table)
    load, done, open_ = q("load"), q("reviews_done"), q("reviews_open")
    lock = "" if vendor == "sqlite" else " FOR UPDATE SKIP LOCKED"
    queue = (f"SELECT s.{q('id')}, s.{load}, s.{q('html')}, s.{q('words')}, "
             f"(SELECT a.{q('id')} FROM {alloc} a WHERE a.{q('submission_id')} = s.{q('id')} "
             f"AND a.{q('reviewer')} = %s AND a.{q('state')} = 'expired') "
             f"FROM {sub} s WHERE s.{q('task_id')} = %s AND s.{q('in_queue')} = %s AND s.{load} < %s "
             f"AND s.{q('learner')} <> %s AND NOT EXISTS (SELECT 1 FROM {alloc} b "
             f"WHERE b.{q('submission_id')} = s.{q('id')} AND b.{q('reviewer')} = %s "
             f"AND b.{q('state')} <> 'expired') "
             f"ORDER BY s.{load}, s.{q('submitted_at')}, s.{q('id')} LIMIT 1")
    return {
        "task": f"SELECT t.{q('receive_override')}, (SELECT s.{q('status')} FROM {sub} s "
                f"WHERE s.{q('task_id')} = t.{q('id')} AND s.{q('learner')} = %s) "
                f"FROM {task} t WHERE t.{q('id')} = %s",
        "adjust": f"UPDATE {sub} SET {done} = {done} + %s, {open_} = {open_} + %s, {load} = {load} + %s "
                  f"WHERE {q('id')} = %s",
        # The queue: one range scan of the plx_peer_queue index (task, in_queue, load, submitted_at, id);
        # "pick" locks the row it returns and passes over rows other workers hold; "peek" only looks.
        "pick": queue + lock,
        "peek": queue,
    }


def _run(alias: str, name: str, params: list):
    connection = connections[alias]
    cursor = connection.cursor()
    cursor.execute(_statements(connection.vendor, alias)[name], params)
    return cursor


def adjust_counts(scope, submission_id: int, done: int = 0, open: int = 0) -> None:
    """Change a submission's review counters (and so its place in the queue) in one UPDATE."""
    with _run(scope.using, "adjust", [done, open, done + open, submission_id]):
        pass


def task_and_own_status(scope, reviewer: str) -> tuple[int | None, str | None]:
    """The task's lowered quota (or ``None``) and the status of *reviewer*'s own response, in one query."""
    with _run(scope.using, "task", [reviewer, scope.task_id()]) as cursor:
        return cursor.fetchone()


def pick(scope, reviewer: str, below: int | None, lock: bool = True) -> Submission | None:
    """The best submission *reviewer* may be given, locked (others skip it); ``below`` caps its load.

    With ``lock=False`` nothing is locked and rows other workers hold are seen too.

    The returned (unsaved) row carries ``id``, ``load``, ``html``, ``words`` and ``lapsed``: the id
    of the reviewer's own lapsed allocation of it, if any.
    """
    cap = below if below is not None else 2**31 - 1
    params = [reviewer, scope.task_id(), True, cap, reviewer, reviewer]
    with _run(scope.using, "pick" if lock else "peek", params) as cursor:
        row = cursor.fetchone()
    if row is None:
        return None
    found = Submission(id=row[0], load=row[1], html=row[2], words=row[3])
    found.lapsed = row[4]
    return found
