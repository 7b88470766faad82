"""Account retirement of the journal: a retired learner's entries are deleted.

A journal entry is the learner's own reflection, private to them: nobody else's grade or record
depends on it, so nothing is kept (peer review, where colleagues' grades depend on the rows,
anonymises instead: :mod:`plxblocks.peer.retirement`).
"""
from __future__ import annotations

from collections.abc import Iterable

from .models import JournalEntry


def retire_learner(learner_ids: Iterable[str], using: str = "default") -> int:
    """Delete every entry of the learners with these LMS user ids; returns how many rows went.

    Running it again deletes nothing more.
    """
    ids = sorted({str(i) for i in learner_ids if str(i)})
    if not ids:
        return 0
    return JournalEntry.objects.using(using).filter(learner__in=ids).delete()[0]
