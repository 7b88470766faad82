"""The SCO's page: every unit of the package in one ``index.html``, in one or both languages.

The page is the shell (``templates/sco.html``: contents, language switch, banners, pager) around
the block views, which come from the templates shared with the XBlocks (``views.py``), one per
block and language, kept as ``<template>`` elements that the runtime mounts with the learner's
state. Autoescaping is on: content HTML was sanitised by the loader, every other text is
escaped. The runtime's configuration (checks with their answers and feedback, which SCORM must
evaluate locally; word limits; labels for the journal; UI strings) is embedded as JSON.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import jinja2
from markupsafe import Markup, escape

from plxblocks import workers
from plxblocks.course import LANGUAGES, STANDARDS, Check, PeerReview, Reflection, Text
from plxblocks.course.model import LANGUAGE_NAMES
from plxblocks.i18n import translate
from plxblocks.render import progress
from plxblocks.render.environment import fill_languages, static_text
from plxblocks.render.jsstrings import js_catalogue

from .runtime_files import script_urls, style_urls
from .strings import strings
from .views import compile_templates, unit_views
from .zipper import Streamed, utf8_chunks

LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"
"""Choice responses name option N by LETTERS[N], in both standards: SCORM 1.2 wants single
characters, and Moodle's SCORM 2004 API refuses a response or pattern with anything but
letters, digits, ``_`` and ``.`` (its CMIShortIdentifier, ``^[\\w\\.]{1,250}$``)."""

_NOT_SHORT_IDENTIFIER = re.compile(r"[^A-Za-z0-9_.]")


def short_identifier(text: str) -> str:
    """*text* as Moodle's CMIShortIdentifier: ``-`` and any other character it refuses become
    ``_``, at most 250 characters (``first-steps`` -> ``first_steps``)."""
    return _NOT_SHORT_IDENTIFIER.sub("_", text)[:250] or "_"


def key_length(spec) -> int:
    """How many characters of a uid key a unit or block in the learner's saved state.

    The shortest prefix (at least 4 hex digits) that is unique among the package's units and
    blocks: every character saved is space in SCORM 1.2's 4,096. Keys are prefixes of the uid,
    so the runtime can still match a state saved when the course was smaller (and keys shorter).
    """
    uids = [u.uid for u in spec.units] + [b.uid for u in spec.units for b in u.blocks]
    for length in range(4, 17):
        if len({uid[:length] for uid in uids}) == len(set(uids)):
            return length
    return 16


def bilingual_text(text, languages: tuple[str, ...]) -> Markup:
    """``t(text, languages)`` in the page's templates: a text in the page's one language, or in
    each of them, the second hidden until the learner switches (*text*: anything with ``get(lang)``).
    A function, not a macro: the page shows several per unit, and a Jinja macro call costs
    several times as much."""
    if len(languages) == 1:
        return escape(text.get(languages[0]))
    return Markup("".join(f'<span lang="{escape(lang)}" data-plx-l="{escape(lang)}"{" hidden" if i else ""}>'
                          f'{escape(text.get(lang))}</span>' for i, lang in enumerate(languages)))


def ui_string(key: str, ui: dict) -> Markup:
    """``s(key, ui)`` in the page's templates: a UI string (*ui*: the strings of the page's first
    language) that the runtime translates again when the learner switches language."""
    return Markup(f'<span data-plx-string="{escape(key)}">{escape(ui[key])}</span>')


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("scorm", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             auto_reload=False)
    env.globals.update(t=bilingual_text, s=ui_string)
    return env


def render_pages(spec, media, cache=None, length: int | None = None) -> dict[str, Streamed]:
    """``{"index.html": ...}`` for the package *spec*; *media* (``PackageMedia``) says where
    remote images were copied to; *cache* (a ``UnitCache``) holds the block views other packages
    of the build rendered already; *length*: :func:`key_length` if known. The page is written out
    in pieces as it is made: a unit's views are fetched when the page reaches the unit, so a large
    course's page is never whole in memory."""
    languages = spec.languages
    length = length or key_length(spec)
    replacements = tuple(sorted(media.replacements.items()))
    sections = _sections(_unit_pages(spec, length, replacements, cache), cache)  # first: a worker may start
    context = {
        "spec": spec,
        "languages": languages,
        "language_names": LANGUAGE_NAMES,
        "first": languages[0],
        "strings": {lang: strings(lang) for lang in languages},
        "titles": {lang: spec.title(lang) for lang in languages},
        "contents": _contents(spec, length, cache),
        "sections": sections,
        "scripts": script_urls(),
        "styles": style_urls(),
        "config": _config(spec, length, cache),
    }
    template = environment().get_template("sco.html")
    return {"index.html": Streamed(lambda: utf8_chunks(template.generate(context)))}


