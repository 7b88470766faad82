"""How plx takes part in Open edX beyond the XBlock API: account retirement.

The journal and peer-review apps are Open edX plugin apps (``lms.djangoapp`` entry points in
setup.py). Their ``plugin_app`` dicts (:func:`retirement_receiver`) ask edx-django-utils' plugin
framework, which the LMS runs at start-up (``connect_plugin_receivers("lms.djangoapp")``), to
connect a receiver in each app's ``signals`` module to the platform's retirement signal. So the
platform's own retirement pipeline (its "LMS misc" step) retires plx data too, with no step of
the operator's; ``XBLOCK_SETTINGS["plx"]["RETIRE_WITH_ACCOUNT"] = False`` turns that off.
"""
from __future__ import annotations

RETIREMENT_SIGNAL = "openedx.core.djangoapps.user_api.accounts.signals.USER_RETIRE_LMS_MISC"
"""Sent by the LMS's ``POST /api/user/v1/accounts/retire_misc/`` (``LMSAccountRetirementView``)
with ``user=`` the Django user being retired, before the account itself is retired."""


def retirement_receiver(receiver_func_name: str) -> dict:
    """A ``plugin_app`` dict connecting the app's ``signals.<receiver_func_name>`` to
    :data:`RETIREMENT_SIGNAL` in the LMS (Studio never retires accounts)."""
    return {"signals_config": {"lms.djangoapp": {
        "relative_path": "signals",
        "receivers": [{"receiver_func_name": receiver_func_name, "signal_path": RETIREMENT_SIGNAL}],
    }}}


def retirement_enabled() -> bool:
    from .blocks.platform import django_settings

    return django_settings().RETIRE_WITH_ACCOUNT
