"""plx_lesson: renders the unit's prose in the learner's language; complete once viewed."""
from __future__ import annotations

import json


def test_lesson_renders_sanitised_prose_with_course_media(unit):
    learner, _ = unit
    page = learner.page()
    start = page.index("data-block-type='plx_lesson'")
    view = page[start:page.index("data-block-type=", start + 30)]
    assert 'src="/plx-static/minimal/media/teacher.png"' in view and 'data-plx-kind="prose"' in view


def test_viewed_completes_once(unit, events):
    learner, blocks = unit
    lesson = blocks["plx_lesson"]
    assert json.loads(learner.post(lesson, "load_state", {}).content) == {"viewed": False}
    for _ in range(2):
        assert json.loads(learner.post(lesson, "mark_viewed", {}).content) == {"viewed": True}
    assert [e for e in events if e[1] == "completion"] == [("plx_lesson", "completion", {"completion": 1.0})]


def test_language_switch_remembers_the_choice(unit):
    learner, blocks = unit
    lesson = blocks["plx_lesson"]
    html = json.loads(learner.post(lesson, "switch_language", {"lang": "cy"}).content)["html"]
    assert html.startswith('<div class="plx plx-prose"') and 'lang="cy"' in html
    start = learner.page().index("data-block-type='plx_lesson'")
    assert 'data-plx-lang="cy"' in learner.page()[start:start + 600]
    bad = learner.post(lesson, "switch_language", {"lang": "fr"})
    assert bad.status_code == 400 and json.loads(bad.content)["field"] == "lang"


def test_default_language_follows_the_lms(unit, settings_language):
    learner, _ = unit
    page = learner.page()
    start = page.index("data-block-type='plx_lesson'")
    assert 'data-plx-lang="cy"' in page[start:start + 600]