def _contents(spec, length: int, cache) -> Markup:
    """The contents list (``templates/_contents.html``), once per language set in a build."""
    modules = [{"title": module.title, "units": [{"id": unit.uid[:length], "title": unit.title}
                                                  for unit in module.units]} for module in spec.modules]

    def render() -> Markup:
        context = {"modules": modules, "languages": spec.languages, "first": spec.languages[0],
                   "strings": {lang: strings(lang) for lang in spec.languages}}
        return Markup(environment().get_template("_contents.html").render(context))

    if cache is None:
        return render()
    titles = tuple((module.title, tuple((u["id"], u["title"]) for u in m["units"]))
                   for module, m in zip(spec.modules, modules, strict=True))
    return cache.derived(("scorm-contents", spec.languages, titles), render)


PARALLEL_UNITS = 500
"""A package of this many units or more, made without a build's cache (``plx scorm``), has its
units' sections made partly by a forked worker (:func:`plxblocks.workers.in_order`).
Measured on a 2-core machine (docs/architecture.md, "Third pass"): the worker costs 75-140 ms of
CPU at 1,000 units (the fork, copied pages, sections sent back) against 0.4-0.8 ms a unit of
rendering, and gained nothing at 200 units even with the second core free."""


def _sections(pages: list["_UnitPage"], cache) -> Iterator[Markup]:
    """Each unit's section, in order. Without a cache, a large package's are made on every core:
    a forked worker makes them from the last unit back while this process makes them from the
    first, and the page takes each in order, whoever made it, so the page is the same. With a
    cache (``plx build``), in this process: the cache shares the views with the build's other
    packages, which a worker's copy of it would not."""
    if cache is not None:
        return (page.section for page in pages)
    if workers.processes_for(len(pages), PARALLEL_UNITS) > 1:  # before the fork, or the worker compiles them again
        environment().get_template("_unit.html")
        compile_templates()
    made = workers.in_order(list(range(len(pages))), [1] * len(pages), _sections_in_worker, pages,
                            threshold=PARALLEL_UNITS)
    return (pages[index].section if section is None else Markup(section) for index, section in made)


def _sections_in_worker(pages: list["_UnitPage"], indexes: list[int]) -> list[str]:
    return [str(pages[index].section) for index in indexes]


def _unit_pages(spec, length: int, replacements, cache) -> list["_UnitPage"]:
    """The package's units in order, with their bearings: the neighbours (the pager), whether it
    is the first (shown when the page opens), "Unit n of N" and "Module n of N" in every language
    (by place in the package: a module's own package counts its units only), and the module whose
    introduction the module's first unit shows."""
    pages, total = [], len(spec.units)
    for m, module in enumerate(spec.modules, 1):
        about = _module_intro(module)
        module_place = (progress.in_every_language(progress.place, progress.MODULE_PLACE, m, len(spec.modules))
                        if len(spec.modules) > 1 else None)
        for i, unit in enumerate(module.units):
            page = _UnitPage(unit, length, spec.languages, replacements, cache)
            page.place = progress.in_every_language(progress.place, progress.UNIT_PLACE, len(pages) + 1, total)
            page.module_place, page.first_in_module, page.module = module_place, i == 0, about
            pages.append(page)
    for before, page, after in zip([None, *pages[:-1]], pages, [*pages[1:], None], strict=True):
        page.first = before is None
        page.previous = before.id if before else ""
        page.next = after.id if after else ""
    return pages


