"""CommonMark to sanitised HTML, done once per text at load time.

markdown-it-py renders CommonMark (plus tables); nh3 then removes anything outside the allow-list
below. The content validator reads the same allow-list, so an author is told about HTML that the
sanitiser would drop instead of having it vanish silently.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "dfn",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "ul",
})
"""Tags that survive sanitising. No ``h1``: the page or LMS owns the top heading."""

ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"lang", "dir", "title"}),
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "ol": frozenset({"start", "reversed"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "th": frozenset({"colspan", "rowspan", "scope", "align"}),
    "time": frozenset({"datetime"}),
    "code": frozenset({"class"}),  # language-xxx from fenced code blocks
}
"""Attributes allowed on each tag (``*``: on every tag)."""

URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""Link and image schemes allowed besides relative URLs."""

URL_ATTRIBUTES = frozenset({"href", "src"})


def attribute_allowed(tag: str, name: str) -> bool:
    return name in ALLOWED_ATTRIBUTES["*"] or name in ALLOWED_ATTRIBUTES.get(tag, frozenset())


def url_scheme(url: str) -> str | None:
    """The scheme of *url* (lower case), or ``None`` for a relative URL."""
    head = url.strip().split("/", 1)[0]
    # Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
    head = "".join(ch for ch in head if ch > " ")
    return head.split(":", 1)[0].lower() if ":" in head else None


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one CommonMark parser configuration (tables on; raw HTML parsed, then sanitised)."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    # Keep every link in the token stream: the validator reports bad schemes with a line number,
    # and nh3 removes them from the HTML anyway.
    md.validateLink = lambda url: True
    return md


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
    )


def sanitise(html: str) -> str:
    """Remove every tag, attribute and URL scheme outside the allow-list."""
    return _cleaner().clean(html)


@dataclass(frozen=True)
class Rendered:
    html: str
    """Sanitised HTML."""
    tokens: list[Token]
    """The parse, for the validator to inspect."""


# A one-line text with none of these characters renders as a single paragraph of itself, so the
# parser can be skipped: most question, prompt and feedback texts are like that, and parsing them
# was half of the load time of a 1,000-unit course. A property test pins this to the parser.
_PLAIN_LINE = re.compile(r"^[^\s\\*_\[\]<>#!&|`~=+\-\d.:/@()]"
                         r"[^\n\r\\*_\[\]<>#!&|`~=:/@]*[^\s\\*_\[\]<>#!&|`~=:/@]$")


def render_markdown(source: str) -> Rendered:
    """Parse *source* once and return the sanitised HTML with the tokens it came from."""
    line = source.rstrip("\n")
    if _PLAIN_LINE.match(line):
        return Rendered(sanitise(f"<p>{html.escape(line, quote=False)}</p>\n"), [])
    md = markdown_parser()
    tokens = md.parse(source)
    return Rendered(sanitise(md.renderer.render(tokens, md.options, {})), tokens)


def render_inline(source: str) -> str:
    """Sanitised HTML for a short text without wrapping paragraph (option labels, titles)."""
    md = markdown_parser()
    return sanitise(md.renderInline(source))
