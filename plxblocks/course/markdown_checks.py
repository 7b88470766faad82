"""What the validator needs to know about a piece of Markdown, read from its one parse.

Finds: HTML or links the sanitiser would remove (so the author hears about it), images without
alt text, level-1 headings, the media the text uses, and its outline (headings and media in
order) for comparing the English and Welsh versions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Iterable

from markdown_it.token import Token

from ..render.markdown import ALLOWED_TAGS, URL_ATTRIBUTES, URL_SCHEMES, attribute_allowed, url_scheme

WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
"""A word: letters (any script, so ŵ and ŷ count), joined by apostrophes or hyphens. The definition
:func:`count_words` counts by, in a faster way (tests/course/test_word_count.py holds it to this)."""

_LINK_TARGET = re.compile(r"\]\([^)]*\)|<[^>]+>")
_LETTER = re.compile(r"[^\W\d_]")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_JOINERS = "'’-"
_CLASSES = bytes(ord("a") if _LETTER.match(chr(code)) else ord("-") if chr(code) in _JOINERS else ord(" ")
                 for code in range(128)) + b" " * 128
"""Each ASCII character as ``a`` (a letter), ``-`` (a joiner) or a space (anything else)."""


def count_words(text: str) -> int:
    """Words an author wrote (:data:`WORD`): link targets and HTML tags are not counted."""
    return count_words_in((text,))


def count_words_in(texts: Iterable[str]) -> int:
    """The words of all *texts* (the sum of :func:`count_words` of each), counted in one go.

    Every unit's text is counted at load time, and the regular expression took 40 ns a character
    (an eighth of the load): instead each character becomes its class (letter, joiner or other)
    with ``str.replace`` for the few distinct non-ASCII ones and ``bytes.translate`` for the rest,
    joiners not between two letters become spaces, and what is left between the spaces are words.
    """
    # Each text without its link targets first, so that none reaches into the next; then one space
    # between them, which ends a word as the end of a text does.
    text = " ".join(_LINK_TARGET.sub(" ", text) for text in texts)
    if not text.isascii():
        for char in set(_NOT_ASCII.findall(text)):
            text = text.replace(char, "a" if _LETTER.match(char) else "-" if char in _JOINERS else " ")
    classes = b" " + text.encode("ascii").translate(_CLASSES) + b" "
    # "--" first: what is left of a run of joiners is then one joiner beside a space, or between letters.
    return len(classes.replace(b"--", b"  ").replace(b" -", b"  ").replace(b"- ", b"  ").split())


@dataclass
class Problem:
    line: int
    """1-based line in the Markdown text."""
    message: str


@dataclass
class MarkdownFacts:
    """Everything the validator checks about one Markdown text."""

    headings: list[tuple[int, int, str]] = field(default_factory=list)
    """(level, line, text) of each heading, in order."""
    media: list[tuple[str, int]] = field(default_factory=list)
    """(path as written, line) of each local file an image or link points to."""
    remote_images: list[tuple[str, int]] = field(default_factory=list)
    """(url, line) of each image on another server."""
    problems: list[Problem] = field(default_factory=list)
    resolved_media: list[str] = field(default_factory=list)
    """Course-relative paths of the media that exist (filled in by the loader)."""


def inspect_markdown(tokens: list[Token]) -> MarkdownFacts:
    facts = MarkdownFacts()
    for index, token in enumerate(tokens):
        line = token.map[0] + 1 if token.map else 1
        if token.type == "heading_open":
            _heading(facts, token, tokens[index + 1], line)
        elif token.type == "html_block":
            _raw_html(facts, token.content, line)
        elif token.type == "inline" and token.children:
            _inline(facts, token.children, line)
    return facts


def _heading(facts: MarkdownFacts, token: Token, inline: Token, line: int) -> None:
    level = int(token.tag[1])
    text = inline.content if inline.type == "inline" else ""
    facts.headings.append((level, line, text))
    if level == 1:
        facts.problems.append(Problem(
            line, f"level-1 heading '# {text}': the unit title is the page's top heading; "
                  "start sections at '##'"))


def _inline(facts: MarkdownFacts, children: list[Token], line: int) -> None:
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "html_inline":
            _raw_html(facts, child.content, line)
        elif child.type == "link_open":
            _url(facts, str(child.attrGet("href") or ""), line, is_image=False)
        elif child.type == "image":
            src = str(child.attrGet("src") or "")
            _url(facts, src, line, is_image=True)
            if not child.content.strip():
                facts.problems.append(Problem(
                    line, f"image '{src}' has no alt text: describe it for people who cannot see "
                          "it, e.g. ![Bar chart of marking time per week](media/chart.png)"))


def _url(facts: MarkdownFacts, url: str, line: int, *, is_image: bool) -> None:
    url = url.strip()
    scheme = url_scheme(url)
    if scheme is not None:
        if scheme not in URL_SCHEMES:
            facts.problems.append(Problem(
                line, f"'{scheme}:' address '{_short(url)}' is not allowed: the sanitiser removes "
                      "it (use https://, mailto: or a file in media/)"))
        elif is_image and scheme in ("http", "https"):
            facts.remote_images.append((url, line))
    elif url and not url.startswith("#"):
        facts.media.append((url, line))


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]], int]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs, self.getpos()[0] - 1))

    handle_startendtag = handle_starttag


def _raw_html(facts: MarkdownFacts, html: str, line: int) -> None:
    collector = _TagCollector()
    collector.feed(html)
    collector.close()
    for tag, attrs, offset in collector.tags:
        where = line + offset
        if tag not in ALLOWED_TAGS:
            facts.problems.append(Problem(
                where, f"raw HTML <{tag}> is not allowed: the sanitiser removes it"))
            continue
        for name, value in attrs:
            if name.startswith("on"):
                facts.problems.append(Problem(
                    where, f"event-handler attribute '{name}' on <{tag}> is not allowed: "
                           "the sanitiser removes it"))
            elif not attribute_allowed(tag, name):
                facts.problems.append(Problem(
                    where, f"attribute '{name}' on <{tag}> is not allowed: the sanitiser removes it"))
            elif name in URL_ATTRIBUTES and value is not None:
                _url(facts, value, where, is_image=(tag == "img"))
        if tag == "img" and not dict(attrs).get("alt"):
            facts.problems.append(Problem(where, "<img> has no alt text: add alt=\"...\" describing it"))


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
