"""Django app configuration; also registered as an Open edX plugin app (see setup.py)."""
from typing import ClassVar

from django.apps import AppConfig


class PeerConfig(AppConfig):
    """The peer-review tables. The label is namespaced so it cannot clash with ORA2's ``assessment``."""

    name = "plxblocks.peer"
    label = "plx_peer"
    verbose_name = "plx peer review"
    default_auto_field = "django.db.models.BigAutoField"
    # Open edX plugin apps declare this; the app needs no URLs or settings of its own.
    plugin_app: ClassVar[dict] = {}

    def ready(self) -> None:
        from django.core import checks

        from ..utf8mb4 import require_utf8mb4
        from .rules import check_report_settings

        require_utf8mb4(self)
        checks.register(check_report_settings)
