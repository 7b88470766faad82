"""``plx_check``: a single- or multiple-choice knowledge check with feedback per option.

Scored as an Open edX problem (``ScorableXBlockMixin``: ``has_score``, ``weight``, a ``grade``
event on each submission, rescoring), complete on the first submission. The page holds no answer:
feedback and the explanation come back from :meth:`submit_answer` for what the learner chose.
"""
from __future__ import annotations

from xblock.core import XBlock
from xblock.fields import Boolean, Float, Integer, List, Scope, String
from xblock.scorable import ScorableXBlockMixin, Score

from ..course.model import Check, Option, Text
from ..i18n import _
from .api import InputError, check_fields, json_api, string_list
from .base import SOURCE, PlxBlockMixin, markdown, markdown_fields
from .olx import OlxMixin


def checked_choice(check: Check, data: dict, answered_correctly: bool, finished: bool) -> list[str]:
    """The options chosen in ``{"selected": [...]}``, if the learner may submit them now.

    Raises :class:`InputError` naming the field; shared by the XBlock and the LTI runtime.
    """
    check_fields(data, {"selected": list}, required=("selected",))
    chosen = string_list(data, "selected", max_items=len(check.options))
    known = {o.id for o in check.options}
    if not chosen:
        raise InputError(_("Choose an answer before you submit."), field="answer")
    if any(c not in known for c in chosen):
        raise InputError(_("That answer is not one of the options."), field="answer")
    if check.select == "single" and len(chosen) != 1:
        raise InputError(_("Choose only one answer."), field="answer")
    if answered_correctly:
        raise limit_error("correct")
    if finished:
        raise limit_error("used")
    return chosen


def limit_error(reason: str) -> InputError:
    """409 for an answer that cannot count: ``"correct"`` (already right) or ``"used"`` (no attempts left)."""
    if reason == "correct":
        return InputError(_("You have already answered this question correctly."), status=409)
    return InputError(_("You have no attempts left."), status=409)


