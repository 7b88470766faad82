"""``plx_journal``: a reflection prompt whose answer goes into the learner's private journal.

Entries live in the ``plxblocks.journal`` Django app, not in XBlock user state, so "My journal"
(every entry of the learner, filterable by professional standard) and its export are one query.
Complete once an entry reaches the minimum number of words.
"""
from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from webob import Response
from xblock.core import XBlock
from xblock.fields import Boolean, Integer, List, Scope, String

from ..course.model import Reflection
from ..course.standards import STANDARDS
from ..i18n import N_, _
from .api import InputError, check_fields, json_api, string_list
from .base import SOURCE, PlxBlockMixin, markdown_fields
from .olx import OlxMixin

MAX_CHARS_PER_WORD = 30
"""Character limit = max_words x this: generous for any real text, refuses padding and abuse."""
MAX_ENTRY_CHARS = 100_000


def count_words(text: str) -> int:
    """Runs of non-space characters: the same rule as ``PLX.countWords`` in the browser."""
    return len(text.split())


def checked_entry(data: dict, max_words: int, default_lang: str) -> tuple[str, list[str], str, int]:
    """``{"text", "standards", "lang", "revision"}`` of a save, checked: ``(text, standards, lang, words)``
    (the revision: :func:`base_revision`).

    Raises :class:`InputError` naming the field; shared by the XBlock and the LTI runtime.
    """
    check_fields(data, {"text": str, "standards": list, "lang": str, "revision": int}, required=("text",))
    if data.get("revision", 0) < 0:
        raise InputError(_("Wrong type for {name}."), field="revision", name="revision")
    text = data["text"]
    standards = string_list(data, "standards", max_items=len(STANDARDS))
    unknown = [s for s in standards if s not in STANDARDS]
    if unknown:
        # Translators: {name} is the id of a professional standard that does not exist.
        raise InputError(_("Unknown professional standard: {name}."), field="standards", name=unknown[0][:40])
    lang = data["lang"] if "lang" in data else default_lang
    if lang not in ("en", "cy"):
        raise InputError(_("Unknown language: {lang}."), field="lang", lang=lang[:10])
    max_chars = min(MAX_ENTRY_CHARS, max(max_words, 1) * MAX_CHARS_PER_WORD)
    if len(text) > max_chars:
        # Translators: {count} is the largest number of characters a journal entry may have.
        raise InputError(N_("Your entry is too long: the most is {count} character.",
                            "Your entry is too long: the most is {count} characters."),
                         field="text", count=max_chars)
    words = count_words(text)
    if words > max_words:
        # Translators: {count} is the most words an entry may have; {words} how many it has.
        raise InputError(N_("Your entry is too long: the most is {count} word (it has {words}).",
                            "Your entry is too long: the most is {count} words (it has {words})."),
                         field="text", count=max_words, words=words)
    return text, standards, lang, words


def base_revision(data: dict) -> int:
    """The revision of the entry the learner edited (0: they started from nothing)."""
    return data.get("revision", 0)


def entry_state(entry, min_words: int) -> dict:
    """What ``JournalState`` (docs/architecture.md) says about a stored entry."""
    return {"text": entry.text, "standards": entry.standard_ids, "lang": entry.lang, "word_count": entry.word_count,
            "complete": entry.word_count >= min_words and entry.word_count > 0,
            "saved_at": entry.modified.isoformat(), "revision": entry.revision}


def entry_texts(course: str, module: str, unit: str, prompt: str) -> dict:
    """One language's titles and prompt as an entry keeps them (``JournalEntry.texts``)."""
    return {"course": course[:255], "module": module[:255], "unit": unit[:255], "prompt": prompt}


def conflict_error(conflict, min_words: int) -> InputError:
    """409 for a save from an older revision, with the stored entry for the learner to compare."""
    return InputError(_("This reflection was saved from another tab or window after you opened it. "
                        "Choose which text to keep."), field="text", status=409,
                      details={"conflict": entry_state(conflict.entry, min_words)})


