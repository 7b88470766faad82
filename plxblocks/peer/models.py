"""Tables of the peer-review engine.

Learners appear only as anonymous learner ids (Open edX's ``anonymous_student_id``), never as
usernames or emails; the staff view maps ids to people through the LMS. Learners refer to things
they may act on by random tokens (``Allocation.token``, ``Review.token``), so no page, JSON answer
or URL carries a database id or a learner id.

Invariants that must survive any number of concurrent workers are database constraints:

- one submission per learner and task (``Submission`` unique ``task, learner``);
- a reviewer is given a submission at most once, so can never review it twice (``Allocation``
  unique ``submission, reviewer``; ``Review`` one-to-one with its allocation);
- a reviewer holds at most one open review per task (``Allocation.open_reviewer`` is the reviewer
  while the allocation is open and NULL otherwise, unique with the task: NULLs never clash, on
  SQLite, MySQL/MariaDB and PostgreSQL alike).

The queue order lives in plain indexed columns (``in_queue``, ``load``, ``submitted_at``) that the
service keeps up to date inside the same transaction as every change, so finding the next
submission is one index range scan, not a count over all reviews (ORA2's correlated ``COUNT``).
"""
from __future__ import annotations

from django.db import models

LEARNER_ID_LENGTH = 64
"""Anonymous learner ids are 32 hex characters in Open edX; room for retired ids and other LMSs."""
CONTENT_UID_LENGTH = 64
"""Content ids are 16 hex characters (``course.model.stable_uid``); a longer one is cut to this."""


class Task(models.Model):
    """One peer-review task: a ``plx_peer_review`` block in one course run."""

    course_id = models.CharField(max_length=255)
    """Open edX course key (``course-v1:...``)."""
    item_id = models.CharField(max_length=255)
    """The block's usage id."""
    give_override = models.PositiveSmallIntegerField(null=True, blank=True)
    """Reviews each learner must give, when staff lowered it after the due date (else the content's)."""
    receive_override = models.PositiveSmallIntegerField(null=True, blank=True)
    """Reviews a submission needs for a final grade, when staff lowered it after the due date."""
    serial = models.PositiveBigIntegerField(default=0)
    """Bumped as the first statement of every write on SQLite, which then serialises the writers."""
    content_uid = models.CharField(max_length=CONTENT_UID_LENGTH, blank=True, default="")
    """The block's content id (``plx_uid``): how the task's reviewing-grade component finds it."""
    dry_run = models.BooleanField(default=False)
    """A staff member's practice copy of a task (:mod:`plxblocks.peer.dry_run`): never counted."""
    policy = models.JSONField(default=dict, blank=True)
    """The task's rules, title and page as its block last gave them (:mod:`~plxblocks.peer.registry`):
    what the reminder sweep needs, which runs with no block at hand."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course_id", "item_id"], name="plx_peer_task_unique")]  # noqa: RUF012  (Django Meta)
        indexes = [models.Index(fields=["course_id", "content_uid"], name="plx_peer_task_content")]  # noqa: RUF012  (Django Meta)

    def __str__(self) -> str:
        return f"{self.course_id} {self.item_id}"


class Submission(models.Model):
    """A learner's response to a task: a draft until submitted, then reviewed by peers."""

    class Status(models.TextChoices):
        DRAFT = "draft"
        SUBMITTED = "submitted"
        WITHDRAWN = "withdrawn"
        """Taken out by staff or by account retirement; never handed out again."""

    class Moderation(models.TextChoices):
        VISIBLE = "visible"
        FLAGGED = "flagged"
        """Reported by a learner: hidden from learners until staff decide."""
        REMOVED = "removed"
        """Staff agreed with a flag."""
        APPROVED = "approved"
        """Staff restored it; later flags are recorded but no longer hide it."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="submissions")
    learner = models.CharField(max_length=LEARNER_ID_LENGTH)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    moderation = models.CharField(max_length=12, choices=Moderation.choices, default=Moderation.VISIBLE)
    text = models.TextField(blank=True, default="")
    """What the learner wrote (Markdown source, kept so the editor shows it back unchanged)."""
    html = models.TextField(blank=True, default="")
    """The text rendered and sanitised (learner allow-list: no images): safe to show."""
    words = models.PositiveIntegerField(default=0)
    created = models.DateTimeField()
    updated = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    in_queue = models.BooleanField(default=False)
    """Submitted and not hidden: may be handed out to reviewers."""
    reviews_done = models.PositiveIntegerField(default=0)
    """Completed reviews that count (not flagged or removed)."""
    reviews_open = models.PositiveIntegerField(default=0)
    """Allocations in progress (leases not yet completed or released)."""
    load = models.PositiveIntegerField(default=0)
    """``reviews_done + reviews_open``: the queue hands out the lowest load first, then the oldest."""
    give_released_at = models.DateTimeField(null=True, blank=True)
    """When the author was released from the rest of their reviews to give: their waiting ended
    and there was nothing left for them to review (issue 17.3)."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "learner"], name="plx_peer_one_submission")]  # noqa: RUF012  (Django Meta)
        indexes = [  # noqa: RUF012  (Django Meta)
            models.Index(fields=["task", "in_queue", "load", "submitted_at", "id"], name="plx_peer_queue"),
            models.Index(fields=["learner"], name="plx_peer_submission_learner"),
        ]


