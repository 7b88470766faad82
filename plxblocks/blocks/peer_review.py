"""``plx_peer_review``: teachers submit a piece of practice and review colleagues' work anonymously.

Every learner action goes to the peer-review engine (:mod:`plxblocks.peer.api`), which keeps all
state in its Django tables; the block keeps only what Open edX needs per learner (the grade it
last published and whether completion was sent). Learners are known to the engine by their
anonymous id; pages and JSON carry random tokens, never a learner id, username or email. Each
handler answers with the block's whole view (``{"html", "message"}``), rendered from the one
template, so the browser never builds peer-review markup of its own. Staff handlers are in
:mod:`plxblocks.blocks.peer_staff`.
"""
from __future__ import annotations

from datetime import date, timedelta

from xblock.core import XBlock
from xblock.fields import Boolean, Float, Integer, List, Scope, String

from ..course.model import (
    AGGREGATES,
    FALLBACK_STEPS,
    OVERALL_COMMENTS,
    Calibration,
    Criterion,
    Example,
    ExpertLevel,
    Level,
    PeerReview,
    ReviewerGrade,
    Text,
    WaitingPolicy,
)
from ..i18n import _, translate
from . import peer_learning
from .api import InputError, check_fields, json_api
from .base import SOURCE, PlxBlockMixin, markdown, markdown_fields
from .olx import OlxMixin
from .peer_staff import PeerStaffMixin

TEMPLATE = "peer_review_xblock.html"
REVIEWING_TEMPLATE = "peer_reviewing_xblock.html"


class PeerInputError(InputError):
    """An engine refusal whose text parameters (field names) are translated too."""

    def text(self, lang: str) -> str:
        params = {k: translate(lang, v) if isinstance(v, str) else v for k, v in self.params.items()}
        return translate(lang, self.message).format(**params)


CRITERION_KEYS = frozenset({"id", "title_en", "title_cy", "description_en", "description_cy", "levels"})
LEVEL_KEYS = frozenset({"points", "label_en", "label_cy", "description_en", "description_cy"})
MAX_LEVEL_POINTS = 100


def _texts_only(item: dict, keys: frozenset) -> bool:
    return all(isinstance(item.get(key, ""), str) for key in keys - {"id", "levels", "points"})


def _well_formed(criterion: object) -> bool:
    """A dict of the known keys with a non-empty id, text values and a list of well-formed levels."""
    if not (isinstance(criterion, dict) and set(criterion) <= CRITERION_KEYS and _texts_only(criterion, CRITERION_KEYS)
            and isinstance(criterion.get("id"), str) and criterion["id"].strip()):
        return False
    levels = criterion.get("levels")
    return isinstance(levels, list) and all(
        isinstance(level, dict) and set(level) <= LEVEL_KEYS and _texts_only(level, LEVEL_KEYS)
        and type(level.get("points")) is int for level in levels)


def rubric_problem(rubric: object) -> tuple[str, dict] | None:
    """The first thing wrong with a Studio rubric, as ``(message, params)``, or ``None``.

    Checked before it is saved, because the learner's page builds the rubric and the engine's
    :class:`~plxblocks.peer.rules.Rules` from it (a broken one answered 500 to every learner).
    """
    if not isinstance(rubric, list) or not all(_well_formed(c) for c in rubric):
        # Translators: {name} and {levels} list the keys a criterion and a level may have.
        return (_("Each rubric criterion needs an id and levels, and may have only these keys: {name}; "
                  "each level needs whole points and may have only these keys: {levels}."),
                {"name": ", ".join(sorted(CRITERION_KEYS)), "levels": ", ".join(sorted(LEVEL_KEYS))})
    ids = [c["id"] for c in rubric]
    if not ids or len(set(ids)) != len(ids):
        return _("The rubric needs at least one criterion, each with a different id."), {}
    for criterion in rubric:
        points = [level["points"] for level in criterion["levels"]]
        if len(points) < 2 or len(set(points)) != len(points) or not all(
                0 <= p <= MAX_LEVEL_POINTS for p in points):
            # Translators: {name} is the id of a rubric criterion; {most} the most points a level may give.
            return (_("Criterion {name} needs at least two levels with different points, from 0 to {most}."),
                    {"name": criterion["id"][:40], "most": MAX_LEVEL_POINTS})
    return None


