"""Tables of the LTI tool: tenants (registrations and deployments), the tool's keys, launches,
learner state of checks, and the outbox of scores to send to the platform.

Tenancy: every platform registration (issuer, client id) with one of its deployment ids is a
tenant (:class:`Deployment`). Learner ids, course keys and everything stored for learners are
derived from the deployment, so no tenant can see another's data, even when two share an
issuer. Learners are stored only as the platform's opaque ``sub`` and a hash of it; names and
emails are never written unless the registration's ``store_names`` allows it.

Nothing that a second request needs is kept in process memory: sessions, nonces and the outbox
are rows, so any number of workers on any number of hosts can serve the same learners.
"""
from __future__ import annotations

from django.db import models


class Registration(models.Model):
    """A platform (LMS) that knows this tool by a client id."""

    name = models.CharField(max_length=200, blank=True, default="")
    issuer = models.CharField(max_length=255)
    client_id = models.CharField(max_length=255)
    auth_login_url = models.URLField(max_length=500, help_text="The platform's OIDC authorisation endpoint.")
    auth_token_url = models.URLField(max_length=500, help_text="The platform's OAuth 2 token endpoint (AGS, NRPS).")
    auth_audience = models.CharField(max_length=500, blank=True, default="")
    key_set_url = models.URLField(max_length=500, blank=True, default="", help_text="The platform's JWKS.")
    key_set = models.JSONField(null=True, blank=True,
                               help_text="The platform's public keys (JWKS), for platforms without a JWKS URL.")
    store_names = models.BooleanField(
        default=False, help_text="Keep learners' names from launches (for the staff panel when NRPS is off). "
                                 "Off: names are read from NRPS when staff look, and never written.")
    active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "client_id"], name="plx_lti_one_registration")]  # noqa: RUF012  (Django Meta)

    def __str__(self) -> str:
        return self.name or f"{self.issuer} ({self.client_id})"


class Deployment(models.Model):
    """A deployment of the tool in a platform: the tenant every learner record belongs to."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="deployments")
    deployment_id = models.CharField(max_length=255)
    active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "deployment_id"],  # noqa: RUF012
                                               name="plx_lti_one_deployment")]

    def __str__(self) -> str:
        return f"{self.registration} / {self.deployment_id}"


class ToolKey(models.Model):
    """One RSA key pair of the tool. The newest active key signs; every active key is in the JWKS,
    so a platform that cached the old key set still verifies during a rotation."""

    kid = models.CharField(max_length=100, unique=True)
    private_pem = models.TextField()
    public_pem = models.TextField()
    active = models.BooleanField(default=True)
    created = models.DateTimeField()
    retired = models.DateTimeField(null=True, blank=True)


class UsedNonce(models.Model):
    """A launch's nonce, kept until its token expires: a second launch with it is a replay."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE)
    nonce = models.CharField(max_length=255)
    expires = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "nonce"], name="plx_lti_nonce_once")]  # noqa: RUF012


class ResourceLink(models.Model):
    """An activity in the platform that launches plx: which course, module or unit it shows."""

    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="links")
    context_id = models.CharField(max_length=255)
    link_id = models.CharField(max_length=255)
    target = models.CharField(max_length=300, help_text="course[/module[/unit]] ids in the content.")
    title = models.CharField(max_length=255, blank=True, default="")
    context_title = models.CharField(max_length=255, blank=True, default="")
    lineitems_url = models.URLField(max_length=500, blank=True, default="")
    lineitem_url = models.URLField(max_length=500, blank=True, default="",
                                   help_text="The line item the platform made for the link (if any).")
    ags_scopes = models.JSONField(default=list)
    memberships_url = models.URLField(max_length=500, blank=True, default="")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["deployment", "context_id", "link_id"],  # noqa: RUF012
                                               name="plx_lti_one_link")]


class Launch(models.Model):
    """A learner's session after a launch. The page holds a random token; only its hash is kept."""

    token_hash = models.CharField(max_length=64, unique=True)
    link = models.ForeignKey(ResourceLink, on_delete=models.CASCADE, related_name="launches")
    sub = models.CharField(max_length=255)
    learner = models.CharField(max_length=64, help_text="Hash of the deployment and sub: the id the apps see.")
    staff = models.BooleanField(default=False)
    lang = models.CharField(max_length=8, default="en")
    name = models.CharField(max_length=255, blank=True, default="",
                            help_text="Only when the registration allows storing names.")
    created = models.DateTimeField()
    expires = models.DateTimeField(db_index=True)


class Learner(models.Model):
    """A learner who launched a link: where to send their scores (``sub``), and their chosen language."""

    link = models.ForeignKey(ResourceLink, on_delete=models.CASCADE, related_name="learners")
    learner = models.CharField(max_length=64)
    sub = models.CharField(max_length=255)
    name = models.CharField(max_length=255, blank=True, default="")
    lang = models.CharField(max_length=8, blank=True, default="", help_text="The learner's own choice, if any.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["link", "learner"], name="plx_lti_learner_once")]  # noqa: RUF012
        indexes = [models.Index(fields=["learner"], name="plx_lti_learner_key")]  # noqa: RUF012


class BlockState(models.Model):
    """A learner's state in a check or lesson (the XBlocks keep it in XBlock user state)."""

    course_key = models.CharField(max_length=255)
    learner = models.CharField(max_length=64)
    block_uid = models.CharField(max_length=64)
    data = models.JSONField(default=dict)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course_key", "learner", "block_uid"],  # noqa: RUF012
                                               name="plx_lti_state_once")]


class LineItem(models.Model):
    """The platform's line item (gradebook column) of one scored activity of a link."""

    link = models.ForeignKey(ResourceLink, on_delete=models.CASCADE, related_name="line_items")
    activity = models.CharField(max_length=100, help_text="checks:<unit uid> or peer:<block uid>.")
    url = models.URLField(max_length=500)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["link", "activity"], name="plx_lti_line_item_once")]  # noqa: RUF012


class OutboxScore(models.Model):
    """The score a learner should have in one activity of one link, and what was sent of it.

    One row per (link, activity, learner), whatever the number of changes: a change raises
    ``version``; the sender claims a row, posts its latest score, and records the version it
    sent. So a score is never posted twice, a failed post is retried with back-off, and the
    platform always ends with the latest score.
    """

    link = models.ForeignKey(ResourceLink, on_delete=models.CASCADE, related_name="scores")
    activity = models.CharField(max_length=100)
    sub = models.CharField(max_length=255)
    label = models.CharField(max_length=255, blank=True, default="")
    score_given = models.FloatField()
    score_maximum = models.FloatField()
    completed = models.BooleanField(default=False)
    changed = models.DateTimeField(help_text="When the score last changed (the AGS timestamp).")
    version = models.PositiveIntegerField(default=1)
    sent_version = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    next_try = models.DateTimeField()
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True, default="")
    last_error = models.TextField(blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["link", "activity", "sub"], name="plx_lti_score_once")]  # noqa: RUF012
        indexes = [models.Index(fields=["next_try"], name="plx_lti_outbox_due")]  # noqa: RUF012
