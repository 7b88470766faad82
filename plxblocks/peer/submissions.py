"""A learner's response: drafts, the final submission, and staff withdrawal."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .db import retrying, write_transaction
from .errors import PeerError
from .errors import gettext_noop as _
from .models import Allocation, Submission
from .text import count_words, learner_html, plain

Status = Submission.Status
VISIBLE_STATES = (Submission.Moderation.VISIBLE, Submission.Moderation.APPROVED)


@dataclass(frozen=True)
class Response:
    """What a learner sees of their own response."""

    text: str
    html: str
    words: int
    status: str
    submitted_at: datetime | None
    hidden: bool
    """Flagged or removed: not handed out to reviewers until staff decide."""

    @classmethod
    def of(cls, row: Submission) -> Response:
        return cls(row.text, row.html, row.words, row.status, row.submitted_at,
                   row.moderation not in VISIBLE_STATES)


def own_submission(scope, learner: str) -> Submission | None:
    return scope.objects(Submission).filter(task_id=scope.task_id(), learner=learner).first()


def response_of(scope, learner: str) -> Response | None:
    """The learner's response (draft or submitted), or ``None`` if they have written nothing."""
    row = own_submission(scope, learner)
    return Response.of(row) if row else None


def _checked_text(scope, text: object, final: bool) -> str:
    text = plain(text, _("Response"), scope.rules.max_text_chars, required=final)
    if final:
        words = count_words(text)
        if words < scope.rules.min_words:
            raise PeerError("too_few_words", _("Your response has {words} words; it needs at least {min}."),
                            words=words, min=scope.rules.min_words)
        if words > scope.rules.max_words:
            raise PeerError("too_many_words", _("Your response has {words} words; the limit is {max}."),
                            words=words, max=scope.rules.max_words)
    return text


def _write(scope, learner: str, text: str, final: bool) -> Response:
    now = scope.now()
    with write_transaction(scope):
        row = (scope.objects(Submission).select_for_update()
               .filter(task_id=scope.task_id(), learner=learner).first())
        if row is not None and row.status != Status.DRAFT:
            if row.status == Status.SUBMITTED:
                raise PeerError("already_submitted", _("You have already submitted your response."), status=409)
            raise PeerError("withdrawn", _("Your response was withdrawn and cannot be changed."), status=409)
        if row is None:
            row = Submission(task_id=scope.task_id(), learner=learner, created=now)
        row.text, row.html, row.words, row.updated = text, learner_html(text), count_words(text), now
        if final:
            row.status, row.submitted_at = Status.SUBMITTED, now
            row.in_queue = row.moderation in VISIBLE_STATES
        row.save(using=scope.using)
    return Response.of(row)


@retrying
def save_draft(scope, learner: str, text: object) -> Response:
    """Keep *text* as the learner's draft (limits on words apply only when submitting)."""
    return _write(scope, learner, _checked_text(scope, text, final=False), final=False)


@retrying
def submit(scope, learner: str, text: object) -> Response:
    """Submit *text* as the learner's final response; it joins the review queue."""
    return _write(scope, learner, _checked_text(scope, text, final=True), final=True)


def cancel_open_allocations(scope, submission_id: int) -> int:
    """Cancel reviews in progress of a submission taken out of the queue (inside a transaction)."""
    from .sql import adjust_counts

    count = (scope.objects(Allocation).filter(submission_id=submission_id, state=Allocation.State.OPEN)
             .update(state=Allocation.State.CANCELLED, open_reviewer=None))
    if count:
        adjust_counts(scope, submission_id, open=-count)
    return count


@retrying
def withdraw(scope, submission_id: int) -> None:
    """Take a submission out for good (staff): no more hand-outs, reviews in progress cancelled."""
    with write_transaction(scope):
        row = (scope.objects(Submission).select_for_update()
               .filter(task_id=scope.task_id(), pk=submission_id).first())
        if row is None:
            raise PeerError("no_submission", _("There is no such submission."), status=404)
        row.status, row.in_queue, row.updated = Status.WITHDRAWN, False, scope.now()
        row.save(using=scope.using, update_fields=["status", "in_queue", "updated"])
        cancel_open_allocations(scope, row.pk)
