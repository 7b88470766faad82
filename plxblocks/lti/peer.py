"""Peer review in the LTI runtime: the learner and staff actions, through ``plxblocks.peer.api`` only.

The engine keeps all state; this module builds its :class:`~plxblocks.peer.api.Scope` for the
tenant's course, turns engine objects into the ``PeerState`` of the template contract (random
tokens only: no learner id, name or email of anyone) and maps staff names from the platform's
roster (NRPS), which is read when staff look and never stored.
"""
from __future__ import annotations

from ..blocks import peer_learning
from ..blocks.api import InputError, check_fields
from ..blocks.peer_review import checked_flag
from ..course.model import PeerReview
from ..i18n import _, translate
from ..peer import api


class PeerInputError(InputError):
    """An engine refusal; its text parameters (field names) are translated too."""

    def text(self, lang: str) -> str:
        params = {k: translate(lang, v) if isinstance(v, str) else v for k, v in self.params.items()}
        return translate(lang, self.message).format(**params)


def scope(session, block: PeerReview) -> api.Scope:
    """The real task (staff actions, and learners outside a dry run)."""
    # No "url" in about: the platform's address of the link is not known here, and LTI learners'
    # mail addresses are not either (docs/peer-review.md, "Waiting and reminders").
    return api.Scope(session.course_key, block.uid, api.Rules.from_block(block), content_uid=block.uid,
                     about={"title": {"en": block.title.en, "cy": block.title.cy or block.title.en}})


def _dry_run_row(session, block):
    from .models import BlockState

    return BlockState.objects.filter(course_key=session.course_key, learner=session.learner,
                                     block_uid=block.uid).first()


def in_dry_run(session, block) -> bool:
    """Staff who started a dry run of this task (kept in their block state, like a check's answers)."""
    if not session.staff:
        return False
    row = _dry_run_row(session, block)
    return bool(row and row.data.get("dry_run"))


def set_dry_run(session, block, active: bool) -> None:
    from .models import BlockState

    row, _created = BlockState.objects.get_or_create(course_key=session.course_key, learner=session.learner,
                                                     block_uid=block.uid)
    BlockState.objects.filter(pk=row.pk).update(data={**row.data, "dry_run": active})


def learner_scope(session, block: PeerReview) -> api.Scope:
    """The task a learner action is about: the staff member's dry run while they are in one."""
    real = scope(session, block)
    return api.dry_run_scope(real, session.learner) if in_dry_run(session, block) else real


def engine(session, block, call, *args, task=None, **kwargs):
    """Run an engine call (on the real task, or *task*); its refusal becomes a JSON error for the learner."""
    try:
        return call(task or scope(session, block), *args, **kwargs)
    except api.PeerError as error:
        raise PeerInputError(error.template, field=error.field, status=error.status, **error.params) from None


def learner_engine(session, block, call, *args, **kwargs):
    return engine(session, block, call, *args, task=learner_scope(session, block), **kwargs)


def counts_as(session, block: PeerReview) -> dict | None:
    """How the course counts the task's reviewing grade, for the learner's explanation."""
    counted = next((t for t in session.course.grading if t.counts == "peer_reviewing"), None)
    if counted is None or not block.reviewing_points:
        return None
    return peer_learning.counts_as(counted.name.get(session.lang), counted.weight)


def draft_key(session, block) -> str:
    import hashlib

    return hashlib.sha256(f"{session.learner}|{session.course_key}|{block.uid}".encode()).hexdigest()[:24]


def peer_state(session, block: PeerReview, waiting: api.Waiting | None = None) -> dict:
    """``PeerState`` (docs/architecture.md) of the session's learner."""
    task = learner_scope(session, block)
    dry_run = task.dry_run
    mine = api.learner_state(task, session.learner, lang=session.lang)
    state = {"draft_key": draft_key(session, block), "staff": session.staff, "min_words": block.min_words,
             "max_words": block.max_words, "given": mine.given, "required_to_give": mine.required_to_give,
             "required_to_receive": mine.required_to_receive, "response": None, "current": None,
             "waiting": None, "received": None, "grade": None, **api.waiting_view(mine)}
    if mine.response is not None:
        r = mine.response
        state["response"] = {"text": r.text, "html": r.html, "words": r.words, "status": r.status,
                             "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
                             "hidden": r.hidden}
    if mine.current is not None:
        state["current"] = {"token": mine.current.token, "html": mine.current.html, "words": mine.current.words,
                            "expires_at": mine.current.expires_at.isoformat()}
    elif waiting is not None:
        state["waiting"] = {"ahead": waiting.ahead, "waiting": waiting.waiting, "queued": waiting.queued}
    if mine.received is not None:
        state["received"] = {"aggregate": mine.received.aggregate, "per_criterion": mine.received.per_criterion,
                             "reviews": [{"token": r.token, "levels": r.levels, "comments": r.comments,
                                          "overall": r.overall, "staff": r.staff, "helpful": r.helpful}
                                         for r in mine.received.reviews]}
    if mine.grade is not None:
        state["grade"] = {"points": mine.grade.points, "max_points": mine.grade.max_points,
                          "final": mine.grade.final, "source": mine.grade.source}
    state.update(peer_learning.learning_state(
        task, session.learner, block, session.lang, submitted=mine.submitted, given=mine.given,
        required_to_give=mine.required_to_give, staff=session.staff, dry_run=dry_run,
        counted=counts_as(session, block), draft_key=state["draft_key"]))
    return state


