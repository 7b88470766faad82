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

from plxblocks.journal.export import export_markdown, markdown_literal

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
                "standard_ids": []}
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
