"""Scores to the platform (LTI Assignment and Grade Services), through a database outbox.

Each scored activity of a link (a unit's checks, a peer task; see :func:`content.activities`)
is one line item in the platform's gradebook. A link with one activity uses the platform's own
line item for it; a link with several posts their sum there (``total``) and gives each activity
a line item of its own. When an action changes a learner's score, the
request records the new score in :class:`OutboxScore` (one row per link, activity and learner)
in its own transaction, and after the answer is ready tries to post the rows it touched. A post
that fails stays due and is retried with back-off by any later request's sender or by
``plx lti outbox`` (cron, or ``--loop``).

Never twice: a sender *claims* a row (one ``UPDATE ... WHERE`` that only one worker can win),
posts the row's latest version, and records that version as sent; a row whose latest version
was sent is never posted again. The platform gets the latest score with the time it changed
(the AGS ``timestamp``), so an older score can never overwrite a newer one. Only a worker that
dies between the post and recording it can cause a repeat, after its claim lapses; that repeat
carries the same score and timestamp, which AGS platforms treat as no change.
"""
from __future__ import annotations

import contextlib
import contextvars
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from .content import activities, find_target
from .models import Learner, LineItem, OutboxScore, ResourceLink

log = logging.getLogger(__name__)
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
CLAIM_SECONDS = 60
MAX_ATTEMPTS = 12
_touched: contextvars.ContextVar[list | None] = contextvars.ContextVar("plx_lti_touched", default=None)


# ----------------------------------------------------------------------------- recording
class Changes:
    """The outbox rows one request changed, posted once the request's work is done."""

    def __init__(self) -> None:
        self.rows: list[int] = []

    def send(self) -> None:
        if self.rows and settings.PLX_LTI_SEND_SCORES:
            deliver(ids=self.rows)


@contextlib.contextmanager
def collecting(session):
    changes = Changes()
    reset = _touched.set(changes.rows)
    try:
        yield changes
    finally:
        _touched.reset(reset)


def links_of(session, activity: str, learner: str) -> list[tuple[ResourceLink, str, object]]:
    """``(link, sub, activity)`` for each link of the session's platform course that *learner*
    launched and that shows *activity* (a unit's checks can be in a unit link and a course link)."""
    rows = (Learner.objects.select_related("link").filter(
        learner=learner, link__deployment_id=session.link.deployment_id, link__context_id=session.link.context_id))
    found = []
    for row in rows:
        if SCORE_SCOPE not in (row.link.ags_scopes or []):
            continue
        target = find_target(row.link.target)
        match = next((a for a in activities(target) if a.key == activity), None) if target else None
        if match is not None:
            found.append((row.link, row.sub, match))
    return found


def record(link: ResourceLink, activity, sub: str, given: float, completed: bool, lang: str) -> None:
    """Make *given* the score to send for (link, activity, sub); nothing happens if it is unchanged."""
    now = timezone.now()
    for _attempt in range(3):
        try:
            with transaction.atomic():
                row = OutboxScore.objects.select_for_update().filter(link=link, activity=activity.key, sub=sub).first()
                if row is None:
                    row = OutboxScore.objects.create(
                        link=link, activity=activity.key, sub=sub, label=activity.label(lang)[:255],
                        score_given=given, score_maximum=float(activity.points), completed=completed,
                        changed=now, next_try=now)
                elif (row.score_given, row.score_maximum, row.completed) != (given, float(activity.points),
                                                                             completed):
                    OutboxScore.objects.filter(pk=row.pk).update(
                        score_given=given, score_maximum=float(activity.points), completed=completed, changed=now,
                        version=F("version") + 1, next_try=now, attempts=0)
                else:
                    return
            break
        except IntegrityError:  # two first scores at once: the other row exists now
            continue
    touched = _touched.get()
    if touched is not None:
        touched.append(row.pk)
    if activity.key != TOTAL:
        record_total(link, sub, lang)


TOTAL = "total"
"""The activity whose line item is the link's own (the platform's column for the activity, as
the deep-linking response asked for it): the sum of the link's activities, when it has several."""


