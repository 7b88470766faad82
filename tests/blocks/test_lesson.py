"""plx_lesson: renders the unit's prose in the learner's language; complete once viewed."""
from __future__ import annotations

import json

from plxblocks.render.citations import anchor_id
from tests.render.test_sources_and_checks import cite_in


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


def test_the_lesson_xblock_links_citations_from_its_exported_references(minimal_course, workbench_django):
    """The XBlock renders from the Markdown source and its references field, as the OLX carries them."""
    from lxml import etree
    from workbench.runtime import WorkbenchRuntime

    from plxblocks.olx.blocks import block_xml

    course = cite_in(minimal_course, "As [@hattie-2007] found.")
    unit = course.units[0]
    node = block_xml(unit.blocks[0], course, unit, url_name=False)
    runtime = WorkbenchRuntime("citer")
    lesson = runtime.get_block(runtime.parse_xml_string(etree.tostring(node, encoding="unicode")))
    html = lesson.render_html("en")
    uid = unit.blocks[0].uid
    assert f'<a href="#{anchor_id(uid, "hattie-2007")}" rel="noopener noreferrer">Hattie and Timperley, 2007</a>' in html
    assert f'<li id="{anchor_id(uid, "hattie-2007")}">' in html
