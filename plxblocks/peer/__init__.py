"""Peer review engine: the Django app ``plxblocks.peer`` and its plain-Python service API.

The XBlock ``plx_peer_review`` calls :mod:`plxblocks.peer.api` and nothing else. Every piece of
state lives in this app's tables, so any number of LMS worker processes can serve one task: the
allocation queue is made safe by row locks (``SELECT ... FOR UPDATE SKIP LOCKED``) on MySQL/MariaDB
and PostgreSQL and by serialised write transactions on SQLite, and the invariants that matter
(one submission per learner, one review per reviewer and submission, one open review per
reviewer) are unique constraints, so no race can break them.
"""