def record_total(link: ResourceLink, sub: str, lang: str) -> None:
    """The link's overall score (every activity's points) on the platform's own line item."""
    target = find_target(link.target)
    scored = activities(target) if target else []
    if len(scored) < 2 or not link.lineitem_url:
        return
    rows = {r.activity: r for r in OutboxScore.objects.filter(link=link, sub=sub).exclude(activity=TOTAL)}
    given = float(sum(r.score_given for r in rows.values()))
    done = all(a.key in rows and rows[a.key].completed for a in scored)
    record(link, Total(target, sum(a.points for a in scored)), sub, given, done, lang)


class Total:
    """The link's overall score as an activity of :func:`record` (points: every activity's)."""

    key = TOTAL

    def __init__(self, target, points: int) -> None:
        self.target, self.points = target, points

    def label(self, lang: str) -> str:
        return self.target.title(lang)


def checks_changed(session, check) -> None:
    """The learner answered a check: their score in that unit's checks is recorded for every link."""
    from .views import block_record

    unit = next(u for u in session.course.units if check in u.blocks)
    for link, sub, activity in links_of(session, f"checks:{unit.uid}", session.learner):
        records = [block_record(session, c)[1] for c in activity.blocks]
        given = float(sum(c.points * (r.get("score") or 0.0) for c, r in zip(activity.blocks, records, strict=True)))
        done = all(r.get("attempts_used") for r in records)
        record(link, activity, sub, given, done, session.lang)


def peer_changed(session, task) -> None:
    """After a peer action, every grade of the task that may be published is recorded.

    One action can change other learners' grades (a review completes someone's quota), so the
    whole task's progress is read (three queries) and only changed scores reach the outbox.
    """
    from ..peer import api
    from .peer import scope

    task_scope = scope(session, task)
    give = api.required_to_give(task_scope)
    for row in _progress(api, task_scope):
        if row.status != "submitted" or not row.grade.final:
            continue
        if row.given < give and not api.learner_state(task_scope, row.learner).complete:
            continue  # still owes reviews (not released from them by the waiting policy)
        for link, sub, activity in links_of(session, f"peer:{task.uid}", row.learner):
            record(link, activity, sub, float(row.grade.points), True, session.lang)
    if task.reviewing_points:
        reviewing_changed(session, task, task_scope, give)


def reviewing_changed(session, task, task_scope, give: int) -> None:
    """Every final reviewing grade of the task goes to its ``reviewing:`` activity (where counted)."""
    from ..peer import api

    scores = api.review_scores(task_scope)
    for reviewer in sorted({s.reviewer for s in scores if not s.staff_review}):
        grade = api.reviewing_grade(task_scope, reviewer, give, scores)
        if not grade.final:
            continue
        for link, sub, activity in links_of(session, f"reviewing:{task.uid}", reviewer):
            record(link, activity, sub, float(grade.points), True, session.lang)


def peer_seen(session, task, state: dict) -> None:
    """Record the learner's own peer grade when their page shows it final.

    With a waiting policy a grade can become final with time alone (issue 17.3: the review period
    ends and fewer reviews, or a self-review, complete it), when nobody's action records it.
    """
    grade = state.get("grade")
    if not grade or not grade.get("final"):
        return  # grade is only in the state once the learner has done their part
    for link, sub, activity in links_of(session, f"peer:{task.uid}", session.learner):
        record(link, activity, sub, float(grade["points"]), True, session.lang)


def _progress(api, task_scope, tries: int = 5):
    """``api.progress``, read again when a submission arrived between its queries.

    progress() reads grades and submissions in separate queries, so a response submitted by
    another worker in between raises ``KeyError`` (reported to the peer engine's owner; this
    module may only call plxblocks.peer.api).
    """
    for attempt in range(tries):
        try:
            return api.progress(task_scope)
        except KeyError:
            if attempt == tries - 1:
                raise
    return []


