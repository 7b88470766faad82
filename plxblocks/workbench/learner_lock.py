"""One request at a time per learner, across threads and (on a server database) processes.

The workbench answers a handler in three steps: it loads the block's fields, runs the handler,
then saves the fields that changed (``Runtime.handle`` calls ``block.save()`` after the handler).
Two requests of one learner that overlap both read the same ``attempts_used`` and both write
``attempts_used + 1``: twelve parallel ``submit_answer`` calls on a two-attempt check were all
accepted. A lock inside the handler cannot help, because the save comes after it; the whole
request must run alone. Open edX's LMS has the same read-handle-save shape (``FieldDataCache``).

Why hand-written: Django has row locks (``select_for_update``) but no named lock, and the row to
lock may not exist yet (a learner's first answer). So each database's own named lock is used:
``GET_LOCK`` on MySQL/MariaDB and a session advisory lock on PostgreSQL, both held outside any
transaction so that the handlers' own transactions (peer review retries) are unchanged. SQLite
has no named lock; the workbench serves it from one process (``plx serve``), so a lock per
learner in the process is enough there. The in-process lock is taken on every database, which
also keeps a learner's threads from holding several database connections while they wait.
"""
from __future__ import annotations

import hashlib
import threading
from contextlib import contextmanager

from django.db import connection, transaction

WAIT_SECONDS = 30
"""How long a request waits for the learner's previous one before it is refused as busy."""
_STRIPES = [threading.Lock() for _ in range(64)]


class LearnerBusy(Exception):
    """The learner's previous request still runs after :data:`WAIT_SECONDS`."""


def _digest(student_id: str) -> bytes:
    return hashlib.sha256(student_id.encode("utf-8")).digest()


@contextmanager
def one_request_at_a_time(student_id: str):
    digest = _digest(student_id)
    stripe = _STRIPES[digest[0] % len(_STRIPES)]
    if not stripe.acquire(timeout=WAIT_SECONDS):
        raise LearnerBusy(student_id)
    try:
        with _database_lock(digest):
            yield
    finally:
        stripe.release()


@contextmanager
def _database_lock(digest: bytes):
    if connection.vendor == "mysql":
        name = "plx-learner-" + digest.hex()[:40]  # MariaDB lock names are at most 64 characters
        with connection.cursor() as cursor:
            cursor.execute("SELECT GET_LOCK(%s, %s)", [name, WAIT_SECONDS])
            if cursor.fetchone()[0] != 1:
                raise LearnerBusy(name)
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT RELEASE_LOCK(%s)", [name])
    elif connection.vendor == "postgresql":
        key = int.from_bytes(digest[:8], "big", signed=True)
        from django.db import OperationalError

        try:
            with transaction.atomic(), connection.cursor() as cursor:  # SET LOCAL lasts to its end
                cursor.execute(f"SET LOCAL lock_timeout = '{WAIT_SECONDS}s'")
                cursor.execute("SELECT pg_advisory_lock(%s)", [key])  # a session lock: outlives the commit
        except OperationalError as exc:
            raise LearnerBusy(str(key)) from exc
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
    else:
        yield
