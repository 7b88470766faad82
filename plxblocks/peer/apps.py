"""Django app configuration; also registered as an Open edX plugin app (see setup.py)."""
from typing import ClassVar

from django.apps import AppConfig

from ..openedx import retirement_receiver


class PeerConfig(AppConfig):
    """The peer-review tables. The label is namespaced so it cannot clash with ORA2's ``assessment``."""

    name = "plxblocks.peer"
    label = "plx_peer"
    verbose_name = "plx peer review"
    default_auto_field = "django.db.models.BigAutoField"
    # Read by edx-django-utils' plugin framework in the LMS: account retirement (plxblocks.openedx).
    plugin_app: ClassVar[dict] = retirement_receiver("retire_peer_review")

    def ready(self) -> None:
        from django.core import checks

        from ..utf8mb4 import require_utf8mb4
        from .rules import check_report_settings

        require_utf8mb4(self)
        checks.register(check_report_settings)
