"""``plx_lesson``: a unit's reading, complete once the learner has had it on screen."""
from __future__ import annotations

from xblock.core import XBlock
from xblock.fields import Boolean, List, Scope, String

from ..course.model import LANGUAGES, Markdown, Prose, Reference, Text
from ..i18n import _
from ..render.citations import resolve_citations
from .api import check_fields, json_api
from .base import SOURCE, PlxBlockMixin, markdown, markdown_fields
from .olx import OlxMixin

REFERENCE_FIELDS = ("authors", "year", "title", "publisher", "url", "key")


@XBlock.wants("replace_urls")
class PlxLessonBlock(OlxMixin, PlxBlockMixin, XBlock):
    """Sanitised CommonMark in English and Welsh; media from the course's static files."""

    body_en, body_cy = markdown_fields(_("Text (English, Markdown)"), _("Text (Welsh, Markdown)"))
    references = List(
        display_name=_("References"), scope=Scope.content, default=[],
        help=_('A JSON list of sources: {"key", "authors", "year", "title", "publisher", "url"} each; '
               "the text cites one as [@key]."))
    references_kind = String(
        display_name=_("References shown as"), scope=Scope.content, default="cited",
        values=({"display_name": _("Sources cited here"), "value": "cited"},
                {"display_name": _("The module's references"), "value": "module"}))
    viewed = Boolean(scope=Scope.user_state, default=False)

    bilingual_fields = ("body",)
    editable_fields = ("display_name", "body_en", "body_cy", "references", "references_kind")

    def content_languages(self) -> tuple[str, ...]:
        """A module's reference list has no text of its own: it is shown in either language."""
        if self.references and not (self.body_en or self.body_cy):
            return LANGUAGES
        return super().content_languages()

    def to_model(self) -> Prose:
        references = tuple(_reference(item) for item in self.references if isinstance(item, dict))
        citable = {r.key: r for r in references if r.key}
        uid = self.block_uid()
        sources = Text(self.body_en or "", self.body_cy or "")
        linked = markdown(*(resolve_citations(getattr(sources, lang), citable, uid, lang).markdown
                            for lang in LANGUAGES))
        return Prose(id="lesson", uid=uid, source=SOURCE, line=0, body=Markdown(sources, linked.html),
                     references=references, references_kind=self.references_kind)

    def learner_state(self) -> dict:
        return {"viewed": self.viewed}

    @json_api
    def mark_viewed(self, data: dict) -> dict:
        """The lesson was on screen: complete (the completion API), once."""
        check_fields(data, {})
        if not self.viewed:
            self.viewed = True
            self.emit_completion(1.0)
        return {"viewed": True}

    @staticmethod
    def workbench_scenarios():
        from ..olx.scenarios import scenarios_for
        return scenarios_for("prose")


def _reference(item: dict) -> Reference:
    """A source from the ``references`` field (Studio may hold anything: text fields only)."""
    return Reference(**{name: str(item.get(name) or "") for name in REFERENCE_FIELDS})
