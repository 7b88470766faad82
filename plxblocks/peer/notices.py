"""Reminders and notices by mail (issue 17.4), in each learner's language, sent once each.

Three kinds:

- ``reviews_awaited``: a learner who submitted still owes reviews and there is work for them to
  review: a first reminder ``remind_after`` their submission, then every ``remind_every``, at
  most ``remind_max`` times;
- ``grade_ready``: their grade stands and they finished their part (once);
- ``staff_waiting``: to the course team, when submissions have waited past the policy and
  need a tutor's grade (once for each set of such submissions).

Once each, however many sweeps run: a notice is *claimed* before it is sent, by inserting a
:class:`~plxblocks.peer.models.SentNotice` row whose unique key (task, recipient, kind, key)
no second claim can insert, in a transaction that also locks the learner's
:class:`~plxblocks.peer.models.NoticeLearner` row (their opt-out and the time of their last
notice: the per-learner rate limit). Two concurrent sweeps, or one restarted half-way, meet that
key. A send that fails removes its claim, so the next sweep tries again; a process killed
between claim and send loses that one notice rather than ever sending it twice (at most once).

Where mail goes: a :class:`Directory` turns anonymous ids into addresses when sending (nothing
here stores an address), and a :class:`Sender` sends; the default sender is Django's mail
backend (``EMAIL_BACKEND``), or edx-ace where the platform has configured it
(:class:`AceSender`). See docs/peer-review.md, "Waiting and
reminders", for the Open edX routes (edx-ace, openedx-events notifications) and what is tested.
"""
from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from django.db import IntegrityError
from django.utils import timezone

from ..i18n import N_
from .db import retrying, write_transaction
from .errors import gettext_noop as _
from .models import NoticeLearner, SentNotice, Submission, Task
from .waiting import waiting_for_staff

log = logging.getLogger(__name__)
REVIEWS_AWAITED, GRADE_READY, STAFF_WAITING = "reviews_awaited", "grade_ready", "staff_waiting"
SUBJECTS = {GRADE_READY: _("Your grade is ready: {title}"),
            REVIEWS_AWAITED: _("Colleagues are waiting for your reviews: {title}")}
STAFF_SUBJECT = N_("{num} response is waiting for the course team: {title}",
                   "{num} responses are waiting for the course team: {title}")


# ------------------------------------------------------------------------- learner preferences
def remember_language(scope, learner: str, lang: str | None) -> NoticeLearner | None:
    """The learner's notice row, with *lang* (the page's language) stored when it changed."""
    row = scope.objects(NoticeLearner).filter(learner=learner).first()
    if lang in ("en", "cy") and (row is None or row.language != lang):
        try:
            row, _created = scope.objects(NoticeLearner).update_or_create(learner=learner, defaults={"language": lang})
        except IntegrityError:  # a second tab of the same learner created it at the same moment
            row = scope.objects(NoticeLearner).filter(learner=learner).first()
    return row


@retrying
def set_notices(scope, learner: str, send: bool, lang: str | None = None) -> bool:
    """Opt *learner* in to notice mail (``send=True``) or out of it. Returns whether they opted out."""
    with write_transaction(scope):
        defaults = {"opted_out": not send, **({"language": lang} if lang in ("en", "cy") else {})}
        scope.objects(NoticeLearner).update_or_create(learner=learner, defaults=defaults)
    return not send


# ---------------------------------------------------------------------------- where mail goes
@dataclass(frozen=True)
class Recipient:
    id: str
    """The LMS's id for the person (for staff claims; never shown)."""
    email: str
    language: str = ""
    """Their language preference in the LMS, used when they never opened the task."""
    name: str = ""


class Directory(Protocol):
    """Addresses for anonymous learner ids and a course's staff, looked up at sending time."""

    def learner(self, course_id: str, anonymous_id: str) -> Recipient | None: ...

    def staff(self, course_id: str) -> list[Recipient]: ...


@dataclass(frozen=True)
class Mail:
    """One notice, rendered in its recipient's language."""

    subject: str
    text: str
    html: str
    """The whole HTML document (Django's mail backend)."""
    body_html: str
    """Only what goes inside ``<body>`` (edx-ace wraps it in its own document)."""
    lang: str


class Sender(Protocol):
    def send(self, recipient: Recipient, mail: Mail) -> None: ...


