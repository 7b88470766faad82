"""The learner's bearings, in words: "Unit 3 of 18", "Module 1 of 3", "About 1 hour 30 minutes".

One place for these texts, so the SCORM package (and the preview, which is the package), the LTI
pages and the OLX export say the same thing in the same words; each language's text comes from
the gettext catalogue.
"""
from __future__ import annotations

import re

from ..course.model import LANGUAGES, Markdown, Module, Prose, Text, stable_uid
from ..i18n import N_, _, translate, translate_plural
from .markdown import render_markdown

# Translators: where a unit is in the course (or module) the learner has open, e.g. "Unit 3 of 18".
UNIT_PLACE = _("Unit %(number)s of %(count)s")
# Translators: where a module is among the course's modules, e.g. "Module 1 of 3".
MODULE_PLACE = _("Module %(number)s of %(count)s")
# Translators: before the list of a module's learning outcomes (each starts with a verb).
OUTCOMES_INTRO = _("By the end of this module you will be able to:")
# Translators: {duration} is e.g. "1 hour 30 minutes": the module's estimated study time.
ESTIMATED_TIME = _("Estimated time: about %(duration)s")
ABOUT_MODULE = _("About this module")
HOURS = N_("%(num)s hour", "%(num)s hours")
MINUTES = N_("%(num)s minute", "%(num)s minutes")


def duration(lang: str, minutes: int) -> str:
    """*minutes* as hours and minutes in *lang*: ``45 minutes``, ``1 hour 30 minutes``, ``2 hours``."""
    hours, rest = divmod(max(0, int(minutes)), 60)
    parts = []
    if hours:
        parts.append(translate_plural(lang, *HOURS, hours) % {"num": hours})
    if rest or not hours:
        parts.append(translate_plural(lang, *MINUTES, rest) % {"num": rest})
    return " ".join(parts)


def place(lang: str, message: str, number: int, count: int) -> str:
    """:data:`UNIT_PLACE` or :data:`MODULE_PLACE` filled in, in *lang*."""
    return translate(lang, message) % {"number": number, "count": count}


def estimated_time(lang: str, minutes: int) -> str:
    return translate(lang, ESTIMATED_TIME) % {"duration": duration(lang, minutes)}


def in_every_language(render, *args) -> Text:
    """A :class:`Text` of ``render(lang, *args)`` for each language (for the bilingual SCORM page)."""
    return Text(**{lang: render(lang, *args) for lang in LANGUAGES})


ABOUT_ID = "_about"
"""Id of the text block that introduces a module in the OLX export (the underscore keeps it apart
from every author id, which is a slug)."""
_MARKDOWN_SIGNS = re.compile(r"([\\`*_\[\]<>#~|])")


def _plain(text: str) -> str:
    """Author's plain text (a title, a summary, an outcome) as Markdown that reads as written."""
    return _MARKDOWN_SIGNS.sub(r"\\\1", text)


def module_introduction(module: Module, languages: tuple[str, ...] = LANGUAGES, html: bool = True) -> Prose:
    """A module's introduction (summary, outcomes, estimated time) as a text block in
    *languages*, for the OLX export: an Open edX unit page is the LMS's own, so the introduction
    is the first component of the module's first unit (the SCORM and LTI pages draw it
    themselves). ``html=False`` leaves the block's HTML empty: the OLX file holds the Markdown
    source, which the XBlock renders in the LMS, and rendering it here was a fifth of the
    export's time at 1,000 units."""
    def source(lang: str) -> str:
        if lang not in languages:
            return ""
        lines = [f"## {translate(lang, ABOUT_MODULE)}: {_plain(module.title.get(lang))}", "",
                 _plain(module.summary.get(lang)), "", translate(lang, OUTCOMES_INTRO), ""]
        lines += [f"- {_plain(outcome.get(lang))}" for outcome in module.outcomes]
        lines += ["", f"**{estimated_time(lang, module.estimated_minutes)}**", ""]
        return "\n".join(lines)

    sources = Text(**{lang: source(lang) for lang in LANGUAGES})
    rendered = Text(**{lang: render_markdown(text).html if text and html else "" for lang, text in sources.items()})
    return Prose(id=ABOUT_ID, uid=stable_uid(module.uid, ABOUT_ID), source=module.path / "module.yaml", line=1,
                 body=Markdown(sources, rendered))
