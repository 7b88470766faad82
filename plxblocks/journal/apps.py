"""App config of the reflection journal: an Open edX plugin app, so the LMS and Studio install it
(and run its migrations) when plx is pip-installed (see plxblocks/app_config.py)."""
from .. import app_config  # the module, not the class: a second AppConfig here would stop Django choosing this one


class JournalConfig(app_config.PlxAppConfig):
    name = "plxblocks.journal"
    label = "plx_journal"
    verbose_name = "plx reflection journal"
    retirement_receiver_name = "retire_journal"
