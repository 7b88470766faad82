"""App config, with the Open edX plugin settings that make the LMS and Studio install the app
(and so run its migrations) when plx is pip-installed."""
from typing import ClassVar

from django.apps import AppConfig

from ..openedx import retirement_receiver


class ChecksConfig(AppConfig):
    name = "plxblocks.checks"
    label = "plx_checks"
    verbose_name = "plx knowledge-check attempts"
    default_auto_field = "django.db.models.BigAutoField"

    # Read by edx-django-utils' plugin framework in the LMS: account retirement (plxblocks.openedx).
    plugin_app: ClassVar[dict] = retirement_receiver("retire_check_attempts")

    def ready(self) -> None:
        from ..utf8mb4 import require_utf8mb4

        require_utf8mb4(self)
