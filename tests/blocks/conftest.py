"""Block tests run against the XBlock SDK workbench in-process, over Django's test client."""
from tests.workbench_django import (  # noqa: F401
    client,
    events,
    learner_factory,
    settings_language,
    unit,
    workbench_django,
)
