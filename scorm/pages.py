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
from functools import lru_cache

import jinja2
from markupsafe import Markup

from plxblocks.course import LANGUAGES, STANDARDS, Check, PeerReview, Reflection, Text
from plxblocks.course.model import LANGUAGE_NAMES
from plxblocks.i18n import translate
from plxblocks.render import progress
from plxblocks.render.jsstrings import js_catalogue

from .runtime_files import script_urls, style_urls
from .strings import strings
from .views import render_view

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


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("scorm", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             auto_reload=False)
    return env


def render_pages(spec, media) -> dict[str, bytes]:
    """``{"index.html": ...}`` for the package *spec*; *media* (``PackageMedia``) says where
    remote images were copied to."""
    languages = spec.languages
    length = key_length(spec)
    replacements = tuple(sorted(media.replacements.items()))
    context = {
        "spec": spec,
        "languages": languages,
        "language_names": LANGUAGE_NAMES,
        "first": languages[0],
        "strings": {lang: strings(lang) for lang in languages},
        "titles": {lang: spec.title(lang) for lang in languages},
        "body": _body(spec.modules, languages, replacements, length),
        "scripts": script_urls(),
        "styles": style_urls(),
        "config": _config(spec, length),
    }
    html = environment().get_template("sco.html").render(context)
    return {"index.html": html.encode("utf-8")}


@lru_cache(maxsize=64)
def _body(modules, languages, replacements, length) -> Markup:
    """The contents list and every unit (``templates/_body.html``), cached like :func:`_block`."""
    context = {"languages": languages, "first": languages[0],
               "strings": {lang: strings(lang) for lang in languages},
               "modules": [_module(m, languages, replacements, length) for m in modules]}
    context["units"] = _units(context["modules"])
    return Markup(environment().get_template("_body.html").render(context))


def clear_caches() -> None:
    """Forget rendered views (for benchmarks that time a build from scratch)."""
    _block.cache_clear()
    _body.cache_clear()


def _units(modules: list[dict]) -> list[dict]:
    """Every unit of the package in order, with its bearings: "Unit n of N" and "Module n of N"
    in every language (by place in the package: a module's own package counts its units only),
    and its module (whose introduction the module's first unit shows)."""
    total = sum(len(m["units"]) for m in modules)
    units = []
    for m, module in enumerate(modules, 1):
        module_place = (progress.in_every_language(progress.place, progress.MODULE_PLACE, m, len(modules))
                        if len(modules) > 1 else None)
        for i, unit in enumerate(module["units"]):
            n = len(units) + 1
            units.append(dict(unit, module=module, first_in_module=i == 0, module_place=module_place,
                              place=progress.in_every_language(progress.place, progress.UNIT_PLACE, n, total)))
    return units


def _module(module, languages, replacements, length):
    return {
        "title": module.title,
        "summary": module.summary,
        "outcomes": module.outcomes,
        "about": progress.in_every_language(translate, progress.ABOUT_MODULE),
        "outcomes_intro": progress.in_every_language(translate, progress.OUTCOMES_INTRO),
        "time": progress.in_every_language(progress.estimated_time, module.estimated_minutes),
        "units": [{
            "id": unit.uid[:length],
            "title": unit.title,
            "blocks": [_block(block, languages, replacements) for block in unit.blocks],
        } for unit in module.units],
    }


@lru_cache(maxsize=8192)
def _block(block, languages: tuple[str, ...], replacements: tuple[tuple[str, str], ...]) -> dict:
    """A block's views, one per language. Cached: ``plx build`` makes six packages of a course,
    and the 1.2 and 2004 ones show the same views (the block, a frozen model object, is the key,
    so changed content is never served from the cache)."""
    dom_id = "plx-" + block.uid
    views = {}
    for lang in languages:
        html = render_view(block, lang, dom_id, languages)
        for old, new in replacements:
            html = html.replace(old, new)
        # Every view carries the same UI strings for its language (about 2 KB); the page keeps
        # one copy per language in its configuration and the runtime puts it back when it mounts
        # a view (backend.js), which halves the page of a bilingual course.
        html, count = _STRINGS_SCRIPT.subn(_EMPTY_STRINGS, html)
        if count != 1:
            raise AssertionError(f"expected one data-plx-strings script in the {block.kind} view")
        views[lang] = html
    return {"kind": block.kind, "uid": block.uid, "views": views}


_STRINGS_SCRIPT = re.compile(r'<script type="application/json" data-plx-strings>.*?</script>', re.DOTALL)
_EMPTY_STRINGS = '<script type="application/json" data-plx-strings></script>'



def _config(spec, length: int) -> dict:
    checks, reflections, reviews, labels = {}, {}, {}, {}
    for module in spec.modules:
        for unit in module.units:
            for block in unit.blocks:
                key = block.uid[:length]
                if isinstance(block, Check):
                    checks[key] = _check(module, unit, block, spec.languages)
                elif isinstance(block, Reflection):
                    reflections[key] = {"uid": block.uid, "minWords": block.min_words, "maxWords": block.max_words}
                    labels[key] = {"kind": "reflection", "title": _plain(block.prompt.html, spec.languages)}
                elif isinstance(block, PeerReview):
                    reviews[key] = {"uid": block.uid, "minWords": block.min_words, "maxWords": block.max_words,
                                    "criteria": [c.id for c in block.rubric]}
                    labels[key] = {"kind": "review", "title": _texts(block.title, spec.languages),
                                   "criteria": [_criterion(c, spec.languages) for c in block.rubric]}
    return {
        "standard": spec.standard,
        "packageId": spec.identifier,
        "languages": list(spec.languages),
        "titles": {lang: spec.title(lang) for lang in spec.languages},
        "passPercent": spec.course.passing_score,
        "keyLength": length,
        "units": [u.uid[:length] for u in spec.units],
        # Which blocks each unit holds: launched as one unit's activity (?sco=<unit>), the page
        # tracks only that unit's blocks (sco.js).
        "unitBlocks": {u.uid[:length]: [b.uid[:length] for b in u.blocks] for u in spec.units},
        "checks": checks, "reflections": reflections, "reviews": reviews, "labels": labels,
        "strings": {lang: strings(lang) for lang in spec.languages},
        "standards": {sid: _texts(standard.name, spec.languages) for sid, standard in STANDARDS.items()},
        "blockStrings": {lang: js_catalogue(lang) for lang in spec.languages},
    }


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
