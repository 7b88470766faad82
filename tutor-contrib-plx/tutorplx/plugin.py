"""The plx plugin for Tutor (plugin API v1): install plx in the Open edX image, give its
operator settings as Tutor config, and create its tables in ``tutor local do init``.

What each piece does, and why it is done this way:

- ``PLX_PIP_REQUIREMENT`` is installed by a patch of the openedx Dockerfile
  (``openedx-dockerfile-post-python-requirements``), the step right before Tutor installs
  ``OPENEDX_EXTRA_PIP_REQUIREMENTS``. Adding to that list from a plugin would mean a
  ``CONFIG_OVERRIDES`` of it, which the operator's own ``OPENEDX_EXTRA_PIP_REQUIREMENTS`` in
  config.yml silently replaces (the user's config wins), and with it plx.
- The ``PLX_*`` settings below become ``XBLOCK_SETTINGS["plx"]`` in every LMS and Studio settings
  module (``openedx-common-settings``); the blocks read that dict through the XBlock ``settings``
  service.
- The init task migrates plx's three apps (labels ``plx_journal``, ``plx_peer`` and ``plx_checks``).
- The blocks in a course's Advanced Module List: Open edX has no setting that adds to every
  course's list (Studio's default list is a constant in its code), so that stays a Studio step
  per course, or comes with a course archive built by ``plx olx`` (its policy.json lists them).
"""
from __future__ import annotations

from importlib.resources import files

from tutor import exceptions, hooks

from . import __version__

PACKAGE = files("tutorplx")

CONFIG_DEFAULTS: dict[str, object] = {
    "VERSION": __version__,
    # What the image installs: a pip requirement (a version on your index, a wheel URL, a git URL).
    "PIP_REQUIREMENT": "plx=={{ PLX_VERSION }}",
    # XBLOCK_SETTINGS["plx"] (plxblocks/blocks/platform.py: PlxSettings).
    "PEER_LEASE_MINUTES": 30,
    "MAX_REQUEST_KB": 1024,
    "JOURNAL_EXPORT": True,
    "RETIRE_WITH_ACCOUNT": True,
}

hooks.Filters.CONFIG_DEFAULTS.add_items([(f"PLX_{name}", value) for name, value in CONFIG_DEFAULTS.items()])


def python_literal(value: object) -> str:
    """A ``PLX_*`` setting as Python source for the settings patch. A wrong type (``--set
    PLX_JOURNAL_EXPORT=sometimes`` is a string) stops ``tutor config save`` with a message,
    instead of rendering settings that break the LMS at start-up."""
    if isinstance(value, bool | int):
        return repr(value)
    raise exceptions.TutorError(f"plx settings take true/false or a whole number, not {value!r}")


hooks.Filters.ENV_TEMPLATE_FILTERS.add_item(("plx_python", python_literal))

for patch in sorted(PACKAGE.joinpath("patches").iterdir(), key=lambda p: p.name):
    hooks.Filters.ENV_PATCHES.add_item((patch.name, patch.read_text(encoding="utf-8")))

hooks.Filters.CLI_DO_INIT_TASKS.add_item(
    ("lms", PACKAGE.joinpath("templates", "plx", "tasks", "lms", "init").read_text(encoding="utf-8")))
