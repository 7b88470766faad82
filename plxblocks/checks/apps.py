"""App config of the knowledge checks' attempt ledger: an Open edX plugin app, so the LMS and
Studio install it (and run its migrations) when plx is pip-installed (see plxblocks/app_config.py)."""
from .. import app_config  # the module, not the class: a second AppConfig here would stop Django choosing this one


class ChecksConfig(app_config.PlxAppConfig):
    name = "plxblocks.checks"
    label = "plx_checks"
    verbose_name = "plx knowledge-check attempts"
    retirement_receiver_name = "retire_check_attempts"