class Allocation(models.Model):
    """A submission handed to a reviewer, with a lease that expires if the review is not finished."""

    class State(models.TextChoices):
        OPEN = "open"
        EXPIRED = "expired"
        """The lease ran out and was released to others; the reviewer may still finish it."""
        DONE = "done"
        CANCELLED = "cancelled"
        """The submission was withdrawn or removed, or the reviewer flagged it."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="allocations")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="allocations")
    reviewer = models.CharField(max_length=LEARNER_ID_LENGTH)
    open_reviewer = models.CharField(max_length=LEARNER_ID_LENGTH, null=True, blank=True)
    """The reviewer while ``state`` is open, else NULL: makes a second open allocation impossible."""
    token = models.CharField(max_length=32, unique=True)
    """Random handle the learner's page uses instead of any id."""
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    by_staff = models.BooleanField(default=False)
    """Staff chose this reviewer (allocate a specific reviewer)."""
    staff_review = models.BooleanField(default=False)
    """The reviewer is a member of staff; the review counts like a peer review."""
    created = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [  # noqa: RUF012  (Django Meta)
            models.UniqueConstraint(fields=["submission", "reviewer"], name="plx_peer_allocate_once"),
            models.UniqueConstraint(fields=["task", "open_reviewer"], name="plx_peer_one_open"),
        ]
        indexes = [  # noqa: RUF012  (Django Meta)
            models.Index(fields=["task", "state", "expires_at"], name="plx_peer_leases"),
            models.Index(fields=["task", "reviewer", "state"], name="plx_peer_reviewer"),
            models.Index(fields=["reviewer"], name="plx_peer_alloc_reviewer"),
        ]


class Review(models.Model):
    """A completed review: a level for every rubric criterion, comments, and an overall comment."""

    allocation = models.OneToOneField(Allocation, on_delete=models.CASCADE, related_name="review")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reviews")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.CharField(max_length=LEARNER_ID_LENGTH)
    token = models.CharField(max_length=32, unique=True)
    staff_review = models.BooleanField(default=False)
    moderation = models.CharField(max_length=12, choices=Submission.Moderation.choices,
                                  default=Submission.Moderation.VISIBLE)
    overall_comment = models.TextField(blank=True, default="")
    points = models.PositiveIntegerField()
    """Sum of the chosen levels' points."""
    created = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "reviewer"], name="plx_peer_review_once")]  # noqa: RUF012  (Django Meta)
        indexes = [models.Index(fields=["task", "reviewer"], name="plx_peer_review_reviewer"),  # noqa: RUF012  (Django Meta)
                   models.Index(fields=["reviewer"], name="plx_peer_review_learner")]


class Score(models.Model):
    """The level a review chose for one criterion, and the comment on it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.CharField(max_length=100)
    points = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="plx_peer_score_once")]  # noqa: RUF012  (Django Meta)


class Rating(models.Model):
    """The submission's author says whether a review they received was helpful."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="rating")
    helpful = models.BooleanField()
    updated = models.DateTimeField()


