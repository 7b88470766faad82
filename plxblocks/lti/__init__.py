"""plx as an LTI 1.3 Advantage tool: a third runtime beside the XBlocks and SCORM.

It serves the same course model (``plxblocks.course``), templates and behaviour JS
(``plxblocks.render``), journal (``plxblocks.journal.store``) and peer review
(``plxblocks.peer.api``) to learners launched from an LMS (Moodle, Canvas, Totara, ...), with
pylti1p3 doing the protocol. See docs/lti.md.
"""
