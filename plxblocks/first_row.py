"""One learner's row, written in a transaction, when two first writes may race."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction

T = TypeVar("T")


def write_first_row_safely(step: Callable[[], T]) -> T:
    """Run *step* (read the row with ``select_for_update``, decide, write) in a transaction.

    Where the row does not exist yet, two requests can both decide to insert it; the table's
    unique constraint refuses the second, which then runs once more and now sees (and locks) the
    winner's row. A second refusal is not a race: its error is passed on.
    """
    try:
        with transaction.atomic():
            return step()
    except IntegrityError:
        with transaction.atomic():
            return step()