class Flag(models.Model):
    """A learner reports a submission (given to them to review) or a review (of their work).

    A learner may make ``Rules.max_reports`` reports in a task; a reported submission stays in the
    queue until staff decide or ``Rules.reports_to_hide`` learners have reported it.
    """

    class Resolution(models.TextChoices):
        PENDING = "pending"
        REMOVED = "removed"
        RESTORED = "restored"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="flags")
    flagger = models.CharField(max_length=LEARNER_ID_LENGTH)
    submission = models.ForeignKey(Submission, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="flags")
    review = models.ForeignKey(Review, null=True, blank=True, on_delete=models.CASCADE, related_name="flags")
    reason = models.TextField(blank=True, default="")
    created = models.DateTimeField()
    resolution = models.CharField(max_length=10, choices=Resolution.choices, default=Resolution.PENDING)
    resolved_by = models.CharField(max_length=LEARNER_ID_LENGTH, blank=True, default="")
    resolved_at = models.DateTimeField(null=True, blank=True)
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    """1, 2, 3... for the reports of one flagger in a task: unique with them, so two reports sent at
    once cannot both pass the per-learner limit (the loser's transaction is run again and refused).
    NULL for reports made before the limit existed."""

    class Meta:
        constraints = [  # noqa: RUF012  (Django Meta)
            models.UniqueConstraint(fields=["task", "flagger", "number"], name="plx_peer_flag_number"),
            models.UniqueConstraint(fields=["flagger", "submission"], name="plx_peer_flag_submission_once"),
            models.UniqueConstraint(fields=["flagger", "review"], name="plx_peer_flag_review_once"),
            models.CheckConstraint(condition=models.Q(submission__isnull=True) ^ models.Q(review__isnull=True),
                                   name="plx_peer_flag_one_target"),
        ]
        indexes = [models.Index(fields=["flagger"], name="plx_peer_flagger")]  # noqa: RUF012  (Django Meta)


class StaffGrade(models.Model):
    """A grade set by staff for a submission; it wins over the peers' median."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="staff_grade")
    staff = models.CharField(max_length=LEARNER_ID_LENGTH)
    scores = models.JSONField()
    """``{criterion id: points}`` for every criterion of the rubric."""
    points = models.PositiveIntegerField()
    comment = models.TextField(blank=True, default="")
    updated = models.DateTimeField()


class CalibrationAttempt(models.Model):
    """A learner's assessment of an example response before their first real review.

    ``attempt`` counts from 1 per example; with ``require_agreement`` a learner may need several.
    The unique constraint makes a double-clicked submit (two workers at once) one attempt.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="calibration_attempts")
    learner = models.CharField(max_length=LEARNER_ID_LENGTH)
    example = models.CharField(max_length=100)
    """The example's id in the task's content."""
    attempt = models.PositiveSmallIntegerField()
    levels = models.JSONField()
    """``{criterion id: points}`` the learner chose."""
    passed = models.BooleanField()
    """Every criterion within the task's tolerance of the expert's level (always true without one)."""
    created = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "learner", "example", "attempt"],  # noqa: RUF012  (Django Meta)
                                               name="plx_peer_calibration_once")]
        indexes = [models.Index(fields=["learner"], name="plx_peer_calibration_learner")]  # noqa: RUF012  (Django Meta)
class SelfReview(models.Model):
    """The author's assessment of their own response: the ``self`` step of a waiting policy."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="self_review")
    scores = models.JSONField()
    """``{criterion id: points}`` for every criterion of the rubric."""
    points = models.PositiveIntegerField()
    comment = models.TextField(blank=True, default="")
    created = models.DateTimeField()


class NoticeLearner(models.Model):
    """A learner's choices about mail from peer review: their language and whether they opted out.

    Keyed by the anonymous learner id (one per course run in Open edX), so an opt-out covers the
    tasks of one course. No address is stored: the sweep asks the LMS for it when it sends.
    """

    learner = models.CharField(max_length=LEARNER_ID_LENGTH, unique=True)
    language = models.CharField(max_length=8, blank=True, default="")
    """The interface language the learner last used (``en``/``cy``): their mail is written in it."""
    opted_out = models.BooleanField(default=False)
    last_sent = models.DateTimeField(null=True, blank=True)
    """When they were last sent a notice (the per-learner rate limit)."""


class SentNotice(models.Model):
    """One notice claimed for sending; the unique key makes a second claim fail, whoever tries."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="notices")
    recipient = models.CharField(max_length=LEARNER_ID_LENGTH + 8)
    """The learner's anonymous id, or ``staff:`` and the staff member's LMS user id."""
    kind = models.CharField(max_length=20)
    """``reviews_awaited``, ``grade_ready`` or ``staff_waiting``."""
    key = models.CharField(max_length=64)
    """Which one of its kind: the reminder's number, or a digest of the submissions waiting."""
    claimed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "recipient", "kind", "key"],  # noqa: RUF012  (Django Meta)
                                               name="plx_peer_notice_once")]
        indexes = [models.Index(fields=["recipient", "kind"], name="plx_peer_notice_recipient")]  # noqa: RUF012  (Django Meta)