class DjangoMailSender:
    """Sends through Django's mail backend (``EMAIL_BACKEND``, ``DEFAULT_FROM_EMAIL``)."""

    def __init__(self, connection=None, from_email: str | None = None) -> None:
        self.connection = connection
        self.from_email = from_email

    def send(self, recipient: Recipient, mail: Mail) -> None:
        from django.conf import settings
        from django.core.mail import EmailMultiAlternatives

        sender = self.from_email or getattr(settings, "PLX_PEER_NOTICE_FROM", None) or settings.DEFAULT_FROM_EMAIL
        message = EmailMultiAlternatives(mail.subject, mail.text, sender, [recipient.email], connection=self.connection,
                                         headers={"Auto-Submitted": "auto-generated", "Content-Language": mail.lang})
        message.attach_alternative(mail.html, "text/html")
        message.send(fail_silently=False)


class AceSender:
    """Sends through edx-ace, Open edX's messaging pipeline: the platform's policies, its email
    channel (``ACE_CHANNEL_TRANSACTIONAL_EMAIL`` / ``ACE_CHANNEL_DEFAULT_EMAIL``) and its retries.

    The steps of ``edx_ace.ace.send`` are run here one by one because ``ace.send`` logs a failed
    delivery and returns: run this way a failure raises, and the sweep gives the claim back for the
    next run. The ACE templates (``plx_peer/edx_ace/peer_notice/email/``) only place the text
    rendered by :func:`render_notice`, so ACE mail and Django mail say the same thing.
    """

    def __init__(self, from_email: str | None = None) -> None:
        self.from_email = from_email

    def send(self, recipient: Recipient, mail: Mail) -> None:
        from django.conf import settings
        from edx_ace import delivery, presentation
        from edx_ace import policy as ace_policy
        from edx_ace.channel import ChannelType, get_channel_for_message
        from edx_ace.message import Message
        from edx_ace.recipient import Recipient as AceRecipient

        from ..i18n import translate

        options = {"transactional": True}
        sender = self.from_email or getattr(settings, "PLX_PEER_NOTICE_FROM", None)
        if sender:
            options["from_address"] = sender
        lms_user_id = int(recipient.id) if recipient.id.isdigit() else recipient.id
        message = Message(app_label="plx_peer", name="peer_notice", language=mail.lang, options=options,
                          recipient=AceRecipient(lms_user_id=lms_user_id, email_address=recipient.email),
                          context={"subject": mail.subject, "text": mail.text, "body_html": mail.body_html,
                                   "from_name": translate(mail.lang, "Professional learning: peer review")},
                          headers={"Auto-Submitted": "auto-generated", "Content-Language": mail.lang})
        if ChannelType.EMAIL not in ace_policy.channels_for(message):
            log.info("peer notice to %s: the platform's policy allows no email", recipient.id)
            return
        channel = get_channel_for_message(ChannelType.EMAIL, message)
        delivery.deliver(channel, presentation.render(channel, message), message)


class RecordOnly:
    """Sends nothing: ``plx_peer_remind --record-only`` marks what is due as sent (see the command)."""

    def send(self, recipient: Recipient, mail: Mail) -> None:
        return None


