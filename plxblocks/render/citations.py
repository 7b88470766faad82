"""Citations in prose: ``[@key]`` becomes a Harvard in-text citation that links to the source.

An author cites one of the module's references by its key (``[@hattie-2007]``, or several:
``[@black-1998; @wiliam-2011]``). Before the Markdown is rendered, each citation becomes a link,
``([Hattie and Timperley, 2007](#plx-ref-<block uid>-hattie-2007))``, to the entry for that
source in the "Sources cited here" list the lesson template puts under the text (same block,
same page, so the link works in every runtime: Open edX, SCORM, LTI and the preview). The loader
resolves citations to validate them (an unknown key is an error with its line); the lesson XBlock
resolves them again when it renders, from the references it was exported with.

Hand-written because markdown-it-py's citation plugins (mdit-py-plugins has footnotes, not
citations) would tie the anchor ids to the parser; a regular expression over the source keeps the
rewrite to one small, tested function.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:  # the loader imports this module: importing the course package here would be circular
    from ..course.model import Reference

CITATION = re.compile(r"\[(@[^\]\s;]+(?:\s*;\s*@[^\]\s;]+)*)\](?![(\[:])")
"""``[@key]`` or ``[@a; @b]`` (not a link ``[@x](...)``, a reference link, or a definition)."""
_KEY = re.compile(r"@([^\]\s;]+)")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|~])")


@dataclass
class Resolved:
    """A prose text with its citations turned into links."""

    markdown: str
    """The Markdown to render."""
    cited: list[str] = field(default_factory=list)
    """Keys cited, in order of first citation, each once."""
    unknown: list[tuple[str, int]] = field(default_factory=list)
    """(key, 1-based line) of each citation of a key the references do not have (left as written)."""


def anchor_id(uid: str, key: str) -> str:
    """The element id of *key*'s entry in the "Sources cited here" list of block *uid*."""
    return f"plx-ref-{uid}-{key}"


def resolve_citations(source: str, references: Mapping[str, Reference], uid: str, lang: str = "en") -> Resolved:
    """*source* (written in *lang*) with every citation of a known key linked (module docstring)."""
    result = Resolved(source)

    def replace(match: re.Match) -> str:
        keys = _KEY.findall(match.group(1))
        missing = [key for key in keys if key not in references]
        if missing:
            line = source.count("\n", 0, match.start()) + 1
            result.unknown.extend((key, line) for key in missing)
            return match.group(0)
        for key in keys:
            if key not in result.cited:
                result.cited.append(key)
        links = "; ".join(f"[{_escape(references[key].in_text(lang))}](#{anchor_id(uid, key)})" for key in keys)
        return f"({links})"

    result.markdown = CITATION.sub(replace, source)
    return result


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
