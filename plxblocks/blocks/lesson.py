"""``plx_lesson``: a unit's reading, complete once the learner has had it on screen."""
from __future__ import annotations

from xblock.core import XBlock
from xblock.fields import Boolean, Scope

from ..course.model import Prose
from ..i18n import _
from .api import check_fields, json_api
from .base import SOURCE, PlxBlockMixin, markdown_fields
from .olx import OlxMixin


@XBlock.wants("replace_urls")
class PlxLessonBlock(OlxMixin, PlxBlockMixin, XBlock):
    """Sanitised CommonMark in English and Welsh; media from the course's static files."""

    body_en, body_cy = markdown_fields(_("Text (English, Markdown)"), _("Text (Welsh, Markdown)"))
    viewed = Boolean(scope=Scope.user_state, default=False)

    bilingual_fields = ("body",)
    editable_fields = ("display_name", "body_en", "body_cy")

    def to_model(self) -> Prose:
        return Prose(id="lesson", uid=self.block_uid(), source=SOURCE, line=0, body=self.markdown("body"))

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
