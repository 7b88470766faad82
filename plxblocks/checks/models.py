"""Attempts at a knowledge check, counted in one row per learner and check.

An XBlock's user state is read when the runtime loads the block and written after the handler
returns (the LMS's ``FieldDataCache``, the workbench's key-value store), so two overlapping
submissions each see the same ``attempts_used`` and both are accepted: twelve parallel answers
to a two-attempt check were all scored. Here each answer takes the row's lock, checks the limit
and counts itself in one transaction, whatever the runtime; the block's fields mirror the row.
"""
from __future__ import annotations

from django.db import models


class CheckAttempts(models.Model):
    learner = models.CharField(max_length=64, help_text="LMS user id (workbench: the student name).")
    course_key = models.CharField(max_length=255)
    block_key = models.CharField(max_length=255, help_text="Usage id of the plx_check block.")
    used = models.PositiveIntegerField(default=0, help_text="Answers accepted so far.")
    correct = models.BooleanField(default=False, help_text="Whether an accepted answer was right (the check ends).")
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "plx_checks"
        constraints = (models.UniqueConstraint(fields=["learner", "course_key", "block_key"],
                                               name="plx_checks_one_row_per_check"),)

    def __str__(self) -> str:
        return f"{self.learner} / {self.block_key}: {self.used}"
