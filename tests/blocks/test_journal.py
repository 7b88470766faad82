"""plx_journal handlers: saving, privacy between learners, bad input, My journal and export."""
from __future__ import annotations

import json
import re

import pytest

PAYLOADS = ['<script>alert("x")</script>', '<img src=x onerror="alert(1)">']
GOOD = "I give written feedback to every pupil, which takes most of Sunday evening and often goes unread by the class."


def ok(response):
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def refused(response, status=400):
    assert response.status_code == status, response.content
    return json.loads(response.content)


def test_save_then_reload_shows_the_entry_and_completes(unit, events):
    learner, blocks = unit
    journal = blocks["plx_journal"]
    saved = ok(learner.post(journal, "save_entry", {"text": GOOD, "standards": ["pedagogy", "innovation"], "lang": "en"}))
    assert saved["text"] == GOOD and saved["standards"] == ["pedagogy", "innovation"]
    assert saved["word_count"] == 20 and saved["complete"] is True and saved["saved_at"]
    assert ("plx_journal", "completion", {"completion": 1.0}) in events
    page = learner.page()
    assert "goes unread by the class.</textarea>" in page
    edited = ok(learner.post(journal, "save_entry", {"text": "Shorter now.", "standards": [],
                                                     "revision": saved["revision"]}))
    assert edited["complete"] is False and edited["standards"] == [] and edited["revision"] == saved["revision"] + 1
    assert ok(learner.post(journal, "load_state", {}))["text"] == "Shorter now."


def test_a_save_from_an_older_tab_is_refused_with_both_texts(unit):
    """Issue 11.2: tab 2 saves; one keystroke later the older tab 1 autosaves. Before, tab 1's
    text silently replaced tab 2's; now the answer is 409 with the saved entry to compare."""
    learner, blocks = unit
    journal = blocks["plx_journal"]
    opened = ok(learner.post(journal, "load_state", {}))  # both tabs open on a first entry
    tab2 = ok(learner.post(journal, "save_entry", {"text": "Written in tab 2.", "revision": opened["revision"]}))
    response = learner.post(journal, "save_entry", {"text": "Tab 1, one keystroke", "revision": opened["revision"]})
    assert response.status_code == 409
    body = json.loads(response.content)
    assert body["field"] == "text" and "another tab or window" in body["error"]
    assert body["conflict"]["text"] == "Written in tab 2." and body["conflict"]["revision"] == tab2["revision"]
    assert ok(learner.post(journal, "load_state", {}))["text"] == "Written in tab 2."
    # The learner keeps tab 1's text: the client sends it again on top of the saved revision.
    kept = ok(learner.post(journal, "save_entry", {"text": "Tab 1, one keystroke", "revision": tab2["revision"]}))
    assert kept["text"] == "Tab 1, one keystroke"


