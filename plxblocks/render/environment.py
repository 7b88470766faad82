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
from markupsafe import Markup, escape

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

# A page that holds every block in several language sets (SCORM: a bilingual package and one per
# language) renders each block once per language with render_block_view() and fills in the two
# pieces of the frame that depend on the language set with fill_languages(). The slots are NUL-
# delimited, which no escaped text or sanitised HTML contains, and fill_languages() insists on
# finding each exactly once, so a view is never filled wrongly or left half filled.
LANGUAGES_SLOT = Markup("\x00plx:languages\x00")
"""Stands for the ``data-plx-languages`` value (``en cy``) in a view from render_block_view()."""
SWITCH_SLOT = Markup("\x00plx:language-switch\x00")
"""Stands for the language switch (``_language_switch.html``) in a view from render_block_view()."""
SWITCH_TEMPLATE = "_language_switch.html"


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
    env.globals.update(LANGUAGE_NAMES=LANGUAGE_NAMES, STANDARDS=STANDARDS, anchor_id=anchor_id,
                       LANGUAGES_SLOT=LANGUAGES_SLOT, SWITCH_SLOT=SWITCH_SLOT)
    return env


def render_block(block, *, lang: str, dom_id: str, state: dict | None = None,
                 languages: tuple[str, ...] = LANGUAGES, media_url: str = "",
                 links: dict | None = None, template: str | None = None, draft_notice: bool = False,
                 runtime: str = "openedx") -> str:
    """The learner view of one model block, as an HTML fragment (no ``<html>`` around it).

    - *block*: a model block (``Prose``, ``Check``, ``Reflection``, ``PeerReview``).
    - *lang*: ``en`` or ``cy``: the content and UI language of this render.
    - *dom_id*: unique in the page; every element id inside the block starts with it.
    - *state*: the learner's state for the block, exactly what ``backend.loadState`` resolves to
      (see docs/architecture.md); ``None`` for a learner who has not started.
    - *languages*: languages the learner may switch between (the switch is hidden if only one).
    - *media_url*: prefix that replaces the course-relative ``media/`` folder in content links.
    - *links*: optional URLs the runtime offers (``journal``, ``export_md``, ``export_html``,
      ``export_pdf``).
    - *template*: another template for this kind (e.g. a SCORM variant); default by kind.
    - *draft_notice*: put the "Welsh is a draft" notice above a Welsh view (the first block of a
      page in a runtime without a page of its own, the Open edX unit; see ``welsh_is_draft``).
    - *runtime*: ``openedx`` (and the workbench), ``lti`` or ``scorm``: where the learner's work
      is stored, which the journal's privacy sentence tells truthfully.
    """
    lang = i18n.normalise_language(lang)
    return _render(environment(), template or TEMPLATES[block.kind], block=block, lang=lang, dom_id=dom_id,
                   state=state or {}, languages=tuple(languages), media_url=media_url, links=links or {},
                   strings=js_catalogue(lang), draft_notice=draft_notice, runtime=runtime)


def render_block_view(block, *, lang: str, dom_id: str, media_url: str = "", template: str | None = None,
                      runtime: str = "openedx", env: Environment | None = None) -> str:
    """The view of *block* for a learner who has not started, once for every set of languages.

    As :func:`render_block` with ``state={}`` and no draft notice, except that the frame's
    language set is left as two slots (:func:`fill_languages` fills them) and the UI strings
    script is empty (a page that holds many views carries the strings once per language, see
    ``scorm/pages.py``). *env* is the shared environment or an overlay of it (SCORM's, which
    also finds its own templates).
    """
    lang = i18n.normalise_language(lang)
    return _render(env or environment(), template or TEMPLATES[block.kind], block=block, lang=lang, dom_id=dom_id,
                   state={}, languages=None, media_url=media_url, links={}, strings=None, draft_notice=False,
                   runtime=runtime)


def fill_languages(view: str, lang: str, languages: tuple[str, ...]) -> str:
    """A view from :func:`render_block_view` in *lang*, as shown where a learner may switch
    between *languages*: the same text :func:`render_block` gives (strings script aside)."""
    try:
        head, rest = view.split(LANGUAGES_SLOT)
        middle, tail = rest.split(SWITCH_SLOT)
    except ValueError:
        raise ValueError("not a view from render_block_view(): expected each language slot once") from None
    # str() first: adding Markup to a str would escape the str (Markup.__radd__).
    return head + str(escape(" ".join(languages))) + middle + _language_switch(lang, tuple(languages)) + tail


@lru_cache(maxsize=16)
def _language_switch(lang: str, languages: tuple[str, ...]) -> str:
    return render_template(SWITCH_TEMPLATE, lang=lang, languages=languages)


def _render(env: Environment, name: str, **context) -> str:
    """A block template rendered with the template contract's context (docs/architecture.md):
    the one place both kinds of view get it from."""
    return env.get_template(name).render(**context, **_bound_gettext(context["lang"]))


@cache
def _bound_gettext(lang: str) -> dict:
    """``_``, ``gettext`` and ``ngettext`` for one language, as a block render's context variables.

    They return what the i18n extension's newstyle callables return (the translation as Markup,
    its ``%(name)s`` placeholders filled with escaped values, ``num`` for ngettext), but without
    finding ``lang`` in the context through three of Jinja's context calls for every string: a
    third of a SCORM build's rendering. A macro imported without context still uses the global
    callables (:func:`_gettext`), which read ``lang`` from the context it is called in.
    """
    plain: dict[str, Markup] = {}
    """Messages without placeholders, as rendered: most UI strings, asked for in every view."""

    def gettext(message: str, **variables) -> Markup:
        if not variables:
            if message not in plain:
                plain[message] = Markup(i18n.translate(lang, message)) % {}  # % {}: "%%" becomes "%"
            return plain[message]
        return Markup(i18n.translate(lang, message)) % variables

    def ngettext(singular: str, plural: str, num: int, **variables) -> Markup:
        variables.setdefault("num", num)
        return Markup(i18n.translate_plural(lang, singular, plural, num)) % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


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
