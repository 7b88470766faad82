"""What plx's three Django apps (journal, peer review, attempt ledger) share as apps.

Each is an Open edX plugin app (``lms.djangoapp`` / ``cms.djangoapp`` entry points in setup.py)
whose ``plugin_app`` connects its account-retirement receiver (:mod:`plxblocks.openedx`), and
each refuses to start on a MySQL/MariaDB connection that cannot store 4-byte characters
(:mod:`plxblocks.utf8mb4`).
"""
from typing import ClassVar

from django.apps import AppConfig

from .openedx import retirement_receiver


class PlxAppConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    retirement_receiver_name: ClassVar[str] = ""
    """The receiver in the app's ``signals`` module that retires a learner's rows."""

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        # Read by edx-django-utils' plugin framework in the LMS: account retirement.
        cls.plugin_app = retirement_receiver(cls.retirement_receiver_name)

    def ready(self) -> None:
        from .utf8mb4 import require_utf8mb4

        require_utf8mb4(self)