def default_sender() -> Sender:
    """``PLX_PEER_NOTICE_SENDER`` (``ace``, ``django`` or a dotted path); by default edx-ace where
    the platform has configured it (an ``ACE_CHANNEL_DEFAULT_EMAIL``), else Django's mail backend."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    choice = getattr(settings, "PLX_PEER_NOTICE_SENDER", None)
    if choice is None:
        try:
            import edx_ace  # noqa: F401
        except ImportError:
            choice = "django"
        else:
            choice = "ace" if getattr(settings, "ACE_CHANNEL_DEFAULT_EMAIL", None) else "django"
    if choice == "ace":
        return AceSender()
    if choice == "django":
        return DjangoMailSender()
    return import_string(choice)()


class DjangoUserDirectory:
    """Django's ``auth`` users: the anonymous id is a username or a user id (the workbench, tests);
    staff are the active ``is_staff`` users with an address."""

    def _user(self, anonymous_id: str):
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(is_active=True)
        found = users.filter(username=anonymous_id).first()
        if found is None and anonymous_id.isdigit():
            found = users.filter(pk=int(anonymous_id)).first()
        return found

    def learner(self, course_id: str, anonymous_id: str) -> Recipient | None:
        user = self._user(anonymous_id)
        return Recipient(str(user.pk), user.email, "", user.get_username()) if user and user.email else None

    def staff(self, course_id: str) -> list[Recipient]:
        from django.contrib.auth import get_user_model

        staff = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="").order_by("pk")
        return [Recipient(str(u.pk), u.email, "", u.get_username()) for u in staff]


class OpenEdxDirectory:
    """The Open edX LMS's users, course roles and language preference.

    Written against edx-platform's public helpers and NOT run here (no LMS in this repository's
    tests): ``user_by_anonymous_id``, the ``pref-lang`` preference, course staff and instructor roles.
    """

    def learner(self, course_id: str, anonymous_id: str) -> Recipient | None:
        from common.djangoapps.student.models import user_by_anonymous_id
        from openedx.core.djangoapps.user_api.preferences.api import get_user_preference

        user = user_by_anonymous_id(anonymous_id)
        if user is None or not user.is_active or not user.email:
            return None
        return Recipient(str(user.pk), user.email, get_user_preference(user, "pref-lang") or "", user.username)

    def staff(self, course_id: str) -> list[Recipient]:
        from common.djangoapps.student.roles import CourseInstructorRole, CourseStaffRole
        from opaque_keys.edx.keys import CourseKey

        key = CourseKey.from_string(course_id)
        users = {u.pk: u for role in (CourseStaffRole(key), CourseInstructorRole(key)) for u in role.users_with_role()}
        return [Recipient(str(u.pk), u.email, "", u.username) for _pk, u in sorted(users.items())
                if u.is_active and u.email]


def default_directory() -> Directory:
    """``PLX_PEER_NOTICE_DIRECTORY`` (a dotted path), else Open edX's inside the LMS, else Django's users."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    path = getattr(settings, "PLX_PEER_NOTICE_DIRECTORY", None)
    if path:
        return import_string(path)()
    try:
        import common.djangoapps.student.models  # noqa: F401  (present only inside edx-platform)
    except ImportError:
        return DjangoUserDirectory()
    return OpenEdxDirectory()


# ------------------------------------------------------------------------------------- limits
@dataclass(frozen=True)
class Limits:
    """How often and how fast. Settings: ``PLX_PEER_REMIND_AFTER_HOURS``, ``PLX_PEER_REMIND_EVERY_HOURS``,
    ``PLX_PEER_GAP_HOURS``, ``PLX_PEER_REMIND_MAX``, ``PLX_PEER_MAX_SENDS``, ``PLX_PEER_PER_SECOND``;
    ``plx_peer_remind --max-sends / --per-second`` override the last two for one run."""

    remind_after: timedelta = timedelta(hours=24)
    """First ``reviews_awaited`` reminder this long after the learner submitted."""
    remind_every: timedelta = timedelta(hours=72)
    remind_max: int = 3
    gap: timedelta = timedelta(hours=12)
    """At most one notice per learner in this time, whatever the kind."""
    max_sends: int = 500
    """Notices per run; the rest wait for the next run."""
    per_second: float = 5.0
    """Sending pace (0: no pause), to stay inside the mail provider's limits."""

    @classmethod
    def from_settings(cls, **overrides) -> Limits:
        from django.conf import settings

        hours = {name: getattr(settings, f"PLX_PEER_{name.upper()}_HOURS", None)
                 for name in ("remind_after", "remind_every", "gap")}
        values = {name: timedelta(hours=h) for name, h in hours.items() if h is not None}
        for name in ("remind_max", "max_sends", "per_second"):
            if hasattr(settings, f"PLX_PEER_{name.upper()}"):
                values[name] = getattr(settings, f"PLX_PEER_{name.upper()}")
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


