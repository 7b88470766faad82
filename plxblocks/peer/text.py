"""Checking and rendering what learners write: responses, comments and flag reasons.

A response is Markdown (a plain text area works: blank lines make paragraphs). It is rendered by
the project's one CommonMark renderer and sanitised with the content allow-list minus images,
because a learner's image URL would tell its owner's server who is reading: a reviewer's IP
address must not reach the author. Comments are plain text and are escaped where shown.
"""
from __future__ import annotations

from functools import lru_cache

import nh3

from plxblocks.render.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    URL_SCHEMES,
    render_markdown,
)
from plxblocks.storable import unstorable_character

from .errors import PeerError
from .errors import gettext_noop as _


def count_words(text: str) -> int:
    """Runs of non-space characters: the rule ``PLX.countWords`` applies in the browser, so the
    counter a learner watches and the limit the server enforces agree."""
    return len(text.split())


@lru_cache(maxsize=1)
def _learner_cleaner() -> nh3.Cleaner:
    tags = set(ALLOWED_TAGS) - {"img", "figure", "figcaption"}
    return nh3.Cleaner(tags=tags,
                       attributes={t: set(a) for t, a in ALLOWED_ATTRIBUTES.items() if t == "*" or t in tags},
                       url_schemes=set(URL_SCHEMES), link_rel="noopener noreferrer nofollow")


def learner_html(text: str) -> str:
    """Safe HTML for a learner's Markdown *text* (no images, links open without a referrer)."""
    return _learner_cleaner().clean(render_markdown(text).html) if text.strip() else ""


def plain(value: object, field: str, limit: int, required: bool = False) -> str:
    """*value* as a stripped string no longer than *limit* characters, or a :class:`PeerError`."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise PeerError("bad_field", _("{what} must be text."), what=field)
    value = value.replace("\r\n", "\n").strip()
    if unstorable_character(value):
        raise PeerError("bad_field", _("{what} contains a character that is not allowed."), what=field)
    if len(value) > limit:
        raise PeerError("too_long", _("{what} is {length} characters long; the limit is {limit}."),
                        what=field, length=len(value), limit=limit)
    if required and not value:
        raise PeerError("empty", _("{what} is empty."), what=field)
    return value
