"""The addresses the LMS would give, for the notice tests (also loaded by their ``plx_peer_remind``
processes, through ``PLX_PEER_NOTICE_DIRECTORY``)."""
from __future__ import annotations

from plxblocks.peer.notices import Recipient


class Directory:
    """Addresses the LMS would give: a learner's is their id at example.org; two tutors."""

    STAFF = [Recipient("7", "tutor@example.org", "cy", "Tutor"), Recipient("8", "lead@example.org", "", "Lead")]

    def learner(self, course_id, anonymous_id):
        return None if anonymous_id == "nomail" else Recipient(anonymous_id, f"{anonymous_id}@example.org", "",
                                                              anonymous_id.title())

    def staff(self, course_id):
        return list(self.STAFF)
