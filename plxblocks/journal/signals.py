"""The journal's part of Open edX account retirement (connected by ``JournalConfig.plugin_app``)."""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def retire_journal(sender, user, **kwargs) -> None:
    """``USER_RETIRE_LMS_MISC`` receiver: delete the retired learner's journal (keyed by user id)."""
    from ..openedx import retirement_enabled
    from .retirement import retire_learner

    if not retirement_enabled():
        return
    deleted = retire_learner([str(user.id)])
    log.info("plx journal: retired user %s, %d entries deleted", user.id, deleted)