@XBlock.wants("replace_urls")
class PlxJournalBlock(OlxMixin, PlxBlockMixin, XBlock):
    prompt_en, prompt_cy = markdown_fields(_("Prompt (English, Markdown)"), _("Prompt (Welsh, Markdown)"))
    guidance_en, guidance_cy = markdown_fields(_("Guidance (English, Markdown)"), _("Guidance (Welsh, Markdown)"))
    min_words = Integer(display_name=_("Minimum words"), scope=Scope.content, default=0,
                        help=_("Entries shorter than this do not complete the block."))
    max_words = Integer(display_name=_("Maximum words"), scope=Scope.content, default=500,
                        help=_("Longer entries are refused."))
    standards = List(display_name=_("Suggested standards"), scope=Scope.content, default=[],
                     help=_("Ids of the professional standards to suggest: pedagogy, collaboration, "
                            "professional-learning, innovation, leadership."))
    title_en = String(display_name=_("Unit title (English)"), scope=Scope.content, default="")
    title_cy = String(display_name=_("Unit title (Welsh)"), scope=Scope.content, default="")
    module_title_en = String(display_name=_("Module title (English)"), scope=Scope.content, default="")
    module_title_cy = String(display_name=_("Module title (Welsh)"), scope=Scope.content, default="")
    course_title_en = String(display_name=_("Course title (English)"), scope=Scope.settings, default="")
    course_title_cy = String(display_name=_("Course title (Welsh)"), scope=Scope.settings, default="")
    welsh_draft = Boolean(display_name=_("Welsh is a draft"), scope=Scope.settings, default=False,
                          help=_("The course's Welsh awaits review: \"My journal\" in Welsh says so (set by the "
                                 "OLX export)."))

    bilingual_fields = ("prompt", "guidance")
    editable_fields = ("display_name", "prompt_en", "prompt_cy", "guidance_en", "guidance_cy",
                       "min_words", "max_words", "standards", "title_en", "title_cy", "module_title_en",
                       "module_title_cy")

    def to_model(self) -> Reflection:
        return Reflection(id="reflection", uid=self.block_uid(), source=SOURCE, line=0,
                          prompt=self.markdown("prompt"), guidance=self.markdown("guidance"),
                          min_words=self.min_words, max_words=self.max_words,
                          standards=tuple(STANDARDS[s] for s in self.standards if s in STANDARDS))

    def validate_field_data(self, validation, data) -> None:
        """Studio: sensible word limits and known standards."""
        if not 0 <= data.min_words <= data.max_words <= 10_000 or data.max_words < 1:
            self.studio_error(validation, _("Word limits must satisfy 0 ≤ minimum ≤ maximum ≤ 10,000."))
        unknown = [s for s in data.standards if not isinstance(s, str) or s not in STANDARDS]
        if unknown:
            self.studio_error(validation, _("Unknown professional standard: {name}."), name=str(unknown[0])[:40])

    def in_language(self, stem: str, lang: str) -> str:
        """One text field in *lang*, English when empty (reads only the fields it needs)."""
        return (getattr(self, f"{stem}_{lang}") if lang != "en" else "") or getattr(self, f"{stem}_en")

    # ------------------------------------------------------------------------------ storage
    def _entry(self):
        from ..journal.store import get_entry
        if self.scope_ids.user_id is None:
            return None
        return get_entry(self.learner_id(), self.context_key(), str(self.scope_ids.usage_id))

    def learner_state(self, entry=None) -> dict:
        """``JournalState`` (docs/architecture.md); for staff viewing as the learner only
        ``{"private": true}``: the page then shows the prompt and says the journal is private."""
        if self.masquerading():
            return {"private": True}
        entry = entry or self._entry()
        state = {"draft_key": self.draft_key(), "saved_at": None, "word_count": 0, "complete": False, "revision": 0}
        if entry is not None:
            state.update(entry_state(entry, self.min_words))
        return state

    def languages_written(self) -> tuple[str, ...]:
        """The languages this block has a prompt in (English always)."""
        return ("en", "cy") if self.prompt_cy else ("en",)

    def entry_texts(self) -> dict:
        """The titles and prompt in each language of the block, saved with an entry (export.localised)."""
        text = self.in_language
        return {lang: entry_texts(text("course_title", lang), text("module_title", lang),
                                  text("title", lang) or self.display_name, text("prompt", lang))
                for lang in self.languages_written()}

    def links(self) -> dict:
        from ..journal.pdf import pdf_available

        url = self.runtime.handler_url
        links = {"journal": url(self, "my_journal")}
        if self.plx_settings().JOURNAL_EXPORT:
            links.update(export_md=url(self, "export_journal", query="format=md"),
                         export_html=url(self, "export_journal", query="format=html"))
            if pdf_available():
                links["export_pdf"] = url(self, "export_journal", query="format=pdf")
        return links

    # ------------------------------------------------------------------------------ handlers
    @json_api
    def save_entry(self, data: dict) -> dict:
        """``{"text", "standards": [id], "lang", "revision"}`` -> ``JournalState``. Stored exactly as
        sent, unless it was edited from an older revision than the stored one (409, with that entry)."""
        from ..journal.store import EditConflict, EntryData, save_entry

        self.refuse_masquerade()
        text, standards, lang, words = checked_entry(data, self.max_words, self.ui_language())
        try:
            entry = save_entry(self.learner_id(), self.context_key(), str(self.scope_ids.usage_id), EntryData(
                block_uid=self.block_uid(), lang=lang, course_title=self.in_language("course_title", lang)[:255],
                title=(self.in_language("title", lang) or self.display_name)[:255],
                module_title=self.in_language("module_title", lang)[:255],
                prompt=self.in_language("prompt", lang), text=text, standards=tuple(standards), word_count=words,
                texts=self.entry_texts()),
                base_revision(data))
        except EditConflict as conflict:
            raise conflict_error(conflict, self.min_words) from None
        if words >= self.min_words and words > 0:
            self.emit_completion(1.0)
        return self.learner_state(entry)

    @XBlock.handler
    def my_journal(self, request, suffix=""):
        """GET: the learner's journal as a page (filter ``?standard=``), with export links and the
        way back to the unit it was opened from (``?back=``, else the Referer: same origin only)."""
        standard = self._standard_filter(request)
        if isinstance(standard, Response):
            return standard
        from ..journal.back import back_link
        from ..journal.export import export_html
        from ..journal.store import learner_entries

        page = self.runtime.handler_url(self, "my_journal").split("?")[0]
        back = back_link((request.GET.get("back", ""), request.referer or ""), host=request.host,
                         journal_path=urlsplit(page).path)
        query = {k: v for k, v in request.GET.items() if k == "student"}
        if back:
            query["back"] = back  # the filter form keeps the way back
        links = {"self": page, "query": query, "back": back,
                 **{k: v for k, v in self.links().items() if k.startswith("export")}}
        if standard:
            links.update({k: f"{v}&{urlencode({'standard': standard})}" for k, v in links.items()
                          if k.startswith("export")})
        entries = learner_entries(self.learner_id(), standard)
        html = export_html(entries, self.ui_language(), standard=standard, links=links, privacy="openedx",
                           welsh_draft=self.welsh_draft)
        return Response(html, content_type="text/html", charset="utf-8")

    @XBlock.handler
    def export_journal(self, request, suffix=""):
        """GET ``?format=md|html|pdf[&standard=id]``: the journal as a file to keep (PDF where
        WeasyPrint is installed: ``plx[pdf]``)."""
        from ..journal.export import EXPORT_FORMATS, journal_file
        from ..journal.store import learner_entries

        standard = self._standard_filter(request)
        if isinstance(standard, Response):
            return standard
        if not self.plx_settings().JOURNAL_EXPORT:
            return self._error(InputError(_("Downloading the journal is turned off on this site."), status=403))
        fmt = request.GET.get("format", "md")
        if fmt not in EXPORT_FORMATS:
            return self._error(InputError(_("Unknown export format: {name}."), field="format", name=fmt[:10]))
        exported = journal_file(learner_entries(self.learner_id(), standard), self.ui_language(), fmt, standard)
        if exported is None:
            return self._error(InputError(_("PDF export is not installed on this platform."), field="format",
                                          status=404))
        response = Response(exported.body, content_type=exported.content_type)
        response.headers["Content-Disposition"] = exported.disposition
        return response

    def _standard_filter(self, request):
        """The ``?standard=`` of a journal page or export, or the error Response that refuses it
        (no learner; staff viewing as the learner; an unknown standard)."""
        if self.scope_ids.user_id is None:
            return self._error(InputError(_("Sign in to save your work."), status=403))
        try:
            self.refuse_masquerade()
        except InputError as error:
            return self._error(error)
        standard = request.GET.get("standard", "")
        if standard and standard not in STANDARDS:
            return self._error(InputError(_("Unknown professional standard: {name}."), field="standard",
                                          name=standard[:40]))
        return standard

    def _error(self, error: InputError) -> Response:
        from .api import error_response
        return error_response(error, self.ui_language())

    @staticmethod
    def workbench_scenarios():
        from ..olx.scenarios import scenarios_for
        return scenarios_for("reflection")
