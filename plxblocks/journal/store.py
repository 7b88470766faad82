"""Reading and writing journal entries: the only code that touches :class:`JournalEntry`.

Every function takes the learner explicitly and filters by it, so no caller can reach another
learner's entry by passing a different block or course.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..first_row import write_first_row_safely
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


class EditConflict(Exception):
    """A save edited an older revision than the stored one: *entry* is what is stored now."""

    def __init__(self, entry: JournalEntry) -> None:
        super().__init__(f"revision {entry.revision} is stored")
        self.entry = entry


def save_entry(learner: str, course_key: str, block_key: str, data: EntryData, base_revision: int) -> JournalEntry:
    """Create or update the learner's entry for the block, if nobody saved it since *base_revision*.

    *base_revision* is the revision the text was edited from (0 for a first entry). A save from an
    older tab, or a replayed old request, raises :class:`EditConflict` with the stored entry, so the
    learner chooses which text to keep: never a silent overwrite. Sending again exactly what is
    stored (a retry whose first answer was lost) is not a conflict. The row lock orders concurrent
    saves; the unique constraint settles two first saves racing (the loser then sees a conflict).
    """
    fields = {"block_uid": data.block_uid, "lang": data.lang, "course_title": data.course_title,
              "title": data.title, "prompt": data.prompt, "text": data.text,
              "standards": " ".join(data.standards), "word_count": data.word_count}
    keys = {"learner": learner, "course_key": course_key, "block_key": block_key}

    def save() -> JournalEntry:
        entry = JournalEntry.objects.select_for_update().filter(**keys).first()
        if entry is None:
            return JournalEntry.objects.create(**keys, **fields, revision=1)
        if entry.text == data.text and entry.standards == fields["standards"]:
            return entry
        if entry.revision != base_revision:
            raise EditConflict(entry)
        for name, value in fields.items():
            setattr(entry, name, value)
        entry.revision += 1
        entry.save()
        return entry

    return write_first_row_safely(save)


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
