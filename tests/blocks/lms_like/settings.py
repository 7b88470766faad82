"""The plx workbench without its one-request-per-learner lock: like the LMS, which loads a
block's fields before its handler and saves them after it, with nothing ordering one learner's
overlapping requests. The blocks must keep their own limits there (plxblocks/checks)."""
from plxblocks.workbench.settings import *  # noqa: F403

ROOT_URLCONF = "tests.blocks.lms_like.urls"