class Throttle:
    """Paces sends to *per_second* (hand-written: a token bucket of one, all this needs)."""

    def __init__(self, per_second: float, sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self.sleep, self.next_at = sleep, 0.0

    def wait(self) -> None:
        if self.interval:
            now = time.monotonic()
            if self.next_at > now:
                self.sleep(self.next_at - now)
            self.next_at = max(now, self.next_at) + self.interval


# ---------------------------------------------------------------------------------- the sweep
@dataclass
class Result:
    sent: list[tuple[str, str, str]] = field(default_factory=list)
    """``(kind, recipient, address)`` of each notice sent."""
    failed: int = 0
    no_address: int = 0
    deferred: int = 0
    """Due but over this run's ``max_sends``."""


@dataclass(frozen=True)
class Due:
    """A notice to claim: ``key`` is ``None`` for a reminder whose number is decided at the claim."""

    kind: str
    recipient: str
    context: dict
    key: str | None = None


def send_due(using: str = "default", *, directory: Directory | None = None, sender: Sender | None = None,
             clock: Callable[[], datetime] = timezone.now, limits: Limits | None = None,
             task_ids: Iterable[int] | None = None, sleep: Callable[[float], None] = time.sleep) -> Result:
    """Claim and send every notice due now, in every task (or those of *task_ids*)."""
    from .registry import scope_of

    directory = directory or default_directory()
    sender = sender or default_sender()
    limits = limits or Limits.from_settings()
    throttle, result = Throttle(limits.per_second, sleep), Result()
    # A staff member's dry run (plxblocks.peer.dry_run) is practice: no mail about it, to them or
    # to the course team.
    tasks = Task.objects.using(using).filter(dry_run=False).order_by("pk")
    if task_ids is not None:
        tasks = tasks.filter(pk__in=list(task_ids))
    for task in tasks:
        scope = scope_of(task, using, clock)
        if scope is None:
            continue
        for due in _due_in(scope, directory, limits):
            _deliver(scope, due, directory, sender, limits, throttle, result)
    return result


def _due_in(scope, directory: Directory, limits: Limits):
    """The notices *scope*'s task may owe now: learners' first, then the staff digest."""
    from .learner import learner_state
    from .sql import pick

    now = scope.now()
    about = scope.about
    rows = (scope.objects(Submission).filter(task_id=scope.task_id(), status=Submission.Status.SUBMITTED)
            .order_by("submitted_at", "id"))
    opted_out = set(scope.objects(NoticeLearner).filter(opted_out=True, learner__in=rows.values("learner"))
                    .values_list("learner", flat=True))
    for row in rows:
        if row.learner in opted_out:
            continue  # checked again, under a lock, when a notice is claimed
        state = learner_state(scope, row.learner)
        context = {"about": about, "state": state}
        if state.publishable:
            yield Due(GRADE_READY, row.learner, context, key="0")
        elif (not state.complete and row.submitted_at + limits.remind_after <= now
              and pick(scope, row.learner, below=None, lock=False) is not None):
            yield Due(REVIEWS_AWAITED, row.learner, context)
    waiting = waiting_for_staff(scope)
    if waiting:
        key = hashlib.sha256(",".join(map(str, waiting)).encode()).hexdigest()[:32]
        for person in directory.staff(scope.course_id):
            yield Due(STAFF_WAITING, "staff:" + person.id, {"about": about, "count": len(waiting),
                                                            "person": person}, key=key)


def _deliver(scope, due: Due, directory: Directory, sender: Sender, limits: Limits, throttle: Throttle,
             result: Result) -> None:
    staff = due.kind == STAFF_WAITING
    person = due.context["person"] if staff else directory.learner(scope.course_id, due.recipient)
    if person is None:
        result.no_address += 1
        return
    if len(result.sent) >= limits.max_sends:
        result.deferred += 1
        return
    claim = claim_notice(scope, due, limits)
    if claim is None:
        return
    lang = claim.language or person.language
    lang = "cy" if lang.lower().startswith("cy") else "en"
    mail = render_notice(due, lang, person.name)
    throttle.wait()
    try:
        sender.send(person, mail)
    except Exception:  # noqa: BLE001 - any mail failure: give the claim back for the next run
        log.exception("peer notice %s to %s failed; it will be tried again", due.kind, due.recipient)
        give_back(scope, due, claim)
        result.failed += 1
        return
    result.sent.append((due.kind, due.recipient, person.email))


@dataclass(frozen=True)
class Claim:
    notice_id: int
    language: str
    """The language the learner last used on the task's page ("" for staff, or never seen)."""
    claimed_at: datetime | None = None
    previous_sent: datetime | None = None
    """The learner's ``last_sent`` before this claim (restored if the send fails)."""


@retrying
def give_back(scope, due: Due, claim: Claim) -> None:
    """Undo a claim whose mail could not be sent, so the next sweep tries again at once."""
    with write_transaction(scope):
        scope.objects(SentNotice).filter(pk=claim.notice_id).delete()
        if due.kind != STAFF_WAITING:
            (scope.objects(NoticeLearner).filter(learner=due.recipient, last_sent=claim.claimed_at)
             .update(last_sent=claim.previous_sent))


@retrying
def claim_notice(scope, due: Due, limits: Limits) -> Claim | None:
    """Claim *due* for sending (see the module docstring); ``None`` when it is not to be sent now."""
    now = scope.now()
    with write_transaction(scope):
        language, previous = "", None
        if due.kind != STAFF_WAITING:
            person = scope.objects(NoticeLearner).select_for_update().filter(learner=due.recipient).first()
            if person is None:
                person = NoticeLearner.objects.using(scope.using).create(learner=due.recipient)
            if person.opted_out or (person.last_sent is not None and now - person.last_sent < limits.gap):
                return None
            language, previous = person.language, person.last_sent
        else:
            scope.objects(Task).select_for_update().filter(pk=scope.task_id()).first()
        key = due.key if due.key is not None else _next_reminder(scope, due, limits, now)
        if key is None:
            return None
        sent = scope.objects(SentNotice).filter(task_id=scope.task_id(), recipient=due.recipient, kind=due.kind)
        if sent.filter(key=key).exists():
            return None
        notice = SentNotice.objects.using(scope.using).create(task_id=scope.task_id(), recipient=due.recipient,
                                                              kind=due.kind, key=key, claimed_at=now)
        if due.kind != STAFF_WAITING:
            scope.objects(NoticeLearner).filter(learner=due.recipient).update(last_sent=now)
    return Claim(notice.pk, language, now, previous)


def _next_reminder(scope, due: Due, limits: Limits, now: datetime) -> str | None:
    """The number of the reminder that is due, or ``None`` (all sent, or the last one too recent)."""
    earlier = list(scope.objects(SentNotice).filter(task_id=scope.task_id(), recipient=due.recipient,
                                                    kind=due.kind).values_list("claimed_at", flat=True))
    if len(earlier) >= limits.remind_max:
        return None
    if earlier and max(earlier) + limits.remind_every > now:
        return None
    return str(len(earlier))


# ------------------------------------------------------------------------------------ the mail
HELLO = _("Hello {name},")
AWAITED = N_("You have given {given} of the {num} review that “{title}” asks for, and colleagues' "
             "responses are waiting for you to review.",
             "You have given {given} of the {num} reviews that “{title}” asks for, and colleagues' "
             "responses are waiting for you to review.")
RELEASE = _("If nothing is left for you to review by {date}, you will not need to give the rest.")
READY = _("Your grade for “{title}” is ready: {points} out of {max}.")
STAFF_WAITING_TEXT = N_("{num} response to “{title}” waited past the task's review period and needs a grade "
                        "from the course team.",
                        "{num} responses to “{title}” waited past the task's review period and need a grade "
                        "from the course team.")
WHY_LEARNER = _("You are receiving this because you submitted a response to a peer-reviewed task. To stop "
                "these emails, open the task and choose “Stop email reminders”.")
WHY_STAFF = _("You are receiving this as a member of the course team.")


def render_notice(due: Due, lang: str, name: str = "") -> Mail:
    """*due* in *lang*, from the bilingual mail templates."""
    from ..i18n import format_day, translate, translate_plural
    from ..render.environment import render_template
    from .waiting import last_day

    about = due.context["about"]
    titles = about.get("title") or {}
    title = titles.get(lang) or titles.get("en") or ""
    paragraphs = [translate(lang, HELLO).format(name=name)] if name else []
    if due.kind == STAFF_WAITING:
        count = due.context["count"]
        subject = translate_plural(lang, *STAFF_SUBJECT, count).format(num=count, title=title)
        paragraphs += [translate_plural(lang, *STAFF_WAITING_TEXT, count).format(num=count, title=title),
                       translate(lang, WHY_STAFF)]
    else:
        state = due.context["state"]
        subject = translate(lang, SUBJECTS[due.kind]).format(title=title)
        if due.kind == GRADE_READY:
            paragraphs.append(translate(lang, READY).format(title=title, points=state.grade.points,
                                                            max=state.grade.max_points))
        else:
            paragraphs.append(translate_plural(lang, *AWAITED, state.required_to_give).format(
                given=state.given, num=state.required_to_give, title=title))
            if state.release_by is not None:
                paragraphs.append(translate(lang, RELEASE).format(date=format_day(last_day(state.release_by), lang)))
        paragraphs.append(translate(lang, WHY_LEARNER))
    context = {"paragraphs": paragraphs, "url": about.get("url") or "", "subject": subject, "lang": lang}
    return Mail(subject, render_template("mail/peer_notice.txt", **context),
                render_template("mail/peer_notice.html", **context),
                render_template("mail/peer_notice_body.html", **context), lang)