def _module_intro(module) -> dict:
    """What the module's first unit says of the module: its summary, outcomes and time."""
    return {
        "title": module.title,
        "summary": module.summary,
        "outcomes": module.outcomes,
        "about": progress.in_every_language(translate, progress.ABOUT_MODULE),
        "outcomes_intro": progress.in_every_language(translate, progress.OUTCOMES_INTRO),
        "time": progress.in_every_language(progress.estimated_time, module.estimated_minutes),
    }


class _UnitPage:
    """A unit as the page shows it. Its section (``templates/_unit.html``: heading and bearings,
    the module's introduction on its first unit, the blocks' views filled in for the package's
    languages, pager) is made only when the page reaches it."""

    def __init__(self, unit, length: int, languages: tuple[str, ...], replacements, cache) -> None:
        self.unit, self.languages, self.replacements, self.cache = unit, languages, replacements, cache
        self.id = unit.uid[:length]
        self.title = unit.title
        self.first, self.previous, self.next = True, "", ""
        self.place = self.module_place = self.module = None
        self.first_in_module = False

    @property
    def section(self) -> Markup:
        def render() -> dict[str, str]:
            context = {"unit": self, "languages": self.languages, "first": self.languages[0],
                       "strings": {lang: strings(lang) for lang in self.languages}}
            return {"html": environment().get_template("_unit.html").render(context)}

        if self.cache is None:
            return Markup(render()["html"])
        # Kept like the views: the 1.2 and 2004 packages of a language set show the same section,
        # and a rebuild reuses it while the unit, its neighbours and the language set are the same.
        module = tuple(self.module.values()) if self.first_in_module else None
        parts = (self.languages, self.id, self.first, self.previous, self.next, self.replacements, self.place,
                 self.module_place, module)
        return Markup(self.cache.unit(self.unit, SECTION, parts, render)["html"])

    @property
    def block_views(self) -> Markup:
        """Each block's slot, then its views, one ``<template>`` per language, a line each (the
        indentation of ``_unit.html``). Made here rather than by a loop in the template: these are
        most of a section's tags, and the template spent more on them than on the rest of the unit."""
        views = {lang: unit_views(self.unit, lang, self.cache) for lang in self.languages}
        lines = []
        for block in self.unit.blocks:
            uid = escape(block.uid)
            lines.append(f'    <div class="plx-slot" data-plx-slot="{uid}"></div>')
            lines.extend(f'    <template data-plx-view="{uid}" data-plx-lang="{escape(lang)}">'
                         f'{self._shown(views[lang][block.uid], lang)}</template>' for lang in self.languages)
        return Markup("\n".join(lines))

    def _shown(self, view: str, lang: str) -> str:
        html = fill_languages(view, lang, self.languages)
        for old, new in self.replacements:  # remote images: their copies in the package
            html = html.replace(old, new)
        return html


SECTION = "scorm-section"


def _config(spec, length: int, cache=None) -> dict:
    return {
        "standard": spec.standard,
        "packageId": spec.identifier,
        "languages": list(spec.languages),
        "titles": {lang: spec.title(lang) for lang in spec.languages},
        "passPercent": spec.course.passing_score,
        "keyLength": length,
        **_tracking(spec, length, cache),
        "strings": {lang: strings(lang) for lang in spec.languages},
        "standards": {sid: _texts(standard.name, spec.languages) for sid, standard in STANDARDS.items()},
        "blockStrings": {lang: js_catalogue(lang) for lang in spec.languages},
        # The journal download's stylesheet, the same as the XBlocks' export (sco.js document_).
        "journalCss": static_text("journal.css"),
    }


