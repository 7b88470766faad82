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


def _md_escape(text: str) -> str:
    """Plain text that Markdown viewers show literally: no HTML, links, emphasis or headings.

    Only the characters that change meaning are escaped, so the file stays readable as text.
    """
    text = re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)
    text = re.sub(r"(?m)^(\s*)([#>+-])", r"\1\\\2", text)
    return re.sub(r"(?m)^(\s*\d+)\.", r"\1\\.", text)


def export_markdown(entries, lang: str, *, learner_name: str = "", now: datetime | None = None) -> str:
    def t(message: str) -> str:
        return translate(lang, message)

    count = translate_plural(lang, "%(num)s entry", "%(num)s entries", len(entries)) % {"num": len(entries)}
    lines = [f"# {t('My journal')}", ""]
    if learner_name:
        lines += [_md_escape(learner_name), ""]
    lines += [f"{count}. {t('Exported on %(date)s.') % {'date': _date(now or datetime.now(UTC))}}", ""]
    for entry in entries:
        names = ", ".join(_standard_names(entry, lang)) or t("none chosen")
        lines += [f"## {_md_escape(entry.title or entry.block_uid)}", "",
                  f"*{_md_escape(_context(entry))} · {t('Last saved %(date)s') % {'date': _date(entry.modified)}}*", "",
                  f"### {t('Prompt')}", "", entry.prompt.strip(), "",
                  f"### {t('My reflection')}", "", _md_escape(entry.text.strip()), "",
                  f"**{t('Professional standards')}:** {names}", ""]
    if not entries:
        lines += [t("No journal entries yet."), ""]
    return "\n".join(lines)