FLAG_THANKS = {
    # A reported response stays in the queue until staff decide or several learners report it, so
    # the reporter is not told it is hidden (nor, by a different answer, that others reported it).
    "submission": _("Thank you. The course team will look at your report."),
    "review": _("Thank you. It is hidden until the course team has looked at it."),
}


def checked_flag(data: dict):
    """``{"token", "target", "reason"}`` of a report, checked: ``(engine call, thanks message)``.

    Raises :class:`InputError` naming the field; shared by the XBlock and the LTI runtime.
    """
    from ..peer import api

    check_fields(data, {"token": str, "target": str, "reason": str}, required=("token", "target"))
    if data["target"] not in FLAG_THANKS:
        raise InputError(_("Wrong type for {name}."), field="form", name="target")
    return (api.flag_submission if data["target"] == "submission" else api.flag_review), FLAG_THANKS[data["target"]]


def _t(values: dict, stem: str) -> Text:
    return Text(values.get(f"{stem}_en", "") or "", values.get(f"{stem}_cy", "") or "")


def _level(values: dict) -> Level:
    up_to = values.get("up_to")
    return Level(int(values.get("points", 0)), _t(values, "label"), _t(values, "description"),
                 int(up_to) if up_to is not None else None)


def _example(values: dict, order: list[str]) -> Example:
    """An example from its field value; the expert's levels in rubric order (stored JSON may sort keys)."""
    given = values.get("levels") or {}
    ranked = sorted(given, key=lambda c: order.index(c) if c in order else len(order))
    levels = tuple(ExpertLevel(str(c), int(given[c].get("points", 0)), _t(given[c], "reason")) for c in ranked)
    return Example(str(values.get("id", "")), markdown(values.get("response_en", ""), values.get("response_cy", "")),
                   levels)