def _tracking(spec, length: int, cache) -> dict:
    """What the runtime tracks in the package: its units and blocks, each check with its answer,
    each reflection and review with its limits and journal label. The same for the 1.2 and 2004
    packages of a language set, so made once per build for both when the cache is in memory."""
    def make() -> dict:
        checks, reflections, reviews, labels = {}, {}, {}, {}
        for module in spec.modules:
            for unit in module.units:
                for block in unit.blocks:
                    key = block.uid[:length]
                    if isinstance(block, Check):
                        checks[key] = _check(module, unit, block, spec.languages)
                    elif isinstance(block, Reflection):
                        reflections[key] = {"uid": block.uid, "minWords": block.min_words,
                                            "maxWords": block.max_words}
                        labels[key] = {"kind": "reflection", "title": _texts(unit.title, spec.languages),
                                       "module": _texts(module.title, spec.languages),
                                       "prompt": _plain(block.prompt.html, spec.languages)}
                    elif isinstance(block, PeerReview):
                        reviews[key] = {"uid": block.uid, "minWords": block.min_words, "maxWords": block.max_words,
                                        "criteria": [c.id for c in block.rubric]}
                        labels[key] = {"kind": "review", "title": _texts(block.title, spec.languages),
                                       "unit": _texts(unit.title, spec.languages),
                                       "module": _texts(module.title, spec.languages),
                                       "criteria": [_criterion(c, spec.languages) for c in block.rubric]}
        return {
            "units": [u.uid[:length] for u in spec.units],
            # Which blocks each unit holds: launched as one unit's activity (?sco=<unit>), the
            # page tracks only that unit's blocks (sco.js).
            "unitBlocks": {u.uid[:length]: [b.uid[:length] for b in u.blocks] for u in spec.units},
            "checks": checks, "reflections": reflections, "reviews": reviews, "labels": labels,
        }

    if cache is None or not cache.in_memory:  # tens of MB for a 5,000-unit course: made again instead
        return make()
    content = tuple((m.id, tuple(cache.digest(u) for u in m.units)) for m in spec.modules)
    return cache.derived(("scorm-tracking", spec.languages, length, content), make)


def _check(module, unit, check: Check, languages) -> dict:
    letters = {o.id: (LETTERS[i] if i < len(LETTERS) else short_identifier(o.id)) for i, o in enumerate(check.options)}
    return {
        "uid": check.uid,
        "feedback": {lang: {o.id: _feedback_html(o.feedback.get(lang)) for o in check.options} for lang in languages},
        "explanation": {lang: check.explanation.get(lang) for lang in languages},
        # The same id in both standards, in characters every LMS takes (see short_identifier).
        "interaction": short_identifier(f"{module.id}.{unit.id}.{check.id}"),
        "points": check.points,
        "attempts": check.attempts,
        "pattern": list(check.correct_ids),
        "options": [o.id for o in check.options],
        "shuffle": check.shuffle,
        "letters": letters,
        "description": _strip_tags(check.question.html.get("en"))[:250],
    }


def _feedback_html(text: str) -> str:
    """Option feedback is plain text in the model: escape it for the check's innerHTML."""
    import html as html_module

    return html_module.escape(text)


def _criterion(criterion, languages) -> dict:
    return {"id": criterion.id, "title": _texts(criterion.title, languages),
            "levels": [{"points": lvl.points, "label": _texts(lvl.label, languages)} for lvl in criterion.levels]}


def _texts(text: Text, languages) -> dict:
    return {lang: text.get(lang) for lang in languages if lang in LANGUAGES}


def _plain(html: Text, languages) -> dict:
    return {lang: _strip_tags(html.get(lang)) for lang in languages}


_TAG = re.compile(r"<[^>]+>")


def _strip_tags(html: str) -> str:
    """Plain text of sanitised HTML, for labels (the runtime escapes it again when it shows it)."""
    import html as html_module

    return " ".join(html_module.unescape(_TAG.sub(" ", html)).split())
