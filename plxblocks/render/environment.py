"""The one Jinja2 environment that renders a block's learner view, for every runtime.

The XBlocks (``plxblocks/blocks/``) and the SCORM pages (``scorm/``) both call
:func:`render_block`, so a learner sees the same markup in the LMS and in a SCORM player. The
template contract (context variables, DOM data attributes) is documented in
``docs/architecture.md`` under "Template contract and backend interface".

Autoescaping is on: every string is escaped unless it is content HTML that the loader already
sanitised (:func:`localised` marks only :class:`~plxblocks.course.model.Markdown` HTML safe).
UI strings go through ``jinja2.ext.i18n`` with gettext callables that read the render's ``lang``,
so one environment serves English and Welsh learners at the same time.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from jinja2 import (
    Environment,
    PackageLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from markupsafe import Markup

from .. import i18n
from ..course.model import LANGUAGE_NAMES, LANGUAGES, Markdown, Text
from ..course.standards import STANDARDS
from .citations import anchor_id
from .jsstrings import js_catalogue

STATIC = Path(__file__).resolve().parent / "static"
TEMPLATES = {"prose": "lesson.html", "check": "check.html", "reflection": "journal.html",
             "peer_review": "peer_review.html"}
"""Block kind (``model.Block.kind``) -> template name. A runtime may add its own variants."""

JS_FILES = ("plx-core.js", "plx-lesson.js", "plx-check.js", "plx-journal.js", "plx-peer.js")
"""The shared behaviour, in load order (core first). Runtimes add their backend after these."""
CONTENTS_JS = "plx-contents.js"
"""A page's contents list as a disclosure: for the pages plx makes whole (SCORM, LTI), not for
the blocks inside an Open edX page, which has its own navigation."""
PEER_JS = "plx-peer.js"
"""Peer review between learners: only an LMS has other learners, so SCORM packages leave it out
and register their structured self-review for the peer-review task instead."""

_MEDIA_LINK = re.compile(r'(\s(?:src|href)=")media/')


@pass_context
def _gettext(context, message: str) -> str:
    # Jinja's newstyle wrapper fills %(name)s placeholders (escaping them) after this returns.
    return i18n.translate(context["lang"], message)


@pass_context
def _ngettext(context, singular: str, plural: str, n: int) -> str:
    return i18n.translate_plural(context["lang"], singular, plural, n)


@pass_context
def localised(context, value: Text | Markdown) -> str:
    """A bilingual model value in the render's language (English when the translation is missing).

    Markdown becomes its sanitised HTML, with course media links (``media/x.png``) pointed at
    the runtime's ``media_url``; plain :class:`Text` stays a string and is escaped.
    """
    lang = context["lang"]
    if isinstance(value, Markdown):
        html = value.get(lang)
        media_url = context.get("media_url") or ""
        if media_url:
            html = _MEDIA_LINK.sub(lambda m: f"{m.group(1)}{media_url}media/", html)
        return Markup(html)
    return value.get(lang)


def in_order(options, order) -> list:
    """A check's options in a learner's *order* (ids); any option it does not name (content newer
    than the order) follows, as written."""
    by_id = {option.id: option for option in options}
    chosen = [by_id[i] for i in dict.fromkeys(order or ()) if i in by_id]
    return chosen + [option for option in options if option not in chosen]


@pass_context
def day(context, value: str | None) -> str:
    """An ISO day (``2026-03-14``) as the render's language writes it: ``14 March`` / ``14 Mawrth``
    (with the year when it is not this year)."""
    from datetime import date

    if not value:
        return ""
    when = date.fromisoformat(value)
    return i18n.format_day(when, context["lang"], with_year=when.year != date.today().year)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The shared environment (built once; templates are cached by Jinja2)."""
    env = Environment(
        loader=PackageLoader("plxblocks.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the package; checking their mtimes on every
                            # render was a fifth of a SCORM build's time
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)
    env.filters["tr"] = localised
    env.filters["in_order"] = in_order
    env.filters["day"] = day
    env.globals.update(LANGUAGE_NAMES=LANGUAGE_NAMES, STANDARDS=STANDARDS, anchor_id=anchor_id)
    return env


def render_block(block, *, lang: str, dom_id: str, state: dict | None = None,
                 languages: tuple[str, ...] = LANGUAGES, media_url: str = "",
                 links: dict | None = None, template: str | None = None, draft_notice: bool = False) -> str:
    """The learner view of one model block, as an HTML fragment (no ``<html>`` around it).

    - *block*: a model block (``Prose``, ``Check``, ``Reflection``, ``PeerReview``).
    - *lang*: ``en`` or ``cy``: the content and UI language of this render.
    - *dom_id*: unique in the page; every element id inside the block starts with it.
    - *state*: the learner's state for the block, exactly what ``backend.loadState`` resolves to
      (see docs/architecture.md); ``None`` for a learner who has not started.
    - *languages*: languages the learner may switch between (the switch is hidden if only one).
    - *media_url*: prefix that replaces the course-relative ``media/`` folder in content links.
    - *links*: optional URLs the runtime offers (``journal``, ``export_md``, ``export_html``).
    - *template*: another template for this kind (e.g. a SCORM variant); default by kind.
    - *draft_notice*: put the "Welsh is a draft" notice above a Welsh view (the first block of a
      page in a runtime without a page of its own, the Open edX unit; see ``welsh_is_draft``).
    """
    lang = i18n.normalise_language(lang)
    name = template or TEMPLATES[block.kind]
    return environment().get_template(name).render(
        block=block, lang=lang, dom_id=dom_id, state=state or {}, languages=tuple(languages),
        media_url=media_url, links=links or {}, strings=js_catalogue(lang), draft_notice=draft_notice,
    )


def render_template(name: str, **context) -> str:
    """Render another shared template (e.g. ``journal_export.html``) with the same environment."""
    context["lang"] = i18n.normalise_language(context.get("lang"))
    return environment().get_template(name).render(**context)


@cache
def static_text(name: str) -> str:
    """The text of a shared static file (``plx.css``, ``js/plx-core.js``), for inlining or serving."""
    return (STATIC / name).read_text(encoding="utf-8")


def shared_js() -> str:
    """All shared behaviour JS, concatenated in load order."""
    return "\n".join(static_text(f"js/{name}") for name in JS_FILES)
