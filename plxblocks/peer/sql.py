"""The statements on the hot path of every hand-out and review, written as SQL.

Why hand-written: profiling 50 concurrent reviewers showed Django building these queries
(expression resolution, cloning) cost more CPU than the database spent running them. The SQL is
built once per database vendor from the models' own table and column names, quoted by Django's
backend, so it stays in step with the migrations. Everything else uses the ORM.
"""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from django.db import connections

from .models import Allocation, Review, Submission, Task


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
    review = q(Review._meta.db_table)
    return {
        # What a hand-out decides on before touching the queue, in one round trip: the task's
        # lowered quota, the reviewer's own status, whether they hold an open allocation, and
        # whether any lease in the task has run out (plx_peer_one_open and plx_peer_leases probes).
        "task": f"SELECT t.{q('receive_override')}, (SELECT s.{q('status')} FROM {sub} s "
                f"WHERE s.{q('task_id')} = t.{q('id')} AND s.{q('learner')} = %s), "
                f"(SELECT a.{q('id')} FROM {alloc} a WHERE a.{q('task_id')} = t.{q('id')} "
                f"AND a.{q('open_reviewer')} = %s), "
                f"EXISTS (SELECT 1 FROM {alloc} e WHERE e.{q('task_id')} = t.{q('id')} "
                f"AND e.{q('state')} = 'open' AND e.{q('expires_at')} <= %s) "
                f"FROM {task} t WHERE t.{q('id')} = %s",
        "mine": f"SELECT a.{q('id')}, a.{q('submission_id')}, a.{q('state')}, a.{q('staff_review')} FROM {alloc} a "
                f"WHERE a.{q('task_id')} = %s AND a.{q('token')} = %s AND a.{q('reviewer')} = %s"
                + ("" if vendor == "sqlite" else " FOR UPDATE"),
        "finish": f"UPDATE {alloc} SET {q('state')} = %s, {q('open_reviewer')} = NULL WHERE {q('id')} = %s",
        "given": f"SELECT COUNT(*) FROM {review} r WHERE r.{q('task_id')} = %s AND r.{q('reviewer')} = %s "
                 f"AND r.{q('moderation')} <> 'removed'",
        "adjust": f"UPDATE {sub} SET {done} = {done} + %s, {open_} = {open_} + %s, {load} = {load} + %s "
                  f"WHERE {q('id')} = %s",
        # The queue: one range scan of the plx_peer_queue index (task, in_queue, load, submitted_at, id);
        # "pick" locks the row it returns and passes over rows other workers hold; "peek" only looks.
        "pick": queue + lock,
        "peek": queue,
    }


@lru_cache(maxsize=32)
def _insert_statement(alias: str, model, columns: tuple[str, ...], rows: int) -> tuple[str, tuple]:
    """An INSERT of *rows* rows into *model*'s table, its fields in *columns* order (by attname),
    returning the new id where the backend can (PostgreSQL, MariaDB 10.5+)."""
    connection = connections[alias]
    q = connection.ops.quote_name
    fields = tuple(model._meta.get_field(name) for name in columns)
    marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    statement = (f"INSERT INTO {q(model._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
                 f"VALUES {', '.join([marks] * rows)}")
    if rows == 1 and connection.features.can_return_columns_from_insert:
        statement += f" RETURNING {q(model._meta.pk.column)}"
    return statement, fields


def insert(scope, model, rows: list[dict]) -> int | None:
    """Insert *rows* (``{attname: value}``, the same keys in each) into *model*'s table in one
    statement; the id of the row when there is one. Values are prepared by the model's own fields,
    as ``save()`` would (time zones, booleans, foreign keys)."""
    if not rows:
        return None
    connection = connections[scope.using]
    statement, fields = _insert_statement(scope.using, model, tuple(rows[0]), len(rows))
    params = [field.get_db_prep_save(row[field.attname], connection) for row in rows for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        if len(rows) != 1:
            return None
        if connection.features.can_return_columns_from_insert:
            return cursor.fetchone()[0]
        return cursor.lastrowid


def create(scope, obj):
    """Insert the new model instance *obj* (every field as set on it) and give it its id: what
    ``obj.save()`` does for a new row, without the ORM's per-call query building."""
    names = tuple(f.attname for f in obj._meta.concrete_fields if not f.primary_key)
    obj.pk = insert(scope, type(obj), [{name: getattr(obj, name) for name in names}])
    obj._state.adding, obj._state.db = False, scope.using
    return obj


def _run(alias: str, name: str, params: list):
    connection = connections[alias]
    cursor = connection.cursor()
    cursor.execute(_statements(connection.vendor, alias)[name], params)
    return cursor


def adjust_counts(scope, submission_id: int, done: int = 0, open: int = 0) -> None:
    """Change a submission's review counters (and so its place in the queue) in one UPDATE."""
    with _run(scope.using, "adjust", [done, open, done + open, submission_id]):
        pass


class TaskState(NamedTuple):
    receive_override: int | None
    own_status: str | None
    """The status of the reviewer's own response, ``None`` if they have none."""
    open_allocation: int | None
    """The id of the reviewer's open allocation (its lease may have run out), if any."""
    leases_expired: bool
    """Some open allocation in the task has run out by *now*: :func:`~.allocation.release_expired` is due."""


def task_state(scope, reviewer: str, now: datetime) -> TaskState:
    """What a hand-out to *reviewer* first needs to know (see :class:`TaskState`), in one query."""
    when = connections[scope.using].ops.adapt_datetimefield_value(now)
    with _run(scope.using, "task", [reviewer, reviewer, when, scope.task_id()]) as cursor:
        override, status, open_id, expired = cursor.fetchone()
    return TaskState(override, status, open_id, bool(expired))


def lock_allocation(scope, reviewer: str, token: str) -> Allocation | None:
    """*reviewer*'s allocation with *token*, locked (on SQLite the write transaction holds the
    database), as an unsaved-looking row carrying ``id``, ``submission_id``, ``state`` and ``staff_review``."""
    task_id = scope.task_id()
    with _run(scope.using, "mine", [task_id, token, reviewer]) as cursor:
        row = cursor.fetchone()
    if row is None:
        return None
    return Allocation(id=row[0], task_id=task_id, submission_id=row[1], state=row[2], staff_review=bool(row[3]),
                      reviewer=reviewer, token=token)


def finish_allocation(scope, allocation_id: int, state: str) -> None:
    """Close an allocation (done or cancelled): it no longer counts as the reviewer's open one."""
    with _run(scope.using, "finish", [state, allocation_id]):
        pass


def reviews_given(scope, reviewer: str) -> int:
    """Reviews *reviewer* completed in the task that count (staff removed none of them)."""
    with _run(scope.using, "given", [scope.task_id(), reviewer]) as cursor:
        return cursor.fetchone()[0]


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
