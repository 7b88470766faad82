"""Reading and writing journal entries: the only code that touches :class:`JournalEntry`.

Every function takes the learner explicitly and filters by it, so no caller can reach another
learner's entry by passing a different block or course.
"""
from __future__ import annotations

from dataclasses import dataclass

from .models import JournalEntry


@dataclass(frozen=True)
class EntryData:
    """What a save writes (besides the learner, course and block it is keyed by)."""

    block_uid: str
    lang: str
    course_title: str
    title: str
    prompt: str
    text: str
    standards: tuple[str, ...]
    word_count: int


def save_entry(learner: str, course_key: str, block_key: str, data: EntryData) -> JournalEntry:
    """Create or update the learner's entry for the block.

    ``update_or_create`` runs in a transaction with a row lock (``SELECT ... FOR UPDATE``) and
    the unique constraint settles two first saves racing, so concurrent LMS workers never
    create two entries or lose one.
    """
    entry, _created = JournalEntry.objects.update_or_create(
        learner=learner, course_key=course_key, block_key=block_key,
        defaults={"block_uid": data.block_uid, "lang": data.lang, "course_title": data.course_title,
                  "title": data.title, "prompt": data.prompt, "text": data.text,
                  "standards": " ".join(data.standards), "word_count": data.word_count})
    return entry


def get_entry(learner: str, course_key: str, block_key: str) -> JournalEntry | None:
    return JournalEntry.objects.filter(learner=learner, course_key=course_key, block_key=block_key).first()


def learner_entries(learner: str, standard: str | None = None) -> list[JournalEntry]:
    """The learner's entries in every course, newest first: one query.

    The standard filter runs on the fetched rows: a learner has tens of entries, and a portable
    "contains this word" query differs between SQLite, MySQL and PostgreSQL.
    """
    entries = list(JournalEntry.objects.filter(learner=learner).order_by("-modified", "-id"))
    if standard:
        entries = [e for e in entries if standard in e.standard_ids]
    return entries
