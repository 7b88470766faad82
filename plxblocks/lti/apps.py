"""Django app configuration of the LTI 1.3 tool (``plx lti serve``)."""
from django.apps import AppConfig


class LtiConfig(AppConfig):
    name = "plxblocks.lti"
    label = "plx_lti"
    verbose_name = "plx LTI 1.3 tool"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ..utf8mb4 import require_utf8mb4

        require_utf8mb4(self)
