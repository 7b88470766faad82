"""What the three plx XBlocks share: content in two languages, the learner's language, rendering
through the shared templates, the XBlock backend JS, and the language-switch handler."""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from web_fragments.fragment import Fragment
from xblock.completable import CompletableXBlockMixin, XBlockCompletionMode
from xblock.core import XBlock, XBlockMixin
from xblock.fields import Boolean, Scope, String
from xblock.utils.studio_editable import StudioEditableXBlockMixin
from xblock.validation import ValidationMessage

from ..course.model import LANGUAGES, Markdown, Text
from ..i18n import _, normalise_language
from ..render.environment import render_block, shared_js, static_text
from ..render.markdown import render_markdown
from . import platform
from .api import InputError, check_fields, error_response, json_api, parse_json_object, request_body

BACKEND_JS = Path(__file__).resolve().parent / "static" / "plx-xblock.js"
SOURCE = Path("<xblock>")
"""``model.Block.source`` for blocks rebuilt from XBlock fields (there is no content file)."""


def markdown_fields(english_label: str, welsh_label: str) -> tuple[String, String]:
    """The English and Welsh Markdown fields of one text (content scope, multi-line in Studio)."""
    return tuple(String(display_name=label, scope=Scope.content, default="", multiline_editor=True)
                 for label in (english_label, welsh_label))


@lru_cache(maxsize=4096)
def _html(source: str) -> str:
    return render_markdown(source).html if source else ""


def markdown(en: str, cy: str) -> Markdown:
    """A model :class:`Markdown` from the two sources, rendered and sanitised (cached)."""
    return Markdown(source=Text(en or "", cy or ""), html=Text(_html(en or ""), _html(cy or "")))


