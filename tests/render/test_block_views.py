"""A block rendered once per language (render_block_view) and filled in for a language set
(fill_languages) is exactly what render_block gives for that set: for every block of both shipped
courses and the test course, in each language, bilingual and alone. SCORM relies on it to render
each block once for all six packages of a course."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from plxblocks.course import PeerReview, load_course
from plxblocks.render.environment import (
    LANGUAGES_SLOT,
    SWITCH_SLOT,
    fill_languages,
    render_block,
    render_block_view,
)
from plxblocks.render.jsstrings import js_catalogue
from scorm.views import SELF_REVIEW, render_view, scorm_environment
from tests.conftest import DATA

REPO = Path(__file__).resolve().parents[2]
COURSES = sorted(p.parent for p in (REPO / "content").glob("*/course.yaml")) + [DATA / "minimal"]
STRINGS = re.compile(r'(<script type="application/json" data-plx-strings>).*?(</script>)', re.DOTALL)


def without_strings(html: str) -> str:
    """The view with its UI-strings script emptied (a filled view carries none: the page has them)."""
    stripped, count = STRINGS.subn(r"\1\2", html)
    assert count == 1
    return stripped


def language_sets(lang: str) -> list[tuple[str, ...]]:
    return [("en", "cy"), (lang,)]


@pytest.fixture(scope="module", params=COURSES, ids=lambda p: p.name)
def blocks(request):
    result = load_course(request.param)
    assert result.ok, [d.format() for d in result.diagnostics.sorted()]
    return list(result.course.blocks())


def test_shipped_courses_are_checked():
    assert len(COURSES) >= 3, "both shipped courses and the test course"


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_filled_view_is_the_direct_render_for_every_block(blocks, lang):
    assert blocks
    for block in blocks:
        view = render_block_view(block, lang=lang, dom_id="plx-" + block.uid)
        for languages in language_sets(lang):
            direct = render_block(block, lang=lang, dom_id="plx-" + block.uid, state={}, languages=languages)
            assert fill_languages(view, lang, languages) == without_strings(direct), (block.uid, languages)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_scorm_self_review_fills_in_like_a_direct_render(blocks, lang):
    for block in (b for b in blocks if isinstance(b, PeerReview)):
        for languages in language_sets(lang):
            direct = scorm_environment().get_template(SELF_REVIEW).render(
                block=block, lang=lang, dom_id="plx-" + block.uid, state={}, languages=languages, media_url="",
                links={}, strings=js_catalogue(lang))
            assert fill_languages(render_view(block, lang), lang, languages) == without_strings(direct)


def test_a_view_shows_a_switch_only_where_there_is_a_choice(blocks):
    view = render_block_view(blocks[0], lang="cy", dom_id="b")
    assert LANGUAGES_SLOT in view and SWITCH_SLOT in view and "plx-langs" not in view
    assert 'data-plx-languages="en cy"' in fill_languages(view, "cy", ("en", "cy"))
    assert 'aria-pressed="true">Cymraeg<' in fill_languages(view, "cy", ("en", "cy"))
    alone = fill_languages(view, "cy", ("cy",))
    assert 'data-plx-languages="cy"' in alone and "plx-langs" not in alone and "\x00" not in alone


@pytest.mark.parametrize("bad", ["<div>no slots</div>", f"{LANGUAGES_SLOT}{LANGUAGES_SLOT}{SWITCH_SLOT}",
                                 f"{LANGUAGES_SLOT}", f"{SWITCH_SLOT}{LANGUAGES_SLOT}"])
def test_fill_refuses_what_is_not_a_view_with_each_slot_once(bad):
    with pytest.raises(ValueError, match="each language slot once"):
        fill_languages(bad, "en", ("en",))
