"""The shared render layer: every block kind renders in both languages, user text is escaped,
content HTML is kept, and the page carries the state and strings the JS contract promises."""
from __future__ import annotations

import json
import re

import pytest

from plxblocks.course import load_course
from plxblocks.render.environment import (
    JS_FILES,
    render_block,
    render_template,
    shared_js,
    static_text,
)
from tests.conftest import DATA

PAYLOADS = ['<script>alert("x")</script>', '<img src=x onerror="alert(1)">', '"><svg onload=alert(1)>']


@pytest.fixture(scope="module")
def course():
    result = load_course(DATA / "minimal")
    assert result.ok, result.diagnostics.sorted()
    return result.course


def blocks_by_kind(course):
    """The first block of each kind."""
    found = {}
    for block in course.blocks():
        found.setdefault(block.kind, block)
    return found


def embedded_json(html: str, attribute: str) -> dict:
    match = re.search(rf"<script type=\"application/json\" {attribute}>(.*?)</script>", html, re.DOTALL)
    assert match, f"no {attribute} script in the view"
    return json.loads(match.group(1))


@pytest.mark.parametrize("kind", ["prose", "check", "reflection", "peer_review"])
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_kind_renders_its_root_contract(course, kind, lang):
    block = blocks_by_kind(course)[kind]
    html = render_block(block, lang=lang, dom_id="b1", state={})
    root = re.match(r"<div ([^>]*)>", html).group(1)
    for attribute in ('id="b1"', f'lang="{lang}"', f'data-plx-kind="{kind}"', f'data-plx-block="{block.uid}"',
                      f'data-plx-lang="{lang}"', 'data-plx-languages="en cy"'):
        assert attribute in root
    assert embedded_json(html, "data-plx-state") == {}
    assert embedded_json(html, "data-plx-strings")["lang"] == lang
    # Every id in the block starts with dom_id, so two blocks in one page never collide.
    assert all(i.startswith("b1") for i in re.findall(r'\sid="([^"]+)"', html))


def test_content_and_ui_follow_the_language(course):
    check = blocks_by_kind(course)["check"]
    english = render_block(check, lang="en", dom_id="c", state={})
    welsh = render_block(check, lang="cy-GB", dom_id="c", state={})
    assert "What is feedback for?" in english and ">Submit<" in english
    assert "Beth yw pwrpas adborth?" in welsh and ">Cyflwyno<" in welsh and 'lang="cy"' in welsh
    assert "Symud dysgu ymlaen" in welsh


def test_check_view_does_not_reveal_feedback_or_the_answer(course):
    check = blocks_by_kind(course)["check"]
    html = render_block(check, lang="en", dom_id="c", state={})
    assert "Not on its own." not in html and "Feedback should move learning on." not in html
    markup = re.sub(r'<script type="application/json" data-plx-strings>.*?</script>', "", html, flags=re.DOTALL)
    assert "correct" not in markup.lower()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_learner_text_is_escaped_in_the_view_and_the_state(course, payload):
    reflection = blocks_by_kind(course)["reflection"]
    html = render_block(reflection, lang="en", dom_id="j", state={"text": payload, "standards": []})
    assert payload not in html
    assert "<script>alert" not in html and "<img src=x" not in html and "<svg" not in html
    # The state survives intact for the JS, without closing the script element it sits in.
    assert embedded_json(html, "data-plx-state")["text"] == payload


def test_journal_standards_default_to_the_suggested_ones_then_follow_the_entry(course):
    reflection = blocks_by_kind(course)["reflection"]
    fresh = render_block(reflection, lang="en", dom_id="j", state={})
    assert re.search(r'value="pedagogy"\s+data-plx-field="standards" checked', fresh)
    chosen = render_block(reflection, lang="en", dom_id="j", state={"text": "x", "standards": ["innovation"]})
    assert re.search(r'value="innovation"\s+data-plx-field="standards" checked', chosen)
    assert not re.search(r'value="pedagogy"\s+data-plx-field="standards" checked', chosen)


def test_media_links_point_at_the_runtime_media_url(course):
    prose = blocks_by_kind(course)["prose"]
    assert 'src="media/' in prose.body.html.en
    html = render_block(prose, lang="en", dom_id="p", state={}, media_url="/plx-static/minimal/")
    assert 'src="/plx-static/minimal/media/' in html and 'src="media/' not in html


def test_one_language_means_no_switch(course):
    html = render_block(blocks_by_kind(course)["prose"], lang="en", dom_id="p", languages=("en",))
    assert 'data-plx-action="language"' not in html


def test_journal_links_only_when_the_runtime_offers_them(course):
    reflection = blocks_by_kind(course)["reflection"]
    assert "Open my journal" not in render_block(reflection, lang="en", dom_id="j")
    html = render_block(reflection, lang="en", dom_id="j",
                        links={"journal": "/j?a=1&b=2", "export_md": "/m", "export_html": "/h"})
    assert 'href="/j?a=1&amp;b=2"' in html and "Download my journal (Markdown)" in html


def test_welsh_plurals_use_six_forms_in_templates(course):
    peer = blocks_by_kind(course)["peer_review"]
    html = render_block(peer, lang="cy", dom_id="p")
    assert "2 bwynt" in html and "0 pwynt" in html


def test_journal_export_document_escapes_entries():
    html = render_template("journal_export.html", lang="cy", entries=[{
        "title": PAYLOADS[0], "context": "c", "modified": "1", "prompt_html": "", "paragraphs": [PAYLOADS[1]],
        "standard_names": [], "text_lang": "en"}], standard="", links={}, learner_name="", exported_on="d", css="",
        privacy="")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "1 cofnod" in html and "Fy nyddlyfr" in html


def test_shared_static_files_exist_and_fit_the_scorm_budget():
    import gzip

    css = static_text("plx.css")
    js = shared_js()
    assert all(f"js/{name}" for name in JS_FILES)
    size = len(gzip.compress((css + js).encode("utf-8"), 9))
    # SCORM packages have 30 KB gzipped for all runtime JS+CSS; the shared part must leave room.
    assert size < 12_000, size


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("template", ["lesson.html", "check.html", "journal.html", "peer_review.html"])
def test_the_bound_ui_strings_give_what_the_i18n_extension_gives(course, template, lang):
    """Block renders get ``_``/``ngettext`` bound to their language (environment._bound_gettext);
    every template renders exactly as with the i18n extension's own callables, placeholders,
    plurals and escaping included."""
    from plxblocks.render import environment as env_module

    kind = {"lesson.html": "prose", "check.html": "check", "journal.html": "reflection"}.get(template, "peer_review")
    block = blocks_by_kind(course)[kind]
    context = dict(block=block, lang=lang, dom_id="plx-x", state={} if kind == "peer_review" else {"text": PAYLOADS[0]}, languages=("en", "cy"),
                   media_url="", links={"journal": "/j?a=1&b=<2>"}, strings=None, draft_notice=True,
                   runtime="scorm")
    plain = env_module.environment().get_template(template).render(**context)
    assert env_module._render(env_module.environment(), template, **context) == plain
    assert "gettext" not in plain and "%(" not in plain
