"""UI-string translations: one gettext catalogue per language, for Python, templates and JS.

The catalogues are ``plxblocks/translations/<lang>/LC_MESSAGES/text.po`` (the XBlock convention
for the file name). They are compiled in memory when first used, so a checkout never runs with a
stale ``.mo`` file and nothing generated is committed.

Strings are marked with :func:`_` (a no-op marker, like xblock-poll's) where they are declared and
translated at render time for the learner's language with :func:`translate` / :func:`translate_plural`:
a block is shown in English or Welsh per learner, not per process.
"""
from __future__ import annotations

import gettext as _gettext
import io
from functools import cache
from pathlib import Path

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
DOMAIN = "text"
UI_LANGUAGES = ("en", "cy")
"""Languages the interface is translated into; English is the source language."""


def _(message: str) -> str:
    """Mark *message* for extraction; it is translated later, when the language is known."""
    return message


def N_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural message for extraction; translated later with :func:`translate_plural`."""
    return singular, plural


def catalogue_path(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue for *lang* (English source strings when there is none)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = catalogue_path(lang)
    if lang not in UI_LANGUAGES or not path.is_file():
        return _gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def translate(lang: str, message: str) -> str:
    return translations(lang).gettext(message)


def translate_plural(lang: str, singular: str, plural: str, n: int) -> str:
    return translations(lang).ngettext(singular, plural, n)


def normalise_language(code: str | None) -> str:
    """``cy``, ``cy-GB``, ``cy_GB`` -> ``cy``; anything not Welsh -> ``en`` (the fallback)."""
    return "cy" if (code or "").lower().replace("_", "-").split("-")[0] == "cy" else "en"


BABEL_LOCALES = {"en": "en_GB", "cy": "cy_GB"}
"""Babel's locale for each interface language: British English dates ("14 March", not "March 14")."""


def format_day(day, lang: str, with_year: bool = False) -> str:
    """*day* (a ``date``) as people write it in *lang*: ``14 March`` / ``14 Mawrth`` (+ the year)."""
    from babel.dates import format_date

    return format_date(day, "d MMMM y" if with_year else "d MMMM", locale=BABEL_LOCALES[normalise_language(lang)])
