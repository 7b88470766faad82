"""What the plx blocks learn from the runtime they run in (Open edX, or the SDK workbench).

- **Settings.** Operators configure plx through the platform's per-XBlock settings mechanism:
  the ``settings`` service returns ``XBLOCK_SETTINGS["plx"]`` (every plx block names the same
  bucket with ``block_settings_key``). tutor-contrib-plx writes that dict from its ``PLX_*``
  config; the workbench's SDK ships a copy of the platform's service, so tests use the real one.
- **Masquerade.** Open edX's "View this course as: Specific learner" renders blocks, and runs
  their handlers, bound to the learner, so ``scope_ids.user_id`` is the learner's id. The
  platform keeps that view out of the learner's records (user-state fields go to the staff
  member's session; grade and completion events are dropped), but the journal and peer-review
  tables are plx's own. The only place the platform records who is really signed in is the
  Django user bound to the ``user`` service: ``setup_masquerade`` sets ``real_user`` on the
  learner's ``User`` it hands to the runtime (lms/djangoapps/courseware/masquerade.py). No
  public attribute of ``XBlockUser`` says so, hence the read of the service's ``_django_user``.
- **Language.** The learner's account language is the ``pref-lang`` preference that the
  ``user`` service passes in ``opt_attrs``; see :meth:`PlxBlockMixin.ui_language`.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, fields

log = logging.getLogger(__name__)

SETTINGS_BUCKET = "plx"
"""The key of plx's dict in ``XBLOCK_SETTINGS`` (``block_settings_key`` of every plx block)."""


@dataclass(frozen=True)
class PlxSettings:
    """Operator settings (``XBLOCK_SETTINGS["plx"]``); Tutor sets them from ``PLX_<NAME>``."""

    PEER_LEASE_MINUTES: int = 30
    """Review time limit of a peer-review block whose Studio setting was never changed."""
    MAX_REQUEST_KB: int = 1024
    """Largest JSON body a plx handler accepts (413 above). The largest legitimate one, a
    60,000-character response in a script of 3-byte characters, is under 200 KB."""
    JOURNAL_EXPORT: bool = True
    """Learners may download their journal (Markdown, printable HTML)."""
    RETIRE_WITH_ACCOUNT: bool = True
    """Account retirement (the platform's ``USER_RETIRE_LMS_MISC`` step) removes the learner's
    journal and anonymises their peer review."""

    @classmethod
    def from_mapping(cls, values) -> PlxSettings:
        """The settings in *values*; a missing key or a value of the wrong type keeps its default
        (logged), so one typo in the LMS settings cannot break every plx block."""
        if not isinstance(values, dict):
            values = {}
        chosen = {}
        for field in fields(cls):
            if field.name not in values:
                continue
            if _valid(field.type, values[field.name]):
                chosen[field.name] = values[field.name]
            else:
                log.warning("XBLOCK_SETTINGS[%r][%r] = %r is not a valid %s: using %r", SETTINGS_BUCKET,
                            field.name, values[field.name], field.type, field.default)
        return cls(**chosen)


def _valid(kind: str, value) -> bool:
    """*kind* is the field's annotation ("bool" or "int"); numbers must be positive."""
    if kind == "bool":
        return isinstance(value, bool)
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def django_settings() -> PlxSettings:
    """The settings outside a block (signal receivers): straight from Django's settings."""
    from django.conf import settings

    return PlxSettings.from_mapping(getattr(settings, "XBLOCK_SETTINGS", {}).get(SETTINGS_BUCKET, {}))


def block_settings(block) -> PlxSettings:
    """The settings as the runtime's ``settings`` service gives them to *block*."""
    service = block.runtime.service(block, "settings")
    if service is None:
        return django_settings()
    return PlxSettings.from_mapping(service.get_settings_bucket(block, default={}))


def masquerading(block) -> bool:
    """True when the signed-in user is not the learner the block is bound to: staff viewing as
    a specific learner (see the module docstring). False in the workbench and without a user."""
    service = block.runtime.service(block, "user")
    bound = getattr(service, "_django_user", None)
    real = getattr(bound, "real_user", None)
    return real is not None and getattr(real, "id", None) != getattr(bound, "id", None)


def account_language(block) -> str | None:
    """The learner's ``pref-lang`` account preference, as the ``user`` service reports it."""
    service = block.runtime.service(block, "user")
    if service is None:
        return None
    preferences = service.get_current_user().opt_attrs.get("edx-platform.user_preferences") or {}
    language = preferences.get("pref-lang") if isinstance(preferences, dict) else None
    return language if isinstance(language, str) and language else None