@XBlock.wants("replace_urls")
class PlxCheckBlock(OlxMixin, PlxBlockMixin, ScorableXBlockMixin, XBlock):
    question_en, question_cy = markdown_fields(_("Question (English, Markdown)"), _("Question (Welsh, Markdown)"))
    select = String(display_name=_("Answers allowed"), scope=Scope.content, default="single",
                    values=({"display_name": _("One answer"), "value": "single"},
                            {"display_name": _("Several answers"), "value": "multiple"}))
    options = List(display_name=_("Options"), scope=Scope.content, default=[],
                   help=_('A JSON list: {"id", "correct", "text_en", "text_cy", "feedback_en", "feedback_cy"} '
                          "for each option, in the order shown."))
    explanation_en, explanation_cy = markdown_fields(_("Explanation (English, Markdown)"),
                                                     _("Explanation (Welsh, Markdown)"))
    max_attempts = Integer(display_name=_("Attempts"), scope=Scope.settings, default=2,
                           help=_("Submissions allowed before the answer can be shown (0 = unlimited)."))
    weight = Float(display_name=_("Weight"), scope=Scope.settings, default=1.0,
                   help=_("Points the check is worth in the course grade."))
    shuffle = Boolean(display_name=_("Shuffle options"), scope=Scope.content, default=True,
                      help=_("Show the options in an order of each learner's own; turn off when an "
                             "option's place matters (\"All of the above\")."))
    question_number = Integer(display_name=_("Question number"), scope=Scope.content, default=0,
                              help=_("The check's place among the checks of its unit (0: no heading)."))
    question_count = Integer(display_name=_("Questions in the unit"), scope=Scope.content, default=0)

    selected = List(scope=Scope.user_state, default=[])
    attempts_used = Integer(scope=Scope.user_state, default=0)
    answered_correctly = Boolean(scope=Scope.user_state, default=None)
    raw_score = Float(scope=Scope.user_state, default=None)
    answer_shown = Boolean(scope=Scope.user_state, default=False)

    bilingual_fields = ("question", "explanation")
    editable_fields = ("display_name", "question_en", "question_cy", "select", "options",
                       "explanation_en", "explanation_cy", "max_attempts", "weight", "shuffle",
                       "question_number", "question_count")

    def to_model(self) -> Check:
        options = tuple(
            Option(id=o["id"], text=Text(o.get("text_en", ""), o.get("text_cy", "")), correct=bool(o.get("correct")),
                   feedback=Text(o.get("feedback_en", ""), o.get("feedback_cy", "")))
            for o in self.options)
        return Check(id="check", uid=self.block_uid(), source=SOURCE, line=0, question=self.markdown("question"),
                     select=self.select, options=options, explanation=self.markdown("explanation"),
                     points=int(self.weight), attempts=self.max_attempts, shuffle=self.shuffle,
                     number=self.question_number, count=max(self.question_count, self.question_number))

    def validate_field_data(self, validation, data) -> None:
        """Studio: options are well formed with unique ids; a single-answer check has one right answer."""
        options = data.options
        keys = {"id", "correct", "text_en", "text_cy", "feedback_en", "feedback_cy"}
        if not isinstance(options, list) or not all(
                isinstance(o, dict) and set(o) <= keys and isinstance(o.get("id"), str) and o["id"]
                and all(isinstance(o.get(k, ""), str) for k in keys - {"correct"}) for o in options):
            self.studio_error(validation, _("Each option needs an id and text: {name}."), name=", ".join(sorted(keys)))
            return
        ids = [o["id"] for o in options]
        correct = sum(bool(o.get("correct")) for o in options)
        if len(options) < 2 or len(set(ids)) != len(ids):
            self.studio_error(validation, _("A check needs at least two options with different ids."))
        if data.select not in ("single", "multiple"):
            self.studio_error(validation, _("Unknown value for {name}."), name="select")
        elif correct == 0 or (data.select == "single" and correct != 1):
            self.studio_error(validation, _("A single-answer check needs exactly one correct option; "
                                            "a multiple-answer check at least one."))
        if data.max_attempts < 0 or data.weight < 0:
            self.studio_error(validation, _("Attempts and weight cannot be negative."))

    # ---------------------------------------------------------------------------- the state
    def attempts(self) -> tuple[int, bool | None]:
        """``(answers counted, answered correctly)``: the attempt ledger's row where there is one
        (plxblocks/checks: the count of record), else the block's own fields."""
        if self.scope_ids.user_id is not None:
            from ..checks.ledger import attempts

            row = attempts(str(self.scope_ids.user_id), self.context_key(), str(self.scope_ids.usage_id))
            if row is not None:
                return row.used, row.correct
        return self.attempts_used, self.answered_correctly

    def finished(self, used: int, correct: bool | None) -> bool:
        return bool(correct) or (0 < self.max_attempts <= used)

    def learner_state(self, attempts: tuple[int, bool | None] | None = None) -> dict:
        """``CheckState`` (docs/architecture.md) in the learner's language; *attempts* as
        :meth:`attempts` gives them, when the caller has just read them."""
        lang = self.ui_language()
        check = self.to_model()
        used, correct = attempts or self.attempts()
        chosen = [o for o in check.options if o.id in self.selected]
        feedback = [{"option": o.id, "correct": o.correct, "html": markdown(o.feedback.en, o.feedback.cy).get(lang)}
                    for o in chosen] if used else []
        return {
            "selected": list(self.selected), "attempts_used": used,
            "max_attempts": self.max_attempts, "correct": correct if used else None,
            "score": self.raw_score or 0.0, "feedback": feedback,
            "explanation_html": check.explanation.get(lang) if self.finished(used, correct) else None,
            "correct_ids": list(check.correct_ids) if self.answer_shown else None,
            "order": list(check.option_order(self._learner_key())),
        }

    def _learner_key(self) -> str | None:
        """Who the options are shuffled for (``None``, as written, for an anonymous viewer)."""
        user = self.scope_ids.user_id
        return None if user is None else str(user)

    # ------------------------------------------------------------------------------ handlers
    @json_api
    def submit_answer(self, data: dict) -> dict:
        """``{"selected": [optionId...]}`` -> ``CheckState``; publishes the grade and completion."""
        from ..checks.ledger import AttemptRefused, count_answer

        check = self.to_model()
        used, answered_correctly = self.attempts()
        chosen = checked_choice(check, data, bool(answered_correctly), self.finished(used, answered_correctly))
        correct = set(chosen) == set(check.correct_ids)
        try:  # the limit is checked again where the answer is counted, under the row's lock
            row = count_answer(self.learner_id(), self.context_key(), str(self.scope_ids.usage_id), self.max_attempts,
                               correct, used_before=self.attempts_used, correct_before=bool(self.answered_correctly))
        except AttemptRefused as refused:
            raise limit_error(refused.reason) from None
        self.selected = chosen
        self.attempts_used = row.used
        self.answered_correctly = correct
        self.raw_score = 1.0 if correct else 0.0
        self._publish_grade(self.get_score())
        self.emit_completion(1.0)
        return self.learner_state((row.used, row.correct))

    @json_api
    def show_answer(self, data: dict) -> dict:
        """Reveal the right answer once no attempts are left."""
        check_fields(data, {})
        used, correct = self.attempts()
        if not (0 < self.max_attempts <= used) or correct:
            raise InputError(_("The answer is shown after your last attempt."), status=409)
        self.answer_shown = True
        return self.learner_state((used, correct))

    # ------------------------------------------------------------- ScorableXBlockMixin hooks
    def has_submitted_answer(self) -> bool:
        return self.attempts()[0] > 0

    def max_score(self) -> float:
        return 1.0

    def get_score(self) -> Score:
        return Score(raw_earned=self.raw_score or 0.0, raw_possible=1.0)

    def set_score(self, score: Score) -> None:
        self.raw_score = score.raw_earned / score.raw_possible if score.raw_possible else 0.0

    def calculate_score(self) -> Score:
        correct = set(self.selected) == set(self.to_model().correct_ids) if self.selected else False
        return Score(raw_earned=1.0 if correct else 0.0, raw_possible=1.0)

    @staticmethod
    def workbench_scenarios():
        from ..olx.scenarios import scenarios_for
        return scenarios_for("check")