@XBlock.wants("replace_urls")
@XBlock.needs("user")
class PlxPeerReviewBlock(PeerStaffMixin, OlxMixin, PlxBlockMixin, XBlock):
    title_en, title_cy = markdown_fields(_("Task title (English)"), _("Task title (Welsh)"))
    brief_en, brief_cy = markdown_fields(_("Brief (English, Markdown)"), _("Brief (Welsh, Markdown)"))
    submission_en, submission_cy = markdown_fields(_("What to submit (English, Markdown)"),
                                                   _("What to submit (Welsh, Markdown)"))
    rubric = List(display_name=_("Rubric"), scope=Scope.content, default=[],
                  help=_('A JSON list of criteria: {"id", "title_en", "title_cy", "description_en", '
                         '"description_cy", "levels": [{"points", "label_en", "label_cy", "description_en", '
                         '"description_cy"}]}.'))
    min_words = Integer(display_name=_("Minimum words"), scope=Scope.content, default=0)
    max_words = Integer(display_name=_("Maximum words"), scope=Scope.content, default=1000)
    reviews_to_give = Integer(display_name=_("Reviews to give"), scope=Scope.content, default=3,
                              help=_("Reviews each learner must complete."))
    reviews_to_receive = Integer(display_name=_("Reviews to receive"), scope=Scope.content, default=3,
                                 help=_("Completed reviews after which a response stops being handed out."))
    weight = Float(display_name=_("Weight"), scope=Scope.settings, default=10.0,
                   help=_("Points the task is worth in the course grade."))
    lease_minutes = Integer(display_name=_("Review time limit (minutes)"), scope=Scope.settings, default=30,
                            help=_("A review not finished in this time is offered to others."))
    aggregate = String(display_name=_("Grade from the reviews"), scope=Scope.content, default="median",
                       values=AGGREGATES, help=_("median or mean of the reviews' points, per criterion."))
    overall_comment = String(display_name=_("Overall comment"), scope=Scope.content, default="required",
                             values=OVERALL_COMMENTS,
                             help=_("required: every review needs an overall comment; optional: reviewers may "
                                    "write one; none: reviews have no overall comment."))
    examples = List(display_name=_("Example responses"), scope=Scope.content, default=[],
                    help=_('A JSON list of {"id", "response_en", "response_cy", "levels": {criterion: {"points", '
                           '"reason_en", "reason_cy"}}}: responses with the expert\'s levels.'))
    calibration_examples = Integer(display_name=_("Examples to assess first"), scope=Scope.content, default=0,
                                   help=_("How many example responses learners assess before their first review."))
    require_agreement = Integer(display_name=_("Agreement required (levels)"), scope=Scope.content, default=None,
                                help=_("Empty: one try per example. A number: learners try again until every "
                                       "criterion is within that many levels of the expert's."))
    reviewer_points = Integer(display_name=_("Reviewing grade (points)"), scope=Scope.content, default=None,
                              help=_("Empty: reviews are not graded. 0: the reviewing grade is shown, not counted."))
    reviewer_helpfulness = Integer(display_name=_("Helpfulness share (percent)"), scope=Scope.content, default=0,
                                   help=_("Share of each review's score from the author's helpfulness rating."))
    part = String(scope=Scope.content, default="task", values=("task", "reviewing"),
                  help=_("task: the peer-review task; reviewing: its reviewing grade, scored on its own."))
    reviewing_label_en, reviewing_label_cy = markdown_fields(_("Reviewing grade counts as (English)"),
                                                             _("Reviewing grade counts as (Welsh)"))
    reviewing_weight = Integer(scope=Scope.settings, default=None,
                               help=_("The share of the course grade, in percent, that the reviewing grades make up."))
    wait_days = Integer(display_name=_("Days to wait for reviews"), scope=Scope.content, default=0,
                        help=_("After this many days a response still short of reviews is completed by the "
                               "fallback steps (0: use the date below only)."))
    wait_until = String(display_name=_("Wait for reviews until (YYYY-MM-DD)"), scope=Scope.content, default="",
                        help=_("No response falls back before the end of this day (empty: days only)."))
    fallback = List(display_name=_("Fallback steps"), scope=Scope.content, default=[],
                    help=_('Some of "fewer_peers", "self", "staff", in that order (empty: no waiting policy).'))
    min_reviews = Integer(display_name=_("Fewest peer reviews accepted"), scope=Scope.content, default=1,
                          help=_("With fewer_peers: a response with this many reviews keeps its peers' grade."))
    self_days = Integer(display_name=_("Days for the self-review"), scope=Scope.content, default=3,
                        help=_("With self and staff: days the author has for the self-review before staff grade."))

    published_points = Float(scope=Scope.user_state, default=None)
    completion_sent = Boolean(scope=Scope.user_state, default=False)
    dry_run = Boolean(scope=Scope.user_state, default=False,
                      help="Staff only: the learner's side is shown against sample colleagues (a dry run).")

    has_score = True
    bilingual_fields = ("title", "brief", "submission")
    editable_fields = ("display_name", "title_en", "title_cy", "brief_en", "brief_cy", "submission_en",
                       "submission_cy", "rubric", "min_words", "max_words", "reviews_to_give",
                       "reviews_to_receive", "weight", "lease_minutes", "aggregate", "overall_comment", "examples",
                       "calibration_examples", "require_agreement", "reviewer_points", "reviewer_helpfulness",
                       "wait_days", "wait_until", "fallback", "min_reviews", "self_days")

    # ------------------------------------------------------------------------- model and engine
    def to_model(self) -> PeerReview:
        criteria = tuple(Criterion(c.get("id", ""), _t(c, "title"), _t(c, "description"),
                                   tuple(sorted((_level(lvl) for lvl in c.get("levels", ())),
                                                key=lambda lvl: lvl.points)))
                         for c in self.rubric)
        examples = tuple(_example(e, [c.id for c in criteria]) for e in self.examples)
        reviewer = None if self.reviewer_points is None else ReviewerGrade(self.reviewer_points,
                                                                           self.reviewer_helpfulness or 0)
        return PeerReview(id="peer", uid=self.block_uid(), source=SOURCE, line=0, title=self.text("title"),
                          brief=self.markdown("brief"), submission=self.markdown("submission"),
                          min_words=self.min_words, max_words=self.max_words, rubric=criteria,
                          reviews_to_give=self.reviews_to_give, reviews_to_receive=self.reviews_to_receive,
                          points=int(self.weight), aggregate=self.aggregate if self.aggregate == "mean" else "median",
                          # A value Studio stored before the setting had these choices counts as the default.
                          overall_comment=(self.overall_comment if self.overall_comment in OVERALL_COMMENTS
                                           else OVERALL_COMMENTS[0]),
                          examples=examples,
                          calibration=Calibration(max(0, min(self.calibration_examples or 0, len(examples))),
                                                  self.require_agreement),
                          reviewer_grade=reviewer, waiting=self.waiting_policy())

    @property
    def reviewing_part(self) -> bool:
        """This component shows and scores the task's reviewing grade (``part="reviewing"``)."""
        return self.part == "reviewing"

    def waiting_policy(self) -> WaitingPolicy | None:
        """The waiting policy of the block's fields (``None`` when it has no fallback or no wait)."""
        try:
            until = date.fromisoformat(self.wait_until.strip()) if self.wait_until.strip() else None
        except ValueError:
            until = None  # Studio accepted a mistyped date: the days alone count
        steps = tuple(s for s in FALLBACK_STEPS if s in self.fallback)
        if not steps or not (self.wait_days > 0 or until):
            return None
        return WaitingPolicy(wait_days=max(0, self.wait_days), until=until, fallback=steps,
                             min_reviews=max(1, self.min_reviews), self_days=max(1, self.self_days))

    def validate_field_data(self, validation, data) -> None:
        """Studio: a rubric the learner's page can show and grade with, and sensible numbers (the
        content validator's rules for ``peer_review``, docs/content-format.md)."""
        rubric_error = rubric_problem(data.rubric)
        if rubric_error is not None:
            self.studio_error(validation, rubric_error[0], **rubric_error[1])
        if not 0 <= data.min_words <= data.max_words <= 10_000 or data.max_words < 1:
            self.studio_error(validation, _("Word limits must satisfy 0 ≤ minimum ≤ maximum ≤ 10,000."))
        if not (0 <= data.reviews_to_give <= 10 and 1 <= data.reviews_to_receive <= 10):
            self.studio_error(validation, _("Reviews to give must be from 0 to 10, and reviews to receive "
                                            "from 1 to 10."))
        if data.weight < 0 or data.lease_minutes < 1:
            self.studio_error(validation, _("The weight cannot be negative and the review time limit must be at "
                                            "least one minute."))

    def max_score(self) -> float:
        if self.reviewing_part:
            return float(self.reviewer_points or 0)
        return float(self.to_model().max_rubric_points)

    def rules(self):
        from ..peer.api import Rules

        return Rules.from_block(self.to_model(), lease=timedelta(minutes=max(1, self.review_minutes())))

    def scope(self):
        """The real task (staff handlers, and learners outside a dry run)."""
        from ..peer.api import Scope as PeerScope

        return PeerScope(self.context_key(), str(self.scope_ids.usage_id), self.rules(), content_uid=self.plx_uid,
                         about={"title": {"en": self.title_en, "cy": self.title_cy or self.title_en},
                                "url": self.task_url()})

    def review_minutes(self) -> int:
        """The block's review time limit; the operator's ``PEER_LEASE_MINUTES`` until Studio sets one."""
        if self.fields["lease_minutes"].is_set_on(self):
            return self.lease_minutes
        return self.plx_settings().PEER_LEASE_MINUTES

    def task_url(self) -> str:
        """The task's address in the LMS, for mail (Open edX's ``jump_to``; ``""`` where unknown)."""
        from django.conf import settings

        root = getattr(settings, "LMS_ROOT_URL", "") or ""
        return f"{root}/courses/{self.context_key()}/jump_to/{self.scope_ids.usage_id}" if root else ""

    def in_dry_run(self) -> bool:
        return bool(self.dry_run) and self.is_staff()

    def learner_scope(self):
        """The task a learner action is about: the staff member's dry run while they are in one."""
        from ..peer import api

        real = self.scope()
        return api.dry_run_scope(real, self.learner_id()) if self.in_dry_run() else real

    def _user(self):
        return self.runtime.service(self, "user").get_current_user()

    def learner_id(self) -> str:
        """The learner's anonymous id (Open edX), else the runtime's user id (the workbench)."""
        if self.scope_ids.user_id is None:
            raise InputError(_("Sign in to save your work."), status=403)
        anonymous = self._user().opt_attrs.get("edx-platform.anonymous_user_id")
        return str(anonymous or self.scope_ids.user_id)

    def engine(self, call, *args, scope=None, **kwargs):
        """Run an engine call (on the real task, or *scope*), its refusal a JSON error for the learner.
        Every change goes through here, so staff viewing the course as a learner can change nothing
        of theirs."""
        from ..peer.api import PeerError

        self.refuse_masquerade()
        try:
            return call(scope or self.scope(), *args, **kwargs)
        except PeerError as error:
            raise PeerInputError(error.template, field=error.field, status=error.status, **error.params) from None

    def learner_engine(self, call, *args, **kwargs):
        """An engine call for the learner's own action (in the staff member's dry run while in one)."""
        return self.engine(call, *args, scope=self.learner_scope(), **kwargs)

    # ---------------------------------------------------------------------------------- state
    def learner_state(self) -> dict:
        """``PeerState`` (docs/architecture.md): what the learner's page shows; no ids of anyone."""
        from ..peer import api

        state = {"draft_key": self.draft_key(), "staff": False, "response": None, "given": 0,
                 "required_to_give": self.reviews_to_give, "required_to_receive": self.reviews_to_receive,
                 "current": None, "waiting": None, "received": None, "grade": None,
                 "min_words": self.min_words, "max_words": self.max_words,
                 "wait": None, "released": False, "release_by": None, "notices": {"opted_out": False}}
        if self.scope_ids.user_id is None:
            return state
        scope = self.learner_scope()
        learner = self.learner_id()
        mine = api.learner_state(scope, learner, lang=self.ui_language())
        state.update(api.waiting_view(mine))
        state["staff"] = self.is_staff()
        state.update(given=mine.given, required_to_give=mine.required_to_give,
                     required_to_receive=mine.required_to_receive)
        if mine.response is not None:
            r = mine.response
            state["response"] = {"text": r.text, "html": r.html, "words": r.words, "status": r.status,
                                 "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
                                 "hidden": r.hidden}
        if mine.current is not None:
            state["current"] = {"token": mine.current.token, "html": mine.current.html, "words": mine.current.words,
                                "expires_at": mine.current.expires_at.isoformat()}
        waiting = getattr(self, "_waiting", None)
        if waiting is not None and mine.current is None:
            state["waiting"] = {"ahead": waiting.ahead, "waiting": waiting.waiting, "queued": waiting.queued}
        if mine.received is not None:
            state["received"] = {
                "aggregate": mine.received.aggregate, "per_criterion": mine.received.per_criterion,
                "reviews": [{"token": r.token, "levels": r.levels, "comments": r.comments, "overall": r.overall,
                             "staff": r.staff, "helpful": r.helpful} for r in mine.received.reviews]}
        if mine.grade is not None:
            state["grade"] = {"points": mine.grade.points, "max_points": mine.grade.max_points,
                              "final": mine.grade.final, "source": mine.grade.source}
        state.update(peer_learning.learning_state(
            scope, learner, self.to_model(), self.ui_language(), submitted=mine.submitted, given=mine.given,
            required_to_give=mine.required_to_give, staff=state["staff"], dry_run=self.in_dry_run(),
            counted=self.counts_as(), draft_key=state["draft_key"]))
        if not self.in_dry_run():  # a dry run publishes nothing: no grade, no completion
            self._publish(mine)
        return state

    def counts_as(self) -> dict | None:
        return peer_learning.counts_as(self.text("reviewing_label").get(self.ui_language()), self.reviewing_weight)

    def reviewing_view_state(self) -> dict:
        """``part="reviewing"``: the learner's reviewing grade; it is published as this component's score."""
        state = {"draft_key": self.draft_key(), "reviewing": None, "task_opened": False}
        if self.scope_ids.user_id is None:
            return state
        from ..peer import api

        scope = api.task_scope_for_content(self.context_key(), self.plx_uid, self.rules())
        if scope is None:
            return state
        learner = self.learner_id()
        required = api.required_to_give(scope)
        state["task_opened"] = True
        state["reviewing"] = peer_learning.reviewing_state(scope, learner, self.to_model(),
                                                           api.reviews_given(scope, learner), required,
                                                           self.counts_as())
        reviewing = state["reviewing"]
        if reviewing is not None and reviewing["final"] and reviewing["max_points"] \
                and self.published_points != float(reviewing["points"]):
            self.runtime.publish(self, "grade", {"value": float(reviewing["points"]),
                                                 "max_value": float(reviewing["max_points"])})
            self.published_points = float(reviewing["points"])
        return state

    def _publish(self, mine) -> None:
        """Send completion and the grade to the LMS once they are due (and again if the grade changes)."""
        if mine.complete and not self.completion_sent:
            self.emit_completion(1.0)
            self.completion_sent = True
        if mine.publishable and mine.grade.max_points and self.published_points != float(mine.grade.points):
            self.runtime.publish(self, "grade", {"value": float(mine.grade.points),
                                                 "max_value": float(mine.grade.max_points)})
            self.published_points = float(mine.grade.points)

    def render_html(self, lang: str) -> str:
        from ..render.environment import render_block

        state = self.reviewing_view_state() if self.reviewing_part else self.learner_state()
        html = render_block(self.to_model(), lang=lang, dom_id=self.dom_id(), state=state,
                            languages=self.content_languages(), media_url=self.media_url, links=self.links(),
                            template=REVIEWING_TEMPLATE if self.reviewing_part else TEMPLATE,
                            draft_notice=self.draft_notice)
        replace_urls = self.runtime.service(self, "replace_urls")
        if replace_urls is not None and hasattr(replace_urls, "replace_urls"):
            html = replace_urls.replace_urls(html)
        return html

    def view(self, message: str = "") -> dict:
        """The answer of every action: the whole view again, and a message for the status line."""
        lang = self.ui_language()
        return {"html": self.render_html(lang), "message": translate(lang, message) if message else ""}

    # ------------------------------------------------------------------------ learner handlers
    @json_api
    def peer_save_draft(self, data: dict) -> dict:
        """``{"text"}``: keep the learner's draft (word limits apply when submitting)."""
        from ..peer import api

        check_fields(data, {"text": str}, required=("text",))
        self.learner_engine(api.save_draft, self.learner_id(), data["text"])
        return self.view(_("Draft saved."))

    @json_api
    def peer_submit(self, data: dict) -> dict:
        """``{"text", "confirm": true}``: submit the final response (it cannot be changed after)."""
        from ..peer import api

        check_fields(data, {"text": str, "confirm": bool}, required=("text", "confirm"))
        if data["confirm"] is not True:
            raise InputError(_("Confirm that you want to submit your final response."), field="form")
        self.learner_engine(api.submit, self.learner_id(), data["text"])
        if self.in_dry_run():  # the sample colleagues review it at once, so the whole flow can be walked
            self.learner_engine(api.sample_reviews, self.learner_id(),
                                peer_learning.sample_comment(self.ui_language()))
        return self.view(_("Your response was submitted. You can now review colleagues' work."))

    @json_api
    def peer_next(self, data: dict) -> dict:
        """``{}``: the next response to review (or why there is none yet)."""
        from ..peer import api

        check_fields(data, {})
        result = self.learner_engine(api.next_submission, self.learner_id(),
                                     staff=self.is_staff() and not self.in_dry_run() and not self._own())
        if isinstance(result, api.Waiting):
            self._waiting = result  # shown in this answer's view only; nothing kept between requests
            return self.view(_("There is nothing for you to review right now."))
        return self.view(_("Here is a colleague's response to review."))

    def _own(self) -> bool:
        from ..peer import api

        response = api.response_of(self.learner_scope(), self.learner_id())
        return response is not None and response.status == "submitted"

    @json_api
    def peer_review(self, data: dict) -> dict:
        """``{"token", "levels": {criterion: points}, "comments": {criterion: text}, "overall"}``."""
        from ..peer import api

        check_fields(data, {"token": str, "levels": dict, "comments": dict, "overall": str},
                     required=("token", "levels"))
        self.learner_engine(api.submit_review, self.learner_id(), data["token"], data["levels"], data.get("comments"),
                    data.get("overall", ""))
        return self.view(_("Thank you: your review was saved."))

    @json_api
    def peer_rate(self, data: dict) -> dict:
        """``{"token", "helpful": bool}``: rate a review the learner received."""
        from ..peer import api

        check_fields(data, {"token": str, "helpful": bool}, required=("token", "helpful"))
        self.learner_engine(api.rate_review, self.learner_id(), data["token"], data["helpful"])
        return self.view(_("Thank you for your rating."))

    @json_api
    def peer_flag(self, data: dict) -> dict:
        """``{"token", "target": "submission"|"review", "reason"}``: report something inappropriate."""
        call, thanks = checked_flag(data)
        self.learner_engine(call, self.learner_id(), data["token"], data.get("reason", ""))
        return self.view(thanks)

    @json_api
    def peer_self_review(self, data: dict) -> dict:
        """``{"levels": {criterion: points}, "comment"}``: the author assesses their own response,
        when the waiting policy's self step asks for it."""
        from ..peer import api

        check_fields(data, {"levels": dict, "comment": str}, required=("levels",))
        self.learner_engine(api.submit_self_review, self.learner_id(), data["levels"], data.get("comment", ""))
        return self.view(_("Thank you: your self-review was saved."))

    @json_api
    def peer_notices(self, data: dict) -> dict:
        """``{"send": bool}``: the learner turns reminder and notice mail on or off."""
        from ..peer import api

        check_fields(data, {"send": bool}, required=("send",))
        self.engine(api.set_notices, self.learner_id(), data["send"], self.ui_language())
        return self.view(_("You will get email reminders.") if data["send"] else _("You will get no more email "
                                                                                  "reminders."))

    @json_api
    def peer_calibrate(self, data: dict) -> dict:
        """``{"example": id, "levels": {criterion: points}}``: assess the example response shown."""
        from ..peer import api

        check_fields(data, {"example": str, "levels": dict}, required=("example", "levels"))
        feedback = self.learner_engine(api.assess_example, self.learner_id(), data["example"], data["levels"])
        if feedback.retry:
            return self.view(_("Not yet: read the expert's reasons, then assess the example again."))
        return self.view(_("Thank you: compare your assessment with the expert's below."))

    @json_api
    def peer_dry_run(self, data: dict) -> dict:
        """``{"start": true}``: staff try the learner's side against the example responses;
        ``{"start": false}``: leave it (the dry run's rows are deleted)."""
        from ..peer import api

        self.require_staff()
        check_fields(data, {"start": bool}, required=("start",))
        if data["start"]:
            samples = peer_learning.samples(self.to_model(), self.ui_language())
            self.engine(api.start_dry_run, self.learner_id(), samples)
            self.dry_run = True
            return self.view(_("Dry run started: you now see the task as a learner does, with sample colleagues."))
        self.engine(api.end_dry_run, self.learner_id())
        self.dry_run = False
        return self.view(_("Dry run ended: everything you did in it was deleted."))

    @staticmethod
    def workbench_scenarios():
        from ..olx.scenarios import scenarios_for
        return scenarios_for("peer_review")
