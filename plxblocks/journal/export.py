"""The learner's journal as a document they can keep: Markdown, printable HTML, or PDF (pdf.py).

Each shows, for each entry (newest first): the unit, its module and course, when it was last
saved, the prompt, the learner's text exactly as written, and the professional standards it is
evidence for. Everything but the learner's own text is in one language, the learner's (the one
asked for): an entry written in the other language shows its titles and prompt in this one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from ..course.standards import STANDARDS
from ..i18n import translate, translate_plural
from ..render.environment import render_template, static_text
from ..render.markdown import render_markdown


def _standard_names(entry, lang: str) -> list[str]:
    return [STANDARDS[s].name.get(lang) for s in entry.standard_ids if s in STANDARDS]


def _date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def localised(entry, lang: str) -> dict:
    """The entry's course, module and unit titles and prompt in *lang*: as saved in that language,
    else (an entry saved before both were kept, or a block without that language) as written."""
    texts = (entry.texts or {}).get(lang) or {}
    return {"course": texts.get("course") or entry.course_title or entry.course_key,
            "module": texts.get("module") or entry.module_title,
            "unit": texts.get("unit") or entry.title or entry.block_uid,
            "prompt": texts["prompt"] if "prompt" in texts else entry.prompt}


def _where(texts: dict) -> str:
    """"Course › Module": where the unit is."""
    return " › ".join(part for part in (texts["course"], texts["module"]) if part)


def export_rows(entries, lang: str) -> list[dict]:
    """What the HTML and PDF documents show of each entry, in *lang*."""
    rows = []
    for entry in entries:
        texts = localised(entry, lang)
        rows.append({"title": texts["unit"], "context": _where(texts), "modified": _date(entry.modified),
                     "prompt_html": _safe(render_markdown(texts["prompt"]).html),
                     "paragraphs": _paragraphs(entry.text), "text_lang": entry.lang,
                     "standard_names": _standard_names(entry, lang)})
    return rows


PAGE_STYLES = ("plx.css", "journal.css")
"""The page's stylesheets: the blocks' (the filter, buttons, focus) and the document's."""


def export_html(entries, lang: str, *, standard: str = "", links: dict | None = None, learner_name: str = "",
                now: datetime | None = None, privacy: str = "", styles: tuple[str, ...] = PAGE_STYLES,
                extra_css: str = "", welsh_draft: bool = False) -> str:
    """A whole HTML document (CSS inlined): the "My journal" page (with *links*: the filter, the
    downloads and the way back) and the printable export (without). *privacy* names the runtime
    whose privacy sentence the page shows (see ``_macros.html``); *styles* are shared static
    stylesheets, *extra_css* is added after them. *welsh_draft*: the course's Welsh is a draft,
    so the page in Welsh says so (the exports do not: they hold the learner's words, not ours)."""
    css = "\n".join(static_text(name) for name in styles) + "\n" + extra_css
    return render_template("journal_export.html", lang=lang, entries=export_rows(entries, lang), standard=standard,
                           links=links or {}, learner_name=learner_name, privacy=privacy,
                           draft_notice=welsh_draft and bool(links),
                           exported_on=_date(now or datetime.now(UTC)), css=_safe(css))


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
        texts = localised(entry, lang)
        lines += [f"## {markdown_literal(texts['unit'], one_line=True)}", "",
                  f"*{markdown_literal(_where(texts), one_line=True)} · "
                  f"{t('Last saved %(date)s') % {'date': _date(entry.modified)}}*", "",
                  # The prompt is Markdown by its author; as written, like the learner's text, so its
                  # raw HTML or a heading of its own cannot reach the file as markup.
                  f"### {t('Prompt')}", "", markdown_literal(texts["prompt"]), "",
                  f"### {t('My reflection')}", "", markdown_literal(entry.text), "",
                  f"**{t('Professional standards')}:** {names}", ""]
    if not entries:
        lines += [t("No journal entries yet."), ""]
    return "\n".join(lines)


EXPORT_FORMATS = ("md", "html", "pdf")


@dataclass(frozen=True)
class ExportedFile:
    """An export as a runtime answers it: the bytes, their type and the Content-Disposition."""

    body: bytes
    content_type: str
    disposition: str


def journal_file(entries, lang: str, fmt: str, standard: str = "") -> ExportedFile | None:
    """*entries* as a file in *fmt* (one of :data:`EXPORT_FORMATS`), in *lang*; ``None`` for a
    PDF where WeasyPrint is not installed. Shared by the XBlock and the LTI tool."""
    name = "my-journal" if lang == "en" else "fy-nyddlyfr"
    if fmt == "md":
        body, content_type = export_markdown(entries, lang).encode(), "text/markdown; charset=utf-8"
    elif fmt == "html":
        body, content_type = export_html(entries, lang, standard=standard).encode(), "text/html; charset=utf-8"
    else:
        from .pdf import export_pdf, pdf_available
        if not pdf_available():
            return None
        body, content_type = export_pdf(entries, lang, standard=standard), "application/pdf"
    # Markdown and PDF download; the HTML opens in the browser, ready to print or save.
    disposition = "inline" if fmt == "html" else "attachment"
    return ExportedFile(body, content_type, f'{disposition}; filename="{name}.{fmt}"')
