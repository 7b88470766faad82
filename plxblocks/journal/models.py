"""Journal entries: a learner's reflections, private to them."""
from __future__ import annotations

from django.db import models


class JournalEntry(models.Model):
    """The learner's current entry for one reflection block (edits update it in place).

    ``prompt`` and the titles are copied from the block when the entry is saved, so the export
    still makes sense if the course is later changed or removed: in the language written in (the
    columns) and in every language of the block (``texts``), so an export is in one language, the
    learner's, whichever language each entry was written in.
    """

    learner = models.CharField(max_length=64, help_text="LMS user id (workbench: the student name).")
    course_key = models.CharField(max_length=255)
    block_key = models.CharField(max_length=255, help_text="Usage id of the plx_journal block.")
    block_uid = models.CharField(max_length=64, help_text="Stable content id of the reflection.")
    lang = models.CharField(max_length=8, default="en", help_text="Language the learner wrote in.")
    course_title = models.CharField(max_length=255, blank=True, default="")
    title = models.CharField(max_length=255, blank=True, default="", help_text="The unit's title.")
    module_title = models.CharField(max_length=255, blank=True, default="", help_text="The module's title.")
    prompt = models.TextField(blank=True, default="", help_text="The prompt (Markdown) when saved.")
    text = models.TextField(blank=True, default="", help_text="Exactly what the learner wrote.")
    standards = models.CharField(max_length=200, blank=True, default="",
                                 help_text="Space-separated ids of the professional standards chosen.")
    word_count = models.PositiveIntegerField(default=0)
    texts = models.JSONField(default=dict, blank=True,
                             help_text='The course, module and unit titles and the prompt in each language of the '
                                       'block: {"en": {"course", "module", "unit", "prompt"}, "cy": {...}}.')
    revision = models.PositiveIntegerField(default=0, help_text="Saves so far: a save names the revision it edits.")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "plx_journal"
        constraints = (models.UniqueConstraint(fields=["learner", "course_key", "block_key"],
                                               name="plx_journal_one_entry_per_block"),)
        indexes = (models.Index(fields=["learner", "-modified"], name="plx_journal_learner_recent"),)
        ordering = ["-modified", "-id"]  # noqa: RUF012  (Django Meta, as the migration has it)

    def __str__(self) -> str:
        return f"{self.learner} / {self.block_key}"

    @property
    def standard_ids(self) -> list[str]:
        return self.standards.split()
