"""Block views for the SCORM page, rendered by the templates shared with the XBlocks.

Every block is rendered once per language, for a learner who has not started, with
``plxblocks.render.environment.render_block_view``: the part of its frame that depends on the
package's language set (bilingual with a switch, or one language) is filled in per package by
``fill_languages`` (pages.py), so a bilingual package and the one-language ones share each render,
and so do the 1.2 and 2004 packages. The page keeps each view as a ``<template>`` and the runtime
(``runtime/backend.js``) mounts it with the learner's saved state, so a language switch needs no
server. The one SCORM variant is the peer-review task, which becomes a structured self-review
(``templates/self_review.html`` extends the shared ``peer_review.html``, as the template contract
in docs/architecture.md allows). It is rendered by an overlay of the shared environment that can
also see this package's templates.
"""
from __future__ import annotations

from functools import lru_cache

from jinja2 import ChoiceLoader, Environment, PackageLoader

from plxblocks.course import PeerReview
from plxblocks.render.environment import TEMPLATES, environment, render_block_view

SELF_REVIEW = "self_review.html"
RUNTIME = "scorm"
"""Where the learner's work is kept, as the views tell it (the journal's privacy sentence)."""
OUTPUT = "scorm-views"
"""The views' name in the unit cache (plxblocks.rendercache)."""


@lru_cache(maxsize=1)
def scorm_environment() -> Environment:
    """The shared environment (same filters, gettext, autoescaping) that also finds scorm/templates."""
    shared = environment()
    return shared.overlay(loader=ChoiceLoader([PackageLoader("scorm", "templates"), shared.loader]))


def dom_id(block) -> str:
    return "plx-" + block.uid


def render_view(block, lang: str) -> str:
    """The learner view of *block* in *lang* with the language set left open (render_block_view)."""
    if isinstance(block, PeerReview):
        return render_block_view(block, lang=lang, dom_id=dom_id(block), template=SELF_REVIEW, runtime=RUNTIME,
                                 env=scorm_environment())
    return render_block_view(block, lang=lang, dom_id=dom_id(block), runtime=RUNTIME)


def compile_templates() -> None:
    """Compile every template a view is rendered with (and the frame and macros they load), so that
    a worker forked after this inherits them instead of compiling its own (80 ms of CPU)."""
    for name in (*TEMPLATES.values(), "_block.html", "_macros.html"):
        environment().get_template(name)
    scorm_environment().get_template(SELF_REVIEW)


def unit_views(unit, lang: str, cache=None) -> dict[str, str]:
    """Every block view of *unit* in *lang*, by block uid: from *cache* (a ``UnitCache``) when it
    has them, else rendered (and kept there)."""
    def render() -> dict[str, str]:
        return {block.uid: render_view(block, lang) for block in unit.blocks}

    return render() if cache is None else cache.unit(unit, OUTPUT, (lang,), render)