# ------------------------------------------------------------------------------ delivering
def _claim(row_id: int, now) -> str | None:
    claim = secrets.token_hex(8)
    won = OutboxScore.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now), pk=row_id, version__gt=F("sent_version"),
        next_try__lte=now, attempts__lt=MAX_ATTEMPTS,
    ).update(claim=claim, claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
    return claim if won else None


def deliver(ids: list[int] | None = None, limit: int = 100) -> dict:
    """Post due scores (*ids*, or any due ones); returns ``{"sent", "failed"}`` counts."""
    now = timezone.now()
    due = OutboxScore.objects.filter(version__gt=F("sent_version"), next_try__lte=now, attempts__lt=MAX_ATTEMPTS)
    if ids is not None:
        due = due.filter(pk__in=ids)
    counts = {"sent": 0, "failed": 0}
    services: dict = {}
    for row_id in list(due.order_by("next_try").values_list("pk", flat=True)[:limit]):
        claim = _claim(row_id, now)
        if claim is None:
            continue  # another worker has it, or it was sent meanwhile
        row = OutboxScore.objects.select_related("link", "link__deployment__registration").get(pk=row_id)
        try:
            post(row, services)
        except Exception as error:  # noqa: BLE001 - any failure (network, platform, config) is retried
            attempts = row.attempts + 1
            OutboxScore.objects.filter(pk=row.pk, claim=claim).update(
                attempts=attempts, next_try=timezone.now() + backoff(attempts), last_error=str(error)[:2000],
                claim="", claimed_until=None)
            log.warning("score for %s %s not sent (attempt %d): %s", row.activity, row.sub, attempts, error)
            counts["failed"] += 1
        else:
            OutboxScore.objects.filter(pk=row.pk, claim=claim).update(
                sent_version=row.version, attempts=0, last_error="", claim="", claimed_until=None)
            counts["sent"] += 1
    return counts


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min ... up to 6 h between tries."""
    return timedelta(seconds=min(6 * 3600, 30 * 2 ** (attempts - 1)))


def ags_service(link: ResourceLink, services: dict):
    from pylti1p3.assignments_grades import AssignmentsGradesService
    from pylti1p3.service_connector import ServiceConnector

    from .tool import pylti_registration

    if link.pk not in services:
        connector = services.setdefault(("connector", link.deployment.registration_id),
                                        ServiceConnector(pylti_registration(link.deployment.registration)))
        services[link.pk] = AssignmentsGradesService(connector, {
            "scope": list(link.ags_scopes), "lineitems": link.lineitems_url, "lineitem": link.lineitem_url})
    return services[link.pk]


def line_item_url(row: OutboxScore, service) -> str:
    """The line item of the row's activity: known, the link's own (if it has one activity), or made now.

    A made one's ``resourceId`` names the activity and the link, so the same unit in two links
    (a unit link and a course link) gets a column in each, and a re-run finds its own again.
    """
    from pylti1p3.lineitem import LineItem as PyLtiLineItem

    link = row.link
    known = LineItem.objects.filter(link=link, activity=row.activity).values_list("url", flat=True).first()
    if known:
        return known
    target = find_target(link.target)
    scored = activities(target) if target else []
    if link.lineitem_url and (row.activity == TOTAL or len(scored) == 1):
        url = link.lineitem_url
    elif LINEITEM_SCOPE in link.ags_scopes and link.lineitems_url:
        item = service.find_or_create_lineitem(
            PyLtiLineItem().set_label(row.label or row.activity).set_score_maximum(row.score_maximum)
            .set_resource_id(f"{row.activity}@{link.link_id}").set_tag(row.activity.split(":")[0]).set_resource_link_id(link.link_id),
            find_by="resource_id")
        url = item.get_id()
    else:
        raise RuntimeError("the platform gave no line item for this activity and does not let plx create one")
    with contextlib.suppress(IntegrityError), transaction.atomic():
        LineItem.objects.create(link=link, activity=row.activity, url=url)
    return url


def post(row: OutboxScore, services: dict) -> None:
    from pylti1p3.grade import Grade
    from pylti1p3.lineitem import LineItem as PyLtiLineItem

    service = ags_service(row.link, services)
    url = line_item_url(row, service)
    grade = (Grade().set_score_given(row.score_given).set_score_maximum(row.score_maximum)
             .set_activity_progress("Completed" if row.completed else "InProgress")
             .set_grading_progress("FullyGraded" if row.completed else "Pending")
             .set_timestamp(row.changed.isoformat(timespec="milliseconds").replace("+00:00", "Z"))
             .set_user_id(row.sub))
    service.put_grade(grade, PyLtiLineItem().set_id(url))
