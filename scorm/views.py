"""Block views for the SCORM page, rendered by the templates shared with the XBlocks.

Every block is rendered with ``plxblocks.render.environment.render_block`` in each language of
the package, with an empty state; the page keeps each as a ``<template>`` and the runtime
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
from plxblocks.i18n import normalise_language
from plxblocks.render.environment import environment, render_block
from plxblocks.render.jsstrings import js_catalogue

SELF_REVIEW = "self_review.html"


@lru_cache(maxsize=1)
def scorm_environment() -> Environment:
    """The shared environment (same filters, gettext, autoescaping) that also finds scorm/templates."""
    shared = environment()
    return shared.overlay(loader=ChoiceLoader([PackageLoader("scorm", "templates"), shared.loader]))


def render_view(block, lang: str, dom_id: str, languages: tuple[str, ...]) -> str:
    """The learner view of *block* in *lang*, for a learner who has not started."""
    if not isinstance(block, PeerReview):
        return render_block(block, lang=lang, dom_id=dom_id, state={}, languages=languages, media_url="",
                            runtime="scorm")
    lang = normalise_language(lang)
    # The same context render_block() gives its templates (the contract in docs/architecture.md).
    return scorm_environment().get_template(SELF_REVIEW).render(
        block=block, lang=lang, dom_id=dom_id, state={}, languages=tuple(languages), media_url="",
        links={}, strings=js_catalogue(lang))
