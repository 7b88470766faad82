"""Knowledge checks in the LTI runtime: the rules of ``plx_check``, over a state kept in a row.

The state (``BlockState.data``) is ``{"selected", "attempts_used", "correct", "score",
"answer_shown"}``; :func:`check_state` turns it into the ``CheckState`` of the template contract
(docs/architecture.md), the same shape the XBlock answers with.
"""
from __future__ import annotations

from ..blocks.api import InputError, check_fields
from ..blocks.base import markdown
from ..blocks.check import checked_choice
from ..course.model import Check
from ..i18n import _

EMPTY = {"selected": [], "attempts_used": 0, "correct": None, "score": None, "answer_shown": False}


def finished(check: Check, record: dict) -> bool:
    return bool(record["correct"]) or (0 < check.attempts <= record["attempts_used"])


def check_state(check: Check, record: dict, lang: str, learner: str | None = None) -> dict:
    """``CheckState`` of *record* in *lang*, with the options in *learner*'s order."""
    record = {**EMPTY, **record}
    chosen = [o for o in check.options if o.id in record["selected"]]
    feedback = [{"option": o.id, "correct": o.correct, "html": markdown(o.feedback.en, o.feedback.cy).get(lang)}
                for o in chosen] if record["attempts_used"] else []
    return {
        "selected": list(record["selected"]), "attempts_used": record["attempts_used"],
        "max_attempts": check.attempts, "correct": record["correct"], "score": record["score"] or 0.0,
        "feedback": feedback,
        "explanation_html": check.explanation.get(lang) if finished(check, record) else None,
        "correct_ids": list(check.correct_ids) if record["answer_shown"] else None,
        "order": list(check.option_order(learner)),
    }


def answer(check: Check, record: dict, data: dict) -> dict:
    """The state after submitting ``{"selected": [...]}``; raises :class:`InputError` and changes nothing."""
    record = {**EMPTY, **record}
    chosen = checked_choice(check, data, bool(record["correct"]), finished(check, record))
    correct = set(chosen) == set(check.correct_ids)
    return {**record, "selected": chosen, "attempts_used": record["attempts_used"] + 1, "correct": correct,
            "score": 1.0 if correct else 0.0}


def reveal(check: Check, record: dict, data: dict) -> dict:
    """The state after asking for the answer (only once no attempts are left)."""
    record = {**EMPTY, **record}
    check_fields(data, {})
    if not (0 < check.attempts <= record["attempts_used"]) or record["correct"]:
        raise InputError(_("The answer is shown after your last attempt."), status=409)
    return {**record, "answer_shown": True}
