"""Markdown rendering: CommonMark, then the allow-list sanitiser; the plain-text fast path."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from plxblocks.render.markdown import markdown_parser, render_inline, render_markdown, sanitise


def parsed(source: str) -> str:
    md = markdown_parser()
    return sanitise(md.render(source))


@settings(max_examples=2000)
@given(st.text(alphabet=st.sampled_from(list("abcyw ŵŷâ'\"?,.;:!-()0123456789&<>*_#\n\t`[]\\/@=+~|") ),
               min_size=1, max_size=60))
def test_fast_path_renders_exactly_what_the_parser_renders(text):
    assert render_markdown(text).html == parsed(text)


def test_typical_texts_take_the_fast_path():
    for text in ("What is feedback for?", "Beth yw pwrpas adborth?", "Yes, it's the school's decision.",
                 'He said "no".'):
        assert render_markdown(text).tokens == []
        assert render_markdown(text).html == parsed(text)


def test_scripts_and_handlers_are_removed():
    html = render_markdown('<script>alert(1)</script>\n\n<img src="x.png" alt="a" onerror="alert(1)"> '
                           '[a](javascript:alert(1)) <a href="vbscript:x">b</a>').html
    assert "script" not in html and "onerror" not in html and "javascript" not in html and "vbscript" not in html


def test_allowed_markup_survives():
    html = render_markdown("## Title\n\n**bold** [link](https://example.org) ![alt](media/a.png)\n\n"
                           "| a | b |\n|---|---|\n| 1 | 2 |\n").html
    assert "<h2>Title</h2>" in html and "<strong>bold</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">link</a>' in html
    assert '<img src="media/a.png" alt="alt">' in html and "<table>" in html


def test_inline_rendering_has_no_paragraph():
    assert render_inline("*Impact* & <b>x</b>") == "<em>Impact</em> &amp; <b>x</b>"
