"""The learner's journal as a document they can keep: Markdown, or printable HTML.

Both show, for each entry (newest first): the unit and course, when it was last saved, the prompt,
the learner's text exactly as written, and the professional standards it is evidence for.
"""
from __future__ import annotations

import re
from datetime import UTC, datetime

from ..course.standards import STANDARDS
from ..i18n import translate, translate_plural
from ..render.environment import render_template, static_text
from ..render.markdown import render_markdown


def _standard_names(entry, lang: str) -> list[str]:
    return [STANDARDS[s].name.get(lang) for s in entry.standard_ids if s in STANDARDS]


def _date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _context(entry) -> str:
    return entry.course_title or entry.course_key


def export_html(entries, lang: str, *, standard: str = "", links: dict | None = None, learner_name: str = "",
                now: datetime | None = None) -> str:
    """A whole HTML document (CSS inlined): the "My journal" page and the printable export."""
    rows = [{
        "title": entry.title or entry.block_uid, "context": _context(entry), "modified": _date(entry.modified),
        "prompt_html": _safe(render_markdown(entry.prompt).html), "paragraphs": _paragraphs(entry.text),
        "standard_names": _standard_names(entry, lang)} for entry in entries]
    return render_template("journal_export.html", lang=lang, entries=rows, standard=standard, links=links or {},
                           learner_name=learner_name, exported_on=_date(now or datetime.now(UTC)),
                           css=_safe(static_text("plx.css")))


def _safe(html: str):
    from markupsafe import Markup
    return Markup(html)  # sanitised by render_markdown / our own stylesheet


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()] or [""]


_INLINE_SPECIAL = re.compile(r"[\\`*_\[\]<>#|~]|&(?=#?[0-9A-Za-z]+;)")
"""Characters that start Markdown inside a line: escapes, code, emphasis, links, raw HTML and
autolinks, closing heading hashes, GFM tables and strikethrough, and ``&`` where it would start
an entity (``&lt;`` would be shown as ``<``)."""
_BLOCK_START = re.compile(r"^([+=-])|^(\d+)([.)])")
"""What starts a block only at the start of a line: list items, setext underlines, ordered lists
(``#`` and ``>`` are escaped everywhere by :data:`_INLINE_SPECIAL`)."""


def markdown_literal(text: str, *, one_line: bool = False) -> str:
    """Markdown that every CommonMark (and GFM) renderer shows as exactly *text*: each character
    that could mean something is backslash-escaped (CommonMark 2.4), line breaks are hard breaks
    and blank lines separate paragraphs. Only the characters that could change meaning are
    escaped, so the file stays readable as plain text.

    What Markdown cannot carry is left out: spaces at the start and end of a line (an indented
    line would become a code block). With *one_line* (a heading) line breaks become spaces.

    Why by hand: markdown-it-py, the project's renderer, has no escaper, and the libraries that
    convert HTML to Markdown (markdownify) escape only some characters.
    """
    lines = [_BLOCK_START.sub(_escape_block_start, _INLINE_SPECIAL.sub(r"\\\g<0>", line.strip()))
             for line in re.split(r"\r\n|\r|\n", text)]
    if one_line:
        return " ".join(line for line in lines if line)
    paragraphs, current = [], []
    for line in [*lines, ""]:
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\\\n".join(current))  # a backslash at the end of a line: a hard break
            current = []
    return "\n\n".join(paragraphs)


def _escape_block_start(match: re.Match) -> str:
    return "\\" + match[1] if match[1] else f"{match[2]}\\{match[3]}"


def export_markdown(entries, lang: str, *, learner_name: str = "", now: datetime | None = None) -> str:
    def t(message: str) -> str:
        return translate(lang, message)

    count = translate_plural(lang, "%(num)s entry", "%(num)s entries", len(entries)) % {"num": len(entries)}
    lines = [f"# {t('My journal')}", ""]
    if learner_name:
        lines += [markdown_literal(learner_name), ""]
    lines += [f"{count}. {t('Exported on %(date)s.') % {'date': _date(now or datetime.now(UTC))}}", ""]
    for entry in entries:
        names = ", ".join(_standard_names(entry, lang)) or t("none chosen")
        lines += [f"## {markdown_literal(entry.title or entry.block_uid, one_line=True)}", "",
                  f"*{markdown_literal(_context(entry), one_line=True)} · "
                  f"{t('Last saved %(date)s') % {'date': _date(entry.modified)}}*", "",
                  # The prompt is Markdown by its author; as written, like the learner's text, so its
                  # raw HTML or a heading of its own cannot reach the file as markup.
                  f"### {t('Prompt')}", "", markdown_literal(entry.prompt), "",
                  f"### {t('My reflection')}", "", markdown_literal(entry.text), "",
                  f"**{t('Professional standards')}:** {names}", ""]
    if not entries:
        lines += [t("No journal entries yet."), ""]
    return "\n".join(lines)
