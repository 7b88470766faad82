"""The journal's Markdown export shows the learner's text and the prompt exactly as written, as text
(issue 11.13): no HTML, links, emphasis, headings or entities of theirs become markup, in any
CommonMark renderer (here: markdown-it-py with GFM tables and strikethrough)."""
from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from markdown_it import MarkdownIt

from plxblocks.journal.export import export_html, export_markdown, markdown_literal

TRICKY = [
    "I wrote &lt;b&gt; and &amp; and &#60; on the board, literally.",
    "<script>alert(1)</script> <img src=x onerror=alert(1)> <https://example.org>",
    "**not bold** _not em_ `not code` ~~not struck~~ [not a link](https://example.org) ![no](x.png)",
    "# not a heading\n## nor this ##\n> not a quote\n- not a list\n+ nor this\n* nor this\n1. not numbered\n2) nor this",
    "A line\n===\nand\n---\n***\n___",
    "| a | b |\n|---|---|\n| not | a table |",
    "Back\\slash at the end\\\nand a C:\\path\\ with a trailing #",
    "```\nnot a fence\n```\n~~~\nnor this\n~~~",
    "[ref]: https://example.org\nTom & Jerry; 3 < 4 > 2; 50% * 2 = 100; email@example.org",
    "Gwnes i ddefnyddio'r dull \U0001F44D — ŵ ŷ â",
]


def renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def shown_text(markdown: str) -> str:
    """What a reader sees: the rendered HTML's text, paragraphs apart and hard breaks as lines."""
    rendered = renderer().render(markdown)
    assert not re.search(r"<(?!/?p>|br />)", rendered), rendered  # nothing but paragraphs and breaks
    text = rendered.replace("<br />\n", "\n").replace("</p>\n<p>", "\n\n")
    return html.unescape(re.sub(r"</?p>|\n$", "", text))


@pytest.mark.parametrize("text", TRICKY)
def test_markdown_literal_is_shown_exactly_as_written(text):
    assert shown_text(markdown_literal(text)) == text


def test_paragraphs_and_line_breaks_are_kept_and_edges_of_lines_trimmed():
    text = "  First line  \nsecond line\n\n\n   \nNew paragraph\r\nwith a CRLF"
    assert shown_text(markdown_literal(text)) == "First line\nsecond line\n\nNew paragraph\nwith a CRLF"


def test_headings_stay_one_line():
    assert markdown_literal("Unit 1\n# two", one_line=True) == "Unit 1 \\# two"


def entry(**fields) -> SimpleNamespace:
    defaults = {"title": "Unit", "block_uid": "uid", "course_title": "Course", "course_key": "key",
                "modified": datetime(2026, 3, 2, 9, 0, tzinfo=UTC), "prompt": "Prompt?", "text": "Text.",
                "standard_ids": [], "module_title": "", "texts": {}, "lang": "en"}
    return SimpleNamespace(**{**defaults, **fields})


def section(markdown: str, heading: str, until: str) -> str:
    return markdown.split(f"### {heading}\n\n", 1)[1].split(until, 1)[0].strip()


def test_the_export_keeps_the_learners_text_and_escapes_the_prompt():
    text = "\n\n".join(TRICKY)
    prompt = "What did you try? <img src=x onerror=alert(1)>\n\n## My reflection\n\nWrite **here**."
    md = export_markdown([entry(text=text, prompt=prompt, title="Unit <b>1</b> #", course_title="*Course*")], "en",
                         learner_name="<i>Ann</i>")
    assert shown_text(section(md, "My reflection", "**Professional standards")) == text
    assert shown_text(section(md, "Prompt", "### My reflection")) == prompt
    assert md.count("\n### My reflection\n") == 1  # the prompt's own heading is text, not a section
    rendered = renderer().render(md)
    assert "<img" not in rendered and "<b>" not in rendered and "<i>" not in rendered
    assert "<h2>Unit &lt;b&gt;1&lt;/b&gt; #</h2>" in rendered
    assert "<em>*Course* · Last saved 2026-03-02 09:00 UTC</em>" in rendered


BILINGUAL = {"en": {"course": "Feedback", "module": "Workload", "unit": "First steps", "prompt": "What do you do now?"},
             "cy": {"course": "Adborth", "module": "Llwyth gwaith", "unit": "Camau cyntaf",
                    "prompt": "Beth ydych chi'n ei wneud nawr?"}}


def two_entries():
    """One entry written in Welsh, one in English, each keeping its titles and prompt in both."""
    return [entry(lang="cy", title="Camau cyntaf", course_title="Adborth", module_title="Llwyth gwaith",
                  prompt=BILINGUAL["cy"]["prompt"], text="Ysgrifennais yn Gymraeg: dŵr, tŷ.", texts=BILINGUAL,
                  standard_ids=["pedagogy"]),
            entry(lang="en", title="First steps", course_title="Feedback", module_title="Workload",
                  prompt=BILINGUAL["en"]["prompt"], text="I wrote in English.", texts=BILINGUAL,
                  standard_ids=["pedagogy"])]


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_an_export_is_in_one_language_with_unit_and_module_titles(lang):
    """Issue 14.6: an entry written in the other language showed its titles and prompt in that one."""
    other = "cy" if lang == "en" else "en"
    visible_html = html.unescape(re.sub(r"<[^>]+>", "", export_html(two_entries(), lang)))
    visible_md = re.sub(r"\\(.)", r"\1", export_markdown(two_entries(), lang))
    for document in (visible_md, visible_html):
        for text in BILINGUAL[lang].values():
            assert document.count(text) == 2, text
        for text in BILINGUAL[other].values():
            assert text not in document, text
        # The learner's own text stays as written, in whichever language.
        assert "dŵr, tŷ." in document and "I wrote in English." in document


def test_the_html_export_marks_text_written_in_the_other_language():
    page = export_html(two_entries(), "en")
    assert '<div class="plx-entry__text" lang="cy"><p>Ysgrifennais' in page
    assert '<div class="plx-entry__text"><p>I wrote in English.' in page
    assert "Feedback › Workload · Last saved 2026-03-02 09:00 UTC" in page


def test_an_entry_saved_before_both_languages_were_kept_shows_what_it_has():
    old = entry(lang="cy", title="Camau cyntaf", course_title="Adborth", prompt="Beth?", texts={})
    md = export_markdown([old], "en")
    assert "## Camau cyntaf" in md and "*Adborth · Last saved" in md


def test_my_journal_in_welsh_says_the_courses_welsh_is_a_draft():
    """Issue 14.8: the page (with its links) in Welsh, while the course's Welsh is a draft; never
    in English, never once the Welsh is reviewed, never in the files the learner keeps."""
    links = {"self": "/journal/", "query": {}, "back": "", "export_md": "/md", "export_html": "/html"}
    notice = 'class="plx-notice plx-notice--draft"'
    assert export_html(two_entries(), "cy", links=links, welsh_draft=True).count(notice) == 1
    assert notice not in export_html(two_entries(), "en", links=links, welsh_draft=True)
    assert notice not in export_html(two_entries(), "cy", links=links, welsh_draft=False)
    assert notice not in export_html(two_entries(), "cy", welsh_draft=True)  # the printable export