# ------------------------------------------------------------------------------ learner actions
def save_draft(session, block, data: dict) -> str:
    check_fields(data, {"text": str}, required=("text",))
    learner_engine(session, block, api.save_draft, session.learner, data["text"])
    return _("Draft saved.")


def submit(session, block, data: dict) -> str:
    check_fields(data, {"text": str, "confirm": bool}, required=("text", "confirm"))
    if data["confirm"] is not True:
        raise InputError(_("Confirm that you want to submit your final response."), field="form")
    learner_engine(session, block, api.submit, session.learner, data["text"])
    if in_dry_run(session, block):  # the sample colleagues review it at once
        learner_engine(session, block, api.sample_reviews, session.learner, peer_learning.sample_comment(session.lang))
    return _("Your response was submitted. You can now review colleagues' work.")


def next_review(session, block, data: dict):
    check_fields(data, {})
    task = learner_scope(session, block)
    own = api.response_of(task, session.learner)
    staff = session.staff and not task.dry_run and not (own is not None and own.status == "submitted")
    result = engine(session, block, api.next_submission, session.learner, staff=staff, task=task)
    if isinstance(result, api.Waiting):
        return _("There is nothing for you to review right now."), result
    return _("Here is a colleague's response to review."), None


def review(session, block, data: dict) -> str:
    check_fields(data, {"token": str, "levels": dict, "comments": dict, "overall": str},
                 required=("token", "levels"))
    learner_engine(session, block, api.submit_review, session.learner, data["token"], data["levels"],
                   data.get("comments"),
           data.get("overall", ""))
    return _("Thank you: your review was saved.")


def rate(session, block, data: dict) -> str:
    check_fields(data, {"token": str, "helpful": bool}, required=("token", "helpful"))
    learner_engine(session, block, api.rate_review, session.learner, data["token"], data["helpful"])
    return _("Thank you for your rating.")


def flag(session, block, data: dict) -> str:
    call, thanks = checked_flag(data)
    learner_engine(session, block, call, session.learner, data["token"], data.get("reason", ""))
    return thanks


def self_review(session, block, data: dict) -> str:
    check_fields(data, {"levels": dict, "comment": str}, required=("levels",))
    learner_engine(session, block, api.submit_self_review, session.learner, data["levels"], data.get("comment", ""))
    return _("Thank you: your self-review was saved.")


def notices(session, block, data: dict) -> str:
    check_fields(data, {"send": bool}, required=("send",))
    engine(session, block, api.set_notices, session.learner, data["send"], session.lang)
    return _("You will get email reminders.") if data["send"] else _("You will get no more email reminders.")


def calibrate(session, block, data: dict) -> str:
    check_fields(data, {"example": str, "levels": dict}, required=("example", "levels"))
    feedback = learner_engine(session, block, api.assess_example, session.learner, data["example"], data["levels"])
    if feedback.retry:
        return _("Not yet: read the expert's reasons, then assess the example again.")
    return _("Thank you: compare your assessment with the expert's below.")


def dry_run(session, block, data: dict) -> str:
    """``{"start": bool}``: staff try the learner's side against the example responses, or leave."""
    if not session.staff:
        raise InputError(_("Only the course team can do this."), status=403)
    check_fields(data, {"start": bool}, required=("start",))
    if data["start"]:
        engine(session, block, api.start_dry_run, session.learner, peer_learning.samples(block, session.lang))
        set_dry_run(session, block, True)
        return _("Dry run started: you now see the task as a learner does, with sample colleagues.")
    engine(session, block, api.end_dry_run, session.learner)
    set_dry_run(session, block, False)
    return _("Dry run ended: everything you did in it was deleted.")


LEARNER_ACTIONS = {"peer_save_draft": save_draft, "peer_submit": submit, "peer_review": review,
                   "peer_rate": rate, "peer_flag": flag, "peer_self_review": self_review,
                   "peer_notices": notices, "peer_calibrate": calibrate, "peer_dry_run": dry_run}
