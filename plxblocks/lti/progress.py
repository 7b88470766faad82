"""Which units of the launched target a learner has completed, for the ticks in the LTI pages'
contents: a unit is complete when each of its blocks is, by the rules the XBlocks send Open edX's
completion API (``emit_completion``): a text seen, a check finished (right, or out of attempts),
a reflection at its minimum length, a peer-review task complete."""
from __future__ import annotations

from ..blocks.journal import entry_state
from ..course.model import Check, PeerReview, Reflection
from ..journal import store
from . import checks
from .models import BlockState


def completed_units(session) -> set[str]:
    """The uids of the target's units that the session's learner has completed (two queries, and
    three more per peer-review task)."""
    records = {row.block_uid: row.data for row in
               BlockState.objects.filter(course_key=session.course_key, learner=session.learner)}
    entries = {e.block_key: e for e in store.learner_entries(session.learner) if e.course_key == session.course_key}

    def done(block) -> bool:
        record = records.get(block.uid) or {}
        if isinstance(block, Check):
            return checks.finished(block, {**checks.EMPTY, **record})
        if isinstance(block, Reflection):
            entry = entries.get(block.uid)
            return entry is not None and entry_state(entry, block.min_words)["complete"]
        if isinstance(block, PeerReview):
            from ..peer import api
            from .peer import scope
            return api.learner_state(scope(session, block), session.learner).complete
        return bool(record.get("viewed"))

    return {unit.uid for unit in session.target.units if all(done(block) for block in unit.blocks)}