@XBlock.wants("user", "settings")
class PlxBlockMixin(StudioEditableXBlockMixin, CompletableXBlockMixin, XBlockMixin):
    """Mixed into every plx block. Subclasses set ``bilingual_fields`` and ``to_model()``.

    Completion is custom (``emit_completion``): each block says when it is done. What the
    blocks read from the platform (settings, masquerade, the account language): :mod:`.platform`.
    """

    completion_mode = XBlockCompletionMode.COMPLETABLE
    has_custom_completion = True
    block_settings_key = platform.SETTINGS_BUCKET
    """Every plx block reads the one ``XBLOCK_SETTINGS["plx"]`` dict (the ``settings`` service)."""

    display_name = String(display_name=_("Display name"), scope=Scope.settings, default="")
    plx_uid = String(
        display_name=_("Content id"), scope=Scope.content, default="",
        help=_("Stable id of the block in the course content (set by the OLX export)."))
    course_key = String(
        display_name=_("Course"), scope=Scope.settings, default="",
        help=_("Course the block belongs to, when the runtime does not say (the workbench)."))
    media_url = String(
        display_name=_("Media URL"), scope=Scope.settings, default="/static/",
        help=_("Where the course's media/ folder is served from; /static/ in Open edX."))
    draft_notice = Boolean(
        display_name=_("Welsh draft notice"), scope=Scope.settings, default=False,
        help=_("Show learners reading Welsh that the course's Welsh is a draft (set by the OLX export "
               "on the first block of each unit while the course's Welsh awaits review)."))
    language = String(scope=Scope.preferences, default=None,
                      help="The learner's chosen language for plx blocks (en or cy).")

    bilingual_fields: tuple[str, ...] = ()
    """Field name stems that exist as ``<stem>_en`` and ``<stem>_cy``."""

    # ------------------------------------------------------------------ languages and identity
    def content_languages(self) -> tuple[str, ...]:
        """Languages the block has content in (a switch is offered only when there are two)."""
        has_welsh = any(getattr(self, f"{stem}_cy", "") for stem in self.bilingual_fields)
        return LANGUAGES if has_welsh else ("en",)

    def ui_language(self) -> str:
        """The learner's choice on the page, else their LMS language (Welsh when it starts with
        ``cy``): the account's ``pref-lang`` from the ``user`` service, else the request's
        language, which is the one the platform's ``i18n`` service translates into (Django's
        active language). plx translates with its own catalogues rather than through the
        ``i18n`` service because a learner may read a block in the other language than the LMS's."""
        if self.language in LANGUAGES and self.language in self.content_languages():
            return self.language
        account = platform.account_language(self)
        if account:
            return normalise_language(account)
        try:
            from django.utils import translation
            return normalise_language(translation.get_language())
        except Exception:  # no Django (a bare runtime): English  # noqa: BLE001
            return "en"

    def plx_settings(self) -> platform.PlxSettings:
        """The operator's plx settings."""
        return platform.block_settings(self)

    def masquerading(self) -> bool:
        """Course staff viewing as this learner (Open edX "View as: Specific learner")."""
        return platform.masquerading(self)

    def refuse_masquerade(self) -> None:
        """Learners' own work (journal, peer review) is theirs alone: never read or changed by
        staff viewing the course as them. Raises a 403 for the handler to answer."""
        if self.masquerading():
            raise InputError(_("You are viewing this course as another learner: their work here is private "
                               "and cannot be read or changed from this view."), status=403)

    def text(self, stem: str) -> Text:
        return Text(getattr(self, f"{stem}_en", "") or "", getattr(self, f"{stem}_cy", "") or "")

    def markdown(self, stem: str) -> Markdown:
        return markdown(getattr(self, f"{stem}_en", ""), getattr(self, f"{stem}_cy", ""))

    def block_uid(self) -> str:
        return self.plx_uid or str(self.scope_ids.usage_id)

    def dom_id(self) -> str:
        return "plx-" + re.sub(r"[^A-Za-z0-9_-]", "-", str(self.scope_ids.usage_id))

    def learner_id(self) -> str:
        user = self.scope_ids.user_id
        if user is None:
            raise InputError(_("Sign in to save your work."), status=403)
        return str(user)

    def context_key(self) -> str:
        """The course: the runtime's course key (Open edX), else the ``course_key`` field."""
        key = getattr(self.scope_ids.usage_id, "context_key", None)
        return str(key) if key is not None else (self.course_key or "")

    def draft_key(self) -> str:
        """Names the browser draft; differs per learner and block, reveals neither."""
        raw = f"{self.scope_ids.user_id}|{self.scope_ids.usage_id}"
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]

    # ---------------------------------------------------------------------------- rendering
    def to_model(self):
        raise NotImplementedError

    def learner_state(self) -> dict:
        """The state ``backend.loadState`` resolves to (docs/architecture.md)."""
        return {}

    def links(self) -> dict:
        return {}

    def render_html(self, lang: str) -> str:
        html = render_block(self.to_model(), lang=lang, dom_id=self.dom_id(), state=self.learner_state(),
                            languages=self.content_languages(), media_url=self.media_url,
                            links=self.links(), draft_notice=self.draft_notice)
        replace_urls = self.runtime.service(self, "replace_urls")
        if replace_urls is not None and hasattr(replace_urls, "replace_urls"):
            html = replace_urls.replace_urls(html)
        return html

    def student_view(self, context=None) -> Fragment:
        fragment = Fragment(self.render_html(self.ui_language()))
        fragment.add_css(static_text("plx.css"))
        fragment.add_javascript(shared_js())
        fragment.add_javascript(BACKEND_JS.read_text(encoding="utf-8"))
        fragment.initialize_js("PlxBlockInit")
        return fragment

    # ----------------------------------------------------------------------------- handlers
    @json_api
    def switch_language(self, data: dict) -> dict:
        """``{"lang": "cy"}`` -> remember the choice, return the view in that language."""
        check_fields(data, {"lang": str}, required=("lang",))
        if data["lang"] not in self.content_languages():
            # Translators: {lang} is a language code such as "fr" that the block has no content in.
            raise InputError(_("This block is not available in the language {lang}."), field="lang",
                             lang=data["lang"][:10])
        self.language = data["lang"]
        return {"html": self.render_html(self.language)}

    @XBlock.handler
    def submit_studio_edits(self, request, suffix=""):
        """Studio's Save: the mixin's handler, after checking what it would turn into a 500."""
        try:
            data = parse_json_object(request_body(request))
            if not isinstance(data.get("values"), dict) or not isinstance(data.get("defaults"), list):
                raise InputError(_("The request must be a JSON object."))
            for name, value in data["values"].items():
                if name in self.editable_fields:
                    try:
                        self.fields[name].from_json(value)
                    except (TypeError, ValueError):
                        raise InputError(_("Wrong type for {name}."), field=name, name=name) from None
        except InputError as error:
            return error_response(error, self.ui_language())
        return StudioEditableXBlockMixin.submit_studio_edits(self, request, suffix)

    def studio_error(self, validation, message: str, **params) -> None:
        """Add a Studio validation error, in the author's language."""
        text = InputError(message, **params).text(self.ui_language())
        validation.add(ValidationMessage(ValidationMessage.ERROR, text))

    @json_api
    def load_state(self, data: dict) -> dict:
        check_fields(data, {})
        return self.learner_state()
