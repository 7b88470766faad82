"""Peer review in the LTI runtime: the learner and staff actions, through ``plxblocks.peer.api`` only.

The engine keeps all state; this module builds its :class:`~plxblocks.peer.api.Scope` for the
tenant's course, turns engine objects into the ``PeerState`` of the template contract (random
tokens only: no learner id, name or email of anyone) and maps staff names from the platform's
roster (NRPS), which is read when staff look and never stored.
"""
from __future__ import annotations

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
    # No "url" in about: the platform's address of the link is not known here, and LTI learners'
    # mail addresses are not either (docs/peer-review.md, "Waiting and reminders").
    return api.Scope(session.course_key, block.uid, api.Rules.from_block(block),
                     about={"title": {"en": block.title.en, "cy": block.title.cy or block.title.en}})


def engine(session, block, call, *args, **kwargs):
    """Run an engine call; its refusal becomes a JSON error for the learner."""
    try:
        return call(scope(session, block), *args, **kwargs)
    except api.PeerError as error:
        raise PeerInputError(error.template, status=error.status, **error.params) from None


def draft_key(session, block) -> str:
    import hashlib

    return hashlib.sha256(f"{session.learner}|{session.course_key}|{block.uid}".encode()).hexdigest()[:24]


def peer_state(session, block: PeerReview, waiting: api.Waiting | None = None) -> dict:
    """``PeerState`` (docs/architecture.md) of the session's learner."""
    mine = api.learner_state(scope(session, block), session.learner, lang=session.lang)
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
        state["waiting"] = {"ahead": waiting.ahead, "waiting": waiting.waiting}
    if mine.received is not None:
        state["received"] = {"medians": mine.received.medians, "reviews": [
            {"token": r.token, "levels": r.levels, "comments": r.comments, "overall": r.overall, "staff": r.staff,
             "helpful": r.helpful} for r in mine.received.reviews]}
    if mine.grade is not None:
        state["grade"] = {"points": mine.grade.points, "max_points": mine.grade.max_points,
                          "final": mine.grade.final, "source": mine.grade.source}
    return state


# ------------------------------------------------------------------------------ learner actions
def save_draft(session, block, data: dict) -> str:
    check_fields(data, {"text": str}, required=("text",))
    engine(session, block, api.save_draft, session.learner, data["text"])
    return _("Draft saved.")


def submit(session, block, data: dict) -> str:
    check_fields(data, {"text": str, "confirm": bool}, required=("text", "confirm"))
    if data["confirm"] is not True:
        raise InputError(_("Confirm that you want to submit your final response."), field="form")
    engine(session, block, api.submit, session.learner, data["text"])
    return _("Your response was submitted. You can now review colleagues' work.")


def next_review(session, block, data: dict):
    check_fields(data, {})
    own = api.response_of(scope(session, block), session.learner)
    staff = session.staff and not (own is not None and own.status == "submitted")
    result = engine(session, block, api.next_submission, session.learner, staff=staff)
    if isinstance(result, api.Waiting):
        return _("There is nothing for you to review right now."), result
    return _("Here is a colleague's response to review."), None


def review(session, block, data: dict) -> str:
    check_fields(data, {"token": str, "levels": dict, "comments": dict, "overall": str},
                 required=("token", "levels"))
    engine(session, block, api.submit_review, session.learner, data["token"], data["levels"], data.get("comments"),
           data.get("overall", ""))
    return _("Thank you: your review was saved.")


def rate(session, block, data: dict) -> str:
    check_fields(data, {"token": str, "helpful": bool}, required=("token", "helpful"))
    engine(session, block, api.rate_review, session.learner, data["token"], data["helpful"])
    return _("Thank you for your rating.")


def flag(session, block, data: dict) -> str:
    call, thanks = checked_flag(data)
    engine(session, block, call, session.learner, data["token"], data.get("reason", ""))
    return thanks


def self_review(session, block, data: dict) -> str:
    check_fields(data, {"levels": dict, "comment": str}, required=("levels",))
    engine(session, block, api.submit_self_review, session.learner, data["levels"], data.get("comment", ""))
    return _("Thank you: your self-review was saved.")


def notices(session, block, data: dict) -> str:
    check_fields(data, {"send": bool}, required=("send",))
    engine(session, block, api.set_notices, session.learner, data["send"], session.lang)
    return _("You will get email reminders.") if data["send"] else _("You will get no more email reminders.")


LEARNER_ACTIONS = {"peer_save_draft": save_draft, "peer_submit": submit, "peer_review": review,
                   "peer_rate": rate, "peer_flag": flag, "peer_self_review": self_review,
                   "peer_notices": notices}
