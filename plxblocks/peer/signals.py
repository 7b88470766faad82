"""Peer review's part of Open edX account retirement (connected by ``PeerConfig.plugin_app``)."""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def anonymous_ids_of(user) -> list[str]:
    """Every course-specific anonymous id the platform gave *user* (the engine's learner ids):
    edx-platform's ``common.djangoapps.student.models.AnonymousUserId`` rows."""
    from common.djangoapps.student.models import AnonymousUserId  # the LMS's own model

    return list(AnonymousUserId.objects.filter(user=user).values_list("anonymous_user_id", flat=True))


def retire_peer_review(sender, user, **kwargs) -> None:
    """``USER_RETIRE_LMS_MISC`` receiver: anonymise the learner's peer review
    (:func:`plxblocks.peer.retirement.retire_learner`)."""
    from ..openedx import retirement_enabled
    from .retirement import retire_learner

    if not retirement_enabled():
        return
    counts = retire_learner(anonymous_ids_of(user))
    log.info("plx peer review: retired user %s: %s", user.id, counts or "nothing stored")
