"""Transactions that stay correct with many workers, and retries for the errors that can bring.

Why hand-written: Django gives ``atomic()`` and ``select_for_update(skip_locked=True)`` but no
retry of a transaction that lost a race, and nothing for SQLite, which has no row locks. Here:

- :func:`write_transaction` opens a transaction; on SQLite its first statement is a write (the
  task row's ``serial``), which takes SQLite's write lock before anything is read, so SQLite
  writers run one after another (the ``BEGIN IMMEDIATE`` idea, without changing the project's
  database settings). Before that, writers queue on an ``flock`` of a file beside the database:
  SQLite's own busy handler polls with sleeps of up to 100 ms, so under 40 concurrent writers
  some waited over 20 s while others went round again and again; a blocking kernel lock wakes
  the next writer as soon as the lock is free. On MySQL/MariaDB and PostgreSQL nothing extra
  happens: the queries lock the rows they decide on.
- :func:`retrying` runs a service call again, from the start of its transaction, when the
  database reports a transient conflict: SQLite "database is locked", a deadlock or lock-wait
  timeout, a serialisation failure, or a unique-constraint race (two workers inserting the same
  thing: the retry then reads what the winner wrote and decides again). Inside a caller's own
  transaction there is nothing to retry from, so the error is passed on.
"""
from __future__ import annotations

import fcntl
import functools
import logging
import os
import random
import time
from contextlib import contextmanager, nullcontext

from django.db import IntegrityError, OperationalError, connections, transaction
from django.db.models import F

from .errors import Busy

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 60
MAX_SECONDS = 20.0
MYSQL_TRANSIENT = {1205, 1213}  # lock wait timeout, deadlock
POSTGRES_TRANSIENT = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available


class TryAgain(Exception):
    """Raised inside a transaction to roll it back and run the call again after a short pause."""


def is_transient(exc: Exception) -> bool:
    """Whether *exc* is a conflict that running the transaction again can resolve."""
    if isinstance(exc, TryAgain):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if "database is locked" in str(exc) or "database table is locked" in str(exc):
        return True
    if getattr(cause, "sqlstate", None) in POSTGRES_TRANSIENT:
        return True
    return bool(exc.args) and exc.args[0] in MYSQL_TRANSIENT


def _pause(attempt: int) -> None:
    time.sleep(random.uniform(0, min(0.05, 0.002 * 2 ** min(attempt, 6))))


def retrying(func):
    """Run ``func(scope, ...)`` again on a transient conflict (see the module docstring)."""

    @functools.wraps(func)
    def wrapper(scope, *args, **kwargs):
        if connections[scope.using].in_atomic_block:
            return func(scope, *args, **kwargs)
        started = time.monotonic()
        for attempt in range(MAX_ATTEMPTS):
            try:
                return func(scope, *args, **kwargs)
            except IntegrityError as exc:
                if attempt >= 5:
                    raise  # not a race: a bug, keep the traceback
                last = exc
            except (OperationalError, TryAgain) as exc:
                if not is_transient(exc):
                    raise
                last = exc
            if time.monotonic() - started > MAX_SECONDS:
                break
            _pause(attempt)
        log.warning("%s gave up after %d attempts in %.1f s: %r", func.__qualname__, attempt + 1,
                    time.monotonic() - started, last)
        raise Busy()

    return wrapper


@contextmanager
def write_transaction(scope, task_ids=None):
    """A transaction for a read-decide-write step of *scope*'s task (or of *task_ids*)."""
    from .models import Task

    connection = connections[scope.using]
    sqlite = connection.vendor == "sqlite"
    with _sqlite_writer_lock(connection) if sqlite else nullcontext(), transaction.atomic(using=scope.using):
        if sqlite:
            ids = [scope.task_id()] if task_ids is None else list(task_ids) or [0]
            Task.objects.using(scope.using).filter(pk__in=ids).update(serial=F("serial") + 1)
        yield


@contextmanager
def _sqlite_writer_lock(connection):
    """Queue this SQLite writer behind the others with a blocking ``flock`` (see the module docstring)."""
    name = str(connection.settings_dict["NAME"])
    if connection.in_atomic_block or name.startswith("file:") or ":memory:" in name:
        yield  # a caller's transaction already holds the database, or there is no file to lock beside
        return
    fd = os.open(name + ".plx-lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
