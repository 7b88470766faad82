"""Django settings of the ``plx_peer_remind`` processes that tests/peer/test_notices.py starts: the
workbench's (database from ``WORKBENCH_DATABASES``), mail to the test's SMTP server."""
import os

from plxblocks.workbench.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST, EMAIL_PORT, EMAIL_USE_TLS = "127.0.0.1", int(os.environ["PLX_TEST_SMTP_PORT"]), False
PLX_PEER_NOTICE_DIRECTORY = "tests.peer.mail_directory.Directory"
PLX_PEER_NOTICE_SENDER = "django"