def test_short_entry_does_not_complete(unit, events):
    learner, blocks = unit
    ok(learner.post(blocks["plx_journal"], "save_entry", {"text": "Too short."}))
    assert not [e for e in events if e[1] == "completion"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_is_stored_as_given_and_escaped_when_shown(unit, payload):
    learner, blocks = unit
    journal = blocks["plx_journal"]
    assert ok(learner.post(journal, "save_entry", {"text": payload}))["text"] == payload
    page = learner.page()
    assert payload not in page
    assert json.dumps(payload).replace("<", "\\u003c").replace(">", "\\u003e")[1:-1] in page  # state JSON
    for response in (learner.get(journal, "my_journal"), learner.get(journal, "export_journal", "format=html")):
        html = response.content.decode()
        assert response.status_code == 200 and payload not in html and "&lt;" in html
    markdown = learner.get(journal, "export_journal", "format=md").content.decode()
    assert not re.search(r"(?<!\\)<", markdown)  # every "<" escaped: Markdown viewers show it as text
    assert "\\<" in markdown


def test_one_learner_never_reads_another_learners_entry(unit, learner_factory):
    alice, blocks = unit
    journal = blocks["plx_journal"]
    ok(alice.post(journal, "save_entry", {"text": "Alice's private thought"}))
    bob = learner_factory(alice.name + "-bob")
    assert "Alice's private thought" not in bob.page()
    assert "text" not in ok(bob.post(journal, "load_state", {}))
    for query in ("", "student=" + alice.name, "learner=" + alice.name):
        assert "Alice" not in bob.get(journal, "my_journal", query).content.decode().split("</h1>", 1)[1] \
            or query.startswith("student=")
    for handler, query in (("my_journal", "learner=" + alice.name), ("export_journal", "format=md&learner=" + alice.name)):
        assert "private thought" not in bob.get(journal, handler, query).content.decode()
    assert refused(bob.post(journal, "save_entry", {"text": "x", "learner": alice.name}))["error"] == "Unknown field: learner."
    assert ok(alice.post(journal, "load_state", {}))["text"] == "Alice's private thought"
    assert ok(bob.post(journal, "load_state", {}))["draft_key"] != ok(alice.post(journal, "load_state", {}))["draft_key"]


@pytest.mark.parametrize("body, field, message", [
    ({}, "text", "Missing field: text."),
    ({"text": 5}, "text", "Wrong type for text."),
    ({"text": None}, "text", "Wrong type for text."),
    ({"text": "x", "standards": "pedagogy"}, "standards", "Wrong type for standards."),
    ({"text": "x", "standards": [1]}, "standards", "Wrong type for standards."),
    ({"text": "x", "standards": ["pedagogy"] * 6}, "standards", "Wrong type for standards."),
    ({"text": "x", "standards": ["wizardry"]}, "standards", "Unknown professional standard: wizardry."),
    ({"text": "x", "lang": "fr"}, "lang", "Unknown language: fr."),
    ({"text": "x", "lang": True}, "lang", "Wrong type for lang."),
    ({"text": "x", "mood": "happy"}, None, "Unknown field: mood."),
    ({"text": "word " * 301}, "text", "Your entry is too long: the most is 300 words (it has 301)."),
    ({"text": "x" * 9001}, "text", "Your entry is too long: the most is 9000 characters."),
    ("text", None, "The request must be a JSON object."),
])
def test_bad_entries_get_a_json_error_and_nothing_is_stored(unit, body, field, message):
    learner, blocks = unit
    error = refused(learner.post(blocks["plx_journal"], "save_entry", body))
    assert error == {"error": message, "field": field}
    assert "text" not in ok(learner.post(blocks["plx_journal"], "load_state", {}))


def test_errors_and_limits_in_welsh(unit):
    learner, blocks = unit
    learner.post(blocks["plx_journal"], "switch_language", {"lang": "cy"})
    error = refused(learner.post(blocks["plx_journal"], "save_entry", {"text": "gair " * 302}))
    assert error["error"] == "Mae eich cofnod yn rhy hir: yr uchafswm yw 300 gair (mae ganddo 302)."


def test_my_journal_lists_newest_first_and_filters_by_standard(unit):
    learner, blocks = unit
    journal = blocks["plx_journal"]
    ok(learner.post(journal, "save_entry", {"text": "About pedagogy", "standards": ["pedagogy"]}))
    page = learner.get(journal, "my_journal").content.decode()
    assert "About pedagogy" in page and "1 entry" in page and 'name="student"' in page
    assert "About pedagogy" in learner.get(journal, "my_journal", "standard=pedagogy").content.decode()
    assert "About pedagogy" not in learner.get(journal, "my_journal", "standard=leadership").content.decode()
    assert refused(learner.get(journal, "my_journal", "standard=wizardry"))["field"] == "standard"


def test_export_formats(unit):
    learner, blocks = unit
    journal = blocks["plx_journal"]
    ok(learner.post(journal, "save_entry", {"text": "First line.\n\nSecond *para*.", "standards": ["pedagogy"]}))
    md = learner.get(journal, "export_journal", "format=md")
    assert md["Content-Disposition"] == 'attachment; filename="my-journal.md"'
    text = md.content.decode()
    assert text.startswith("# My journal") and "## First steps" in text and "Second \\*para\\*." in text
    assert "**Professional standards:** Pedagogy" in text and "How do you give feedback now?" in text
    html = learner.get(journal, "export_journal", "format=html")
    assert html["Content-Type"].startswith("text/html") and "<h1>My journal</h1>" in html.content.decode()
    assert refused(learner.get(journal, "export_journal", "format=pdf"))["error"] == "Unknown export format: pdf."


def test_the_markdown_export_shows_the_learners_text_exactly(unit):
    """Issue 11.13: a literal ``&lt;`` was shown as ``<``; the text is now escaped character by character."""
    from tests.journal.test_export import section, shown_text

    learner, blocks = unit
    text = "I typed &lt;b&gt; and <i>this</i>\n# not a heading\n1. not a list"
    ok(learner.post(blocks["plx_journal"], "save_entry", {"text": text}))
    md = learner.get(blocks["plx_journal"], "export_journal", "format=md").content.decode()
    assert shown_text(section(md, "My reflection", "**Professional standards")) == text


def test_journal_links_in_the_view(unit):
    learner, blocks = unit
    page = learner.page()
    assert f"/handler/{blocks['plx_journal']}/my_journal/?student={learner.name}" in page
    assert "export_journal/?student=" in page and "format=md" in page
