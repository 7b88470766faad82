"""The learner's bearings in words (plxblocks/render/progress.py), and the activities' headings."""
from __future__ import annotations

import dataclasses

import pytest

from plxblocks.course import Text, load_course
from plxblocks.course.model import Reflection
from plxblocks.render.environment import render_block
from plxblocks.render.markdown import render_markdown
from plxblocks.render.progress import UNIT_PLACE, duration, estimated_time, module_introduction, place
from tests.conftest import DATA


@pytest.fixture(scope="module")
def course():
    result = load_course(DATA / "minimal")
    assert result.ok
    return result.course


@pytest.mark.parametrize(("minutes", "en", "cy"), [
    (1, "1 minute", "1 munud"), (2, "2 minutes", "2 funud"), (45, "45 minutes", "45 munud"),
    (60, "1 hour", "1 awr"), (90, "1 hour 30 minutes", "1 awr 30 munud"), (120, "2 hours", "2 awr"),
    (122, "2 hours 2 minutes", "2 awr 2 funud"),
])
def test_a_duration_reads_naturally_in_both_languages(minutes, en, cy):
    assert duration("en", minutes) == en
    assert duration("cy", minutes) == cy


def test_place_and_time_are_translated():
    assert place("en", UNIT_PLACE, 3, 18) == "Unit 3 of 18"
    assert place("cy", UNIT_PLACE, 3, 18) == "Uned 3 o 18"
    assert estimated_time("cy", 90) == "Amser astudio: tua 1 awr 30 munud"


def test_a_module_introduction_keeps_the_authors_text_as_written(course):
    """Titles and outcomes are plain text: a '*' or '<b>' in them is shown, not obeyed."""
    module = course.modules[0]
    tricky = dataclasses.replace(module, title=Text("Marking *fast* & <b>well</b>", "Marcio"),
                                 outcomes=(Text("Use [links] and `code`", "Defnyddio"),))
    intro = module_introduction(tricky, ("en",))
    html = render_markdown(intro.body.source.en).html
    assert "Marking *fast* &amp; &lt;b&gt;well&lt;/b&gt;" in html
    assert "<li>Use [links] and `code`</li>" in html
    assert intro.body.source.cy == ""  # only the languages asked for


def test_a_reflection_has_a_heading_of_its_own(course):
    reflection = next(b for u in course.units for b in u.blocks if isinstance(b, Reflection))
    assert '<h2 class="plx-reflection__title">Reflection</h2>' in render_block(reflection, lang="en", dom_id="r", state={})
    assert '<h2 class="plx-reflection__title">Myfyrio</h2>' in render_block(reflection, lang="cy", dom_id="r", state={})
