"""The journal store: one row per learner/course/block, one query for a learner's journal."""
from __future__ import annotations

import uuid

import pytest


@pytest.fixture
def store(workbench_django):
    """The store module, imported once Django is set up (models need the app registry)."""
    from plxblocks.journal import store

    return store


def data(text: str, standards=("pedagogy",)):
    from plxblocks.journal.store import EntryData

    return EntryData(block_uid="b", lang="en", course_title="C", title="T", prompt="P", text=text,
                     standards=tuple(standards), word_count=len(text.split()))


def test_saving_again_updates_the_one_entry(store):
    save_entry, get_entry = store.save_entry, store.get_entry
    learner = uuid.uuid4().hex
    first = save_entry(learner, "course-v1:A+B+C", "block-1", data("one"), base_revision=0)
    second = save_entry(learner, "course-v1:A+B+C", "block-1", data("two"), base_revision=first.revision)
    assert first.pk == second.pk and (first.revision, second.revision) == (1, 2)
    assert get_entry(learner, "course-v1:A+B+C", "block-1").text == "two"
    assert get_entry(learner, "course-v1:A+B+C", "block-2") is None


def test_a_save_from_an_older_revision_is_refused_with_the_stored_entry(store):
    """Two tabs: tab 2 saves revision 2; tab 1, still on revision 1, must not replace it; a
    replayed old request neither (issue 11.2)."""
    learner = uuid.uuid4().hex
    first = store.save_entry(learner, "c", "b", data("first text"), base_revision=0)
    store.save_entry(learner, "c", "b", data("tab 2 text"), base_revision=first.revision)
    for stale in (data("tab 1 text, one keystroke later"), data("first text")):
        with pytest.raises(store.EditConflict) as conflict:
            store.save_entry(learner, "c", "b", stale, base_revision=first.revision)
        assert conflict.value.entry.text == "tab 2 text" and conflict.value.entry.revision == 2
    assert store.get_entry(learner, "c", "b").text == "tab 2 text"


def test_sending_what_is_stored_again_is_not_a_conflict(store):
    """A retry whose first answer was lost: the text is already there, nothing to choose."""
    learner = uuid.uuid4().hex
    saved = store.save_entry(learner, "c", "b", data("kept"), base_revision=0)
    again = store.save_entry(learner, "c", "b", data("kept"), base_revision=0)
    assert (again.pk, again.revision) == (saved.pk, 1)


def test_learner_entries_is_one_query_newest_first_across_courses(store):
    save_entry, learner_entries = store.save_entry, store.learner_entries
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    learner, other = uuid.uuid4().hex, uuid.uuid4().hex
    save_entry(learner, "course-v1:A+B+C", "b1", data("old", ["pedagogy"]), 0)
    save_entry(learner, "course-v1:X+Y+Z", "b2", data("new", ["leadership"]), 0)
    save_entry(other, "course-v1:A+B+C", "b1", data("someone else's"), 0)
    with CaptureQueriesContext(connection) as queries:
        entries = learner_entries(learner)
    assert len(queries) == 1
    assert [e.text for e in entries] == ["new", "old"]
    assert [e.text for e in learner_entries(learner, "pedagogy")] == ["old"]
    assert learner_entries(learner, "innovation") == []


def test_migrations_match_the_models(workbench_django):
    """A model change without its migration would leave Open edX and the workbench behind."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "plx_journal", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
