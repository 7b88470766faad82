"""The attempt ledger's part of Open edX account retirement (connected by ``ChecksConfig.plugin_app``)."""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def retire_check_attempts(sender, user, **kwargs) -> None:
    """``USER_RETIRE_LMS_MISC`` receiver: delete the retired learner's attempt counts (keyed by user
    id). Their grades live in the platform's own tables, which its pipeline retires."""
    from ..openedx import retirement_enabled
    from .models import CheckAttempts

    if not retirement_enabled():
        return
    deleted = CheckAttempts.objects.filter(learner=str(user.id)).delete()[0]
    log.info("plx checks: retired user %s, %d attempt rows deleted", user.id, deleted)
