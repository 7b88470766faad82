"""App config of peer review: an Open edX plugin app (see setup.py and plxblocks/app_config.py)."""
from .. import app_config  # the module, not the class: a second AppConfig here would stop Django choosing this one


class PeerConfig(app_config.PlxAppConfig):
    """The peer-review tables. The label is namespaced so it cannot clash with ORA2's ``assessment``."""

    name = "plxblocks.peer"
    label = "plx_peer"
    verbose_name = "plx peer review"
    retirement_receiver_name = "retire_peer_review"

    def ready(self) -> None:
        from django.core import checks

        from .rules import check_report_settings

        super().ready()
        checks.register(check_report_settings)
